"""Presentation mode: the pure rules (lib/present.py) and the frame's use of them (AppTest)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from lib.app import present as present_ui
from lib.charts.theme import enlarge
from lib.core import present
from lib.core.filters import Notice

# ----------------------------------------------------------------------------- URL parameter


@pytest.mark.parametrize(
    ("params", "on", "notices"),
    [
        ({}, False, []),
        ({"present": "1"}, True, []),
        ({"present": "0"}, False, []),
        ({"present": " 1 "}, True, []),
        ({"present": ["0", "1"]}, True, []),  # the last value wins, as for the filters
        ({"present": "yes"}, False, [Notice("present", "yes")]),
        ({"present": ""}, False, [Notice("present", "")]),
        ({"present": "x" * 100}, False, [Notice("present", "x" * 40)]),
    ],
)
def test_parse(params: dict, on: bool, notices: list) -> None:
    assert present.parse(params) == (on, notices)


def test_with_param_adds_and_removes() -> None:
    base = {"province": "TH-58", "lang": "th"}
    assert present.with_param(base, True) == {"province": "TH-58", "lang": "th", "present": "1"}
    assert present.with_param({**base, "present": "1"}, False) == base
    assert present.with_param({**base, "present": "junk"}, True)["present"] == "1"
    assert "present" not in base  # the input is not changed


# ----------------------------------------------------------------------------- stepping


def test_views_order() -> None:
    assert present.VIEWS == ("overview", "map", "province", "goal", "partners")


@pytest.mark.parametrize(
    ("page", "delta", "expected"),
    [
        ("overview", 1, "map"),
        ("map", 1, "province"),
        ("province", 1, "goal"),
        ("goal", 1, "partners"),
        ("partners", 1, "overview"),  # wraps after the last
        ("overview", -1, "partners"),  # wraps before the first
        ("goal", -1, "province"),
        ("map", 2, "goal"),
        ("map", -6, "overview"),
        ("data", 1, "overview"),
        ("admin", -1, "partners"),  # pages outside the tour
    ],
)
def test_step(page: str, delta: int, expected: str) -> None:
    assert present.step(page, delta) == expected


def test_position() -> None:
    assert present.position("overview") == 0 and present.position("partners") == 4
    assert present.position("data") is None
    with pytest.raises(ValueError):
        present.step("overview", 1, ())


# ----------------------------------------------------------------------------- enlarging


def themed_figure() -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=["a", "b"], y=[1, 2], text=["1", "2"], textfont={"size": 22}, hovertemplate="%{x}: %{y}<extra></extra>"
        )
    )
    fig.update_layout(
        font={"family": "Sarabun", "size": 15},
        title={"text": "t", "font": {"size": 20}},
        height=300,
        hoverlabel={"font": {"size": 15}},
    )
    fig.add_annotation(text="DEMO", showarrow=False, font={"size": 13})
    return fig


def test_enlarge_scales_fonts_and_height() -> None:
    fig = themed_figure()
    big = enlarge(fig)
    assert big.layout.font.size == pytest.approx(15 * 1.3)
    assert big.layout.font.family == "Sarabun"
    assert big.layout.title.font.size == pytest.approx(26)
    assert big.layout.hoverlabel.font.size == pytest.approx(19.5)
    assert big.layout.annotations[0].font.size == pytest.approx(16.9)
    assert big.data[0].textfont.size == pytest.approx(28.6)
    assert big.layout.height == 375
    assert big.data[0].hovertemplate == "%{x}: %{y}<extra></extra>"  # hover kept
    assert fig.layout.font.size == 15 and fig.layout.height == 300  # original untouched


def test_enlarge_defaults_when_unset() -> None:
    big = enlarge(go.Figure(go.Scatter(x=[1], y=[1])))
    assert big.layout.font.size == pytest.approx(12 * 1.3)
    assert big.layout.height == round(450 * 1.25)


def test_css_is_constant_and_hides_sidebar() -> None:
    assert '[data-testid="stSidebar"]' in present_ui.CSS and "display: none" in present_ui.CSS
    assert ".st-key-present_bar" in present_ui.CSS and "position: fixed" in present_ui.CSS


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

    from lib.brief import brief

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
