"""Presentation mode and the brief buttons in the page frame (AppTest)."""

from __future__ import annotations

import json

import pytest

# ----------------------------------------------------------------------------- the frame (AppTest)

SCRIPT = """
import plotly.graph_objects as go
import pandas as pd
import streamlit as st
from lib.app import chart, frame
ctx = frame("province")
st.markdown("PRESENT" if ctx.present else "NORMAL")
fig = go.Figure(go.Bar(x=["a"], y=[1]))
fig.update_layout(height=300, font={"size": 15})
chart(ctx, fig, pd.DataFrame({"a": [1]}), "c", "f")
"""


def run(db_path, **params: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(SCRIPT, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def markdown_texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_frame_reads_present_from_url(db_path) -> None:
    at = run(db_path, present="1", province="TH-58")
    assert not at.exception
    assert "PRESENT" in markdown_texts(at)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["height"] == 375 and spec["layout"]["font"]["size"] == pytest.approx(19.5)
    assert at.query_params["present"] == "1"  # survives in the URL
    assert at.query_params["province"] == "TH-58"
    assert at.button(key="present_exit") is not None


def test_frame_without_present(db_path) -> None:
    at = run(db_path, province="TH-58")
    assert "NORMAL" in markdown_texts(at)
    assert "present" not in at.query_params
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["height"] == 300


def test_bad_present_value_gives_notice(db_path) -> None:
    at = run(db_path, present="yes")
    assert "NORMAL" in markdown_texts(at)
    assert any("present=yes" in w.value for w in at.warning)


def test_toggle_and_exit(db_path) -> None:
    at = run(db_path)
    toggle = at.toggle(key="w_present")
    toggle.set_value(True).run()
    assert "PRESENT" in markdown_texts(at) and at.query_params["present"] == "1"
    at.button(key="present_exit").click().run()
    assert "NORMAL" in markdown_texts(at) and "present" not in at.query_params


BRIEF_SCRIPT = """
from lib.app import brief_buttons, frame
ctx = frame("province")
brief_buttons(ctx)
"""


def test_brief_buttons(db_path) -> None:
    from streamlit.testing.v1 import AppTest

    from lib import brief

    at = AppTest.from_string(BRIEF_SCRIPT, default_timeout=90)
    at.query_params["province"] = "TH-58"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    if brief.chromium_problem():
        assert any("cannot be made" in c.value for c in at.caption)
        return
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download province brief (PDF)", "All 15 pilot briefs (ZIP)"]
