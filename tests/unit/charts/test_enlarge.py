"""lib.charts.theme.enlarge: figures made bigger for the projector, the original left alone."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from lib.charts.theme import enlarge

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
