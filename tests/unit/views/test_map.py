"""Map page (pages/1_map.py): geometry, shaping, the choropleth builder, and the page under AppTest."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from lib.i18n import t
from lib.views import map as view
from lib.views.common import Measure, clicked_code


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
    m = Measure("indicator", "x", "%", 1, False)
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
    assert clicked_code([{"location": "TH-50"}], valid) == "TH-50"
    assert clicked_code([{"customdata": ["TH-10", "Bangkok"]}], valid) == "TH-10"
    assert clicked_code([{"location": "XX"}], valid) is None
    assert clicked_code([], valid) is None and clicked_code(None, valid) is None
