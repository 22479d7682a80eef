"""lib.brief.data: what a brief shows, from the app's catalogue and scores."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lib.brief import data
from lib.core.vocab import N_GOALS
from lib.store import catalogue as store_catalogue
from lib.store import queries
from lib.views import province as view
from tests.unit.brief.helpers import TODAY


def test_shared_uses_the_apps_catalogue_and_scores(shared) -> None:
    con, sh = shared
    cat = store_catalogue.load(con)
    assert sh.dataset == "demo" and sh.year == 2024
    assert sh.pilots == cat.pilot_codes and len(sh.pilots) == 15  # the seed's 15 pilots
    app = store_catalogue.scores(con, "demo", 2024, cat)
    pd.testing.assert_frame_equal(sh.scores.index_level, app.index_level)
    pd.testing.assert_frame_equal(sh.scores.goal_level, app.goal_level)


def test_shared_defaults_to_the_catalogues_dataset_and_latest_year(con) -> None:
    sh = data.load_shared(con)
    cat = store_catalogue.load(con)
    assert sh.dataset == cat.default_dataset
    assert sh.year == max(queries.years(con, sh.dataset))
    assert data.load_shared(con, "demo", 2020).year == 2020


def test_gather_mae_hong_son(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "th", today=TODAY)
    assert d.name == "แม่ฮ่องสอน" and d.other_name == "Mae Hong Son"
    assert d.is_pilot and d.is_demo and d.kind == "demo"
    assert len(d.strip) == N_GOALS and len(d.weak) == 3
    assert set(d.weak_rows["goal"]) == set(d.weak["goal"])
    assert d.headline.n_ranked_pilot == sh.cat.n_pilots == 15 and d.headline.n_ranked_all == sh.cat.n_provinces == 77
    assert d.chart_indicator is not None and d.chart_auto
    assert d.chart_indicator["indicator_id"] in set(d.weak_rows["indicator_id"])  # from a weakest goal
    assert (d.series["series"] == "province").sum() >= 2
    assert len(d.partners) > 0 and d.n_activities >= len(d.partners)
    assert d.sources and "synthetic" in d.sources[0][0].lower()
    assert [n for _, n in d.sources] == sorted((n for _, n in d.sources), reverse=True)  # most used first
    assert d.generated == TODAY
    e = data.gather(con, sh, "TH-58", "en", indicator="pov_headcount", today=TODAY)
    assert e.name == "Mae Hong Son" and not e.chart_auto and e.chart_indicator is not None
    assert e.chart_indicator["indicator_id"] == "pov_headcount"


def test_gather_series_is_the_province_pages(shared) -> None:
    """The chart holds what the province page draws for the same indicator."""
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "en", indicator="pov_headcount", today=TODAY)
    obs = queries.observations(con, "demo", ("pov_headcount",), None, None, sh.year, True)
    nat = queries.national_observations(con, "demo", "pov_headcount")
    page = view.series(
        obs, "TH-58", sh.cat.pilot_codes, nat.loc[nat["year"] <= sh.year], n_provinces=sh.cat.n_provinces
    )
    pd.testing.assert_frame_equal(d.series.reset_index(drop=True), page.reset_index(drop=True))
    assert set(d.series["series"]) >= {"province", "pilot_avg", "national_avg"}


def test_choose_indicator_prefers_the_weakest_with_a_series() -> None:
    obs = pd.DataFrame(
        {
            "indicator_id": ["a", "b", "b", "c", "c", "d", "d"],
            "year": [2020, 2020, 2021, 2021, 2022, 2001, 2020],  # d: one year since the base year
        }
    )
    assert data.choose_indicator(obs, ["a", "d", "c", "b"], ["b", "c"]) == "c"
    assert data.choose_indicator(obs, ["a", "d"], ["d", "b", "c"]) == "b"  # else catalogue order
    assert data.choose_indicator(obs, ["a"], ["a", "d"]) is None


def test_partners_of_counts_activities_per_partner() -> None:
    acts = pd.DataFrame(
        {
            "provinces": [["TH-58"], ["TH-58", "TH-10"], ["TH-10"], ["TH-58"]],
            "partner_id": ["p1", "p2", "p2", "p1"],
            "partner_en": ["One", "Two", "Two", "One"],
            "sector_en": ["Gov", "Acad", "Acad", "Gov"],
            "sector_sort": [1, 5, 5, 1],
        }
    )
    got, n = data.partners_of(acts, "TH-58", "en")
    assert n == 3
    assert got.to_dict("records") == [
        {"partner_id": "p1", "partner": "One", "sector": "Gov", "sector_sort": 1, "n": 2},
        {"partner_id": "p2", "partner": "Two", "sector": "Acad", "sector_sort": 5, "n": 1},
    ]
    none, zero = data.partners_of(acts, "TH-96", "en")
    assert none.empty and zero == 0 and list(none.columns) == data.PARTNER_COLUMNS


def test_source_text() -> None:
    assert data.source_text("Survey 2022", "NSO", "https://www.nso.go.th/x") == "NSO: Survey 2022 (nso.go.th)"
    assert data.source_text("NSO survey", "NSO", None) == "NSO survey"  # publisher named in the title
    assert data.source_text(None, None, None) == "–"
    # the publisher in Thai for a Thai brief; the title stays as published
    th = data.source_text("Labour Force Survey 2022", "National Statistical Office (NSO)", None, "th")
    assert th == "สำนักงานสถิติแห่งชาติ (สสช.): Labour Force Survey 2022"


def test_public_dataset_sources_are_not_synthetic(db_path: Path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        sh = data.load_shared(con, "public")
        d = data.gather(con, sh, "TH-10", "th", today=TODAY)
    finally:
        con.close()
    assert not d.is_demo and d.kind == "public"
    assert d.sources and all("synthetic" not in s.lower() for s, _ in d.sources)


def test_unknown_province_and_dataset(shared, db_path: Path) -> None:
    from lib.store.db import connect_read_only

    con, sh = shared
    with pytest.raises(ValueError, match="unknown province 'TH-00'"):
        data.gather(con, sh, "TH-00", "th")
    c = connect_read_only(db_path)
    try:
        with pytest.raises(ValueError, match="unknown dataset 'nope'"):
            data.load_shared(c, "nope")
    finally:
        c.close()
