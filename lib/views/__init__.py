"""Pure data shaping for the pages: DataFrames in, DataFrames out. No Streamlit, no I/O."""
