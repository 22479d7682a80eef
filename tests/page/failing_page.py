"""A page that fails after frame(): the error handling tests run it under AppTest."""

import streamlit as st

from lib.app import frame

frame("overview")
st.write("before")
raise RuntimeError("cannot open /srv/sdg/secret/config.toml")
