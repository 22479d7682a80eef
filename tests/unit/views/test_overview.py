"""Overview (app.py): view shaping, figure builders, and the page under AppTest."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from lib.i18n import t
from lib.views import overview as view


@pytest.fixture(scope="module")
def data(demo_data: dict[str, Any]) -> dict[str, Any]:
    return demo_data


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


@pytest.mark.parametrize(
    ("row", "column", "want"),
    [
        (0, "1", 0),  # the first row, goal 1
        (14, "17", 14),  # the last pilot, goal 17
        (15, "1", None),  # no 16th row: a selection kept from the 77-province view
        (0, "_index", None),  # the names column
        ("x", "3", None),
    ],
)
def test_grid_cell_names_the_province_and_goal(data, row: object, column: str, want: int | None) -> None:
    rank = view.ranking(data["sc"].index_level, data["provs"], data["pilots"], "en")
    cells = view.grid(data["sc"].goal_level, data["goals"], rank, "en")
    got = view.grid_cell(cells, row, column)
    codes = rank["province_code"].tolist()
    assert got == (None if want is None else (codes[want], int(column)))


def test_goal_help_heads_each_goal_column(data) -> None:
    th, en = view.goal_help(data["goals"], "th"), view.goal_help(data["goals"], "en")
    assert list(en) == [str(g) for g in range(1, 18)]
    assert en["1"] == "1. No Poverty: End poverty in all its forms everywhere"
    assert th["1"].startswith("1. ขจัดความยากจน: ")


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
