"""Hand-made frames shared by the view, chart and page tests of one page: small enough to
check the expected numbers on paper."""

from __future__ import annotations

import numpy as np
import pandas as pd

# ---------------------------------------------------------------- province

# the 15 pilots of DESIGN.md (tests/unit/store/test_geo.py checks them against it)
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


SDG_COLOURS = [
    "#E5243B",
    "#DDA63A",
    "#4C9F38",
    "#C5192D",
    "#FF3A21",
    "#26BDE2",
    "#FCC30B",
    "#A21942",
    "#FD6925",
    "#DD1367",
    "#FD9D24",
    "#BF8B2E",
    "#3F7E44",
    "#0A97D9",
    "#56C02B",
    "#00689D",
    "#19486A",
]


def goals_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "goal": range(1, 18),
            "name_th": [f"เป้าหมายเต็ม {g}" for g in range(1, 18)],
            "name_en": [f"Full goal {g}" for g in range(1, 18)],
            "short_th": [f"เป้าหมาย {g}" for g in range(1, 18)],
            "short_en": [f"Goal {g}" for g in range(1, 18)],
            "colour": SDG_COLOURS,
        }
    )


def province_goal_level(code: str, scores: dict[int, float], status: dict[int, str] | None = None) -> pd.DataFrame:
    status = status or {}
    return pd.DataFrame(
        {
            "province_code": code,
            "goal": list(scores),
            "score": list(scores.values()),
            "status": [status.get(g, "yellow") for g in scores],
            "trend": ["↑"] * len(scores),
            "n_indicators": 2,
            "n_missing": 0,
        }
    )


def province_indicators() -> pd.DataFrame:
    """Two indicators: poverty (goal 1, lower is better) and electricity (goal 7, higher)."""
    return pd.DataFrame(
        {
            "indicator_id": ["pov", "elec"],
            "goal": [1, 7],
            "sdg_code": ["1.2.1", None],
            "name_th": ["ความยากจน", "ไฟฟ้า"],
            "name_en": ["Poverty", "Electricity"],
            "unit": ["%", "% of households"],
            "unit_th": ["ร้อยละ", "ร้อยละของครัวเรือน"],
            "direction": ["lower", "higher"],
            "optimum": [0.0, 100.0],
            "green_threshold": [2.0, 99.0],
            "red_threshold": [10.0, 90.0],
            "lower_bound": [30.0, 60.0],
            "decimals": [1, 0],
        }
    )


# ---------------------------------------------------------------- partners


def partner_provinces() -> pd.DataFrame:
    rows = [(c, f"จ{c[-2:]}", f"P{c[-2:]}", True) for c in PILOTS] + [("TH-11", "สมุทรปราการ", "Samut Prakan", False)]
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en", "is_pilot"])


def sectors_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sector": ["government", "private", "civil_society", "people", "academia", "media", "international"],
            "name_th": list("กขคงจฉช"),
            "name_en": list("ABCDEFG"),
            "sort": range(1, 8),
        }
    )


def activities_frame() -> pd.DataFrame:
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


# ---------------------------------------------------------------- goal


def goal_provinces() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["TH-10", "TH-50", "TH-58", "TH-20", "TH-40"],
            "name_th": ["กรุงเทพมหานคร", "เชียงใหม่", "แม่ฮ่องสอน", "ชลบุรี", "ขอนแก่น"],
            "name_en": ["Bangkok", "Chiang Mai", "Mae Hong Son", "Chon Buri", "Khon Kaen"],
            "is_pilot": [True, True, True, False, False],
        }
    )


def goal_goal_level() -> pd.DataFrame:
    # goal 1 scores: TH-20 90, TH-10 80, TH-50 60, TH-40 60 (tie), TH-58 30; goal 2 only TH-10
    rows = [
        ("TH-20", 1, 90.0, "green"),
        ("TH-10", 1, 80.0, "yellow"),
        ("TH-50", 1, 60.0, "orange"),
        ("TH-40", 1, 60.0, "orange"),
        ("TH-58", 1, 30.0, "red"),
        ("TH-10", 2, 50.0, "orange"),
        ("TH-58", 2, np.nan, "grey"),
    ]
    return pd.DataFrame(
        {
            "province_code": [r[0] for r in rows],
            "goal": [r[1] for r in rows],
            "score": [r[2] for r in rows],
            "status": [r[3] for r in rows],
            "trend": "→",
            "n_indicators": 2,
            "n_missing": 0,
        }
    )
