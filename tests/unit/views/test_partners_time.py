"""Partners page, participation over time (lib.views.partners): the year rule of an activity,
active activities and partners per year by sector (programme-wide apart, a partner once a year),
new partners per year. Worked by hand on ``hand_activities`` (see its docstring)."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.i18n import t
from lib.views import partners as view
from tests import frames
from tests.unit.views.test_partners import hand_activities

THIS_YEAR = 2026


@pytest.fixture()
def acts() -> pd.DataFrame:
    return hand_activities()


def test_activity_years_rule(acts: pd.DataFrame) -> None:
    ay = view.activity_years(acts, THIS_YEAR)
    years = {a: sorted(g["year"]) for a, g in ay.groupby("activity_id")}
    assert years == {
        "a1": [2024, 2025, 2026],  # no end date, ongoing: up to this year
        "a2": [2023],  # start and end in one year
        "a3": [2025],  # only an end date: that year
        "a4": [2021],  # no end date, not ongoing: its start year only
        "a6": [2024],
        "a7": [2023],
        "p1": [2022, 2023, 2024],  # every year from start to end
    }, "a5 has no date: in no year"
    assert view.undated(acts) == 1
    assert ay.loc[ay["activity_id"] == "p1", "programme"].all()


def test_activity_years_cut_at_this_year_and_odd_dates() -> None:
    acts = hand_activities().iloc[:1].assign(start_date="2025-01", end_date="2028-06", status="planned")
    assert sorted(view.activity_years(acts, 2026)["year"]) == [2025, 2026], (
        "planned years after this one are not counted"
    )
    back = hand_activities().iloc[:1].assign(start_date="2024", end_date="2022", status=None)
    assert sorted(view.activity_years(back, 2026)["year"]) == [2024], "an end before the start: the start year"
    odd = hand_activities().iloc[:1].assign(start_date="sometime", end_date=None)
    assert view.activity_years(odd, 2026).empty and view.undated(odd) == 1


def test_per_year(acts: pd.DataFrame) -> None:
    py = view.per_year(acts, frames.sectors_frame(), THIS_YEAR, "en")
    assert sorted(py["year"].unique()) == list(range(2021, 2027)), "every year from the first to the last"
    assert len(py) == 6 * 7 * 2, "year x sector x (local, programme-wide)"

    def cell(year: int, sector: str, programme: bool) -> tuple[int, int]:
        r = py.loc[(py["year"] == year) & (py["sector"] == sector) & (py["programme"] == programme)].iloc[0]
        return int(r["n_activities"]), int(r["n_partners"])

    assert cell(2024, "government", False) == (2, 1), "a1 and a6: two activities, one partner (MOI)"
    assert cell(2024, "international", True) == (1, 1), "p1 alone in 2024"
    # 2023: UNDP has a7 (local) and p1 (programme-wide): counted once, as a local partner
    assert cell(2023, "international", False) == (1, 1)
    assert cell(2023, "international", True) == (1, 0)
    assert cell(2021, "government", False) == (1, 1)
    assert cell(2026, "government", False) == (1, 1)
    assert int(py["n_activities"].sum()) == 11  # activity-years: 3 + 3 + 1 + 1 + 1 + 1 + 1
    assert py["year_label"].iloc[0] == "2021"
    th = view.per_year(acts, frames.sectors_frame(), THIS_YEAR, "th")
    assert th["year_label"].iloc[0] == "2564", "B.E. in Thai"
    assert th["sector_name"].iloc[0] == t("part_sec_government", "th")
    table = view.per_year_table(py, "en")
    assert len(table) == 9, "one row per year and sector with an activity"
    assert view.per_year(acts.iloc[0:0], frames.sectors_frame(), THIS_YEAR, "en").empty


def test_new_partners(acts: pd.DataFrame) -> None:
    nw = view.new_partners(acts, frames.sectors_frame(), THIS_YEAR, "en")
    new = {(int(y), s): (int(n), names) for y, s, n, names in zip(nw["year"], nw["sector"], nw["n"], nw["names"]) if n}
    assert new == {
        (2021, "government"): (1, "MOI"),  # MOI's first activity is a4 (2021)
        (2022, "international"): (1, "UNDP"),  # UNDP's is p1 (from 2022-12), before a7 (2023)
        (2023, "academia"): (1, "PSU"),
        (2025, "media"): (1, "Radio"),
    }, "SU has no dated activity: never new"
    assert int(nw["n"].sum()) == 4
    table = view.new_partners_table(view.new_partners(acts, frames.sectors_frame(), THIS_YEAR, "th"), "th")
    assert table[t("col_year", "th")].tolist() == ["2564", "2565", "2566", "2568"]
    # within a selection: MOI in Yala only starts in 2024 (a6)
    yala = view.filter_activities(acts, provinces=["TH-95"], programme=False)
    nw_yala = view.new_partners(yala, frames.sectors_frame(), THIS_YEAR, "en")
    assert nw_yala.loc[(nw_yala["sector"] == "government") & (nw_yala["n"] > 0), "year"].tolist() == [2024]
