"""A page that does nothing: the AppTest overhead baseline for bench/pagetime.py."""

import streamlit as st

st.write("baseline")
