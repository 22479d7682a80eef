"""Map page (pages/1_map.py): geometry, shaping, the choropleth builder, and the page under AppTest."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from lib.charts import map as charts
from lib.charts.theme import PILOT_OUTLINE, is_demo_figure
from lib.i18n import t
from lib.store.geo import geojson
from lib.views import map as view
from lib.views.common import Measure

MAX_FIGURE_BYTES = 200_000


@pytest.fixture(scope="module")
def data(demo_data: dict[str, Any]) -> dict[str, Any]:
    return demo_data


def _ind(data, direction: str) -> pd.Series:
    return data["inds"].loc[data["inds"]["direction"] == direction].iloc[0]


def _frame(data, kind: str, direction: str = "higher", lang: str = "en", pilot_only: bool = True):
    ind = _ind(data, direction)
    m = view.measure_info(kind, ind, 3, "3. Good Health and Well-being", lang)
    vals = view.values(kind, data["sc"], ind["indicator_id"], 3, data["year"])
    return view.map_frame(vals, data["provs"], pilot_only, m.higher_is_better, lang), m


def _fig(
    data,
    kind: str = "indicator",
    direction: str = "higher",
    lang: str = "en",
    pilot_only: bool = True,
    demo: bool = True,
):
    df, m = _frame(data, kind, direction, lang, pilot_only)
    return charts.choropleth(df, geo=geojson(), measure=m, lang=lang, demo=demo, title="title"), df, m


def test_choropleth_has_77_locations_and_small_json(data) -> None:
    fig, _, _ = _fig(data)
    choro = [tr for tr in fig.data if tr.type == "choropleth"]
    assert len(choro) == 1  # the geometry is serialised once
    assert len(choro[0].locations) == 77 and choro[0].featureidkey == "properties.code"
    assert len(fig.to_json()) <= MAX_FIGURE_BYTES
    # fitted to the country's own bounds (no world-shaped frame leaving space above it)
    geo = fig.layout.geo
    assert geo.visible is False and not geo.fitbounds
    assert 97 < geo.lonaxis.range[0] < 97.4 and 105.6 < geo.lonaxis.range[1] < 106
    assert 5.2 < geo.lataxis.range[0] < 5.7 and 20.4 < geo.lataxis.range[1] < 20.8


def test_small_provinces_get_a_round_target_that_acts_as_their_shape(data) -> None:
    """Bangkok and Phuket (and the other smallest provinces) are tiny click targets: a round
    marker on each, in view, with the shape's colour value, hover and customdata (a click on
    it opens the province, lib.views.common.clicked_code)."""
    fig, df, _ = _fig(data, pilot_only=False)
    choro = fig.data[0]
    tg = next(tr for tr in fig.data if tr.meta and tr.meta.get("targets"))
    codes = [c[0] for c in tg.customdata]
    assert {"TH-10", "TH-83"} <= set(codes) and len(codes) < 15
    z = dict(zip(choro.locations, choro.z))
    assert list(tg.marker.color) == [z[c] for c in codes]
    assert tg.hovertemplate == choro.hovertemplate and tg.marker.colorscale == choro.colorscale
    pilots_only, df_p, _ = _fig(data, pilot_only=True)
    tg_p = next(tr for tr in pilots_only.data if tr.meta and tr.meta.get("targets"))
    in_view = set(df_p.loc[df_p["in_scope"], "province_code"])
    assert {c[0] for c in tg_p.customdata} <= in_view


def test_one_colour_logic_red_worse_green_better(data) -> None:
    from lib.core.vocab import STATUS_COLOURS, Status

    assert charts.SCALE[0].replace(" ", "") == _rgb(STATUS_COLOURS[Status.RED])
    assert charts.SCALE[-1].replace(" ", "") == _rgb(STATUS_COLOURS[Status.GREEN])
    fig, _, _ = _fig(data, lang="th")
    words = [a.text for a in fig.layout.annotations]
    assert t("map_worse_down", "th") in words and t("map_better_up", "th") in fig.data[0].colorbar.title.text


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({},{},{})".format(*(int(h[i : i + 2], 16) for i in (0, 2, 4)))


def test_lower_is_better_reverses_the_scale(data) -> None:
    for direction in ("higher", "lower"):
        fig, df, m = _fig(data, "indicator", direction, pilot_only=False)
        z = np.asarray(fig.data[0].z, dtype=float)
        have = df["value"].notna().to_numpy()
        best = int(df.loc[df["rank_all"] == 1].index[0])
        worst = int(df.loc[df["rank_all"] == df["rank_all"].max()].index[0])
        assert z[best] == z[have].max() and z[worst] == z[have].min()  # better = top (green) end
        sign = 1 if direction == "higher" else -1
        assert np.allclose(z[have], sign * df.loc[have, "value"].to_numpy())
        ticks = [float(x.replace(",", "")) for x in fig.data[0].colorbar.ticktext]
        assert np.allclose(np.asarray(fig.data[0].colorbar.tickvals), sign * np.asarray(ticks))
        assert t("map_better_up", "en") in fig.data[0].colorbar.title.text


def test_pilot_only_greys_others_and_outlines_pilots(data) -> None:
    fig, df, _ = _fig(data, "index", pilot_only=True)
    tr = fig.data[0]
    z = np.asarray(tr.z, dtype=float)
    pilot = df["is_pilot"].to_numpy()
    assert (z[~pilot] == tr.zmin).all() and (z[pilot] > tr.zmin).all()
    assert tr.colorscale[0][1] == charts.OUT_OF_VIEW
    widths = np.asarray(tr.marker.line.width)
    assert (widths[pilot] == charts.PILOT_LINE_WIDTH).all() and (widths[~pilot] < 1).all()
    assert set(np.asarray(tr.marker.line.color)[pilot]) == {PILOT_OUTLINE}
    names = {x.name for x in fig.data[1:]}
    assert t("map_legend_out_of_view", "en") in names
    all77, _, _ = _fig(data, "index", pilot_only=False)
    assert t("map_legend_out_of_view", "en") not in {x.name for x in all77.data[1:]}


def test_hover_thai_name_and_buddhist_year(data) -> None:
    fig, df, _ = _fig(data, "indicator", lang="th")
    custom = fig.data[0].customdata
    i = int(df.index[df["is_pilot"] & df["value"].notna()][0])  # a pilot with a value
    code, name, value, year, rank, note = custom[i]
    assert (code, name) == (df.loc[i, "province_code"], data["provs"].set_index("code").loc[code, "name_th"])
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in name)
    assert year == str(int(df.loc[i, "year"]) + 543)
    assert "จาก" in rank and note == t("map_hover_pilot", "th")
    assert t("col_year", "th") in fig.data[0].hovertemplate
    en, df_en, _ = _fig(data, "indicator", lang="en")
    assert en.data[0].customdata[i][1] == data["provs"].set_index("code").loc[code, "name_en"]
    assert en.data[0].customdata[i][3] == str(df_en.loc[i, "year"])
    j = (i + 1) % len(df)  # a province without a value: says so, no year
    gap = df.assign(value=df["value"].where(df.index != j), year=df["year"].where(df.index != j))
    m = view.measure_info("indicator", _ind(data, "higher"), 3, "3. Good Health and Well-being", "th")
    custom = charts.choropleth(gap, geo=geojson(), measure=m, lang="th", demo=True, title="t").data[0].customdata
    assert custom[j][2] == t("map_no_data", "th") and custom[j][3] == "–"


def test_demo_stamp(data) -> None:
    demo, _, _ = _fig(data, demo=True)
    public, _, _ = _fig(data, demo=False, lang="th")
    assert is_demo_figure(demo, "en") and not is_demo_figure(public, "th")


def test_no_data_is_grey_not_missing() -> None:
    provs = pd.DataFrame(
        {"code": ["TH-10", "TH-50"], "name_th": ["ก", "ค"], "name_en": ["A", "C"], "is_pilot": [True, True]}
    )
    df = view.map_frame(
        pd.DataFrame({"province_code": ["TH-10"], "value": [3.0], "year": [2024]}), provs, False, True, "en"
    )
    m = Measure("indicator", "x", "%", 1, True)
    fig = charts.choropleth(df, geo=geojson(), measure=m, lang="en", demo=False, title="t")
    z = list(fig.data[0].z)
    assert all(np.isfinite(z)), "a province without data must still be drawn"
    assert fig.data[0].zmin < z[1] < z[0]
    assert t("map_no_data", "en") in {x.name for x in fig.data[1:]}


def test_nice_ticks() -> None:
    assert charts.nice_ticks(0.0, 100.0) == [0, 20, 40, 60, 80, 100]
    assert charts.nice_ticks(1.3, 4.7) == [2.0, 3.0, 4.0]
    assert charts.nice_ticks(-4.7, -1.3) == [-4.0, -3.0, -2.0]
    assert charts.nice_ticks(0.02, 0.31) == [0.1, 0.2, 0.3]
    assert charts.nice_ticks(37.6, 78.9) == [40, 50, 60, 70]
    assert charts.nice_ticks(2.0, 2.0) == [2.0]


def test_values_of_earlier_years_are_drawn_paler_and_say_so(data) -> None:
    df, m = _frame(data, "indicator", pilot_only=False)
    df = df.copy()
    df.loc[df.index[:3], "year"] = data["year"] - 4  # three provinces with an older latest value
    fig = charts.choropleth(df, geo=geojson(), measure=m, lang="en", demo=False, title="t", year=data["year"])
    stale = (df["year"].notna() & (df["year"] < data["year"])).to_numpy(dtype=bool)
    assert stale[:3].all()
    opacity = np.asarray(fig.data[0].marker.opacity, dtype=float)
    assert (opacity[stale] == charts.OLDER_OPACITY).all() and (opacity[~stale] == 1.0).all()
    said = np.array([t("map_hover_older", "en") in c[2] for c in fig.data[0].customdata])
    assert (said == stale).all()
