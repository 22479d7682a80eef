"""The demo stamp gets a line of its own above the title (it used to sit on long titles)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from lib.charts.theme import STAMP_LINE, STAMP_NAME, stamp_own_line, theme, title_text
from lib.i18n import t


def _spec(demo: bool, top: int = 90) -> dict:
    fig = go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h"))
    theme(fig, "th", demo, title="ชื่อแผนภูมิที่ยาวมาก " * 6, stamp_top=top)
    fig.update_layout(margin={"t": top})
    return json.loads(pio.to_json(fig, validate=False))


def test_the_stamp_sits_above_the_title_in_its_own_margin() -> None:
    spec = stamp_own_line(_spec(True))
    lay = spec["layout"]
    stamp = next(a for a in lay["annotations"] if a.get("name") == STAMP_NAME)
    assert stamp["text"] == t("demo_mark", "th")
    assert lay["margin"]["t"] == 90 + STAMP_LINE
    # the stamp's foot is STAMP_LINE px below the figure's top; the title starts under it
    assert stamp["yanchor"] == "bottom" and stamp["y"] == 1 and stamp["yshift"] == lay["margin"]["t"] - STAMP_LINE
    title = lay["title"]
    assert title["yref"] == "container" and title["yanchor"] == "top" and title["pad"]["t"] > STAMP_LINE


def test_real_data_figures_are_left_alone() -> None:
    spec = _spec(False)
    assert stamp_own_line(json.loads(json.dumps(spec))) == spec


def test_title_text_wraps_and_returns_the_margin() -> None:
    assert title_text("short") == ("short", 66)
    text, top = title_text(" ".join(["word"] * 40), width=60)
    lines = text.split("<br>")
    assert len(lines) > 1 and top == 40 + 26 * len(lines) and all(len(x) <= 60 for x in lines)
