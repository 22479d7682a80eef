"""Map page (pages/1_map.py): geometry, shaping, the choropleth builder, and the page under AppTest."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lib.charts import map as charts
from lib.charts.theme import PILOT_OUTLINE, is_demo_figure
from lib.core import scoring
from lib.i18n import t
from lib.store import queries
from lib.views import map as view

MAX_FIGURE_BYTES = 200_000


@pytest.fixture(scope="module")
def data(db_path):
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    provs, inds, totals = queries.provinces(con), queries.indicators(con), queries.totals(con, "demo")
    con.close()
    year = int(totals["year"].max())
    pilots = provs.loc[provs["is_pilot"], "code"].tolist()
    sc = scoring.compute_all(totals, inds, year, pilots, provinces=provs["code"].tolist())
    return {"provs": provs, "inds": inds, "year": year, "sc": sc}


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
    return charts.choropleth(df, view.geojson(), m, lang, demo, "title"), df, m


# ----------------------------------------------------------------------------- views


@pytest.mark.parametrize(
    "raw, expected",
    [
        (None, ("indicator", None)),
        ("", ("indicator", None)),
        ("goal", ("goal", None)),
        ("INDEX", ("index", None)),
        (" indicator ", ("indicator", None)),
        ("bogus", ("indicator", "bogus")),
    ],
)
def test_parse_measure(raw, expected) -> None:
    assert view.parse_measure(raw) == expected


def test_geojson_is_77_codes_only_and_cached() -> None:
    g = view.geojson()
    assert len(g["features"]) == 77
    assert all(set(f["properties"]) == {"code"} for f in g["features"])
    assert view.geojson() is g


def test_map_frame_ranks_lower_is_better(data) -> None:
    df, m = _frame(data, "indicator", "lower")
    assert not m.higher_is_better and len(df) == 77
    have = df.loc[df["value"].notna()]
    best = have.loc[have["rank_all"] == 1, "value"].iloc[0]
    assert best == have["value"].min()
    assert (df.loc[~df["is_pilot"], "rank_pilot"].isna()).all()
    assert df["n_pilot"].iloc[0] == df.loc[df["is_pilot"], "value"].notna().sum()


def test_map_frame_hand_worked() -> None:
    provs = pd.DataFrame(
        {
            "code": ["TH-10", "TH-11", "TH-50"],
            "name_th": ["ก", "ข", "ค"],
            "name_en": ["A", "B", "C"],
            "is_pilot": [True, False, True],
        }
    )
    vals = pd.DataFrame({"province_code": ["TH-10", "TH-11"], "value": [5.0, 2.0], "year": [2023, 2024]})
    df = view.map_frame(vals, provs, True, False, "en")  # lower is better
    assert df["rank_all"].tolist()[:2] == [2, 1] and pd.isna(df["rank_all"].iloc[2])
    assert df["rank_pilot"].iloc[0] == 1 and df["n_pilot"].iloc[0] == 1
    assert df["in_scope"].tolist() == [True, False, True]
    m = view.Measure("indicator", "x", "%", 1, False)
    assert view.value_text(df.iloc[2], m, "th") == t("map_no_data", "th")
    assert view.rank_text(df.iloc[0], "en") == "2 of 2 provinces · 1 of 1 pilots"


def test_best_worst_do_not_overlap() -> None:
    df = pd.DataFrame(
        {
            "province_code": [f"TH-{i}" for i in range(10, 17)],
            "value": range(7),
            "rank_all": range(1, 8),
            "in_scope": True,
        }
    )
    best, worst = view.best_worst(df, 5)
    assert len(best) == 4 and len(worst) == 3
    assert not set(best["province_code"]) & set(worst["province_code"])
    assert worst["province_code"].iloc[0] == "TH-16"


def test_clicked_code() -> None:
    valid = ["TH-10", "TH-50"]
    assert view.clicked_code([{"location": "TH-50"}], valid) == "TH-50"
    assert view.clicked_code([{"customdata": ["TH-10", "Bangkok"]}], valid) == "TH-10"
    assert view.clicked_code([{"location": "XX"}], valid) is None
    assert view.clicked_code([], valid) is None and view.clicked_code(None, valid) is None


# ----------------------------------------------------------------------------- choropleth


def test_choropleth_has_77_locations_and_small_json(data) -> None:
    fig, _, _ = _fig(data)
    choro = [tr for tr in fig.data if tr.type == "choropleth"]
    assert len(choro) == 1  # the geometry is serialised once
    assert len(choro[0].locations) == 77 and choro[0].featureidkey == "properties.code"
    assert len(fig.to_json()) <= MAX_FIGURE_BYTES
    assert fig.layout.geo.visible is False and fig.layout.geo.fitbounds == "locations"


def test_lower_is_better_reverses_the_scale(data) -> None:
    for direction in ("higher", "lower"):
        fig, df, m = _fig(data, "indicator", direction, pilot_only=False)
        z = np.asarray(fig.data[0].z, dtype=float)
        have = df["value"].notna().to_numpy()
        best = int(df.loc[df["rank_all"] == 1].index[0])
        worst = int(df.loc[df["rank_all"] == df["rank_all"].max()].index[0])
        assert z[best] == z[have].max() and z[worst] == z[have].min()  # better = top (yellow) end
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
    j = int(df.index[df["value"].isna()][0]) if df["value"].isna().any() else None
    if j is not None:  # no value: says so, no year
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
    m = view.Measure("indicator", "x", "%", 1, True)
    fig = charts.choropleth(df, view.geojson(), m, "en", False, "t")
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


# ----------------------------------------------------------------------------- page (AppTest)
def _qp(at, key: str) -> str | None:
    """A query parameter's value after a run (AppTest may hold a str or a list)."""
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


def _map_spec(at) -> dict:
    charts_ = at.get("plotly_chart")
    assert len(charts_) == 1
    return json.loads(charts_[0].proto.spec)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app("pages/1_map.py", province="TH-58", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    spec = _map_spec(at)
    assert len(spec["data"][0]["locations"]) == 77
    assert at.title[0].value == t("map_title", lang)
    assert at.segmented_control(key="w_map_measure").value == "indicator"
    assert _qp(at, "measure") == "indicator"
    assert any(("แม่ฮ่องสอน" if lang == "th" else "Mae Hong Son") in md.value for md in at.markdown)


def test_indicator_change_changes_the_map(app, data) -> None:
    at = app("pages/1_map.py", lang="en")
    before = _map_spec(at)
    other = data["inds"].loc[data["inds"]["goal"] == 1, "indicator_id"].iloc[1]
    at.selectbox(key="w_indicator").set_value(other).run()
    assert not at.exception
    after = _map_spec(at)
    assert after["data"][0]["z"] != before["data"][0]["z"]
    assert _qp(at, "indicator") == other


def test_measure_control_and_param(app) -> None:
    at = app("pages/1_map.py", lang="en", measure="goal")
    assert not at.exception
    assert at.segmented_control(key="w_map_measure").value == "goal"
    assert _map_spec(at)["data"][0]["meta"]["measure"] == "goal"
    at.segmented_control(key="w_map_measure").set_value("index").run()
    assert _map_spec(at)["data"][0]["meta"]["measure"] == "index"
    assert _qp(at, "measure") == "index"


@pytest.mark.parametrize(
    "params, check",
    [
        ({"year": "2020", "lang": "th"}, lambda s: "2563" in s["layout"]["title"]["text"]),
        ({"year": "2020", "lang": "en"}, lambda s: "2020" in s["layout"]["title"]["text"]),
        (
            {"pilot": "0", "lang": "en"},
            lambda s: (
                len(s["data"]) >= 1 and all(d.get("name") != t("map_legend_out_of_view", "en") for d in s["data"])
            ),
        ),
        (
            {"pilot": "1", "lang": "en"},
            lambda s: any(d.get("name") == t("map_legend_out_of_view", "en") for d in s["data"]),
        ),
        ({"measure": "index", "lang": "en"}, lambda s: s["data"][0]["meta"]["measure"] == "index"),
    ],
)
def test_query_params_restore_state(app, params, check) -> None:
    at = app("pages/1_map.py", **params)
    assert not at.exception
    assert check(_map_spec(at))
    for k, v in params.items():
        assert _qp(at, k) == v


@pytest.mark.parametrize("param, value", [("measure", "bogus"), ("year", "1800"), ("indicator", "nope")])
def test_bad_params_fall_back_with_warning(app, param: str, value: str) -> None:
    at = app("pages/1_map.py", lang="en", **{param: value})
    assert not at.exception
    assert any(f"{param}={value}" in w.value for w in at.warning)
    assert _qp(at, param) != value
    assert len(_map_spec(at)["data"][0]["locations"]) == 77
