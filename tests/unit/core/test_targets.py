"""The 2030 targets file (data/seed/indicator_target.csv) and its loader's checks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.core.paths import SEED_DIR
from lib.core.progress import (
    TARGET_COLUMNS,
    TARGETS_PATH,
    TargetFileError,
    indicator_progress,
    parse_targets,
    read_targets,
)

# indicators with real (public) data when the file was made: each must have a target
WITH_PUBLIC_DATA = [
    "adolescent_birth",
    "doctors_per_pop",
    "forest_cover",
    "gpp_per_capita",
    "hh_income",
    "occupational_injury",
    "pov_headcount",
    "road_deaths",
    "serious_crime",
    "stunting_u5",
    "tourism_gpp_share",
    "waste_managed",
    "waste_per_capita",
    "waste_recycled",
]
NATIONAL = {
    "forest_cover": 40.0,
    "waste_managed": 80.0,
    "waste_recycled": 36.0,
    "road_deaths": 12.0,
    "adolescent_birth": 15.0,
}


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return pd.read_csv(SEED_DIR / "indicator.csv")


def test_shipped_file_loads_and_covers_the_catalogue(catalogue: pd.DataFrame):
    t = read_targets(indicators=catalogue)
    assert list(t.columns) == TARGET_COLUMNS
    assert set(WITH_PUBLIC_DATA) <= set(t["indicator_id"])
    assert set(t["indicator_id"]) == set(catalogue["indicator_id"])
    assert t["target_2030"].dtype == float


def test_shipped_national_targets_cite_their_source(catalogue: pd.DataFrame):
    t = read_targets(indicators=catalogue).set_index("indicator_id")
    nat = t[t["basis"] == "national"]
    assert dict(nat["target_2030"]) == NATIONAL
    assert nat["source_url"].str.startswith("https://").all()
    assert (nat["source_title"].str.len() > 20).all() and (nat["source_publisher"] != "").all()


def test_shipped_sdsn_rows_equal_green_threshold(catalogue: pd.DataFrame):
    t = read_targets(indicators=catalogue).merge(catalogue[["indicator_id", "green_threshold"]], on="indicator_id")
    sdsn = t[t["basis"] == "sdsn_green"]
    assert (sdsn["target_2030"] == sdsn["green_threshold"]).all()


# ----------------------------------------------------------------- the loader's checks

HEADER = ",".join(TARGET_COLUMNS)
CAT = pd.DataFrame({"indicator_id": ["a", "b"], "green_threshold": [10.0, 2.5]})
GOOD_A = "a,10,sdsn_green,SDSN green,catalogue,,"
GOOD_B = "b,3,national,National plan 2023-2027,NESDC,https://example.org/plan,target year 2027"


def _write(tmp_path: Path, *lines: str) -> Path:
    p = tmp_path / "targets.csv"
    p.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return p


def test_good_file(tmp_path: Path):
    t = read_targets(_write(tmp_path, GOOD_A, GOOD_B), indicators=CAT)
    assert t["target_2030"].tolist() == [10.0, 3.0]
    assert t.loc[0, "source_url"] == ""  # an empty cell stays '' (not NaN)


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("zzz,1,national,T,P,https://x.org,", "indicator_id", "unknown indicator 'zzz'"),
        ("b,three,national,T,P,https://x.org,", "target_2030", "'three' is not a number"),
        ("b,,national,T,P,https://x.org,", "target_2030", "is not a number"),
        ("b,inf,national,T,P,https://x.org,", "target_2030", "not a finite number"),
        ("b,3,regional,T,P,https://x.org,", "basis", "'regional' is not one of national, sdsn_green"),
        ("b,3,national,T,P,,", "source_url", "needs the http(s) address"),
        ("b,3,national,T,P,www.x.org,", "source_url", "needs the http(s) address"),
        ("b,3,national,,P,https://x.org,", "source_title", "needs the title"),
        ("b,3,sdsn_green,T,P,,", "target_2030", "must equal the catalogue's green threshold 2.5"),
    ],
)
def test_bad_row_is_named(tmp_path: Path, line: str, column: str, words: str):
    path = _write(tmp_path, GOOD_A, line)
    with pytest.raises(TargetFileError) as err:
        read_targets(path, indicators=CAT)
    msg = str(err.value)
    # the file, the row (line 3: header, GOOD_A, then the bad one) and the column
    assert str(path) in msg and "row 3" in msg and f"column {column}" in msg and words in msg


def test_repeated_indicator(tmp_path: Path):
    with pytest.raises(TargetFileError, match=r"row 3, column indicator_id: 'a' is already given on row 2"):
        read_targets(_write(tmp_path, GOOD_A, GOOD_A), indicators=CAT)


def test_missing_column():
    raw = pd.DataFrame({"indicator_id": ["a"], "target_2030": ["10"]})
    with pytest.raises(TargetFileError, match="missing column"):
        parse_targets(raw, indicators=CAT, source="t.csv")


def test_targets_drive_progress(catalogue: pd.DataFrame):
    # the shipped road-deaths target (12 per 100,000, national) is the one progress uses
    obs = pd.DataFrame(
        {
            "indicator_id": ["road_deaths"] * 2,
            "province_code": ["TH-10"] * 2,
            "year": [2015, 2020],
            "value": [32.0, 27.0],
        }
    )
    df = indicator_progress(obs, catalogue, read_targets(TARGETS_PATH, indicators=catalogue), year=2024)
    row = df.iloc[0]
    # gain 32 - 27 = 5, need 32 - 12 = 20 -> 0.25
    assert row["target"] == 12.0 and row["target_basis"] == "national" and row["csi"] == pytest.approx(0.25)
