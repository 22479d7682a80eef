"""lib.brief.svg: trend arrows, axis ticks and labels, the trend chart (pure)."""

from __future__ import annotations

import re

import pandas as pd

from lib.brief import svg
from lib.core.vocab import STATUS_COLOURS, Status, Trend


def test_arrow_svg_directions() -> None:
    assert "rotate(0 " in svg.arrow_svg("↑")
    assert "rotate(45 " in svg.arrow_svg("↗")
    assert "rotate(90 " in svg.arrow_svg("→")
    assert "rotate(180 " in svg.arrow_svg("↓")
    assert "<circle" in svg.arrow_svg("•") and "<circle" in svg.arrow_svg("?")
    assert "<circle" in svg.arrow_svg(float("nan")) and "rotate" not in svg.arrow_svg(None)


def test_arrow_svg_follows_the_vocabulary() -> None:
    for tr in Trend:
        drawn = svg.arrow_svg(tr, colour="#123456")
        assert f'aria-label="{tr.value}"' in drawn and 'fill="#123456"' in drawn
        assert (f"rotate({tr.angle} 5 5)" in drawn) if tr.angle is not None else ("<circle" in drawn)


def test_nice_ticks_cover_range() -> None:
    assert svg.nice_ticks(0, 20000, 4) == [0, 5000, 10000, 15000, 20000]
    assert svg.nice_ticks(0, 1, 4) == [0, 0.25, 0.5, 0.75, 1.0]
    ticks = svg.nice_ticks(8.2, 12.0, 4)
    assert ticks[0] <= 8.2 and ticks[-1] >= 12.0
    flat = svg.nice_ticks(5, 5)
    assert len(flat) >= 2 and flat[0] <= 5 <= flat[-1]


def test_x_labels_never_crowd() -> None:
    years = [2008, 2009, 2010, 2021, 2022, 2023]
    x = lambda y: (y - 2008) * 10.0  # noqa: E731 - 10 units a year
    assert svg.spaced_years(years, x, 34.0) == [2010, 2023]  # the last year always, then every 34 units
    assert svg.spaced_years(list(range(2015, 2025)), lambda y: (y - 2015) * 40.0, 34.0) == list(range(2015, 2025))


def test_green_visible_within_one_span() -> None:
    assert svg.green_visible([10.0, 15.0], 20.0) and not svg.green_visible([10.0, 15.0], 20.1)
    assert not svg.green_visible([10.0, 15.0], None) and not svg.green_visible([], 1.0)


SERIES = pd.DataFrame(
    {
        "series": ["province"] * 3 + ["pilot_avg"] * 3,
        "year": [2015, 2018, 2021] * 2,
        "value": [10.0, 12.0, 15.0, 11.0, 11.5, 12.0],
        "n": [1, 1, 1, 15, 15, 15],
    }
)


def test_chart_svg_draws_series_and_green() -> None:
    drawn = svg.chart_svg(SERIES, "th", 1, 20.0)
    assert drawn.startswith("<svg") and drawn.count("<polyline") == 2
    assert "2558" in drawn and "2564" in drawn  # B.E. years in Thai
    assert 'stroke-dasharray="8 4"' in drawn  # the green threshold (20 lies within one span)
    assert f'stroke="{STATUS_COLOURS[Status.GREEN]}"' in drawn
    assert ">15.0</text>" in drawn  # the province's latest value, with the indicator's decimals
    far = svg.chart_svg(SERIES, "en", 1, 5000.0)
    assert 'stroke-dasharray="8 4"' not in far and "2015" in far


def test_chart_svg_draws_the_province_last_in_its_colour() -> None:
    drawn = svg.chart_svg(SERIES, "en", 1, None)
    strokes = re.findall(r'<polyline [^>]*stroke="([^"]+)"', drawn)
    assert strokes == [svg.SERIES_DRAW["pilot_avg"].colour, svg.SERIES_DRAW["province"].colour]


def test_swatches() -> None:
    assert svg.SERIES_DRAW["pilot_avg"].dash in svg.swatch("pilot_avg")
    assert "stroke-dasharray" not in svg.swatch("province")
    assert Status.GREEN.colour in svg.green_swatch()


def test_esc_escapes_attributes() -> None:
    assert svg.esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
