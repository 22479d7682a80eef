"""lib.store.queries: the pre-aggregating queries give what the pandas computation on every total gives."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core import scoring
from lib.store import queries


def _scores(obs: pd.DataFrame, inds: pd.DataFrame, provs: pd.DataFrame, year: int, base: int) -> scoring.Scores:
    pilots = provs.loc[provs["is_pilot"], "code"].tolist()
    return scoring.compute_all(obs, inds, year, pilots, provinces=provs["code"].tolist(), base_year=base)


@pytest.mark.parametrize("dataset", ["demo", "public"])
@pytest.mark.parametrize(("year", "base"), [(2024, 2015), (2020, 2015), (2016, 2015), (2022, 2019), (2014, 2015)])
def test_scoring_input_scores_like_all_totals(con, dataset: str, year: int, base: int) -> None:
    inds, provs = queries.indicators(con), queries.provinces(con)
    full = queries.totals(con, dataset)
    reduced = queries.scoring_input(con, dataset, year, base)
    assert len(reduced) <= 2 * len(full.loc[full["year"] <= year, ["indicator_id", "province_code"]].drop_duplicates())
    a, b = _scores(full, inds, provs, year, base), _scores(reduced, inds, provs, year, base)
    for level in ("indicator_level", "goal_level", "index_level"):
        pd.testing.assert_frame_equal(
            getattr(a, level).reset_index(drop=True),
            getattr(b, level).reset_index(drop=True),
            check_exact=False,
            rtol=1e-12,
            check_dtype=False,
        )


def test_scoring_input_keeps_latest_and_start_only(con) -> None:
    full = queries.totals(con, "demo")
    red = queries.scoring_input(con, "demo", 2022, 2017)
    key = ["indicator_id", "province_code"]
    cut = full.loc[full["year"] <= 2022]
    want_latest = cut.groupby(key)["year"].max()
    want_start = cut.loc[cut["year"] >= 2017].groupby(key)["year"].min()
    got = red.groupby(key)["year"].agg(["min", "max"])
    assert (got["max"] == want_latest.reindex(got.index)).all()
    starts = want_start.reindex(got.index)
    has_start = starts.notna()
    assert (got.loc[has_start, "min"] == starts[has_start]).all()
    assert red.groupby(key).size().max() <= 2


def test_presence_counts_indicators_per_goal_and_province(con) -> None:
    full = queries.totals(con, "demo").merge(queries.indicators(con)[["indicator_id", "goal"]], on="indicator_id")
    year = 2023
    want = (
        full.loc[full["year"] == year]
        .groupby(["goal", "province_code"])["indicator_id"]
        .nunique()
        .rename("n")
        .reset_index()
    )
    assert len(want) > 0, "the demo dataset has values in the year"
    got = queries.presence(con, "demo", year)
    pd.testing.assert_frame_equal(
        got.astype({"goal": int, "n": int}), want.astype({"goal": int, "n": int}), check_dtype=False
    )


def test_coverage_filters(con) -> None:
    full = queries.totals(con, "demo")
    codes = ("TH-10", "TH-50", "TH-58")
    inds = queries.indicators(con)
    # indicators of goals 1 and 3 (ids are names such as pov_headcount, not SDG codes)
    ids = tuple(inds.loc[inds["goal"].isin([1, 3]), "indicator_id"])[:4]
    assert len(ids) == 4
    got = queries.coverage(con, "demo", ids, codes, 2017, 2021)
    sub = full.loc[
        full["indicator_id"].isin(ids) & full["province_code"].isin(codes) & full["year"].between(2017, 2021)
    ]
    assert len(sub) > 0, "the selection must hold values, or the comparison below proves nothing"
    want = sub.groupby(["indicator_id", "year"])["province_code"].nunique().rename("n_provinces").reset_index()
    pd.testing.assert_frame_equal(
        got.astype({"year": int, "n_provinces": int}), want.astype({"year": int, "n_provinces": int}), check_dtype=False
    )
    assert set(got["indicator_id"]) <= set(ids) and got["year"].between(2017, 2021).all()
    assert (got["n_provinces"] <= len(codes)).all()
    assert len(queries.coverage(con, "demo")) > len(got)  # the filters did narrow the result


def test_read_connection_memory_is_bounded(db_path, monkeypatch) -> None:
    from lib.store.db import connect_read_only

    monkeypatch.setenv("SDG_DUCKDB_MEMORY", "300MB")
    con = connect_read_only(db_path)
    try:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()
    assert limit == "286.1 MiB"  # 300 MB, not DuckDB's default of 80 % of RAM
