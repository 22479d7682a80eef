"""Overview (app.py): view shaping, figure builders, and the page under AppTest."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from lib.charts import overview as charts
from lib.charts.theme import STATUS_COLOURS, is_demo_figure
from lib.core import scoring
from lib.i18n import t
from lib.store import queries
from lib.views import overview as view

THAI = "\u0e00-\u0e7f"


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def data(db_path):
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    provs, goals, inds = queries.provinces(con), queries.goals(con), queries.indicators(con)
    totals, datasets = queries.totals(con, "demo"), queries.datasets(con)
    year = int(totals["year"].max())
    presence = queries.presence(con, "demo", year)
    con.close()
    pilots = provs.loc[provs["is_pilot"], "code"].tolist()
    sc = scoring.compute_all(totals, inds, year, pilots, provinces=provs["code"].tolist())
    return {
        "provs": provs,
        "goals": goals,
        "inds": inds,
        "totals": totals,
        "datasets": datasets,
        "year": year,
        "pilots": pilots,
        "sc": sc,
        "presence": presence,
    }


def _index(rows: list[tuple[str, float | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province_code": [r[0] for r in rows],
            "index": [math.nan if r[1] is None else r[1] for r in rows],
            "n_missing": [0] * len(rows),
        }
    )


def _provinces() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["TH-10", "TH-11", "TH-50", "TH-58"],
            "name_th": ["กรุงเทพมหานคร", "สมุทรปราการ", "เชียงใหม่", "แม่ฮ่องสอน"],
            "name_en": ["Bangkok", "Samut Prakan", "Chiang Mai", "Mae Hong Son"],
            "is_pilot": [True, False, True, True],
        }
    )


# ----------------------------------------------------------------------------- views


def test_kpis_hand_worked() -> None:
    idx = _index([("TH-10", 60.0), ("TH-11", 90.0), ("TH-50", 40.0), ("TH-58", None)])
    k = view.kpis(idx, ["TH-10", "TH-50", "TH-58"])
    assert (k.n_scope, k.n_with_index) == (3, 2)
    assert k.mean == pytest.approx(50.0)
    assert (k.best, k.best_index, k.weakest, k.weakest_index) == ("TH-10", 60.0, "TH-50", 40.0)
    empty = view.kpis(idx, ["TH-58"])
    assert empty.n_with_index == 0 and empty.mean is None and empty.best is None


def test_averages_pilots_and_national() -> None:
    idx = _index([("TH-10", 60.0), ("TH-11", 90.0), ("TH-50", 40.0), ("TH-58", None)])
    a = view.averages(idx, ["TH-10", "TH-50", "TH-58"])
    assert a.pilot == pytest.approx(50.0) and a.n_pilot == 2
    assert a.national == pytest.approx(190 / 3) and a.n_national == 3


def test_ranking_best_first_missing_last() -> None:
    idx = _index([("TH-10", 60.0), ("TH-11", 90.0), ("TH-50", 60.0), ("TH-58", None)])
    r = view.ranking(idx, _provinces(), ["TH-10", "TH-11", "TH-50", "TH-58"], "en")
    assert r["province_code"].tolist() == ["TH-11", "TH-10", "TH-50", "TH-58"]
    assert r["rank"].tolist()[:3] == [1, 2, 2] and pd.isna(r["rank"].iloc[3])
    pilots_only = view.ranking(idx, _provinces(), ["TH-10", "TH-50", "TH-58"], "th")
    assert pilots_only["name"].tolist() == ["กรุงเทพมหานคร", "เชียงใหม่", "แม่ฮ่องสอน"]


def test_grid_is_15_by_17(data) -> None:
    rank = view.ranking(data["sc"].index_level, data["provs"], data["pilots"], "en")
    cells = view.grid(data["sc"].goal_level, data["goals"], rank, "en")
    assert len(cells) == 15 * 17
    assert cells["row"].nunique() == 15 and cells["goal"].nunique() == 17
    assert set(cells["code"]) <= {0, 1, 2, 3, 4}
    assert (cells.loc[cells["score"].isna(), "status"] == "grey").all()
    # rows follow the ranking
    first = cells.drop_duplicates("row").sort_values("row")["province_code"].tolist()
    assert first == rank["province_code"].tolist()


def test_missing_share_hand_worked() -> None:
    # queries.presence: indicators with a value in the year, per goal and province
    presence = pd.DataFrame({"goal": [1, 2, 1], "province_code": ["TH-10", "TH-10", "TH-11"], "n": [1, 1, 1]})
    m = view.missing(presence, 2, ["TH-10", "TH-50"])  # TH-11 is out of scope, TH-50 has nothing
    assert (m.n_expected, m.n_missing) == (4, 2)
    assert m.share == pytest.approx(0.5)


def test_missing_by_goal_columns_localized(data) -> None:
    table = view.missing_by_goal(
        data["presence"], data["inds"], data["pilots"], data["provs"]["code"], data["goals"], "th"
    )
    assert len(table) == 17
    assert t("ov_missing_pilots_pct", "th") in table.columns
    assert table.iloc[:, 2].between(0, 100).all()
    # goal 1, all provinces: 1 - values present / (indicators x 77), from the totals directly
    tot = data["totals"].merge(data["inds"][["indicator_id", "goal"]], on="indicator_id")
    g1 = tot.loc[(tot["goal"] == 1) & (tot["year"] == data["year"])]
    n1 = int((data["inds"]["goal"] == 1).sum())
    want = round(100 * (1 - len(g1.drop_duplicates(["indicator_id", "province_code"])) / (n1 * 77)), 1)
    assert table.iloc[0, 3] == pytest.approx(want)


def test_vintage_table_buddhist_years_in_thai(data) -> None:
    th = view.vintage_table(data["datasets"], "demo", "th")
    en = view.vintage_table(data["datasets"], "demo", "en")
    demo_th = th.loc[th.iloc[:, 0].str.contains("◀")].iloc[0]
    demo_en = en.loc[en.iloc[:, 0].str.contains("◀")].iloc[0]
    latest = int(data["datasets"].set_index("dataset").loc["demo", "latest_year"])
    assert demo_en[t("ov_col_latest", "en")] == str(latest)
    assert demo_th[t("ov_col_latest", "th")] == str(latest + 543)


def test_goal_comparison_means(data) -> None:
    cmp = view.goal_comparison(data["sc"].goal_level, data["goals"], data["pilots"], "en")
    gl = data["sc"].goal_level
    g1 = gl.loc[gl["goal"] == 1]
    assert cmp.loc[0, "national"] == pytest.approx(g1["score"].mean())
    assert cmp.loc[0, "pilot"] == pytest.approx(g1.loc[g1["province_code"].isin(data["pilots"]), "score"].mean())
    assert cmp["n_pilot"].max() <= 15


# ----------------------------------------------------------------------------- charts


def _grid_fig(data, lang: str, demo: bool, scope=None):
    rank = view.ranking(data["sc"].index_level, data["provs"], scope or data["pilots"], lang)
    cells = view.grid(data["sc"].goal_level, data["goals"], rank, lang)
    return charts.status_grid(cells, data["goals"], lang, demo, "title"), cells


def test_status_grid_shape_colours_and_labels(data) -> None:
    fig, cells = _grid_fig(data, "en", True)
    heat = fig.data[0]
    assert len(heat.z) == 15 and all(len(row) == 17 for row in heat.z)
    assert all(len(row) == 17 for row in heat.text)
    scale_colours = {c for _, c in heat.colorscale}
    assert scale_colours == {STATUS_COLOURS[s] for s in ("green", "yellow", "orange", "red", "grey")}
    # goal tiles in the official colours, goal names on the columns
    tiles = {s.fillcolor for s in fig.layout.shapes}
    assert tiles == set(data["goals"]["colour"])
    assert any("No Poverty" in x for x in fig.layout.xaxis.ticktext)
    # hover: province, goal name, score, status and trend, in English
    h = heat.hovertext[0][0]
    assert cells.loc[0, "name"] in h and "1. No Poverty" in h and t("col_trend", "en") in h


def test_status_grid_thai_hover(data) -> None:
    fig, cells = _grid_fig(data, "th", False)
    h = fig.data[0].hovertext[0][0]
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
    fig = charts.ranking(rank, 50.0, 55.0, "TH-10", "th", True, "x")
    assert is_demo_figure(fig, "th")


def test_ranking_has_both_average_lines(data) -> None:
    rank = view.ranking(data["sc"].index_level, data["provs"], data["pilots"], "en")
    fig = charts.ranking(rank, 50.0, 55.0, "TH-10", "en", False, "x")
    lines = {s.name: s.x0 for s in fig.layout.shapes}
    assert lines == {f"{t('ov_pilot_avg', 'en')}: 50.0": 50.0, f"{t('ov_national_avg', 'en')}: 55.0": 55.0}
    assert len(fig.data[0].y) == 15
    # the selected province is outlined
    sel = list(fig.data[0].y).index("Bangkok")
    assert fig.data[0].marker.line.width[sel] > 0


def test_national_strip_highlights_15_pilots(data) -> None:
    nat = view.national(data["sc"].index_level, data["provs"], "th")
    fig = charts.national_strip(nat, 50.0, 55.0, "th", False, "x")
    pilots = [tr for tr in fig.data if (tr.meta or {}).get("role") == "pilot"][0]
    others = [tr for tr in fig.data if (tr.meta or {}).get("role") == "other"][0]
    assert len(pilots.x) == 15 and len(pilots.x) + len(others.x) == len(nat)
    labels = [a.text for a in fig.layout.annotations if a.name == "pilot_label"]
    assert "แม่ฮ่องสอน" in labels


# ----------------------------------------------------------------------------- page (AppTest)
def _qp(at, key: str) -> str | None:
    """A query parameter's value after a run (AppTest may hold a str or a list)."""
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


def _spec(at, i: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[i].proto.spec)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, lang: str) -> None:
    at = app("app.py", lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 4
    assert at.title[0].value == t("ov_title", lang)
    assert len(at.metric) >= 4
    ranking = _spec(at, 0)
    assert len(ranking["data"][0]["y"]) == 15


def test_pilot_toggle_shows_all_77(app) -> None:
    at = app("app.py", lang="en")
    before = _spec(at, 1)
    at.toggle(key="w_pilot").set_value(False).run()
    assert not at.exception
    assert len(_spec(at, 0)["data"][0]["y"]) == 77
    after = _spec(at, 1)
    assert after["layout"]["height"] > before["layout"]["height"]
    assert _qp(at, "pilot") == "0"


def test_year_param_restores_state(app) -> None:
    at = app("app.py", lang="th", year="2020")
    assert not at.exception
    assert "2563" in _spec(at, 0)["layout"]["title"]["text"]  # B.E.
    at_en = app("app.py", lang="en", year="2020", pilot="0")
    assert "2020" in _spec(at_en, 0)["layout"]["title"]["text"]
    assert len(_spec(at_en, 0)["data"][0]["y"]) == 77


def test_bad_param_falls_back_with_warning(app) -> None:
    at = app("app.py", lang="en", year="1800")
    assert not at.exception
    assert any("year=1800" in w.value for w in at.warning)
    assert _qp(at, "year") != "1800"


def test_public_dataset_has_no_demo_stamp(app) -> None:
    at = app("app.py", lang="en", dataset="public")
    assert not at.exception
    mark = t("demo_mark", "en")
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        assert all(a.get("text") != mark for a in spec["layout"].get("annotations", []))
    demo = app("app.py", lang="en", dataset="demo")
    assert any(a.get("text") == mark for a in _spec(demo, 1)["layout"]["annotations"])
