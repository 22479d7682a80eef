"""Floor for the interaction budgets of bench/meeting.py: two pages with one tiny plotly chart
each and, in the sidebar, what the app's sidebar has for these budgets (a language control,
links to both pages, a selectbox), served by the same Streamlit and config as the app. A page
switch, a filter change or a language switch here costs only Streamlit's rerun and plotly's
redraw: what no page of the app can go below on this machine."""

import plotly.graph_objects as go
import streamlit as st

TITLES = {"ไทย": ("หน้า ก", "หน้า ข"), "English": ("Floor A", "Floor B")}


def _chart(which: int) -> None:
    lang = st.session_state.get("lang") or "ไทย"
    n = int(st.session_state.get("n") or 1)
    y = [(n + i) % 3 + 1 for i in range(3)]
    trace = go.Bar(x=[1, 2, 3], y=y) if which == 0 else go.Scatter(x=[1, 2, 3], y=y)
    st.plotly_chart(go.Figure(trace, layout={"title": TITLES[lang][which]}), key=f"floor{which}")


def page_a() -> None:
    _chart(0)


def page_b() -> None:
    _chart(1)


A = st.Page(page_a, title="Floor A", url_path="a", default=True)
B = st.Page(page_b, title="Floor B", url_path="b")
nav = st.navigation([A, B], position="hidden")
with st.sidebar:
    st.segmented_control("Language", ["ไทย", "English"], default="ไทย", key="lang", required=True)
    st.page_link(A, label="Floor A")
    st.page_link(B, label="Floor B")
    st.selectbox("Series", [1, 2, 3], key="n")
nav.run()
