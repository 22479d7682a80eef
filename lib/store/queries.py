"""Every SQL statement the app runs. Each function takes a connection (or cursor) and
parameters and returns a DataFrame. Values are always bound as parameters, never formatted
into SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import pandas as pd

from lib.core.vocab import DatasetKind

Con = duckdb.DuckDBPyConnection
# Dataset kinds in listing order (DatasetKind.sort): ministry submissions, public figures, demo.
_KINDS = [str(k) for k in sorted(DatasetKind, key=lambda k: k.sort)]


def provinces(con: Con) -> pd.DataFrame:
    return con.execute(
        """SELECT p.code, p.name_th, p.name_en, p.region, p.is_pilot,
                  r.name_th AS region_th, r.name_en AS region_en, r.sort AS region_sort
           FROM province p JOIN region r USING (region) ORDER BY p.code"""
    ).df()


def goals(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM goal ORDER BY goal").df()


def indicators(con: Con) -> pd.DataFrame:
    return con.execute(
        """SELECT i.*, g.colour AS goal_colour
           FROM indicator i JOIN goal g USING (goal)
           ORDER BY i.goal, i.indicator_id"""
    ).df()


def datasets(con: Con) -> pd.DataFrame:
    """Datasets with their kind, observation count and year span (data vintage)."""
    return con.execute(
        """SELECT d.dataset, d.kind, d.name_th, d.name_en, d.description,
                  count(o.value) AS n_obs, min(o.year) AS first_year, max(o.year) AS latest_year,
                  count(DISTINCT o.indicator_id) AS n_indicators,
                  count(DISTINCT o.province_code) AS n_provinces
           FROM dataset d LEFT JOIN observation o USING (dataset)
           GROUP BY d.dataset, d.kind, d.name_th, d.name_en, d.description
           ORDER BY coalesce(list_position($kinds, d.kind), $n), d.dataset""",
        {"kinds": _KINDS, "n": len(_KINDS)},
    ).df()


def years(con: Con, dataset: str) -> list[int]:
    rows = con.execute("SELECT DISTINCT year FROM observation WHERE dataset = ? ORDER BY year", [dataset]).fetchall()
    return [int(r[0]) for r in rows]


def indicators_with_data(con: Con, dataset: str) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT indicator_id FROM observation WHERE dataset = ? ORDER BY 1", [dataset]
    ).fetchall()
    return [r[0] for r in rows]


def totals(con: Con, dataset: str) -> pd.DataFrame:
    """Every total (undisaggregated) value of a dataset: the input of scoring."""
    return con.execute(
        """SELECT indicator_id, province_code, year, value
           FROM observation WHERE dataset = ? AND disaggregation = ''
           ORDER BY indicator_id, province_code, year""",
        [dataset],
    ).df()


def scoring_input(con: Con, dataset: str, year: int, base_year: int) -> pd.DataFrame:
    """The totals scoring needs as of ``year``: per (indicator, province) only the latest value
    with year <= ``year`` and the first with ``base_year`` <= year (the trend's start point).

    scoring.compute_all uses no other points (latest value; trend from start to latest, and
    fewer than 2 distinct years since base_year is "no trend", which two rows still tell), so it
    gives the same result as on every total while pandas gets at most 2 rows per pair instead
    of the whole history (stress scale: 0.23 M rows instead of 3.4 M)."""
    return con.execute(
        """WITH t AS (
               SELECT indicator_id, province_code, year, value FROM observation
               WHERE dataset = $dataset AND disaggregation = '' AND year <= $year),
           ends AS (
               SELECT indicator_id, province_code, max(year) AS latest,
                      min(year) FILTER (WHERE year >= $base) AS start
               FROM t GROUP BY indicator_id, province_code)
           SELECT t.indicator_id, t.province_code, t.year, t.value
           FROM t JOIN ends USING (indicator_id, province_code)
           WHERE t.year = ends.latest OR t.year = ends.start
           ORDER BY t.indicator_id, t.province_code, t.year""",
        {"dataset": dataset, "year": year, "base": base_year},
    ).df()


def presence(con: Con, dataset: str, year: int) -> pd.DataFrame:
    """Per goal and province: how many of the goal's indicators have a total value in exactly
    ``year`` (pairs with none are absent). Completeness and missing-value shares come from this."""
    return con.execute(
        """SELECT i.goal, o.province_code, count(DISTINCT o.indicator_id) AS n
           FROM observation o JOIN indicator i USING (indicator_id)
           WHERE o.dataset = ? AND o.disaggregation = '' AND o.year = ?
           GROUP BY i.goal, o.province_code ORDER BY i.goal, o.province_code""",
        [dataset, year],
    ).df()


# The data page's selection (dataset; indicators, provinces, years: None = all) as one WHERE
# condition on `observation o`, shared so the count, the rows and the coverage always agree.
_SCOPE = """o.dataset = $dataset
             AND ($inds IS NULL OR list_contains($inds, o.indicator_id))
             AND ($provs IS NULL OR list_contains($provs, o.province_code))
             AND ($y0 IS NULL OR o.year >= $y0)
             AND ($y1 IS NULL OR o.year <= $y1)"""


def _scope(
    dataset: str,
    indicator_ids: Sequence[str] | None,
    province_codes: Sequence[str] | None,
    year_from: int | None,
    year_to: int | None,
) -> dict[str, object]:
    return {
        "dataset": dataset,
        "inds": list(indicator_ids) if indicator_ids is not None else None,
        "provs": list(province_codes) if province_codes is not None else None,
        "y0": year_from,
        "y1": year_to,
    }


def observation_count(
    con: Con,
    dataset: str,
    indicator_ids: Sequence[str] | None = None,
    province_codes: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> int:
    """How many rows :func:`observations` returns for the same filters (all disaggregations)."""
    row = con.execute(
        f"SELECT count(*) FROM observation o WHERE {_SCOPE}",
        _scope(dataset, indicator_ids, province_codes, year_from, year_to),
    ).fetchone()
    return int(row[0]) if row else 0


def observations(
    con: Con,
    dataset: str,
    indicator_ids: Sequence[str] | None = None,
    province_codes: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    totals_only: bool = False,
    limit: int | None = None,
) -> pd.DataFrame:
    """Observations with everything needed to trace them: dataset kind, source title and URL, flags.
    ``limit``: only the first rows in the stated order (a preview)."""
    return con.execute(
        f"""SELECT o.dataset, d.kind AS dataset_kind, (d.kind = $demo) AS is_demo,
                  o.indicator_id, i.goal, o.province_code, o.year, o.disaggregation, o.value,
                  i.unit, i.unit_th, o.provisional, o.estimated, o.proxy, o.note,
                  o.source_id, s.title AS source_title, s.publisher AS source_publisher, s.url AS source_url
           FROM observation o
           JOIN dataset d USING (dataset)
           JOIN indicator i USING (indicator_id)
           JOIN source s USING (source_id)
           WHERE {_SCOPE} AND (NOT $totals OR o.disaggregation = '')
           ORDER BY i.goal, o.indicator_id, o.province_code, o.year, o.disaggregation
           LIMIT $limit""",
        _scope(dataset, indicator_ids, province_codes, year_from, year_to)
        | {"totals": totals_only, "limit": limit, "demo": str(DatasetKind.DEMO)},
    ).df()


def national_observations(con: Con, dataset: str, indicator_id: str) -> pd.DataFrame:
    """Published whole-kingdom figures (not computed from provinces)."""
    return con.execute(
        """SELECT n.year, n.value, n.disaggregation, s.title AS source_title, s.url AS source_url
           FROM national_observation n JOIN source s USING (source_id)
           WHERE n.dataset = ? AND n.indicator_id = ? AND n.disaggregation = ''
           ORDER BY n.year""",
        [dataset, indicator_id],
    ).df()


def coverage(
    con: Con,
    dataset: str,
    indicator_ids: Sequence[str] | None = None,
    province_codes: Sequence[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
) -> pd.DataFrame:
    """How many of the given provinces (None = all) have a total value, per indicator and year
    (pairs with none are absent)."""
    return con.execute(
        f"""SELECT o.indicator_id, o.year, count(DISTINCT o.province_code) AS n_provinces
           FROM observation o
           WHERE {_SCOPE} AND o.disaggregation = ''
           GROUP BY o.indicator_id, o.year ORDER BY o.indicator_id, o.year""",
        _scope(dataset, indicator_ids, province_codes, year_from, year_to),
    ).df()


def activities(con: Con, *, include_closed: bool = False) -> pd.DataFrame:
    """One row per activity, with its partner, sector, and its provinces, goals and targets as
    lists. ``scope`` 'programme' (the whole pilot programme: ``provinces`` lists the pilots) or
    'provinces' (the ones it names); status, budget_thb, people_reached NULL when not stated.
    Closed activities (an admin closed them) only with ``include_closed``."""
    return con.execute(
        """SELECT a.activity_id, a.title, a.title_th, a.start_date, a.end_date, a.area_label, a.source_url,
                  a.scope, a.status, a.budget_thb, a.funding_source, a.people_reached, a.contact_agency,
                  a.origin, a.closed, a.updated_at, a.updated_by,
                  p.partner_id, p.name_th AS partner_th, p.name_en AS partner_en,
                  s.sector, s.name_th AS sector_th, s.name_en AS sector_en, s.sort AS sector_sort,
                  coalesce((SELECT list(province_code ORDER BY province_code) FROM activity_province ap
                            WHERE ap.activity_id = a.activity_id), []) AS provinces,
                  coalesce((SELECT list(goal ORDER BY goal) FROM activity_goal ag
                            WHERE ag.activity_id = a.activity_id), []) AS goals,
                  coalesce((SELECT list(target ORDER BY target) FROM activity_target tg
                            WHERE tg.activity_id = a.activity_id), []) AS targets
           FROM activity a JOIN partner p USING (partner_id) JOIN sector s USING (sector)
           WHERE $closed OR a.closed IS NULL
           ORDER BY a.activity_id""",
        {"closed": include_closed},
    ).df()


def activity_links(con: Con) -> pd.DataFrame:
    """Activity x province x goal, long form, for breakdowns (goal NULL when none stated)."""
    return con.execute(
        """SELECT a.activity_id, a.partner_id, p.sector, ap.province_code, ag.goal
           FROM activity a JOIN partner p USING (partner_id)
           LEFT JOIN activity_province ap USING (activity_id)
           LEFT JOIN activity_goal ag USING (activity_id)
           ORDER BY ALL"""
    ).df()


def sectors(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM sector ORDER BY sort").df()


def partners(con: Con) -> pd.DataFrame:
    return con.execute(
        "SELECT p.*, s.sort AS sector_sort FROM partner p JOIN sector s USING (sector) ORDER BY s.sort, p.name_en"
    ).df()


def findings(con: Con, province_code: str | None = None) -> pd.DataFrame:
    """Published rank/text findings, for one province (and those about all pilots) or all."""
    return con.execute(
        """SELECT f.*, s.title AS source_title, s.url AS source_url
           FROM finding f JOIN source s USING (source_id)
           WHERE $p IS NULL OR f.province_code = $p OR f.province_code IS NULL
           ORDER BY f.year DESC NULLS LAST, f.finding_id""",
        {"p": province_code},
    ).df()


def import_log(con: Con) -> pd.DataFrame:
    return con.execute("SELECT * FROM import_log ORDER BY import_id DESC").df()


# Two values of one key differ when they are more than this share of the kept value apart.
CONSISTENCY_TOLERANCE = 0.01


def consistency(con: Con, dataset: str) -> pd.DataFrame:
    """Pairs of values for one key from two sources, each with its source:
    - indicator values (indicator, province, year, disaggregation): the value kept in
      ``observation`` (shown everywhere) and the one set aside in ``observation_superseded``;
    - for a public dataset also context series that measure the same quantity (``context_same``,
      e.g. NESDC's population beside DOPA's registration, the one every per-capita value uses):
      ``indicator_id`` NULL, the quantity in ``measure_th``/``_en``, its unit in ``unit_th``/``_en``.
    ``rel_diff`` = (other - kept) / |kept| (0 when both are 0, NULL when only the kept value is
    0); ``differs`` = |rel_diff| > CONSISTENCY_TOLERANCE (a NULL rel_diff differs). Largest
    difference first."""
    return con.execute(
        """WITH pairs AS (
               SELECT o.indicator_id, o.province_code, o.year, o.disaggregation,
                      NULL::TEXT AS measure_th, NULL::TEXT AS measure_en,
                      NULL::TEXT AS unit_th, NULL::TEXT AS unit_en,
                      o.value AS kept_value, o.source_id AS kept_source_id,
                      s.value AS other_value, s.source_id AS other_source_id
               FROM observation_superseded s
               JOIN observation o USING (dataset, indicator_id, province_code, year, disaggregation)
               WHERE s.dataset = $dataset
               UNION ALL
               SELECT NULL, k.province_code, k.year, '', q.name_th, q.name_en, q.unit_th, q.unit_en,
                      k.value, k.source_id, c.value, c.source_id
               FROM context_same q
               JOIN context_observation c ON c.measure = q.measure
               JOIN context_observation k ON k.measure = q.same_as AND k.province_code = c.province_code
                    AND k.year = c.year AND k.unit = c.unit
               WHERE (SELECT kind FROM dataset WHERE dataset = $dataset) = $public)
           SELECT p.*, ks.title AS kept_title, ks.publisher AS kept_publisher, ks.url AS kept_url,
                  os.title AS other_title, os.publisher AS other_publisher, os.url AS other_url,
                  CASE WHEN p.kept_value <> 0 THEN (p.other_value - p.kept_value) / abs(p.kept_value)
                       WHEN p.other_value = 0 THEN 0.0 END AS rel_diff,
                  coalesce(abs(rel_diff) > $tol, TRUE) AS differs
           FROM pairs p
           JOIN source ks ON ks.source_id = p.kept_source_id
           JOIN source os ON os.source_id = p.other_source_id
           ORDER BY abs(rel_diff) DESC NULLS FIRST, indicator_id NULLS LAST, measure_en, province_code, year,
                    disaggregation, other_source_id""",
        {"dataset": dataset, "tol": CONSISTENCY_TOLERANCE, "public": str(DatasetKind.PUBLIC)},
    ).df()


# ---------------------------------------------------------------- coverage (reporting status)
# Total values only (disaggregation = ''), as the maps, scores and the data page's coverage use.


def indicator_coverage(con: Con, dataset: str, province_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Reporting status per indicator with a total value in ``dataset`` for the given provinces
    (None = all; indicators with none are absent): first and latest year, how many years, how
    many provinces have a value (at all, in the indicator's latest year, pilots among them), how
    many values and how many are flagged proxy / provisional / estimated, and the sources'
    publishers and titles (sorted lists)."""
    return con.execute(
        """WITH o AS (
               SELECT o.indicator_id, o.province_code, o.year, o.proxy, o.provisional, o.estimated,
                      o.source_id, p.is_pilot, max(o.year) OVER (PARTITION BY o.indicator_id) AS last_year
               FROM observation o JOIN province p ON p.code = o.province_code
               WHERE o.dataset = $dataset AND o.disaggregation = ''
                 AND ($provs IS NULL OR list_contains($provs, o.province_code)))
           SELECT o.indicator_id, min(o.year) AS first_year, max(o.year) AS latest_year,
                  count(DISTINCT o.year) AS n_years,
                  count(DISTINCT o.province_code) AS n_provinces,
                  count(DISTINCT o.province_code) FILTER (WHERE o.year = o.last_year) AS n_provinces_latest,
                  count(DISTINCT o.province_code) FILTER (WHERE o.is_pilot) AS n_pilots,
                  count(*) AS n_values,
                  count(*) FILTER (WHERE o.proxy) AS n_proxy,
                  count(*) FILTER (WHERE o.provisional) AS n_provisional,
                  count(*) FILTER (WHERE o.estimated) AS n_estimated,
                  list_sort(list(DISTINCT s.publisher)) AS publishers,
                  list_sort(list(DISTINCT s.title)) AS sources
           FROM o JOIN source s USING (source_id)
           GROUP BY o.indicator_id ORDER BY o.indicator_id""",
        {"dataset": dataset, "provs": list(province_codes) if province_codes is not None else None},
    ).df()


def goal_coverage(con: Con, dataset: str, province_codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Per goal with a total value in ``dataset`` for the given provinces (None = all; goals with
    none are absent): how many of its indicators have data, how many provinces (pilots among
    them) have a value for any of them, first and latest year."""
    return con.execute(
        """SELECT i.goal, count(DISTINCT o.indicator_id) AS n_indicators,
                  count(DISTINCT o.province_code) AS n_provinces,
                  count(DISTINCT o.province_code) FILTER (WHERE p.is_pilot) AS n_pilots,
                  min(o.year) AS first_year, max(o.year) AS latest_year
           FROM observation o JOIN indicator i USING (indicator_id) JOIN province p ON p.code = o.province_code
           WHERE o.dataset = $dataset AND o.disaggregation = ''
             AND ($provs IS NULL OR list_contains($provs, o.province_code))
           GROUP BY i.goal ORDER BY i.goal""",
        {"dataset": dataset, "provs": list(province_codes) if province_codes is not None else None},
    ).df()


def coverage_summary(con: Con, dataset: str, province_codes: Sequence[str] | None = None) -> dict[str, int | None]:
    """What ``dataset`` covers in total values for the given provinces (None = all): indicators,
    provinces, first and latest year (years None when it has none). The line at the top of
    every page and the coverage page's headline numbers."""
    row = con.execute(
        """SELECT count(DISTINCT indicator_id), count(DISTINCT province_code), min(year), max(year)
           FROM observation
           WHERE dataset = $dataset AND disaggregation = ''
             AND ($provs IS NULL OR list_contains($provs, province_code))""",
        {"dataset": dataset, "provs": list(province_codes) if province_codes is not None else None},
    ).fetchone()
    n_ind, n_prov, first, latest = row if row else (0, 0, None, None)
    return {"n_indicators": int(n_ind), "n_provinces": int(n_prov), "first_year": first, "latest_year": latest}
