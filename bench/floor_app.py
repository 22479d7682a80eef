"""Reference page for the first-chart benchmark: one tiny plotly chart and nothing else, served
by the same Streamlit and config as the app. Its time to a drawn chart is the floor no page of
the app can go below on this machine (Streamlit start-up + loading plotly.js)."""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])), key="floor")
