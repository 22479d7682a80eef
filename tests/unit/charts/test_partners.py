"""Partners page: views (filters, URL form, breakdowns), figures, strings and the page (AppTest)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.charts import partners as charts
from lib.charts.theme import is_demo_figure
from lib.store import queries
from lib.views import partners as view

PILOTS = [
    "TH-10",
    "TH-30",
    "TH-34",
    "TH-41",
    "TH-50",
    "TH-57",
    "TH-58",
    "TH-63",
    "TH-76",
    "TH-83",
    "TH-84",
    "TH-90",
    "TH-94",
    "TH-95",
    "TH-96",
]


@pytest.fixture()
def provinces() -> pd.DataFrame:
    rows = [(c, f"จ{c[-2:]}", f"P{c[-2:]}", True) for c in PILOTS] + [("TH-11", "สมุทรปราการ", "Samut Prakan", False)]
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en", "is_pilot"])


@pytest.fixture()
def sectors() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sector": ["government", "private", "civil_society", "people", "academia", "media", "international"],
            "name_th": list("กขคงจฉช"),
            "name_en": list("ABCDEFG"),
            "sort": range(1, 8),
        }
    )


@pytest.fixture()
def acts() -> pd.DataFrame:
    """a1: programme-wide (all 15 pilots, all goals); a2: Tak, goals 1 and 11; a3: no province
    (a region), goal 4; a4: Tak and Samut Prakan (non-pilot), no goal stated."""
    rows = [
        ("a1", "undp", "UNDP", "ยูเอ็นดีพี", "international", "G", "ช", 7, PILOTS, list(range(1, 18)), "ALL"),
        ("a2", "moi", "MOI", "มท.", "government", "A", "ก", 1, ["TH-63"], [1, 11], "Tak"),
        ("a3", "su", "SU", "ม.ศิลปากร", "academia", "E", "จ", 5, [], [4], "Central region"),
        ("a4", "moi", "MOI", "มท.", "government", "A", "ก", 1, ["TH-11", "TH-63"], [], "Tak; Samut Prakan"),
    ]
    df = pd.DataFrame(
        rows,
        columns=[
            "activity_id",
            "partner_id",
            "partner_en",
            "partner_th",
            "sector",
            "sector_en",
            "sector_th",
            "sector_sort",
            "provinces",
            "goals",
            "area_label",
        ],
    )
    df["provinces"] = [np.array(p, dtype=object) for p in df["provinces"]]  # as DuckDB hands lists over
    df["goals"] = [np.array(g, dtype=np.int32) for g in df["goals"]]
    df["title"] = ["Programme", "Visit", "Study", "Workshop"]
    df["title_th"] = ["โครงการ", "ลงพื้นที่", "ศึกษา", "อบรม"]
    df["start_date"] = ["2022-12", "2024-05-24", None, "2023"]
    df["end_date"] = ["2024", None, None, "2023"]
    df["source_url"] = [
        "https://example.org/a1",
        "https://example.org/a2",
        "https://example.org/a3",
        "https://example.org/a4",
    ]
    return df


def test_figures(acts: pd.DataFrame, provinces: pd.DataFrame, sectors: pd.DataFrame) -> None:
    sp = view.sector_partner(acts, "th")
    fig = charts.partner_bars(sp, lang="th", title="title")
    assert [tr.meta["sector"] for tr in fig.data] == ["government", "academia", "international"]
    assert fig.data[0].name == "ก (2)" and list(fig.data[0].x) == [2]
    assert fig.data[0].marker.color == view.SECTOR_COLOURS["government"]
    assert list(fig.layout.yaxis.categoryarray) == ["ยูเอ็นดีพี", "ม.ศิลปากร", "มท."], "first sector on top"
    assert not is_demo_figure(fig, "th"), "partner activities are real: never stamped as demo"
    long = sp.assign(partner_name=["x" * 80 + "a", "x" * 80 + "b", "short"])
    cut = charts.partner_bars(long, lang="en", title="t")
    assert len(set(cut.layout.yaxis.categoryarray)) == 3 and all(len(c) <= 47 for c in cut.layout.yaxis.categoryarray)
    mat = view.province_sector(acts, PILOTS, provinces, sectors, "en")
    hm = charts.province_sector_heatmap(mat, lang="en", title="title")
    assert np.asarray(hm.data[0].z).shape == (15, 7)
    goals = pd.DataFrame(
        {"goal": range(1, 18), "short_th": ["x"] * 17, "short_en": ["x"] * 17, "colour": ["#E5243B"] * 16 + ["#19486A"]}
    )
    bars = charts.goal_bars(view.goal_counts(acts, goals, "en"), lang="en", title="title")
    assert list(bars.data[0].marker.color)[-1] == "#19486A"
    assert fig.layout.title.text == "title"


def test_figures_from_database(con) -> None:
    acts = queries.activities(con)
    goals = queries.goals(con)
    gc = view.goal_counts(acts, goals, "en")
    fig = charts.goal_bars(gc, lang="en", title="t")
    assert list(fig.data[0].marker.color) == goals["colour"].tolist(), "official goal colours"
    sp = view.sector_partner(acts, "en")
    assert int(sp["n"].sum()) == len(acts)
    assert set(sp["sector"]) <= set(view.SECTOR_COLOURS)
