"""Thai SDG Localization Dashboard: data build, queries, scoring, figures (no Streamlit here except lib.ui)."""
