"""Overview (app.py): view shaping, figure builders, and the page under AppTest."""

from __future__ import annotations

from typing import Any

import pytest

from lib.charts import overview as charts
from lib.charts.theme import is_demo_figure
from lib.core.vocab import PILOT_STAR, STATUS_COLOURS, STATUS_TEXT_COLOURS, Status, Trend
from lib.i18n import t
from lib.views import overview as view


@pytest.fixture(scope="module")
def data(demo_data: dict[str, Any]) -> dict[str, Any]:
    return demo_data


def _grid_fig(data, lang: str, demo: bool, scope=None):
    rank = view.ranking(data["sc"].index_level, data["provs"], scope or data["pilots"], lang)
    cells = view.grid(data["sc"].goal_level, data["goals"], rank, lang)
    return charts.status_grid(cells, goals=data["goals"], lang=lang, demo=demo, title="title"), cells


def test_status_grid_shape_colours_and_labels(data) -> None:
    fig, cells = _grid_fig(data, "en", True)
    heat = fig.data[0]
    assert len(heat.z) == 15 and all(len(row) == 17 for row in heat.z)
    scale_colours = {c for _, c in heat.colorscale}
    assert scale_colours == {STATUS_COLOURS[s] for s in ("green", "yellow", "orange", "red", "grey")}
    # goal tiles in the official colours, goal names on the columns
    tiles = {s.fillcolor for s in fig.layout.shapes}
    assert tiles == set(data["goals"]["colour"])
    # goal numbers head the columns, no slanted names crowding them: the key is a caption
    assert fig.layout.xaxis.showticklabels is False
    assert [a.text for a in fig.layout.annotations if a.text.startswith("<b>")][:2] == ["<b>1</b>", "<b>2</b>"]
    key = view.goal_key(data["goals"], "en")
    assert key.startswith("**1** No Poverty · **2** ") and key.count(" · ") == len(data["goals"]) - 1
    # hover: province, goal name, score, status and trend, in English, on the cells' points
    pts = next(tr for tr in fig.data if tr.meta and tr.meta.get("cells"))
    assert heat.hoverinfo == "skip" and len(pts.x) == 15 * 17
    h = pts.hovertext[0]
    assert cells.loc[0, "name"] in h and "1. No Poverty" in h and t("col_trend", "en") in h
    # a click names the province and the goal of its cell
    assert list(pts.customdata[0]) == [cells.loc[0, "province_code"], 1]
    assert (pts.x[0], pts.y[0]) == (1, 0)
    # the trend is the point itself: an arrow turned by its angle, a dot where there is none
    trends = [Trend.of(x) for x in cells["trend"]]
    assert heat.text is None and heat.texttemplate is None
    assert [a % 360 for a in pts.marker.angle] == [tr.angle or 0 for tr in trends]  # plotly keeps -180..180
    assert list(pts.marker.symbol) == ["circle" if tr.angle is None else "triangle-up" for tr in trends]
    assert len({tr.angle for tr in trends}) > 1  # the sample has several directions


def test_ranking_bars_carry_the_province_code_for_a_click(data) -> None:
    from lib.views.common import clicked_code

    rank = view.ranking(data["sc"].index_level, data["provs"], data["pilots"], "en")
    fig = charts.ranking(rank, pilot_avg=50.0, national_avg=55.0, selected="TH-10", lang="en", demo=False, title="x")
    bar = fig.data[0]
    codes = [str(c[0]) for c in bar.customdata]
    assert codes == rank["province_code"].tolist()
    point = {"point_index": 2, "customdata": list(bar.customdata[2])}
    assert clicked_code([point], rank["province_code"]) == codes[2]


def test_status_grid_thai_hover(data) -> None:
    fig, cells = _grid_fig(data, "th", False)
    h = next(tr for tr in fig.data if tr.meta and tr.meta.get("cells")).hovertext[0]
    assert cells.loc[0, "name"] in h and t("col_status", "th") in h
    assert "ขจัดความยากจน" in h


def test_status_grid_grows_with_77_rows(data) -> None:
    small, _ = _grid_fig(data, "en", False)
    big, cells = _grid_fig(data, "en", False, scope=data["provs"]["code"].tolist())
    assert len(big.data[0].z) == 77
    assert big.layout.height > 2 * small.layout.height
    assert any("★" in x for x in big.layout.yaxis.ticktext)  # pilots marked among the 77


def test_demo_stamp_present_only_for_demo(data) -> None:
    demo, _ = _grid_fig(data, "en", True)
    public, _ = _grid_fig(data, "th", False)
    assert is_demo_figure(demo, "en")
    assert not is_demo_figure(public, "th")
    rank = view.ranking(data["sc"].index_level, data["provs"], data["pilots"], "th")
    fig = charts.ranking(rank, pilot_avg=50.0, national_avg=55.0, selected="TH-10", lang="th", demo=True, title="x")
    assert is_demo_figure(fig, "th")


def test_ranking_has_both_average_lines(data) -> None:
    rank = view.ranking(data["sc"].index_level, data["provs"], data["pilots"], "en")
    fig = charts.ranking(rank, pilot_avg=50.0, national_avg=55.0, selected="TH-10", lang="en", demo=False, title="x")
    lines = {s.name: s.x0 for s in fig.layout.shapes}
    assert lines == {f"{t('ov_pilot_avg', 'en')}: 50.0": 50.0, f"{t('ov_national_avg', 'en')}: 55.0": 55.0}
    assert len(fig.data[0].y) == 15
    # the selected province is outlined
    sel = list(fig.data[0].y).index("Bangkok")
    assert fig.data[0].marker.line.width[sel] > 0


def test_national_strip_highlights_15_pilots(data) -> None:
    nat = view.national(data["sc"].index_level, data["provs"], "th")
    fig = charts.national_strip(nat, pilot_avg=50.0, national_avg=55.0, lang="th", demo=False, title="x")
    pilots = [tr for tr in fig.data if (tr.meta or {}).get("role") == "pilot"][0]
    others = [tr for tr in fig.data if (tr.meta or {}).get("role") == "other"][0]
    assert len(pilots.x) == 15 and len(pilots.x) + len(others.x) == len(nat)
    labels = [a.text for a in fig.layout.annotations if a.name == "pilot_label"]
    assert "แม่ฮ่องสอน" in labels


def test_status_table_rows_columns_and_colours(data) -> None:
    """The page's status grid: a row per province in the grid's order, a column per goal headed
    by its number, the trend arrow on the status colour (text in the status's text colour)."""
    _, cells = _grid_fig(data, "en", False)
    sty = charts.status_table(cells)
    arrows = sty.data
    order = cells.drop_duplicates("row").sort_values("row")
    assert list(arrows.index) == order["name"].tolist()  # the pilots only: no mark
    assert list(arrows.columns) == [str(g) for g in range(1, 18)]
    styles = sty._compute().ctx  # (row, column) -> [(property, value)], as Streamlit reads a Styler
    for _, row in cells.sample(20, random_state=1).iterrows():
        r, c = int(row["row"]), int(row["goal"]) - 1
        assert arrows.iloc[r, c] == row["trend"]
        status = Status.of(row["status"])
        assert dict(styles[(r, c)]) == {"background-color": status.colour, "color": STATUS_TEXT_COLOURS[status]}


def test_status_table_marks_the_pilots_among_all_77(data) -> None:
    _, cells = _grid_fig(data, "en", False, scope=data["provs"]["code"].tolist())
    names = list(charts.status_table(cells).data.index)
    assert len(names) == 77
    assert sum(n.endswith(PILOT_STAR) for n in names) == int(data["provs"]["is_pilot"].sum())
