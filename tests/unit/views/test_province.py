"""Province profile (lib/views/province.py, lib/charts/province.py, pages/2_province.py).

Hand-made frames where the expected numbers can be checked on paper; the session database
(built from data/seed) for the page itself under AppTest."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from lib.i18n import t
from lib.store import queries
from lib.views import common
from lib.views import province as view
from tests import frames
from tests.frames import PILOTS

THAI = re.compile(r"[\u0E00-\u0E7F]")


N_PROVINCES = 77  # the seed's provinces (data/seed/province.csv)


ALL_77 = PILOTS + [f"TH-{n}" for n in range(11, 100) if f"TH-{n}" not in PILOTS][:62]


@pytest.fixture()
def goals() -> pd.DataFrame:
    return frames.goals_frame()


_goal_level = frames.province_goal_level


_indicators = frames.province_indicators


def test_weakest_goals_are_the_three_lowest(goals):
    # goal 5 = 20, goal 9 = 20 (tie: lower goal number first), goal 2 = 31; goal 3 has no score
    scores = {g: 50.0 + g for g in range(1, 18)}
    scores.update({5: 20.0, 9: 20.0, 2: 31.0, 3: np.nan})
    strip = view.goal_strip(_goal_level("TH-58", scores), goals, "TH-58", "en")
    weak = view.weakest_goals(strip)
    assert weak["goal"].tolist() == [5, 9, 2]
    assert weak["score"].tolist() == [20.0, 20.0, 31.0]


def test_weakest_goals_fewer_than_three_when_few_scores(goals):
    strip = view.goal_strip(_goal_level("TH-58", {4: 10.0}), goals, "TH-58", "en")
    assert view.weakest_goals(strip)["goal"].tolist() == [4]


def test_goal_strip_has_17_goals_and_grey_for_missing(goals):
    strip = view.goal_strip(_goal_level("TH-58", {1: 40.0}, {1: "red"}), goals, "TH-58", "th")
    assert strip["goal"].tolist() == list(range(1, 18))
    assert strip.loc[0, "status"] == "red" and strip.loc[0, "label"] == "1. เป้าหมาย 1"
    assert (strip.loc[1:, "status"] == "grey").all() and (strip.loc[1:, "trend"] == "•").all()
    assert strip.loc[1, "status_label"] == t("status.grey", "th")
    # a province the dataset does not cover at all: 17 grey goals, no exception
    assert (view.goal_strip(_goal_level("TH-10", {1: 1.0}), goals, "TH-58", "en")["status"] == "grey").all()


def test_headline_ranks_and_non_pilot():
    idx = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-58", "TH-20", "TH-21"],
            "index": [70.0, 40.0, 80.0, np.nan],
            "n_missing": [0, 1, 0, 30],
            "rank_pilot": pd.array([1, 2, None, None], dtype="Int64"),
            "rank_all": pd.array([2, 3, 1, None], dtype="Int64"),
        }
    )
    h = view.headline(idx, "TH-58", ["TH-10", "TH-58"], 35)
    assert (h.index, h.rank_pilot, h.rank_all, h.n_ranked_pilot, h.n_ranked_all) == (40.0, 2, 3, 2, 3)
    h = view.headline(idx, "TH-20", ["TH-10", "TH-58"], 35)
    assert not h.is_pilot and h.rank_pilot is None and h.rank_all == 1
    h = view.headline(idx, "TH-21", ["TH-10", "TH-58"], 35)
    assert h.index is None and h.rank_all is None and h.n_missing == 30
    h = view.headline(idx, "TH-99", ["TH-10", "TH-58"], 35)  # not in the dataset at all
    assert h.index is None and h.n_missing == 35


def test_series_pilot_average_is_mean_of_the_15_and_national_of_all_77():
    # value = position in ALL_77 (pilots are 0..14): pilot mean = (0+...+14)/15 = 7;
    # national mean = (0+...+76)/77 = 38; the province TH-58 is position 6.
    obs = pd.DataFrame({"province_code": ALL_77, "year": 2023, "value": [float(i) for i in range(77)]})
    nat = pd.DataFrame({"year": [2023], "value": [5.4]})
    s = view.series(obs, "TH-58", PILOTS, nat, n_provinces=N_PROVINCES).set_index("series")
    assert s.loc["province", "value"] == 6.0
    assert s.loc["pilot_avg", "value"] == pytest.approx(7.0) and s.loc["pilot_avg", "n"] == 15
    assert s.loc["national_avg", "value"] == pytest.approx(38.0) and s.loc["national_avg", "n"] == 77
    assert s.loc["published", "value"] == 5.4


def test_series_averages_need_half_of_the_group():
    # 2022: 8 of the 15 pilots have a value (values 1..8 -> mean 4.5, shown: 8 >= 7.5);
    # 2023: 7 pilots (hidden: 7 < 7.5). National (77): 8 or 7 provinces, far below 38.5 -> hidden.
    rows = [(PILOTS[i], 2022, float(i + 1)) for i in range(8)] + [(PILOTS[i], 2023, 1.0) for i in range(7)]
    obs = pd.DataFrame(rows, columns=["province_code", "year", "value"])
    s = view.series(obs, "TH-58", PILOTS, n_provinces=N_PROVINCES)
    pil = s.loc[s["series"] == "pilot_avg"]
    assert pil["year"].tolist() == [2022] and pil["value"].tolist() == [4.5] and pil["n"].tolist() == [8]
    assert not (s["series"] == "national_avg").any()
    # a small group of provinces counts against n_provinces
    assert (view.series(obs, "TH-58", PILOTS, n_provinces=16)["series"] == "national_avg").sum() == 1


def test_series_uses_only_provinces_with_a_value_that_year():
    # min_coverage 0: 2022 pilots TH-10 (2) and TH-50 (4) -> pilot mean 3; TH-20 (9) joins the national mean 5
    obs = pd.DataFrame(
        {
            "province_code": ["TH-10", "TH-50", "TH-20", "TH-10"],
            "year": [2022, 2022, 2022, 2023],
            "value": [2.0, 4.0, 9.0, np.nan],
        }
    )
    s = view.series(obs, "TH-58", PILOTS, min_coverage=0, n_provinces=N_PROVINCES)
    assert not (s["series"] == "province").any()  # TH-58 has no value: averages only
    assert not (s["year"] == 2023).any()  # NaN values are dropped
    row = s.set_index("series").loc["pilot_avg"]
    assert row["value"] == 3.0 and row["n"] == 2
    assert s.set_index("series").loc["national_avg", "value"] == 5.0
    assert view.series(obs.iloc[0:0], "TH-58", PILOTS, n_provinces=N_PROVINCES).empty


def test_indicator_table_value_unit_year_source():
    inds = _indicators()
    level = pd.DataFrame(
        {
            "indicator_id": ["pov", "elec"],
            "province_code": "TH-58",
            "goal": [1, 7],
            "year": [2023, 2021],
            "value": [6.0, 97.4],
            "score": [80.0, 93.5],
            "status": ["orange", "yellow"],
            "trend": ["↗", "•"],
        }
    )
    obs = pd.DataFrame(
        {
            "indicator_id": ["pov", "pov"],
            "province_code": "TH-58",
            "year": [2022, 2023],
            "source_title": ["Old", "NESDC poverty report"],
            "source_publisher": ["NESDC", "NESDC"],
            "source_url": ["https://a.example/old", "https://nesdc.go.th/x"],
        }
    )
    th = view.indicator_table(level, obs, inds, "TH-58", "th")
    assert th[t("col_value", "th")].tolist() == ["6.0 ร้อยละ", "97 ร้อยละของครัวเรือน"]
    assert th[t("col_year", "th")].tolist() == ["2566", "2564"]  # B.E.
    assert th[t("col_link", "th")].tolist()[0] == "https://nesdc.go.th/x"  # the scored year's source
    assert th[t("col_link", "th")].tolist()[1] is None  # no source row -> no link
    assert th[t("col_indicator", "th")].tolist() == ["1.2.1 ความยากจน", "ไฟฟ้า"]
    assert th[t("col_status", "th")].tolist() == [t("status.orange", "th"), t("status.yellow", "th")]
    en = view.indicator_table(level, obs, inds, "TH-58", "en")
    assert en[t("col_year", "en")].tolist() == ["2023", "2021"]
    assert en[t("col_trend", "en")].tolist() == ["↗ Moderately improving", "• No trend data"]
    assert view.indicator_table(level, obs, inds, "TH-10", "en").empty


def test_goal_indicators_of_weakest_goals_include_missing_ones():
    inds = _indicators()
    level = pd.DataFrame(
        {
            "indicator_id": ["pov"],
            "province_code": "TH-58",
            "goal": [1],
            "year": [2023],
            "value": [6.0],
            "score": [80.0],
            "status": ["orange"],
            "trend": ["↗"],
        }
    )
    rows = view.goal_indicators(level, inds, "TH-58", [7, 1], "en")
    assert rows["indicator_id"].tolist() == ["elec", "pov"]  # goal order as given
    assert rows.loc[0, "status"] == "grey" and rows.loc[0, "value_text"] == "–"


def test_date_label_thai_buddhist_era_and_months():
    assert common.date_label("2022-12", "th") == "ธ.ค. 2565"
    assert common.date_label("2024-06-18", "th") == "18 มิ.ย. 2567"
    assert common.date_label("2024", "th") == "2567"
    assert common.date_label("2022-12", "en") == "Dec 2022"
    assert common.date_label(None, "en") == "–" and common.date_label(float("nan"), "th") == "–"
    assert common.date_label("around 2020", "en") == "around 2020"


def test_partner_table_filters_on_the_province_list():
    acts = pd.DataFrame(
        {
            "activity_id": ["a1", "a2"],
            "title": ["Profiles", "Pledge"],
            "title_th": ["โปรไฟล์", "คำมั่น"],
            "start_date": ["2022-12", None],
            "end_date": ["2024", None],
            "source_url": ["https://u/1", "https://u/2"],
            "partner_th": ["ยูเอ็นดีพี", "มท."],
            "partner_en": ["UNDP", "MOI"],
            "sector_th": ["ระหว่างประเทศ", "รัฐ"],
            "sector_en": ["International", "Government"],
            "sector_sort": [7, 1],
            "provinces": [np.array(["TH-10", "TH-58"]), np.array(["TH-10"])],
        }
    )
    th = view.partner_table(acts, "TH-58", "th")
    assert th[t("col_partner", "th")].tolist() == ["ยูเอ็นดีพี"]
    assert th[t("col_activity", "th")].tolist() == ["โปรไฟล์"]
    assert th[t("col_start", "th")].tolist() == ["ธ.ค. 2565"] and th[t("col_end", "th")].tolist() == ["2567"]
    assert len(view.partner_table(acts, "TH-10", "en")) == 2
    assert view.partner_table(acts, "TH-20", "en").empty


def test_findings_split_own_and_general():
    f = pd.DataFrame(
        {
            "province_code": ["TH-58", None],
            "area_label": ["Mae Hong Son", "15 pilots"],
            "year": [2022, None],
            "topic": ["Poverty rank", "Profiles"],
            "statement": ["1", "published"],
            "unit": ["rank of 77", "text"],
            "note": [None, "n"],
            "source_title": ["NESDC", "UNDP"],
            "source_url": ["https://n/1", None],
        }
    )
    own, general = view.findings_tables(f, "TH-58", "th")
    assert own[t("prov_col_statement", "th")].tolist() == ["อันดับที่ 1 จาก 77 จังหวัด"]
    assert own[t("col_year", "th")].tolist() == ["2565"]
    assert general[t("prov_col_area", "th")].tolist() == ["15 pilots"] and general[t("col_year", "th")].tolist() == [
        "–"
    ]


def test_findings_use_thai_columns_falling_back_per_cell():
    f = pd.DataFrame(
        {
            "province_code": ["TH-58", "TH-58"],
            "area_label": ["Mae Hong Son"] * 2,
            "year": [2022, 2024],
            "topic": ["Poverty rank", "Profile"],
            "statement": ["1", "challenge"],
            "unit": ["rank of 77", "text"],
            "note": ["Top-10", None],
            "source_title": ["NESDC", "UNDP"],
            "source_url": [None, None],
            "area_label_th": ["แม่ฮ่องสอน"] * 2,
            "topic_th": ["อันดับความยากจน", None],
            "statement_th": ["1", "เป็นความท้าทาย"],
            "unit_th": ["อันดับจาก 77 จังหวัด", "ข้อความ"],
            "note_th": ["10 อันดับแรก", None],
        }
    )
    th, _ = view.findings_tables(f, "TH-58", "th")
    assert th[t("prov_col_topic", "th")].tolist() == ["อันดับความยากจน", "Profile"]  # no Thai yet -> English
    assert th[t("prov_col_statement", "th")].tolist() == ["อันดับที่ 1 จาก 77 จังหวัด", "เป็นความท้าทาย"]
    assert th[t("prov_col_note", "th")].tolist() == ["10 อันดับแรก", ""]
    en, _ = view.findings_tables(f, "TH-58", "en")
    assert en[t("prov_col_topic", "en")].tolist() == ["Poverty rank", "Profile"]
    assert en[t("prov_col_statement", "en")].tolist() == ["rank 1 of 77", "challenge"]
    assert en[t("prov_col_note", "en")].tolist() == ["Top-10", ""]


def test_pilot_findings_are_thai_in_thai_and_english_in_english(con):
    findings = queries.findings(con, "TH-58")
    own_th, general_th = view.findings_tables(findings, "TH-58", "th")
    assert len(own_th) >= 5 and len(general_th) >= 1
    for table in (own_th, general_th):
        for key in ("prov_col_topic", "prov_col_statement", "prov_col_note"):
            assert all(THAI.search(x) for x in table[t(key, "th")]), key
    assert all(THAI.search(x) for x in general_th[t("prov_col_area", "th")])
    assert "อันดับที่ 1 จาก 76 จังหวัด" in own_th[t("prov_col_statement", "th")].tolist()

    own_en, general_en = view.findings_tables(findings, "TH-58", "en")
    mine = findings.loc[findings["province_code"] == "TH-58"]
    assert own_en[t("prov_col_topic", "en")].tolist() == mine["topic"].tolist()
    assert "rank 1 of 76" in own_en[t("prov_col_statement", "en")].tolist()
    for table in (own_en, general_en):
        assert not any(THAI.search(x) for col in table.columns for x in table[col].astype(str))


def test_pilot_average_on_the_built_database(con):
    inds = queries.indicators(con)
    pilots = queries.provinces(con).query("is_pilot")["code"].tolist()
    assert len(pilots) == 15
    iid = str(inds["indicator_id"].iloc[0])
    obs = queries.observations(con, "demo", [iid], None, None, None, True)
    s = view.series(obs, "TH-58", pilots, queries.national_observations(con, "demo", iid), n_provinces=N_PROVINCES)
    year = int(obs["year"].max())
    expected = obs.loc[obs["province_code"].isin(pilots) & (obs["year"] == year), "value"].mean()
    got = s.loc[(s["series"] == "pilot_avg") & (s["year"] == year), "value"].iloc[0]
    assert got == pytest.approx(expected)


@pytest.mark.slow
def test_thai_vocabulary_is_up_to_date() -> None:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "scripts.make_th_words", "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (("7", "rank of 76", "อันดับจาก 76 จังหวัด", "th"), "อันดับที่ 7 จาก 76 จังหวัด"),
        (("7", "rank of 76", "rank of 76", "en"), "rank 7 of 76"),
        (("3", "list position", "ลำดับในรายชื่อ", "en"), "position 3 in the list"),
        (("5.42", "%", "%", "th"), "5.42 %"),
        (("19", "years", "ปี", "th"), "19 ปี"),
        (("เป็นความท้าทาย", "status (text)", "สถานะ (ข้อความ)", "th"), "เป็นความท้าทาย"),  # no unit code shown
        (("no value printed in source", "% of population", "% of population", "en"), "no value printed in source"),
    ],
)
def test_finding_text_reads_naturally(args: tuple, want: str) -> None:
    assert view.finding_text(*args) == want


def test_weak_chart_draws_at_most_k_per_goal_weakest_first() -> None:
    rows = pd.DataFrame(
        {
            "goal": [4] * 12 + [9] * 3,
            "indicator_id": [f"i{i}" for i in range(15)],
            "score": [float(i) for i in range(12)] + [1.0, 2.0, None],
        }
    )
    drawn = view.weakest_per_goal(rows, 10)
    assert drawn["goal"].tolist() == [4] * 10 + [9] * 3  # goal order kept, the rest of goal 4 cut
    assert drawn.loc[drawn["goal"] == 4, "indicator_id"].tolist() == [f"i{i}" for i in range(10)]
