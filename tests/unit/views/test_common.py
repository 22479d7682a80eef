"""lib.views.common: helpers shared by the page views."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lib.i18n import t
from lib.views.common import (
    Measure,
    date_label,
    list_of,
    opt_float,
    opt_int,
    unit_of,
    value_with_unit,
    with_demo_column,
)


def test_unit_of_picks_the_language() -> None:
    ind = {"unit": "% of population", "unit_th": "ร้อยละของประชากร"}
    assert unit_of(ind, "en") == "% of population"
    assert unit_of(pd.Series(ind), "th") == "ร้อยละของประชากร"


def test_value_with_unit_and_missing() -> None:
    assert value_with_unit(12.345, 1, "%") == "12.3 %"
    assert value_with_unit(None, 1, "%") == "–"
    assert value_with_unit(math.nan, 2, "baht") == "–"


def test_with_demo_column_only_for_demo() -> None:
    table = pd.DataFrame({"a": [1, 2]})
    assert with_demo_column(table, "en", False) is table
    demo = with_demo_column(table, "en", True)
    assert list(demo.columns) == [t("col_demo", "en"), "a"] and demo.iloc[:, 0].tolist() == [True, True]
    assert list(table.columns) == ["a"], "the input is left alone"


@pytest.mark.parametrize(
    "date, lang, want",
    [
        ("2022", "en", "2022"),
        ("2022", "th", "2565"),
        ("2022-12", "en", f"{t('prov_month_12', 'en')} 2022"),
        ("2022-12-05", "th", f"5 {t('prov_month_12', 'th')} 2565"),
        (None, "en", "–"),
        (math.nan, "en", "–"),
        ("  ", "en", "–"),
        ("2022-13", "en", "2022-13"),
        ("soon", "en", "soon"),
    ],
)
def test_date_label(date: object, lang: str, want: str) -> None:
    assert date_label(date, lang) == want


def test_list_of_duckdb_lists() -> None:
    assert list_of(np.array(["TH-10", "TH-50"], dtype=object)) == ["TH-10", "TH-50"]
    assert list_of(np.array([1, 11], dtype=np.int32)) == ["1", "11"]
    assert list_of(None) == [] and list_of(math.nan) == [] and list_of([]) == []


def test_optional_numbers() -> None:
    assert opt_float(np.float64(2.5)) == 2.5 and opt_float(None) is None and opt_float(math.nan) is None
    assert opt_int(np.int64(7)) == 7 and opt_int(pd.NA) is None and opt_int(3.0) == 3


def test_measure_is_a_value() -> None:
    m = Measure("index", "SDG index", "score", 1, True)
    assert m == Measure("index", "SDG index", "score", 1, True) and hash(m) == hash(Measure(*m.__dict__.values()))


def test_clicked_point_names_a_known_province_and_its_goal() -> None:
    from lib.views.common import clicked_code, clicked_goal, clicked_point

    valid = {"TH-10", "TH-50"}
    assert clicked_point([{"customdata": ["TH-50", 3]}], valid) == ["TH-50", 3]
    assert clicked_point([{"location": "TH-10", "customdata": ["x"]}], valid) == ["TH-10", "x"]
    assert clicked_code([{"customdata": ["<b>evil</b>"]}, {"customdata": ["TH-10"]}], valid) == "TH-10"
    assert clicked_goal([{"customdata": ["TH-50", 3]}], valid, range(1, 18)) == 3
    assert clicked_goal([{"customdata": ["TH-50", 99]}], valid, range(1, 18)) is None
    assert clicked_goal([{"customdata": ["TH-50", "x"]}], valid, range(1, 18)) is None
    assert clicked_goal([{"customdata": ["TH-50"]}], valid, range(1, 18)) is None
    assert clicked_point(None, valid) is None and clicked_point([{"x": 1}], valid) is None
