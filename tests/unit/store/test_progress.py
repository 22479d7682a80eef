"""lib.store.progress: the 2030 targets and the population series as the progress page reads them."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from lib.core import progress
from lib.store import catalogue
from lib.store import progress as store


def test_targets_are_the_checked_seed_file(con) -> None:
    got = store.targets(con)
    want = progress.read_targets(indicators=catalogue.load(con).indicators)
    assert list(got.columns) == store.TARGET_COLUMNS
    assert got["indicator_id"].tolist() == sorted(want["indicator_id"])
    merged = got.merge(want, on="indicator_id", suffixes=("", "_file"))
    assert (merged["target_2030"] == merged["target_2030_file"]).all()
    assert (merged["basis"] == merged["basis_file"]).all()
    national = got[got["basis"] == "national"]
    assert len(national) and national["source_url"].str.startswith("http").all()


def test_targets_cover_every_indicator_with_data(con) -> None:
    """A progress view without a target would say 'no target' for real data."""
    with_data = {r[0] for r in con.execute("SELECT DISTINCT indicator_id FROM observation").fetchall()}
    assert with_data <= set(store.targets(con)["indicator_id"])


def test_population_is_one_value_per_province_and_year(con) -> None:
    pop = store.population(con)
    assert list(pop.columns) == ["province_code", "year", "value"]
    assert not pop.duplicated(["province_code", "year"]).any()
    assert pop["province_code"].nunique() == len(catalogue.load(con).provinces)
    assert (pop["value"] > 0).all() and pop["year"].notna().all()
    assert pop.equals(pop.sort_values(["province_code", "year"]).reset_index(drop=True))


@pytest.fixture()
def hostile() -> duckdb.DuckDBPyConnection:
    """A context table with what the query must not take: the kingdom (no province), an
    undated value, another series, and one province-year given twice."""
    c = duckdb.connect(":memory:")
    c.execute(
        """CREATE TABLE context_observation (province_code TEXT, area_label TEXT, measure TEXT, year INTEGER,
           value DOUBLE, unit TEXT, source_id TEXT, note TEXT)"""
    )
    m = store.POPULATION_MEASURE
    rows = [
        ("TH-10", m, 2020, 100.0),
        ("TH-10", m, 2020, 300.0),  # twice: averaged to 200
        ("TH-10", m, 2021, 210.0),
        (None, m, 2020, 66_000_000.0),  # the whole kingdom
        ("TH-11", m, None, 50.0),  # no year
        ("TH-11", "Population (NESDC provincial accounts, 2024 release)", 2020, 999.0),
        ("TH-11", m, 2019, 40.0),
    ]
    c.executemany(
        "INSERT INTO context_observation VALUES (?, 'x', ?, ?, ?, 'persons', 's', NULL)",
        [list(r) for r in rows],
    )
    yield c
    c.close()


def test_population_leaves_out_the_kingdom_undated_and_other_series(hostile) -> None:
    pop = store.population(hostile)
    want = pd.DataFrame(
        {"province_code": ["TH-10", "TH-10", "TH-11"], "year": [2020, 2021, 2019], "value": [200.0, 210.0, 40.0]}
    )
    pd.testing.assert_frame_equal(pop.reset_index(drop=True), want, check_dtype=False)


def test_population_of_another_measure_is_bound_not_formatted(hostile) -> None:
    assert store.population(hostile, "x' OR '1'='1").empty
