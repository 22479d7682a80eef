"""Goal explorer: lib/views/goal.py, lib/charts/goal.py and pages/3_goal.py."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.i18n import t
from lib.views import goal as view
from tests import frames


@pytest.fixture()
def provinces() -> pd.DataFrame:
    return frames.goal_provinces()


_goal_level = frames.goal_goal_level


def test_ranking_best_first_with_shared_ranks_and_scope(provinces):
    r = view.ranking(_goal_level(), provinces, 1, provinces["code"], "en")
    assert r["province_code"].tolist() == ["TH-20", "TH-10", "TH-40", "TH-50", "TH-58"]
    assert r["rank"].tolist() == [1, 2, 3, 3, 5]  # 60 = 60 share rank 3
    assert r["name"].tolist()[1] == "Bangkok ★" and r["name"].tolist()[0] == "Chon Buri"
    pil = view.ranking(_goal_level(), provinces, 1, ["TH-10", "TH-50", "TH-58"], "th")
    assert pil["province_code"].tolist() == ["TH-10", "TH-50", "TH-58"] and pil["rank"].tolist() == [1, 2, 3]
    assert pil["status_label"].tolist()[2] == t("status.red", "th")


def test_ranking_leaves_out_and_names_provinces_without_a_score(provinces):
    scope = ["TH-10", "TH-50", "TH-58"]
    r = view.ranking(_goal_level(), provinces, 2, scope, "th")
    assert r["province_code"].tolist() == ["TH-10"]
    assert view.unscored(r, provinces, scope, "th") == sorted(["เชียงใหม่", "แม่ฮ่องสอน"])
    assert view.ranking(_goal_level(), provinces, 5, scope, "en").empty


def test_default_selection_is_selected_plus_best_middle_weakest():
    rank = pd.DataFrame({"province_code": [f"P{i}" for i in range(1, 16)]})  # P1 best ... P15 weakest
    # others = P1..P6, P8..P15 (14): positions 0, 13/2 = 6.5 -> 7, 13 -> P1, P9, P15
    assert view.default_selection("P7", rank, []) == ["P7", "P1", "P9", "P15"]
    # others = P2..P15 (14): positions 0, 7, 13 -> P2, P9, P15
    assert view.default_selection("P1", rank, []) == ["P1", "P2", "P9", "P15"]
    # others = P2..P6 (5): positions 0, 2, 4 -> P2, P4, P6
    assert view.default_selection("P1", rank.head(6), []) == ["P1", "P2", "P4", "P6"]
    # a short ranking is topped up from the pool, without repeats
    short = pd.DataFrame({"province_code": ["A", "B"]})
    assert view.default_selection("A", short, ["A", "B", "C", "D", "E"]) == ["A", "B", "C", "D"]
    assert view.default_selection("A", short.iloc[0:0], []) == ["A"]


def test_catalogue_table_lists_bounds_and_publisher():
    inds = pd.DataFrame(
        {
            "indicator_id": ["pov", "bmn"],
            "goal": [1, 1],
            "sdg_code": ["1.2.1", None],
            "name_th": ["ความยากจน", "จปฐ."],
            "name_en": ["Poverty", "BMN"],
            "unit": ["%", "% of households"],
            "unit_th": ["ร้อยละ", "ร้อยละของครัวเรือน"],
            "direction": ["lower", "lower"],
            "optimum": [0.0, 0.0],
            "green_threshold": [2.0, 0.5],
            "red_threshold": [10.0, 3.0],
            "lower_bound": [30.0, 8.0],
            "decimals": [1, 2],
            "publisher": ["NESDC", "CDD"],
        }
    )
    cov = pd.DataFrame({"indicator_id": ["pov", "pov"], "year": [2021, 2023], "n_provinces": [77, 70]})
    en = view.catalogue_table(inds, 1, "en", cov)
    assert en[t("goal_col_sdg_code", "en")].tolist() == ["1.2.1", "national indicator"]
    assert en[t("goal_col_direction", "en")].tolist() == ["lower", "lower"]
    assert en[t("goal_col_green", "en")].tolist() == ["2.0", "0.50"]
    assert en[t("goal_col_lower", "en")].tolist() == ["30.0", "8.00"]
    assert en[t("goal_col_publisher", "en")].tolist() == ["NESDC", "CDD"]
    assert en[t("goal_col_provinces", "en")].tolist() == ["70 (2023)", "–"]
    th = view.catalogue_table(inds, 1, "th", cov)
    assert th[t("col_unit", "th")].tolist() == ["ร้อยละ", "ร้อยละของครัวเรือน"]
    assert th[t("goal_col_provinces", "th")].tolist()[0] == "70 (2566)"


def test_trend_series_and_table_keep_the_chosen_order(provinces):
    obs = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-58", "TH-58", "TH-20"],
            "year": [2020, 2020, 2021, 2020],
            "value": [1.0, 5.0, 4.0, 2.0],
        }
    )
    s = view.trend_series(obs, ["TH-58", "TH-10"])
    assert s["province_code"].tolist() == ["TH-58", "TH-58", "TH-10"]
    names = dict(zip(provinces["code"], provinces["name_th"]))
    tab = view.trend_table(s, names, "th", True)
    assert list(tab.columns) == [t("col_demo", "th"), t("col_province", "th"), "2563", "2564"]
    assert tab[t("col_province", "th")].tolist() == ["แม่ฮ่องสอน", "กรุงเทพมหานคร"]


def test_distribution_covers_every_province_with_a_value(provinces):
    level = pd.DataFrame(
        {
            "indicator_id": ["pov"] * 4 + ["x"],
            "province_code": ["TH-10", "TH-50", "TH-20", "TH-40", "TH-58"],
            "value": [3.0, 9.0, 1.0, 6.0, 2.0],
            "year": [2023, 2022, 2023, 2023, 2023],
            "score": [90.0, 70.0, 97.0, 80.0, 93.0],
            "status": ["yellow", "orange", "green", "orange", "green"],
        }
    )
    d = view.distribution(level, provinces, "pov", "th")
    assert d["province_code"].tolist() == ["TH-20", "TH-10", "TH-40", "TH-50"]  # sorted by value
    assert d["is_pilot"].tolist() == [False, True, False, True]
    tab = view.distribution_table(d, "ร้อยละ", 1, "th", False)
    assert tab[t("col_year", "th")].tolist() == ["2566", "2566", "2566", "2565"]
    assert tab[t("col_province", "th")].tolist()[1] == "กรุงเทพมหานคร ★"
