"""Data coverage views (lib/views/coverage.py) on a hand-made frame and on the built database,
the coverage queries, and the goal figure."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.charts import coverage as charts
from lib.charts.theme import is_demo_figure
from lib.i18n import t
from lib.store import catalogue, queries
from lib.views import coverage as view
from tests.frames import goals_frame, province_indicators


def _indicators() -> pd.DataFrame:
    """pov (goal 1) and elec (goal 7) of tests/frames.py, plus water (goal 6) with no data."""
    inds = province_indicators()
    water = inds.iloc[[1]].assign(indicator_id="water", goal=6, sdg_code="6.1.1", name_th="น้ำ", name_en="Water")
    return pd.concat([inds, water], ignore_index=True).assign(publisher=["NSO", "PEA", "PWA"])


def _counts() -> pd.DataFrame:
    """As queries.indicator_coverage returns them: pov 2015-2024 (10 years), 77 provinces, 60 in
    2024, 15 pilots, 4 of 700 values provisional; elec one year, 3 provinces, all proxies."""
    return pd.DataFrame(
        {
            "indicator_id": ["elec", "pov"],
            "first_year": [2020, 2015],
            "latest_year": [2020, 2024],
            "n_years": [1, 10],
            "n_provinces": [3, 77],
            "n_provinces_latest": [3, 60],
            "n_pilots": [2, 15],
            "n_values": [3, 700],
            "n_proxy": [3, 0],
            "n_provisional": [0, 7],
            "n_estimated": [0, 0],
            "publishers": [["PEA"], ["NESDC", "NSO"]],
            "sources": [["PEA yearbook"], ["Poverty table 3.3", "SES"]],
        }
    )


def _goal_counts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "goal": [1, 7],
            "n_indicators": [1, 1],
            "n_provinces": [77, 3],
            "n_pilots": [15, 2],
            "first_year": [2015, 2020],
            "latest_year": [2024, 2020],
        }
    )


@pytest.fixture()
def cov() -> pd.DataFrame:
    return view.coverage(_counts(), _indicators())


def test_coverage_keeps_every_catalogue_indicator(cov: pd.DataFrame) -> None:
    assert cov["indicator_id"].tolist() == ["pov", "elec", "water"], "catalogue order"
    assert cov["has_data"].tolist() == [True, True, False]
    water = cov.set_index("indicator_id").loc["water"]
    assert water["n_provinces"] == 0 and water["n_years"] == 0 and water["sources"] == []


def test_years_text() -> None:
    assert view.years_text(2015, 2024, 10, "en") == "2015–2024 (10)"
    assert view.years_text(2015, 2024, 10, "th") == "2558–2567 (10)"
    assert view.years_text(2020, 2020, 1, "en") == "2020 (1)"
    assert view.years_text(None, None, 0, "th") == t("cov_no_data", "th")


def test_flags_text(cov: pd.DataFrame) -> None:
    rows = cov.set_index("indicator_id")
    assert view.flags_text(rows.loc["pov"], "en") == "provisional 1%"
    assert view.flags_text(rows.loc["elec"], "en") == "proxy 100%"
    assert view.flags_text(rows.loc["water"], "en") == "–"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_indicator_table(cov: pd.DataFrame, lang: str) -> None:
    table = view.indicator_table(cov, goals_frame(), lang, False, 77, 15, pilot_only=False)
    ind, years = t("col_indicator", lang), t("cov_col_years", lang)
    assert table[ind].tolist() == [cov.loc[i, f"name_{lang}"] for i in (0, 1, 2)], "with data first"
    row = table.iloc[0]
    assert row[years] == ("2558–2567 (10)" if lang == "th" else "2015–2024 (10)")
    assert row[t("cov_col_provinces", lang, n=77)] == 77
    assert row[t("cov_col_latest", lang)] == 60
    assert row[t("cov_col_pilots", lang, n=15)] == 15
    assert row[t("cov_col_publishers", lang)] == "NESDC; NSO"
    assert row[t("col_source", lang)] == "Poverty table 3.3; SES"
    assert table.iloc[2][years] == t("cov_no_data", lang) and table.iloc[2][t("col_source", lang)] == "–"
    assert table.iloc[0][t("col_goal", lang)] == ("1. เป้าหมาย 1" if lang == "th" else "1. Goal 1")


def test_indicator_table_pilots_and_demo(cov: pd.DataFrame) -> None:
    table = view.indicator_table(cov, goals_frame(), "en", True, 15, 15, pilot_only=True)
    assert t("cov_col_pilots", "en", n=15) not in table.columns, "no second pilot column"
    assert table.columns[0] == t("col_demo", "en") and table.iloc[:, 0].all()


def test_missing_table(cov: pd.DataFrame) -> None:
    miss = view.missing_table(cov, goals_frame(), "en")
    assert miss.to_dict("records") == [
        {
            t("col_goal", "en"): "6. Goal 6",
            t("cov_col_code", "en"): "6.1.1",
            t("col_indicator", "en"): "Water",
            t("cov_col_usual_publisher", "en"): "PWA",
        }
    ]


def test_goal_summary_and_headline(cov: pd.DataFrame) -> None:
    gs = view.goal_summary(cov, _goal_counts(), goals_frame(), "en")
    assert len(gs) == len(goals_frame()), "every goal, with data or not"
    by = gs.set_index("goal")
    assert (by.loc[1, "n_with"], by.loc[1, "n_total"], by.loc[1, "n_provinces"]) == (1, 1, 77)
    assert (by.loc[6, "n_with"], by.loc[6, "n_total"], by.loc[6, "n_provinces"]) == (0, 1, 0)
    assert (by.loc[2, "n_with"], by.loc[2, "n_total"]) == (0, 0)
    table = view.goal_table(gs, "th", False, 77, 15, pilot_only=False)
    assert table.iloc[0][t("cov_col_years", "th")] == "2558–2567"
    assert table.iloc[6][t("cov_col_years", "th")] == "2563"
    head = view.headline(cov, {"n_provinces": 77, "first_year": 2015, "latest_year": 2024}, 77, "en")
    assert head == view.Headline(2, 3, 2, 3, 77, 77, "2015–2024")


def test_line_text() -> None:
    s = {"n_indicators": 11, "n_provinces": 77, "first_year": 2002, "latest_year": 2025}
    expected = "Published real figures (each with its source): 11 indicators, 77 provinces, 2002–2025"
    assert view.line_text(s, "public", "en") == expected
    assert view.line_text(s, "public", "th") == t("cov_line_public", "th", n_ind=11, n_prov=77, years="2545–2568")
    assert view.line_text(s, "ministry", "en") == t("cov_line_ministry", "en", n_ind=11, n_prov=77, years="2002–2025")
    assert view.line_text(s, "demo", "en") is None, "demo data has its own banner"
    empty = {"n_indicators": 0, "n_provinces": 0, "first_year": None, "latest_year": None}
    assert view.line_text(empty, "ministry", "th") == t("cov_line_empty", "th")


def test_goal_bars(cov: pd.DataFrame) -> None:
    gs = view.goal_summary(cov, _goal_counts(), goals_frame(), "en")
    fig = charts.goal_bars(gs, lang="en", demo=True, title="x")
    assert is_demo_figure(fig, "en") and fig.layout.barmode == "stack"
    assert fig.data[1].text[0] == t("cov_bar_text", "en", n=1, total=1, prov=77)
    assert fig.data[1].text[5] == t("cov_bar_none", "en", total=1)
    assert not is_demo_figure(charts.goal_bars(gs, lang="th", demo=False, title="x"), "th")


def test_file_name() -> None:
    assert view.file_name("public", "th", False) == "coverage_public_all_th.csv"
    assert view.file_name("demo", "en", True) == "coverage_demo_pilots_en.csv"


# ---------------------------------------------------------------- on the built database


@pytest.fixture()
def public(con) -> dict[str, object]:
    cat = catalogue.load(con)
    return {
        "cat": cat,
        "cov": view.coverage(queries.indicator_coverage(con, "public"), cat.indicators),
        "pilot_cov": view.coverage(queries.indicator_coverage(con, "public", cat.pilot_codes), cat.indicators),
    }


def test_physicians_on_the_database(public) -> None:
    cat = public["cat"]
    doc = public["cov"].set_index("indicator_id").loc["doctors_per_pop"]
    assert (doc["first_year"], doc["latest_year"], doc["n_years"]) == (2015, 2024, 10)
    assert doc["n_provinces"] == cat.n_provinces == doc["n_provinces_latest"]
    assert doc["n_pilots"] == cat.n_pilots
    assert doc["n_values"] == 10 * cat.n_provinces and doc["n_proxy"] == 0
    table = view.indicator_table(public["cov"], cat.goals, "en", False, cat.n_provinces, cat.n_pilots, False)
    row = table.loc[table[t("col_indicator", "en")] == cat.indicator_name("doctors_per_pop", "en")].iloc[0]
    assert row[t("cov_col_years", "en")] == "2015–2024 (10)"
    assert row[t("cov_col_provinces", "en", n=cat.n_provinces)] == cat.n_provinces
    thai = view.indicator_table(public["cov"], cat.goals, "th", False, cat.n_provinces, cat.n_pilots, False)
    assert "2558–2567 (10)" in thai[t("cov_col_years", "th")].tolist()


def test_missing_on_the_database(con, public) -> None:
    cat, cov = public["cat"], public["cov"]
    with_data = set(queries.indicators_with_data(con, "public"))
    assert set(cov.loc[cov["has_data"], "indicator_id"]) == with_data
    no_data = [i for i in cat.indicators["indicator_id"] if i not in with_data]
    assert no_data, "the public dataset leaves some catalogue indicators without data"
    miss = view.missing_table(cov, cat.goals, "en")
    assert miss[t("col_indicator", "en")].tolist() == [cat.indicator_name(i, "en") for i in no_data]
    assert len(miss) + len(with_data) == len(cat.indicators)


def test_summaries_on_the_database(con, public) -> None:
    cat, cov = public["cat"], public["cov"]
    s = queries.coverage_summary(con, "public")
    assert s["n_indicators"] == int(cov["has_data"].sum()) and s["n_provinces"] == cat.n_provinces
    gs = view.goal_summary(cov, queries.goal_coverage(con, "public"), cat.goals, "en")
    assert int(gs["n_total"].sum()) == len(cat.indicators) and int(gs["n_with"].sum()) == s["n_indicators"]
    assert gs["n_provinces"].max() == cat.n_provinces
    pilots = queries.coverage_summary(con, "public", cat.pilot_codes)
    assert pilots["n_provinces"] == cat.n_pilots
    assert public["pilot_cov"]["n_provinces"].max() == cat.n_pilots
    assert view.line_text(queries.coverage_summary(con, "demo"), "demo", "en") is None
