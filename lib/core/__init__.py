"""Pure domain: vocabulary, catalogue, scoring, filters. No I/O, no Streamlit, no DuckDB."""
