"""Partners page: views (filters, URL form, breakdowns), figures, strings and the page (AppTest)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from lib.core.paths import STRINGS_DIR
from lib.i18n import t
from lib.views import partners as view
from tests import frames
from tests.frames import PILOTS


@pytest.fixture()
def provinces() -> pd.DataFrame:
    return frames.partner_provinces()


@pytest.fixture()
def sectors() -> pd.DataFrame:
    return frames.sectors_frame()


@pytest.fixture()
def acts() -> pd.DataFrame:
    return frames.activities_frame()


VALID = view.Valid(sectors=["government", "media", "academia"], partners=["moi", "undp"], provinces=PILOTS + ["TH-11"])


def test_parse_params_valid_and_defaults() -> None:
    sel, notices = view.parse_params({}, VALID)
    assert sel == view.Selection() and notices == []
    sel, notices = view.parse_params(
        {"sector": "media,academia", "partner": "undp", "area": "th-58,TH-63", "sdg": "1,03", "follow": "1"}, VALID
    )
    assert notices == []
    assert sel == view.Selection(("media", "academia"), ("undp",), ("TH-58", "TH-63"), (1, 3), True)
    assert view.parse_params(sel.to_params() | {}, VALID)[0].sectors == sel.sectors


def test_parse_params_bad_values_give_notices() -> None:
    sel, notices = view.parse_params(
        {"sector": "media,<script>", "sdg": "0,18,x,5", "area": "TH-99", "follow": "yes", "partner": ""}, VALID
    )
    assert sel.sectors == ("media",) and sel.goals == (5,) and sel.provinces == () and not sel.follow
    assert {n.param for n in notices} == {"sector", "sdg", "area", "follow", "partner"}
    assert next(n for n in notices if n.param == "sector").value == "<script>"


def test_selection_url_form_round_trip() -> None:
    sel = view.Selection(("media",), (), ("TH-58",), (3, 11), False)
    params = sel.to_params()
    assert params == {"sector": "media", "partner": None, "area": "TH-58", "sdg": "3,11", "follow": None}
    again, notices = view.parse_params({k: v for k, v in params.items() if v}, VALID)
    assert again == sel and not notices


def test_filter_activities(acts: pd.DataFrame) -> None:
    ids = lambda df: df["activity_id"].tolist()  # noqa: E731
    assert ids(view.filter_activities(acts)) == ["a1", "a2", "a3", "a4"]
    assert ids(view.filter_activities(acts, sectors=["government"])) == ["a2", "a4"]
    assert ids(view.filter_activities(acts, partners=["undp"])) == ["a1"]
    # programme-wide a1 is in every pilot; a3 names no province so it drops out under a province filter
    assert ids(view.filter_activities(acts, provinces=["TH-58"])) == ["a1"]
    assert ids(view.filter_activities(acts, provinces=["TH-63"])) == ["a1", "a2", "a4"]
    assert ids(view.filter_activities(acts, provinces=["TH-11"])) == ["a4"]
    assert ids(view.filter_activities(acts, goals=[4])) == ["a1", "a3"]
    assert ids(view.filter_activities(acts, goals=[11], provinces=["TH-63"], sectors=["government"])) == ["a2"]
    assert view.filter_activities(acts, sectors=["media"]).empty


def test_summary(acts: pd.DataFrame) -> None:
    s = view.summary(acts)
    assert (s.n_activities, s.n_partners, s.n_sectors, s.n_provinces) == (4, 3, 3, 16)


def test_sector_partner(acts: pd.DataFrame) -> None:
    sp = view.sector_partner(acts, "en")
    assert sp[["sector", "partner_id", "n"]].values.tolist() == [
        ["government", "moi", 2],
        ["academia", "su", 1],
        ["international", "undp", 1],
    ]
    assert sp["colour"].tolist() == [view.SECTOR_COLOURS[s] for s in sp["sector"]]
    table = view.sector_partner_table(sp, "th")
    assert list(table.columns) == [t("col_sector", "th"), t("col_partner", "th"), t("part_col_n", "th")]
    assert view.sector_partner(acts.iloc[0:0], "en").empty


def test_province_sector_matrix(acts: pd.DataFrame, provinces: pd.DataFrame, sectors: pd.DataFrame) -> None:
    codes = view.matrix_provinces(acts, provinces, pilot_only=True)
    assert codes == PILOTS
    mat = view.province_sector(acts, codes, provinces, sectors, "en")
    short = [t(f"part_sec_{s}", "en") for s in sectors["sector"]]
    assert mat.shape == (15, 7) and list(mat.columns) == short and mat.attrs["full"] == list("ABCDEFG")
    gov, intl = short[0], short[-1]
    assert mat.loc["P63 ★", gov] == 2 and mat.loc["P63 ★", intl] == 1  # a2 + a4, and programme-wide a1
    assert mat.loc["P58 ★", intl] == 1 and mat.loc["P58 ★", gov] == 0
    assert int(mat.to_numpy().sum()) == 15 + 2
    # pilot-only off: provinces with activities, pilots first then the others
    wide = view.matrix_provinces(acts, provinces, pilot_only=False)
    assert wide == PILOTS + ["TH-11"]
    mat2 = view.province_sector(acts, wide, provinces, sectors, "th")
    assert mat2.loc["สมุทรปราการ", t("part_sec_government", "th")] == 1
    assert view.sector_short("unknown_sector", "Full name", "en") == "Full name"
    assert view.province_sector_table(mat2).columns[0] == t("col_province", "th")


def test_goal_counts(acts: pd.DataFrame) -> None:
    goals = pd.DataFrame(
        {
            "goal": range(1, 18),
            "short_th": [f"ก{g}" for g in range(1, 18)],
            "short_en": [f"G{g}" for g in range(1, 18)],
            "colour": [f"#0000{g:02d}" for g in range(1, 18)],
        }
    )
    gc = view.goal_counts(acts, goals, "en")
    assert len(gc) == 17
    assert dict(zip(gc["goal"], gc["n"])) == {g: 1 + (g in (1, 11, 4)) for g in range(1, 18)}
    assert gc.loc[0, "label"] == "1. G1" and gc.loc[0, "colour"] == "#000001"


def test_activity_table(acts: pd.DataFrame, provinces: pd.DataFrame) -> None:
    table = view.activity_table(acts, provinces, "th")
    assert list(table.columns)[-1] == t("col_link", "th")
    first = table.iloc[0]  # government first (sector order), then by partner and id
    assert first[t("col_activity", "th")] == "ลงพื้นที่"
    areas = dict(zip(table[t("col_activity", "th")], table[t("part_col_area", "th")]))
    assert areas["โครงการ"] == t("part_area_all_pilots", "th", n=15)
    assert areas["ศึกษา"] == "Central region"  # the source's own wording when no province is named
    assert areas["อบรม"] == "จ63, สมุทรปราการ"
    goals = dict(zip(table[t("col_activity", "th")], table[t("part_col_goals", "th")]))
    assert goals["โครงการ"] == t("part_goals_all", "th") and goals["ลงพื้นที่"] == "1, 11" and goals["อบรม"] == "–"
    start = dict(zip(table[t("col_activity", "th")], table[t("col_start", "th")]))
    assert start["โครงการ"].endswith("2565") and start["ศึกษา"] == "–"  # B.E. in Thai
    en = view.activity_table(acts, provinces, "en")
    assert "2022" in en.loc[en[t("col_activity", "en")] == "Programme", t("col_start", "en")].iloc[0]
    assert view.activity_table(acts.iloc[0:0], provinces, "en").empty


def test_strings_file() -> None:
    with open(STRINGS_DIR / "partners.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["key", "th", "en"]
    assert all(len(r) == 3 and r[0].startswith("part_") and r[1] and r[2] for r in rows[1:]), [
        r for r in rows[1:] if len(r) != 3
    ]
