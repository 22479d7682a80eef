"""Partners page views: filters and URL form, the counting rules (programme-wide activities apart
from those that name provinces, the Pattani case, cards that count only the selection), the
sector x province matrix with its empty cells and the "no academic partner" lists, the activity
list and the download file. The frame ``hand_activities`` is small enough to check on paper."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from lib.core.paths import STRINGS_DIR
from lib.i18n import t
from lib.views import partners as view
from tests import frames
from tests.frames import PILOTS

PATTANI, YALA, NARATHIWAT, SAMUT_PRAKAN = "TH-94", "TH-95", "TH-96", "TH-11"
CODES = [PATTANI, YALA, NARATHIWAT, SAMUT_PRAKAN]

# partner_id, partner_en, partner_th, sector, sector_en, sector_th, sector_sort
PARTNERS = {
    "moi": ("moi", "MOI", "มท.", "government", "A", "ก", 1),
    "psu": ("psu", "PSU", "ม.อ.", "academia", "E", "จ", 5),
    "radio": ("radio", "Radio", "วิทยุ", "media", "F", "ฉ", 6),
    "su": ("su", "SU", "ม.ศิลปากร", "academia", "E", "จ", 5),
    "undp": ("undp", "UNDP", "ยูเอ็นดีพี", "international", "G", "ช", 7),
}


def hand_activities() -> pd.DataFrame:
    """Eight activities, as ``queries.activities`` hands them over:

    a1 MOI, Pattani, goals 1 and 11 (targets 1.2, 11.3), from 2024-05-24, ongoing, 1.0 M baht
    a2 PSU, Pattani and Yala, goal 4, 2023, completed, no budget
    a3 Radio, Yala, goals 4 and 16 (target 4.1), ends 2025-03, no status, 0.6 M
    a4 MOI, Samut Prakan (not a pilot) and Narathiwat, no goal, from 2021, no status, 0.8 M
    a5 SU, no province (a region), goal 4, no dates, 0.2 M
    a6 MOI, Yala, goal 16, 2024-01 to 2024-12, completed, no budget
    a7 UNDP, Narathiwat, goal 1, 2023-06 to 2023-09, completed, 0.4 M
    p1 UNDP, programme-wide (lists the 15 pilots), goals 1 and 4, 2022-12 to 2024, completed, 3.0 M
    """
    rows = [
        (
            "a1",
            "moi",
            "provinces",
            [PATTANI],
            [1, 11],
            ["1.2", "11.3"],
            "2024-05-24",
            None,
            "ongoing",
            1.0e6,
            "Pattani",
        ),
        ("a2", "psu", "provinces", [PATTANI, YALA], [4], [], "2023", "2023", "completed", None, "Pattani; Yala"),
        ("a3", "radio", "provinces", [YALA], [4, 16], ["4.1"], None, "2025-03", None, 6.0e5, "Yala"),
        ("a4", "moi", "provinces", [SAMUT_PRAKAN, NARATHIWAT], [], [], "2021", None, None, 8.0e5, "two provinces"),
        ("a5", "su", "provinces", [], [4], [], None, None, None, 2.0e5, "Central region"),
        ("a6", "moi", "provinces", [YALA], [16], [], "2024-01", "2024-12", "completed", None, "Yala"),
        ("a7", "undp", "provinces", [NARATHIWAT], [1], [], "2023-06", "2023-09", "completed", 4.0e5, "Narathiwat"),
        ("p1", "undp", "programme", PILOTS, [1, 4], [], "2022-12", "2024", "completed", 3.0e6, "ALL"),
    ]
    out = []
    for aid, pid, scope, provs, goals, targets, start, end, status, budget, area in rows:
        p = PARTNERS[pid]
        out.append(
            {
                "activity_id": aid,
                "title": f"Title {aid}",
                "title_th": f"ชื่อ {aid}",
                "start_date": start,
                "end_date": end,
                "area_label": area,
                "source_url": f"https://example.org/{aid}",
                "scope": scope,
                "status": status,
                "budget_thb": np.nan if budget is None else budget,
                "funding_source": None,
                "people_reached": pd.NA,
                "contact_agency": None,
                "partner_id": p[0],
                "partner_en": p[1],
                "partner_th": p[2],
                "sector": p[3],
                "sector_en": p[4],
                "sector_th": p[5],
                "sector_sort": p[6],
                "provinces": np.array(sorted(provs), dtype=object),  # as DuckDB hands lists over
                "goals": np.array(goals, dtype=np.int32),
                "targets": np.array(targets, dtype=object),
            }
        )
    df = pd.DataFrame(out)
    df["people_reached"] = df["people_reached"].astype("Int64")
    return df


@pytest.fixture()
def acts() -> pd.DataFrame:
    return hand_activities()


@pytest.fixture()
def provinces() -> pd.DataFrame:
    return frames.partner_provinces()


@pytest.fixture()
def sectors() -> pd.DataFrame:
    return frames.sectors_frame()


def ids(df: pd.DataFrame) -> list[str]:
    return df["activity_id"].tolist()


VALID = view.Valid(sectors=["government", "media", "academia"], partners=["moi", "undp"], provinces=PILOTS + ["TH-11"])


# ---------------------------------------------------------------- URL and filters


def test_parse_params_valid_and_defaults() -> None:
    sel, notices = view.parse_params({}, VALID)
    assert sel == view.Selection() and notices == [] and sel.programme
    sel, notices = view.parse_params(
        {"sector": "media,academia", "partner": "undp", "area": "th-58,TH-63", "sdg": "1,03", "follow": "1"}, VALID
    )
    assert notices == []
    assert sel == view.Selection(("media", "academia"), ("undp",), ("TH-58", "TH-63"), (1, 3), True)
    assert view.parse_params({"programme": "0"}, VALID)[0].programme is False


def test_parse_params_bad_values_give_notices() -> None:
    sel, notices = view.parse_params(
        {
            "sector": "media,<script>",
            "sdg": "0,18,x,5",
            "area": "TH-99",
            "follow": "yes",
            "partner": "",
            "programme": "2",
        },
        VALID,
    )
    assert sel.sectors == ("media",) and sel.goals == (5,) and sel.provinces == () and not sel.follow
    assert sel.programme, "a bad value keeps the default"
    assert {n.param for n in notices} == {"sector", "sdg", "area", "follow", "partner", "programme"}
    assert next(n for n in notices if n.param == "sector").value == "<script>"


def test_selection_url_form_round_trip() -> None:
    sel = view.Selection(("media",), (), ("TH-58",), (3, 11), False, programme=False)
    params = sel.to_params()
    assert params == {
        "sector": "media",
        "partner": None,
        "area": "TH-58",
        "sdg": "3,11",
        "follow": None,
        "programme": "0",
    }
    again, notices = view.parse_params({k: v for k, v in params.items() if v}, VALID)
    assert again == sel and not notices
    assert view.Selection().to_params()["programme"] is None, "the default is not written into the link"


def test_filter_activities_counts_programme_wide_apart(acts: pd.DataFrame) -> None:
    assert ids(view.filter_activities(acts)) == ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "p1"]
    assert ids(view.filter_activities(acts, sectors=["government"])) == ["a1", "a4", "a6"]
    assert ids(view.filter_activities(acts, partners=["undp"])) == ["a7", "p1"]
    # Pattani: the activities that name it, and the programme (Pattani is a pilot), marked apart
    pattani = view.filter_activities(acts, provinces=[PATTANI])
    assert ids(pattani) == ["a1", "a2", "p1"]
    assert pattani["programme"].tolist() == [False, False, True]
    # a non-pilot is not part of the programme; a5 names no province so it drops out
    assert ids(view.filter_activities(acts, provinces=[SAMUT_PRAKAN])) == ["a4"]
    assert ids(view.filter_activities(acts, provinces=[PATTANI], programme=False)) == ["a1", "a2"]
    assert ids(view.filter_activities(acts, goals=[4])) == ["a2", "a3", "a5", "p1"]
    assert ids(view.filter_activities(acts, goals=[16], provinces=[YALA], sectors=["government"])) == ["a6"]
    assert view.filter_activities(acts, sectors=["private"]).empty
    assert ids(view.local(pattani)) == ["a1", "a2"] and ids(view.programme_wide(pattani)) == ["p1"]


# ---------------------------------------------------------------- cards


def test_summary_counts_only_the_selection(acts: pd.DataFrame) -> None:
    s = view.summary(view.filter_activities(acts), (), PILOTS)
    assert (s.n_activities, s.n_partners, s.n_sectors, s.n_provinces, s.n_pilots) == (7, 5, 4, 4, 3)
    assert (s.n_programme, s.n_programme_partners) == (1, 1)


def test_summary_pattani_case(acts: pd.DataFrame) -> None:
    """The issue's bug: with Pattani selected the provinces card said 15 (the programme-wide rows
    list every pilot) and the counts took in other provinces. Now: activities, partners and
    sectors in Pattani, provinces = 1, the programme-wide activity on its own card."""
    found = view.filter_activities(acts, provinces=[PATTANI])
    s = view.summary(found, [PATTANI], PILOTS)
    assert (s.n_activities, s.n_partners, s.n_sectors, s.n_provinces) == (2, 2, 2, 1)
    assert s.n_programme == 1
    # a2 names Pattani and Yala: Yala is outside the selection, so it is not counted
    two = view.summary(view.filter_activities(acts, provinces=[PATTANI, SAMUT_PRAKAN]), [PATTANI, SAMUT_PRAKAN])
    assert (two.n_activities, two.n_provinces) == (3, 2)


def test_where_label() -> None:
    names = {PATTANI: "Pattani", YALA: "Yala", NARATHIWAT: "Narathiwat"}
    assert view.where_label([], names, "en") == ""
    assert view.where_label([PATTANI], names, "en") == "Pattani"
    assert view.where_label([YALA, PATTANI], names, "en") == "Pattani and Yala"
    assert view.where_label(list(names), names, "en") == t("part_n_provinces", "en", n=3)


# ---------------------------------------------------------------- Thai order


def test_thai_key_files_leading_vowels_under_their_consonant() -> None:
    names = ["แม่ฮ่องสอน", "ตาก", "เชียงใหม่", "กรุงเทพมหานคร"]
    assert sorted(names) == ["กรุงเทพมหานคร", "ตาก", "เชียงใหม่", "แม่ฮ่องสอน"], "code point order (wrong)"
    assert view.by_name(names) == ["กรุงเทพมหานคร", "เชียงใหม่", "ตาก", "แม่ฮ่องสอน"]
    assert view.by_name(["Yala", "Pattani"]) == ["Pattani", "Yala"]


def test_province_options_pilots_first_in_thai_order() -> None:
    provs = pd.DataFrame(
        {
            "code": ["TH-50", "TH-63", "TH-58", "TH-11"],
            "name_th": ["เชียงใหม่", "ตาก", "แม่ฮ่องสอน", "สมุทรปราการ"],
            "name_en": ["Chiang Mai", "Tak", "Mae Hong Son", "Samut Prakan"],
            "is_pilot": [True, True, True, False],
        }
    )
    assert view.province_options(provs, "th") == ["TH-50", "TH-63", "TH-58", "TH-11"]
    assert view.province_options(provs, "en") == ["TH-50", "TH-58", "TH-63", "TH-11"]


# ---------------------------------------------------------------- sectors and partners


def test_sector_partner_splits_programme_wide(acts: pd.DataFrame) -> None:
    sp = view.sector_partner(acts, "en")
    assert sp[["sector", "partner_id", "n", "n_local", "n_programme"]].values.tolist() == [
        ["government", "moi", 3, 3, 0],
        ["academia", "psu", 1, 1, 0],
        ["academia", "su", 1, 1, 0],
        ["media", "radio", 1, 1, 0],
        ["international", "undp", 2, 1, 1],
    ]
    assert sp["colour"].tolist() == [view.SECTOR_COLOURS[s] for s in sp["sector"]]
    table = view.sector_partner_table(sp, "th")
    assert list(table.columns) == [
        t("col_sector", "th"),
        t("col_partner", "th"),
        t("part_col_local", "th"),
        t("part_col_programme", "th"),
    ]
    assert view.sector_partner(acts.iloc[0:0], "en").empty


# ---------------------------------------------------------------- sector x province


def test_matrix_provinces(acts: pd.DataFrame, provinces: pd.DataFrame) -> None:
    assert view.matrix_provinces(acts, provinces, pilot_only=True) == PILOTS
    # programme-wide rows list the pilots only; non-pilots appear when an activity names them
    assert view.matrix_provinces(acts, provinces, pilot_only=False) == PILOTS + [SAMUT_PRAKAN]


def test_sector_cells_mark_programme_only_and_empty(
    acts: pd.DataFrame, provinces: pd.DataFrame, sectors: pd.DataFrame
) -> None:
    cells = view.sector_cells(acts, CODES, provinces, sectors, "en")
    assert len(cells) == 4 * 7
    assert cells.drop_duplicates("row")["province"].tolist() == ["P94 ★", "P95 ★", "P96 ★", "Samut Prakan"]
    state = {(c, s): st for c, s, st in zip(cells["code"], cells["sector"], cells["state"])}
    n = {(c, s): v for c, s, v in zip(cells["code"], cells["sector"], cells["n"])}
    assert state[(PATTANI, "government")] == view.NAMED and n[(PATTANI, "government")] == 1
    assert state[(PATTANI, "international")] == view.PROG_ONLY, "only the programme reaches Pattani"
    assert n[(PATTANI, "international")] == 0, "programme-wide work never counts as Pattani's"
    assert state[(PATTANI, "media")] == view.NONE
    assert state[(NARATHIWAT, "international")] == view.NAMED, "a7 names Narathiwat"
    assert state[(SAMUT_PRAKAN, "international")] == view.NONE, "the programme covers pilots only"
    assert int(cells["n"].sum()) == 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1  # a1 a2(x2) a3 a4(x2) a6 a7
    table = view.sector_matrix_table(cells, "en")
    row = table.loc[table[t("col_province", "en")] == "P94 ★"].iloc[0]
    assert row[t("part_sec_government", "en")] == "1"
    assert row[t("part_sec_international", "en")] == f"{t('part_mark_programme', 'en')} 1"
    assert row[t("part_sec_media", "en")] == t("part_mark_none", "en")
    assert row[t("part_col_present", "en")] == "2/7"


def test_sector_gaps_answer_which_provinces_have_no_academic_or_media_partner(
    acts: pd.DataFrame, provinces: pd.DataFrame, sectors: pd.DataFrame
) -> None:
    cells = view.sector_cells(acts, CODES, provinces, sectors, "en")
    gaps = {g.sector: g for g in view.sector_gaps(cells, "en")}
    assert list(gaps) == ["government", "private", "civil_society", "people", "academia", "media", "international"]
    assert gaps["government"].missing == (), "every province shown has a government partner"
    assert gaps["academia"].missing == ("P96", "Samut Prakan")
    assert gaps["media"].missing == ("P94", "P96", "Samut Prakan")
    prog = t("part_mark_programme", "en")
    assert gaps["international"].missing == (f"P94 {prog}", f"P95 {prog}", "Samut Prakan")
    assert view.gap_line(gaps["academia"], "en") == t("part_gap_line", "en", head="No academic partner", n=2, total=4)
    assert view.gap_line(gaps["media"], "th").startswith(t("part_gap_media", "th"))
    odd = view.SectorGap("unknown", "Odd sector", 4, ("P94",))
    assert view.gap_line(odd, "en").startswith(t("part_gap_other", "en", sector="Odd sector"))


def test_sector_share(acts: pd.DataFrame, provinces: pd.DataFrame, sectors: pd.DataFrame) -> None:
    share = view.sector_share(view.sector_cells(acts, CODES, provinces, sectors, "en"))
    assert share[["code", "n_named", "n_programme_only"]].values.tolist() == [
        [SAMUT_PRAKAN, 1, 0],
        [NARATHIWAT, 2, 0],
        [PATTANI, 2, 1],
        [YALA, 3, 1],
    ], "fewest sectors first"
    assert share.loc[share["code"] == PATTANI, "share"].iloc[0] == pytest.approx(2 / 7)
    table = view.sector_share_table(share, "th")
    assert table[t("part_col_present", "th")].tolist() == ["1/7", "2/7", "2/7", "3/7"]


# ---------------------------------------------------------------- goals


def test_goal_counts_split_programme_wide(acts: pd.DataFrame) -> None:
    gc = view.goal_counts(acts, frames.goals_frame(), "en")
    assert len(gc) == 17
    local = dict(zip(gc["goal"], gc["n_local"]))
    prog = dict(zip(gc["goal"], gc["n_programme"]))
    assert {g: v for g, v in local.items() if v} == {1: 2, 4: 3, 11: 1, 16: 2}
    assert {g: v for g, v in prog.items() if v} == {1: 1, 4: 1}
    assert gc.loc[0, "label"] == "1. Goal 1" and gc.loc[0, "n"] == 3
    table = view.goal_counts_table(gc, "th")
    assert list(table.columns) == [t("col_goal", "th"), t("part_col_local", "th"), t("part_col_programme", "th")]


# ---------------------------------------------------------------- activity list and download


def test_activity_table(acts: pd.DataFrame, provinces: pd.DataFrame) -> None:
    table = view.activity_table(acts, provinces, "th")
    assert list(table.columns)[-1] == t("col_link", "th")
    assert table[t("col_partner", "th")].tolist()[:3] == ["มท."] * 3, "government first"
    areas = dict(zip(table[t("col_activity", "th")], table[t("part_col_area", "th")]))
    assert areas["ชื่อ p1"] == t("part_area_all_pilots", "th", n=15)
    assert areas["ชื่อ a5"] == "Central region"  # the source's own wording when no province is named
    assert areas["ชื่อ a4"] == "จ96, สมุทรปราการ"
    goals = dict(zip(table[t("col_activity", "th")], table[t("part_col_goals", "th")]))
    assert goals["ชื่อ a1"] == "1, 11" and goals["ชื่อ a4"] == "–"
    start = dict(zip(table[t("col_activity", "th")], table[t("col_start", "th")]))
    assert start["ชื่อ a2"] == "2566" and start["ชื่อ a5"] == "–"  # B.E. in Thai
    status = dict(zip(table[t("col_activity", "th")], table[t("col_status", "th")]))
    assert status["ชื่อ a1"] == t("act_status_ongoing", "th") and status["ชื่อ a3"] == "–"
    budget = dict(zip(table[t("col_activity", "th")], table[t("part_col_budget_thb", "th")]))
    assert budget["ชื่อ a1"] == 1.0e6 and np.isnan(budget["ชื่อ a2"])
    en = view.activity_table(acts, provinces, "en")
    assert "2023" in en.loc[en[t("col_activity", "en")] == "Title a7", t("col_start", "en")].iloc[0]
    assert view.activity_table(acts.iloc[0:0], provinces, "en").empty


def test_activity_table_without_registry_columns(provinces: pd.DataFrame) -> None:
    """Frames from before the registry (no scope, status, budget) still make a list."""
    old = frames.activities_frame()
    assert len(view.activity_table(old, provinces, "en")) == 4
    assert not view.is_programme(old).any()


def test_export_frame_is_the_3w_template(acts: pd.DataFrame, provinces: pd.DataFrame) -> None:
    heads = [
        "partner",
        "sector",
        "title_en",
        "title_th",
        "provinces",
        "goals",
        "start_date",
        "end_date",
        "status",
        "budget_thb",
        "funding_source",
        "people_reached",
        "contact_agency",
        "source_url",
    ]
    en = view.export_frame(acts, provinces, "en")
    assert list(en.columns) == heads, "English headers are exactly the import template's"
    th = view.export_frame(acts, provinces, "th")
    assert list(th.columns) == [t(f"act_col_{h}", "th") for h in heads], "Thai headers in Thai mode"
    row = en.set_index("title_en")
    assert row.loc["Title a1", "goals"] == "1.2;11.3" and row.loc["Title a3", "goals"] == "4.1;16"
    assert row.loc["Title p1", "provinces"] == t("act_pilots_word", "en")
    assert th.set_index(t("act_col_title_en", "th")).loc["Title p1", t("act_col_provinces", "th")] == t(
        "act_pilots_word", "th"
    )
    assert row.loc["Title a4", "provinces"] == "P96;Samut Prakan"
    assert row.loc["Title a5", "provinces"] == "Central region"
    assert row.loc["Title a1", "start_date"] == "2024-05-24", "ISO dates, C.E., as the import reads them"
    assert row.loc["Title a1", "status"] == "ongoing" and row.loc["Title a3", "status"] == ""
    assert row.loc["Title a1", "budget_thb"] == 1_000_000 and pd.isna(row.loc["Title a2", "budget_thb"])
    assert str(en["budget_thb"].dtype) == "Int64", "whole baht stay whole numbers"
    assert view.export_frame(acts.iloc[0:0], provinces, "en").columns.tolist() == heads


def test_file_stem_and_readme() -> None:
    from datetime import datetime

    assert view.file_stem(view.Selection()) == "partner_activities"
    assert view.file_stem(view.Selection(provinces=(PATTANI,))) == "partner_activities_filtered_TH-94"
    assert view.file_stem(view.Selection(follow=True), PATTANI) == "partner_activities_TH-94"
    sel = view.Selection(("media",), (), (PATTANI,), (4,), programme=False)
    rows = view.filter_rows(sel, {"media": "Media"}, {}, {PATTANI: "Pattani"}, [PATTANI], [4], "en")
    assert rows == [
        (t("part_f_sector", "en"), "Media"),
        (t("part_f_partner", "en"), t("part_f_all", "en")),
        (t("part_f_province", "en"), "Pattani"),
        (t("part_f_goal", "en"), "4"),
        (t("part_f_programme", "en"), t("part_no", "en")),
    ]
    readme = view.readme_rows(rows, 3, datetime(2026, 12, 2, 9, 30), "th")
    assert readme[0] == (t("data_rm_title", "th"), t("part_rm_title", "th"))
    assert (t("data_rm_rows", "th"), "3") in readme


def test_strings_file() -> None:
    with open(STRINGS_DIR / "partners.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["key", "th", "en"]
    assert all(len(r) == 3 and r[0].startswith("part_") and r[1] and r[2] for r in rows[1:]), [
        r for r in rows[1:] if len(r) != 3
    ]
    for key in ("part_gap_government", "part_gap_academia", "part_gap_media", "part_gap_private"):
        assert key in {r[0] for r in rows}
