"""Progress views (lib/views/progress.py) on hand-worked frames, and each section's view on the
built database's public data (the progress page, the profile's line and the brief's)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lib.core import compare, peers, progress
from lib.core.progress import Anticipated
from lib.i18n import t
from lib.store import catalogue, queries
from lib.store import progress as store
from lib.views import progress as view
from lib.views.common import clicked_code
from tests.frames import goals_frame

# ---------------------------------------------------------------- hand-made catalogue


def _indicators() -> pd.DataFrame:
    """pov (goal 1, lower is better), water (goal 6, higher), elec (goal 7, higher)."""
    return pd.DataFrame(
        {
            "indicator_id": ["pov", "water", "elec"],
            "goal": [1, 6, 7],
            "sdg_code": ["1.2.1", None, "7.1.1"],
            "name_th": ["ความยากจน", "น้ำประปา", "ไฟฟ้า"],
            "name_en": ["Poverty", "Tap water", "Electricity"],
            "unit": ["%", "% of households", "% of households"],
            "unit_th": ["ร้อยละ", "ร้อยละของครัวเรือน", "ร้อยละของครัวเรือน"],
            "direction": ["lower", "higher", "higher"],
            "green_threshold": [2.0, 95.0, 99.0],
            "decimals": [1, 0, 1],
        }
    )


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["elec", "pov", "water"],
            "target_2030": [99.0, 2.0, 95.0],
            "basis": ["national", "sdsn_green", "sdsn_green"],
            "source_title": ["Power plan", "SDSN", "SDSN"],
            "source_publisher": ["Energy ministry", "SDSN", "SDSN"],
            "source_url": ["https://example.go.th/plan", None, None],
            "note": ["", "", ""],
        }
    )


def _provinces() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["TH-10", "TH-11", "TH-12", "TH-13"],
            "name_th": ["กรุงเทพมหานคร", "สมุทรปราการ", "นนทบุรี", "ปทุมธานี"],
            "name_en": ["Bangkok", "Samut Prakan", "Nonthaburi", "Pathum Thani"],
            "is_pilot": [True, False, True, False],
            "region": ["central"] * 4,
            "region_th": ["ภาคกลาง"] * 4,
            "region_en": ["Central"] * 4,
        }
    )


def _obs(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "province_code", "year", "value"])


# TH-10 by hand (targets: pov 2 lower, water 95, elec 99):
#   pov   10 (2015) -> 6 (2020): csi = (10-6)/(10-2) = 0.5; path reaches 6 in 2015 + 0.5 * 15 =
#         2022.5, so 2.5 years ahead; the line falls 0.8 a year: -2 in 2030, meets 2: on track
#   water 80 -> 75: csi = -5/15 = -1/3 (regression); 65 in 2030, away from 95: reverse
#   elec  90 -> 92: csi = 2/9; 2015 + 2/9 * 15 = 2018.33, 1.67 years behind; 96 in 2030: accelerate
TH10 = [
    ("pov", "TH-10", 2015, 10.0),
    ("pov", "TH-10", 2020, 6.0),
    ("water", "TH-10", 2015, 80.0),
    ("water", "TH-10", 2020, 75.0),
    ("elec", "TH-10", 2015, 90.0),
    ("elec", "TH-10", 2020, 92.0),
]


@pytest.fixture()
def prog10() -> pd.DataFrame:
    return progress.indicator_progress(_obs(TH10), _indicators(), _targets(), year=2024)


# ---------------------------------------------------------------- counts and the line


def test_counts_of_the_hand_worked_province(prog10) -> None:
    c = view.counts(prog10)
    assert (c.on_track, c.accelerate, c.reverse, c.no_data) == (1, 1, 1, 0)
    assert (c.first_year, c.last_year) == (2015, 2020)
    assert c.n_assessed == 3


def test_counts_line_in_both_languages(prog10) -> None:
    c = view.counts(prog10)
    assert view.counts_line(c, "en") == "On track: 1 · accelerate: 1 · reverse the trend: 1 (trends 2015–2020)"
    assert view.counts_line(c, "th") == t("prog_line", "th", on=1, acc=1, rev=1, years="2558–2563")
    assert "2558–2563" in view.counts_line(c, "th")


def test_counts_line_without_any_assessment() -> None:
    one_point = progress.indicator_progress(_obs([("pov", "TH-10", 2020, 5.0)]), _indicators(), _targets(), year=2024)
    c = view.counts(one_point)
    assert (c.n_assessed, c.no_data, c.first_year) == (0, 1, None)
    assert view.counts_line(c, "en") == t("prog_line_none", "en")
    empty = view.counts(one_point.iloc[0:0])
    assert empty == view.Counts(0, 0, 0, 0, None, None)


def test_province_counts_is_the_counts_of_indicator_progress() -> None:
    got = view.province_counts(_obs(TH10), _indicators(), _targets(), year=2024)
    assert got == view.counts(progress.indicator_progress(_obs(TH10), _indicators(), _targets(), year=2024))
    # years after the selected one are left out: in 2019 only the 2015 values exist
    early = view.province_counts(_obs(TH10), _indicators(), _targets(), year=2019)
    assert early.n_assessed == 0 and early.no_data == 3


# ---------------------------------------------------------------- the goal snapshot


def test_goal_snapshot_has_every_goal_with_hand_worked_bars(prog10) -> None:
    snap = view.goal_snapshot(prog10, goals_frame(), "en")
    assert snap["goal"].tolist() == list(range(1, 18))
    g = snap.set_index("goal")
    assert g.loc[1, "csi"] == pytest.approx(0.5)
    assert (g.loc[1, "progress_made"], g.loc[1, "progress_needed"], g.loc[1, "regression"]) == (0.5, 0.5, 0.0)
    assert g.loc[6, "csi"] == pytest.approx(-1 / 3)
    assert (g.loc[6, "progress_made"], g.loc[6, "progress_needed"]) == (0.0, 1.0)
    assert g.loc[6, "regression"] == pytest.approx(1 / 3) and g.loc[6, "regression_shown"] == pytest.approx(1 / 3)
    assert g.loc[7, "csi"] == pytest.approx(2 / 9)
    assert g.loc[1, "bar_text"] == "1 indicator" and g.loc[1, "years_text"] == "2015–2020"
    assert g.loc[2, "bar_text"] == "no data" and math.isnan(g.loc[2, "csi"]) and g.loc[2, "n_indicators"] == 0
    assert g.loc[1, "label"] == "1. Goal 1" and g.loc[1, "colour"] == goals_frame()["colour"][0]
    th = view.goal_snapshot(prog10, goals_frame(), "th").set_index("goal")
    assert th.loc[1, "years_text"] == "2558–2563" and th.loc[2, "bar_text"] == t("prog_bar_none", "th")


def test_goal_snapshot_draws_a_deep_regression_at_most_the_cap() -> None:
    # water 80 -> 50 against 95: csi = -30/15 = -2; the bar stops at the cap, the value stays
    obs = _obs([("water", "TH-10", 2015, 80.0), ("water", "TH-10", 2020, 50.0)])
    snap = view.goal_snapshot(
        progress.indicator_progress(obs, _indicators(), _targets(), year=2024), goals_frame(), "en"
    )
    g = snap.set_index("goal").loc[6]
    assert g["csi"] == pytest.approx(-2.0) and g["regression"] == pytest.approx(2.0)
    assert g["regression_shown"] == view.REGRESSION_CAP


def test_bar_text_counts_indicators() -> None:
    assert [view.bar_text(n, "en") for n in (0, 1, 3)] == ["no data", "1 indicator", "3 indicators"]
    assert view.bar_text(3, "th") == "3 ตัวชี้วัด"


def test_snapshot_table_is_in_the_language_and_flags_demo(prog10) -> None:
    snap = view.goal_snapshot(prog10, goals_frame(), "th")
    table = view.snapshot_table(snap, "th", True)
    assert table.columns[0] == t("col_demo", "th") and table.iloc[:, 0].all()
    row = table.loc[table[t("col_goal", "th")] == "1. เป้าหมาย 1"].iloc[0]
    assert row[t("prog_col_csi", "th")] == "50%" and row[t("prog_col_years", "th")] == "2558–2563"
    assert t("col_demo", "en") not in view.snapshot_table(snap, "en", False).columns


# ---------------------------------------------------------------- the indicator table


def test_time_distance_text() -> None:
    assert view.time_distance_text(2.5, "en") == "2.5 years ahead"
    assert view.time_distance_text(-1.6667, "en") == "1.7 years behind"
    assert view.time_distance_text(0.01, "en") == "on the path"
    assert view.time_distance_text(float("nan"), "en") == "–"
    assert view.time_distance_text(None, "th") == "–"
    assert view.time_distance_text(-3.0, "th") == "ช้ากว่าแผน 3.0 ปี"


def test_indicator_table_by_goal_with_targets_sources_and_be_years(prog10) -> None:
    table = view.indicator_table(prog10, _indicators(), _targets(), "th", False)
    assert table[t("prog_col_goal_no", "th")].tolist() == ["1", "6", "7"]
    pov = table.iloc[0]
    assert pov[t("col_indicator", "th")] == "ความยากจน" and pov[t("col_unit", "th")] == "ร้อยละ"
    assert pov[t("prog_col_baseline", "th")] == "10.0 (2558)" and pov[t("prog_col_latest", "th")] == "6.0 (2563)"
    assert pov[t("prog_col_target", "th")] == "2.0"
    assert pov[t("prog_col_target_basis", "th")] == t("prog_basis_sdsn_green", "th")
    assert pov[t("prog_col_source", "th")] == ""  # the SDSN threshold has no address
    assert pov[t("prog_col_expected", "th")] == "-2.0"
    assert pov[t("prog_col_class", "th")] == t(Anticipated.ON_TRACK.key, "th")
    assert pov[t("prog_col_csi", "th")] == f"50% · {t('progress.status.progress', 'th')}"
    assert pov[t("prog_col_time", "th")] == "เร็วกว่าแผน 2.5 ปี"
    elec = table.iloc[2]
    assert elec[t("prog_col_source", "th")] == "https://example.go.th/plan"
    assert elec[t("prog_col_target_basis", "th")] == t("prog_basis_national", "th")
    assert elec[t("prog_col_expected", "th")] == "96.0" and elec[t("prog_col_time", "th")] == "ช้ากว่าแผน 1.7 ปี"
    water = table.iloc[1]
    assert water[t("prog_col_class", "th")] == t(Anticipated.REVERSE.key, "th")
    assert water[t("prog_col_csi", "th")] == f"-33% · {t('progress.status.regression', 'th')}"


def _with_own_targets() -> pd.DataFrame:
    """TH-10's own plan: water 85 (a document by title), elec 95 (a link)."""
    own = pd.DataFrame(
        {
            "indicator_id": ["water", "elec"],
            "target_2030": [85.0, 95.0],
            "basis": [progress.PROVINCE_BASIS] * 2,
            "source_title": ["Bangkok SDG plan 2023-2027 (invented)", ""],
            "source_publisher": ["Bangkok", "Bangkok"],
            "source_url": [None, "https://example.org/bkk-plan"],
            "note": [None, None],
            "province_code": ["TH-10", "TH-10"],
        }
    )
    return pd.concat([_targets().assign(province_code=None), own], ignore_index=True)


def test_a_province_plan_target_is_named_with_its_source_and_changes_the_measure() -> None:
    """TH-10 against its own targets: water 80 -> 75, target 85: csi = -5 / 5 = -1 (was -1/3
    against 95); elec 90 -> 92, target 95: csi = 2 / 5 = 0.4, path 2015 + 0.4 * 15 = 2021,
    the path reaches 92 a year after 2020: 1 year ahead (was 1.67 behind); pov keeps the SDSN
    threshold."""
    prog = progress.indicator_progress(_obs(TH10), _indicators(), _with_own_targets(), year=2024)
    by = prog.set_index("indicator_id")
    assert by.loc["water", "csi"] == pytest.approx(-1.0) and by.loc["elec", "csi"] == pytest.approx(0.4)
    assert by.loc["elec", "time_distance"] == pytest.approx(1.0)
    assert by.loc["pov", "target_basis"] == "sdsn_green"
    table = view.indicator_table(prog, _indicators(), _with_own_targets(), "en", False).set_index(
        t("col_indicator", "en")
    )
    basis, source = t("prog_col_target_basis", "en"), t("prog_col_source", "en")
    assert table.loc["Tap water", basis] == "Province plan: Bangkok SDG plan 2023-2027 (invented)"
    assert table.loc["Tap water", source] == ""
    assert table.loc["Electricity", basis] == "Province plan"
    assert table.loc["Electricity", source] == "https://example.org/bkk-plan"
    assert table.loc["Poverty", basis] == "SDSN green threshold"
    th = view.indicator_table(prog, _indicators(), _with_own_targets(), "th", False)
    assert t("prog_basis_province", "th") in th[t("prog_col_target_basis", "th")].tolist()
    # another province keeps the indicator's own targets
    other = progress.indicator_progress(
        _obs([(i, "TH-11", y, v) for i, _, y, v in TH10]), _indicators(), _with_own_targets(), year=2024
    )
    assert set(other["target_basis"]) == {"national", "sdsn_green"}


def test_the_counts_line_says_how_many_own_targets() -> None:
    c = view.counts(progress.indicator_progress(_obs(TH10), _indicators(), _with_own_targets(), year=2024))
    assert c.own_targets == 2
    assert view.counts_line(c, "en").endswith("(trends 2015–2020) · 2 against the province's own targets")
    assert view.counts_line(c, "th").endswith(t("prog_line_own", "th", n=2))


def test_the_goal_view_counts_provinces_with_own_targets() -> None:
    rows = TH10 + [(i, "TH-11", y, v) for i, _, y, v in TH10]
    inds = _indicators()
    water = inds[inds["indicator_id"] == "water"]
    gv = view.goal_view(_obs(rows), water, _with_own_targets(), _provinces(), goal=6, year=2024, lang="en", demo=False)
    assert gv.own_targets == 1
    ranked = gv.ranking.set_index("province_code")["csi"]
    assert ranked["TH-10"] == pytest.approx(-1.0) and ranked["TH-11"] == pytest.approx(-1 / 3)


def test_indicator_table_sorts_by_name_within_a_goal_and_says_too_few_data() -> None:
    inds = pd.concat(
        [_indicators(), _indicators().iloc[[0]].assign(indicator_id="aaa", name_en="Zeta", name_th="ฮ")],
        ignore_index=True,
    )
    tg = pd.concat([_targets(), _targets().iloc[[1]].assign(indicator_id="aaa")], ignore_index=True)
    obs = _obs([*TH10, ("aaa", "TH-10", 2020, 3.0)])
    table = view.indicator_table(progress.indicator_progress(obs, inds, tg, year=2024), inds, tg, "en", True)
    goal1 = table.loc[table[t("prog_col_goal_no", "en")] == "1", t("col_indicator", "en")].tolist()
    assert goal1 == ["Poverty", "Zeta"]  # by name, not by id
    zeta = table.loc[table[t("col_indicator", "en")] == "Zeta"].iloc[0]
    assert zeta[t("prog_col_baseline", "en")] == "–" and zeta[t("prog_col_latest", "en")] == "3.0 (2020)"
    assert zeta[t("prog_col_class", "en")] == t(Anticipated.NO_DATA.key, "en")
    assert zeta[t("prog_col_csi", "en")] == t("progress.status.no_data", "en")
    assert table.iloc[:, 0].all(), "demo rows are flagged"


def test_indicator_table_of_no_rows_keeps_its_columns(prog10) -> None:
    table = view.indicator_table(prog10.iloc[0:0], _indicators(), _targets(), "en", False)
    assert table.empty and t("prog_col_time", "en") in table.columns


# ---------------------------------------------------------------- one goal across provinces


def _goal1_progress() -> pd.DataFrame:
    """Goal 1 (pov, target 2, lower): TH-10 10 -> 6 (csi 0.5); TH-11 8 -> 8 (0, stagnant);
    TH-12 5 -> 1 (target met: 1); TH-13 one value only (no index)."""
    obs = _obs(
        [
            *TH10,
            ("pov", "TH-11", 2015, 8.0),
            ("pov", "TH-11", 2021, 8.0),
            ("pov", "TH-12", 2015, 5.0),
            ("pov", "TH-12", 2021, 1.0),
            ("pov", "TH-13", 2021, 4.0),
        ]
    )
    return progress.indicator_progress(obs, _indicators(), _targets(), year=2024)


def test_ranking_highest_index_first_with_pilot_marks() -> None:
    rank, missing = view.ranking(_goal1_progress(), _provinces(), 1, "en")
    assert rank["province_code"].tolist() == ["TH-12", "TH-10", "TH-11"]
    assert rank["csi"].tolist() == pytest.approx([1.0, 0.5, 0.0])
    assert rank["name"].tolist() == ["Nonthaburi ★", "Bangkok ★", "Samut Prakan"]
    assert rank["text"].tolist() == ["100%", "50%", "0%"] and missing == 1
    assert rank.loc[1, "years_text"] == "2015–2020"


def test_ranking_respects_the_scope_and_ties_go_by_name() -> None:
    pilots, missing = view.ranking(_goal1_progress(), _provinces(), 1, "en", codes=["TH-10", "TH-12"])
    assert pilots["province_code"].tolist() == ["TH-12", "TH-10"] and missing == 0
    tie = _obs([("pov", c, y, v) for c in ("TH-10", "TH-11") for y, v in ((2015, 10.0), (2020, 6.0))])
    rank, _ = view.ranking(
        progress.indicator_progress(tie, _indicators(), _targets(), year=2024), _provinces(), 1, "th"
    )
    assert rank["province_code"].tolist() == ["TH-10", "TH-11"]  # กรุงเทพมหานคร before สมุทรปราการ


def test_ranking_cuts_the_drawn_index_and_keeps_the_value() -> None:
    obs = _obs([("water", "TH-10", 2015, 80.0), ("water", "TH-10", 2020, 50.0)])  # csi -2
    rank, _ = view.ranking(
        progress.indicator_progress(obs, _indicators(), _targets(), year=2024), _provinces(), 6, "en"
    )
    assert rank.loc[0, "csi"] == pytest.approx(-2.0) and rank.loc[0, "csi_shown"] == -1.0
    assert rank.loc[0, "text"] == "-200%"


def test_ranking_of_a_goal_without_data() -> None:
    rank, missing = view.ranking(_goal1_progress(), _provinces(), 13, "en")
    assert rank.empty and missing == 4
    table = view.ranking_table(rank, "en", False)
    assert list(table.columns)[0] == t("prog_col_rank", "en")


# ---------------------------------------------------------------- peers


def _level() -> pd.DataFrame:
    """Indicator a (goal 1): TH-10 10, TH-11 20, TH-12 30, TH-13 40 (latest values)."""
    return pd.DataFrame(
        {
            "indicator_id": ["pov"] * 4 + ["elec"],
            "province_code": ["TH-10", "TH-11", "TH-12", "TH-13", "TH-11"],
            "goal": [1, 1, 1, 1, 7],
            "year": [2020, 2021, 2021, 2019, 2020],
            "value": [10.0, 20.0, 30.0, 40.0, 95.0],
        }
    )


def test_peer_comparison_averages_by_hand() -> None:
    # peers of TH-10: TH-11 and TH-12 -> (20 + 30) / 2 = 25; pilots TH-10 and TH-12 ->
    # (10 + 30) / 2 = 20; all four -> 25. elec: TH-10 has no value, so no row.
    table = view.peer_comparison(_level(), _indicators(), "TH-10", ["TH-11", "TH-12"], ["TH-10", "TH-12"], "en", False)
    assert len(table) == 1
    row = table.iloc[0]
    assert row[t("col_indicator", "en")] == "Poverty" and row[t("prog_col_goal_no", "en")] == "1"
    assert row[t("prog_col_province_value", "en")] == "10.0 (2020)"
    assert row[t("prog_col_peers_avg", "en")] == "25.0 (2)"
    assert row[t("prog_col_pilots_avg", "en")] == "20.0 (2)"
    assert row[t("prog_col_all_avg", "en")] == "25.0 (4)"


def test_peer_comparison_says_when_a_group_has_no_value() -> None:
    table = view.peer_comparison(_level(), _indicators(), "TH-11", ["TH-99"], ["TH-10"], "th", True)
    assert table[t("col_indicator", "th")].tolist() == ["ความยากจน", "ไฟฟ้า"]  # by goal
    elec = table.iloc[1]
    assert elec[t("prog_col_peers_avg", "th")] == "–" and elec[t("prog_col_pilots_avg", "th")] == "–"
    assert elec[t("prog_col_province_value", "th")] == "95.0 (2563)" and table.iloc[:, 0].all()


def test_peer_table_lists_the_group_with_what_made_it() -> None:
    profile = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-11", "TH-12", "TH-13"],
            "region": ["central"] * 4,
            "population": [5_000_000.0, 1_300_000.0, 1_200_000.0, 1_100_000.0],
            "gpp_per_capita": [600_000.0, 400_000.0, 200_000.0, 250_000.0],
        }
    )
    group = peers.peers(profile, "TH-11", k=2)
    table = view.peer_table(group, profile, _provinces(), "en")
    assert table[t("col_province", "en")].tolist()[0] in {"Nonthaburi ★", "Pathum Thani"}
    assert table[t("prog_col_rank", "en")].tolist() == [1, 2]
    assert set(table[t("prog_col_region", "en")]) == {"Central"}
    assert table[t("prog_col_population", "en")].str.contains(",").all()


# ---------------------------------------------------------------- two indicators


def _coverage() -> pd.DataFrame:
    """queries.coverage: pov 2015 (70 provinces) and 2020 (2); gpp 2015-2020 (77); elec 2018 (2)."""
    rows = [("pov", 2015, 70), ("pov", 2020, 2), ("elec", 2018, 2)] + [
        ("gpp_per_capita", y, 77) for y in range(2015, 2021)
    ]
    return pd.DataFrame(rows, columns=["indicator_id", "year", "n_provinces"])


def test_scatter_years_need_enough_provinces_with_both() -> None:
    cov = _coverage()
    assert view.scatter_years(cov, "pov", "gpp_per_capita") == [2015]  # 2020: at most 2 pairs
    assert view.scatter_years(cov, "elec", "gpp_per_capita") == []
    assert view.scatter_years(cov, "pov", "nothing") == []


def test_pick_year() -> None:
    assert view.pick_year([2022, 2020, 2015], 2020, 2024) == 2020
    assert view.pick_year([2022, 2020, 2015], 2019, 2021) == 2020  # not a choice: latest up to the year
    assert view.pick_year([2022, 2020], None, 2018) == 2022  # none up to the year: the latest
    assert view.pick_year([], 2020, 2024) is None


def test_default_pair_prefers_gpp_then_any_indicator_that_pairs() -> None:
    cov, ids = _coverage(), ["pov", "elec", "gpp_per_capita"]
    assert view.default_pair(ids, "pov", cov) == ("pov", "gpp_per_capita")
    # elec pairs with nothing: the first indicator that does opens the scatter
    assert view.default_pair(ids, "elec", cov) == ("pov", "gpp_per_capita")
    assert view.default_pair(["pov", "elec"], "pov", cov) == ("pov", "elec")  # no pair at all
    assert view.default_pair(["pov"], "pov", cov) == ("pov", "pov")
    both = pd.concat([cov, pd.DataFrame({"indicator_id": ["elec"], "year": [2015], "n_provinces": [60]})])
    assert view.default_pair(["pov", "elec"], "pov", both) == ("pov", "elec")


def test_scatter_frame_correlation_and_table() -> None:
    pairs = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-11", "TH-12"],
            "x": [1.0, 2.0, 3.0],
            "y": [2.0, 4.0, 7.0],
            "x_year": [2020, 2020, 2020],
            "y_year": [2020, 2020, 2020],
        }
    )
    sc = view.scatter_frame(pairs, _provinces(), "th", x_decimals=1, y_decimals=0)
    assert sc["name"].tolist() == ["กรุงเทพมหานคร ★", "สมุทรปราการ", "นนทบุรี ★"]
    assert sc["is_pilot"].tolist() == [True, False, True]
    assert sc["x_text"].tolist() == ["1.0", "2.0", "3.0"] and sc["y_year_text"].tolist() == ["2563"] * 3
    c = compare.correlation(pairs)
    # by hand: x mean 2, y mean 13/3; sxy = 5, sxx = 2, syy = 12.67 -> r = 5 / sqrt(25.33) = 0.993
    assert c.pearson == pytest.approx(5 / np.sqrt(2 * (38 / 3)))
    assert view.correlation_text(c, "en") == "Pearson r = +0.99 · Spearman ρ = +1.00 · 3 provinces"
    assert view.correlation_text(compare.correlation(pairs.iloc[:2]), "en") == t("prog_corr_none", "en", n=2, k=3)
    table = view.scatter_table(sc, "X name", "Y name", "th", False)
    assert table[t("col_province", "th")].tolist() == ["กรุงเทพมหานคร ★", "นนทบุรี ★", "สมุทรปราการ"]
    assert list(table.columns) == [
        t("col_province", "th"),
        "X name",
        t("prog_col_x_year", "th"),
        "Y name",
        t("prog_col_y_year", "th"),
    ]


def test_can_log() -> None:
    sc = pd.DataFrame({"x": [1.0, 2.0], "y": [0.0, 3.0]})
    assert view.can_log(sc, "x") and not view.can_log(sc, "y") and not view.can_log(sc.iloc[0:0], "x")


def test_clicked_code_takes_the_first_known_code() -> None:
    valid = ["TH-10", "TH-11"]
    assert clicked_code([{"customdata": ["TH-11", "x"]}], valid) == "TH-11"
    assert clicked_code([{"customdata": ["<b>evil</b>"]}, {"customdata": ["TH-10"]}], valid) == "TH-10"
    assert clicked_code([{"x": 1}, {"customdata": "TH-10"}], valid) is None
    assert clicked_code(None, valid) is None


def test_parse_indicator() -> None:
    assert view.parse_indicator("pov", ["pov"]) == ("pov", None)
    assert view.parse_indicator(" pov ", ["pov"]) == ("pov", None)
    assert view.parse_indicator("[x](http://evil)", ["pov"]) == (None, "[x](http://evil)")
    assert view.parse_indicator(None, ["pov"]) == (None, None) and view.parse_indicator("", ["pov"]) == (None, None)


def test_indicator_labels() -> None:
    labels = view.indicator_labels(_indicators(), ["pov", "water"], "en")
    assert labels == {"pov": "1.2.1 Poverty", "water": "Tap water"}


# ---------------------------------------------------------------- on the built database


@pytest.fixture(scope="module")
def public(db_path):
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    cat = catalogue.load(con)
    year = int(cat.dataset_row("public")["latest_year"])
    yield con, cat, store.targets(con), year
    con.close()


def test_every_pilot_has_indicators_in_each_class_or_a_reason_on_public_data(public) -> None:
    """Done when: on the public data the view shows for each pilot how many indicators are on
    track, need acceleration or must reverse, with the years."""
    con, cat, targets, year = public
    for code in cat.pilot_codes:
        obs = queries.observations(con, "public", None, (code,), None, year, True)
        pv = view.province_view(obs, cat.indicators, targets, cat.goals, year=year, lang="en", demo=False)
        c = pv.counts
        assert c.n_assessed > 0, code
        direct = progress.anticipated_counts(progress.indicator_progress(obs, cat.indicators, targets, year=year))
        row = direct.iloc[0]
        got = (c.on_track, c.accelerate, c.reverse, c.no_data)
        assert got == tuple(int(row[a.value]) for a in Anticipated)
        assert pv.ap_years == f"{row['first_year']}–{row['last_year']}"
        assert len(pv.snapshot) == len(cat.goals) and len(pv.indicator_table) == len(pv.progress)


def test_counts_agree_with_anticipated_counts_for_every_province(public) -> None:
    """counts() skips the crosstab of lib.core.progress.anticipated_counts: same numbers."""
    con, cat, targets, year = public
    prog = progress.indicator_progress(queries.totals(con, "public"), cat.indicators, targets, year=year)
    want = progress.anticipated_counts(prog).set_index("province_code")
    for code, rows in prog.groupby("province_code"):
        c, w = view.counts(rows), want.loc[code]
        assert (c.on_track, c.accelerate, c.reverse, c.no_data) == tuple(int(w[a.value]) for a in Anticipated), code
        assert (c.first_year, c.last_year) == (
            None if pd.isna(w["first_year"]) else int(w["first_year"]),
            None if pd.isna(w["last_year"]) else int(w["last_year"]),
        ), code


def test_goal_view_on_public_data_respects_the_scope(public) -> None:
    con, cat, targets, year = public
    goal = int(cat.goal_of["doctors_per_pop"])
    ids = tuple(cat.indicators.loc[cat.indicators["goal"] == goal, "indicator_id"])
    obs = queries.observations(con, "public", ids, None, None, year, True)
    kw = {"goal": goal, "year": year, "lang": "th", "demo": False}
    every = view.goal_view(obs, cat.indicators, targets, cat.provinces, **kw)
    pilots = view.goal_view(obs, cat.indicators, targets, cat.provinces, codes=cat.pilot_codes, **kw)
    assert len(every.ranking) + every.n_missing == cat.n_provinces
    assert len(pilots.ranking) + pilots.n_missing == cat.n_pilots
    assert set(pilots.ranking["province_code"]) <= set(cat.pilot_codes)
    assert every.ranking["csi"].is_monotonic_decreasing
    assert every.years.startswith("25")  # B.E.


def test_peer_view_on_public_data(public) -> None:
    con, cat, _, year = public
    gpp = queries.observations(con, "public", (view.GPP_PER_CAPITA,), None, None, None, True)
    level = catalogue.scores(con, "public", year, cat).indicator_level
    code = cat.pilot_codes[0]
    pv = view.peer_view(
        cat.provinces,
        store.population(con),
        gpp,
        level,
        cat.indicators,
        code=code,
        pilots=cat.pilot_codes,
        year=year,
        lang="en",
        demo=False,
    )
    assert len(pv.peers) == peers.K_PEERS and code not in set(pv.peers["province_code"])
    assert len(pv.table) == peers.K_PEERS
    mine = level[(level["province_code"] == code) & level["value"].notna()]
    assert len(pv.comparison) == mine["indicator_id"].nunique()
    # no population, no peers: the view says so with empty tables
    none = view.peer_view(
        cat.provinces,
        store.population(con).iloc[0:0],
        gpp,
        level,
        cat.indicators,
        code=code,
        pilots=cat.pilot_codes,
        year=year,
        lang="en",
        demo=False,
    )
    assert none.peers.empty and none.table.empty and none.comparison.empty


def test_scatter_view_on_public_data(public) -> None:
    con, cat, _, _ = public
    obs = queries.observations(con, "public", ("gpp_per_capita", "doctors_per_pop"), None, 2022, 2022, True)
    sv = view.scatter_view(
        obs, cat.provinces, cat.indicators, x="gpp_per_capita", y="doctors_per_pop", year=2022, lang="en", demo=False
    )
    assert len(sv.frame) == sv.correlation.n == cat.n_provinces
    assert sv.frame["is_pilot"].sum() == cat.n_pilots
    assert sv.correlation.pearson is not None and -1 <= sv.correlation.pearson <= 1
    assert len(sv.table) == cat.n_provinces
