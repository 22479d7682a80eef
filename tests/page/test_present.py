"""Presentation mode and the brief buttons in the page frame (AppTest)."""

from __future__ import annotations

import json

import pytest

from lib.core import present

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
chart(ctx, fig, pd.DataFrame({"a": [1, 2]}), "prov_strip", "f", takeaway="TAKEAWAY")
chart(ctx, fig, pd.DataFrame({"a": [1, 2, 3]}), "prov_weak", "f")
"""
STRIP = present.DECK.index("prov_strip")  # the province page's first step in the default deck


def run(db_path, **params: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(SCRIPT, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def markdown_texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_frame_reads_present_from_url(db_path) -> None:
    at = run(db_path, present="1", province="TH-58")
    assert not at.exception
    assert "PRESENT" in markdown_texts(at)
    # one slide: the page's first step, without a fixed height, its takeaway under it
    (spec,) = specs(at)
    assert "height" not in spec["layout"]
    assert spec["layout"]["font"]["size"] == pytest.approx(15 * present.slide_font_scale(300), abs=0.06)
    assert "TAKEAWAY" in markdown_texts(at)
    assert at.query_params["present"] == "1"  # survives in the URL
    assert at.query_params["step"] == str(STRIP + 1)
    assert "deck" not in at.query_params  # the default deck
    assert at.query_params["province"] == "TH-58"
    assert at.button(key="present_exit") is not None


def test_next_steps_and_the_picker_keeps_the_step(db_path) -> None:
    at = run(db_path, present="1", province="TH-58", lang="en")
    at.button(key="present_next").click().run()
    assert not at.exception
    assert at.query_params["step"] == str(STRIP + 2)  # prov_weak, on the same page
    (spec,) = specs(at)
    assert "height" not in spec["layout"]
    assert any(m.endswith(": 3") for m in markdown_texts(at))  # no takeaway given: the table's rows
    at.selectbox(key="w_slide_province").set_value("TH-50").run()
    assert at.query_params["province"] == "TH-50" and at.query_params["step"] == str(STRIP + 2)
    assert at.query_params["present"] == "1"
    at.selectbox(key="w_slide_goal").set_value(3).run()
    assert at.query_params["goal"] == "3" and at.query_params["step"] == str(STRIP + 2)
    at.button(key="present_prev").click().run()
    assert at.query_params["step"] == str(STRIP + 1)


def test_deck_and_step_from_the_url(db_path) -> None:
    deck = "map_chart,prov_weak,prov_strip"
    at = run(db_path, present="1", deck=deck, step="3")
    assert not at.exception
    assert at.query_params["deck"] == deck and at.query_params["step"] == "3"
    assert "TAKEAWAY" in markdown_texts(at)  # prov_strip


@pytest.mark.parametrize(("param", "value"), [("step", "99"), ("deck", "nope,ov_grid")])
def test_bad_deck_or_step_gives_notice(db_path, param: str, value: str) -> None:
    at = run(db_path, present="1", lang="en", **{param: value})
    assert not at.exception
    # the value as inert text (its punctuation escaped)
    assert any(f"{param}=" in w.value and value.split(",")[0] in w.value for w in at.warning)
    assert at.query_params["step"] == str(STRIP + 1)  # the page's first step of the default deck
    assert "deck" not in at.query_params


def test_frame_without_present(db_path) -> None:
    at = run(db_path, province="TH-58", step="2")
    assert "NORMAL" in markdown_texts(at)
    assert "present" not in at.query_params and "step" not in at.query_params
    assert [s["layout"]["height"] for s in specs(at)] == [300, 300]


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
    assert "step" not in at.query_params


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
