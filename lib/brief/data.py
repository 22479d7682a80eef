"""What a brief shows, chosen and ordered before any layout: :class:`Shared` (one dataset and
year, loaded once per batch: the app's catalogue and scores, lib.store.catalogue) and
:class:`BriefData` (one province in one language, :func:`gather`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlparse

import duckdb
import pandas as pd

from lib.core import scoring
from lib.core.catalogue import Catalogue
from lib.core.vocab import DatasetKind, Lang
from lib.i18n.publishers import publisher_label
from lib.store import catalogue as store_catalogue
from lib.store import progress as store_progress
from lib.store import queries
from lib.views import progress as progress_view
from lib.views import province as view
from lib.views.common import list_of

__all__ = ["BriefData", "Shared", "choose_indicator", "gather", "load_shared", "partners_of", "source_text"]

SERIES_COLUMNS = ["series", "year", "value", "n"]
PARTNER_COLUMNS = ["partner_id", "partner", "sector", "sector_sort", "n"]


@dataclass
class Shared:
    """What every brief of one dataset and year needs, loaded once (a batch reuses it)."""

    dataset: str
    year: int
    cat: Catalogue
    scores: scoring.Scores
    activities: pd.DataFrame
    # the 2030 targets (lib.store.progress.targets); none: every indicator "not assessed"
    targets: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=store_progress.TARGET_COLUMNS))

    @property
    def pilots(self) -> list[str]:
        return self.cat.pilot_codes

    @property
    def dataset_row(self) -> pd.Series:
        return self.cat.dataset_row(self.dataset)


def load_shared(con: duckdb.DuckDBPyConnection, dataset: str | None = None, year: int | None = None) -> Shared:
    """Catalogue, scores and activities for ``dataset`` (default: the catalogue's default
    dataset, as the app opens on) as of ``year`` (default: the dataset's latest year). The
    scores are the app's: lib.store.catalogue.scores."""
    cat = store_catalogue.load(con)
    if dataset is None:
        dataset = cat.default_dataset
    if dataset not in cat.dataset_ids:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {cat.dataset_ids}")
    if year is None:
        latest = cat.dataset_row(dataset)["latest_year"]
        if pd.isna(latest):
            raise ValueError(f"dataset {dataset!r} has no observations")
        year = int(latest)
    year = int(year)
    return Shared(
        dataset,
        year,
        cat,
        store_catalogue.scores(con, dataset, year, cat),
        queries.activities(con),
        store_progress.targets(con),
    )


@dataclass
class BriefData:
    """Everything one brief shows, already chosen and ordered (no I/O after this)."""

    code: str
    lang: Lang
    name: str
    other_name: str
    region: str
    is_pilot: bool
    dataset: str
    dataset_name: str
    kind: str
    year: int
    first_year: int | None
    latest_year: int | None
    headline: view.Headline
    strip: pd.DataFrame  # view.goal_strip
    weak: pd.DataFrame  # view.weakest_goals
    weak_rows: pd.DataFrame  # view.goal_indicators of the weak goals
    chart_indicator: pd.Series | None
    chart_auto: bool
    series: pd.DataFrame  # view.series of the chart indicator
    partners: pd.DataFrame  # partner_id, partner, sector, sector_sort, n
    n_activities: int
    sources: list[tuple[str, int]]  # (source text, number of values), most used first
    province_latest: int | None
    n_with_data: int
    progress: progress_view.Counts  # ESCAP's anticipated classes of the province's indicators
    generated: dt.date = field(default_factory=dt.date.today)
    release: str | None = None  # "data as of release N (date)", None before the first release

    @property
    def is_demo(self) -> bool:
        return self.kind == DatasetKind.DEMO


def source_text(title: object, publisher: object, url: object, lang: Lang = "en") -> str:
    """'Publisher: Title (host)' of one source, without repeating a publisher the title names;
    the publisher in `lang` (lib.i18n.publishers), the title as published."""
    ti = str(title) if isinstance(title, str) else ""
    pub = str(publisher) if isinstance(publisher, str) else ""
    shown = publisher_label(pub, lang)
    text = f"{shown}: {ti}" if pub and ti and pub not in ti else (ti or shown or "–")
    if isinstance(url, str) and url:
        host = urlparse(url).hostname or ""
        if host:
            text += f" ({host.removeprefix('www.')})"
    return text


def choose_indicator(obs: pd.DataFrame, candidates: list[str], catalogue_order: list[str]) -> str | None:
    """The first of ``candidates`` (weakest goal first, weakest indicator first) with values in
    >= 2 years since the base year in ``obs`` (one province's totals up to the brief's year);
    else the first indicator of the catalogue with such a series."""
    mine = obs.loc[obs["year"] >= scoring.BASE_YEAR]
    n_years = mine.groupby("indicator_id")["year"].nunique()
    ok = {str(i) for i in n_years.index[n_years >= 2]}
    return next((i for i in [*candidates, *catalogue_order] if i in ok), None)


def partners_of(activities: pd.DataFrame, code: str, lang: Lang) -> tuple[pd.DataFrame, int]:
    """Partners with an activity naming the province: one row per partner with its activity
    count (sector order, most active first), and the number of activities."""
    mask = [code in list_of(v) for v in activities["provinces"]]
    rows = activities.loc[mask]
    if rows.empty:
        return pd.DataFrame(columns=PARTNER_COLUMNS), 0
    g = rows.groupby(["partner_id", f"partner_{lang}", f"sector_{lang}", "sector_sort"]).size().reset_index(name="n")
    g.columns = pd.Index(PARTNER_COLUMNS)
    g = g.sort_values(["sector_sort", "n", "partner"], ascending=[True, False, True]).reset_index(drop=True)
    return g, len(rows)


def _sources(obs: pd.DataFrame, lang: Lang) -> list[tuple[str, int]]:
    if not len(obs):
        return []
    texts = pd.Series(
        [
            source_text(a, b, c, lang)
            for a, b, c in zip(obs["source_title"], obs["source_publisher"], obs["source_url"], strict=True)
        ],
        index=obs.index,
        name="text",
    )
    counts = texts.groupby(texts).size().sort_values(ascending=False)
    return [(str(k), int(v)) for k, v in counts.items()]


def gather(
    con: duckdb.DuckDBPyConnection,
    sh: Shared,
    code: str,
    lang: Lang,
    indicator: str | None = None,
    today: dt.date | None = None,
    release: str | None = None,
) -> BriefData:
    """Shape one province's brief from the shared batch data plus the queries the province page
    runs: the province's totals, and the chart indicator's totals and published figures."""
    cat = sh.cat
    if code not in cat.province_codes:
        raise ValueError(f"unknown province {code!r}")
    p = cat.provinces.loc[cat.provinces["code"] == code].iloc[0]
    other: Lang = "en" if lang == "th" else "th"
    h = view.headline(sh.scores.index_level, code, cat.pilot_codes, len(cat.indicators))
    strip = view.goal_strip(sh.scores.goal_level, cat.goals, code, lang)
    weak = view.weakest_goals(strip)
    weak_rows = view.goal_indicators(sh.scores.indicator_level, cat.indicators, code, weak["goal"].tolist(), lang)
    obs_p = queries.observations(con, sh.dataset, None, (code,), None, sh.year, True)
    all_ids = [str(i) for i in cat.indicators["indicator_id"]]
    chosen = indicator if indicator in set(all_ids) else None
    auto = chosen is None
    if chosen is None:
        weak_ids = [str(i) for i in weak_rows["indicator_id"]] if len(weak_rows) else []
        chosen = choose_indicator(obs_p, weak_ids, all_ids)
    ind_row = None
    s = pd.DataFrame(columns=SERIES_COLUMNS)
    if chosen:
        ind_row = cat.indicator(chosen).copy()
        ind_row["indicator_id"] = chosen
        obs = queries.observations(con, sh.dataset, (chosen,), None, None, sh.year, True)
        nat = queries.national_observations(con, sh.dataset, chosen)
        s = view.series(obs, code, cat.pilot_codes, nat.loc[nat["year"] <= sh.year], n_provinces=cat.n_provinces)
    partners, n_act = partners_of(sh.activities, code, lang)
    ds = sh.dataset_row
    mine = sh.scores.indicator_level.loc[sh.scores.indicator_level["province_code"] == code]
    return BriefData(
        code=code,
        lang=lang,
        name=str(p[f"name_{lang}"]),
        other_name=str(p[f"name_{other}"]),
        region=str(p[f"region_{lang}"]),
        is_pilot=bool(p["is_pilot"]),
        dataset=sh.dataset,
        dataset_name=str(ds[f"name_{lang}"]),
        kind=cat.kind(sh.dataset),
        year=sh.year,
        first_year=None if pd.isna(ds["first_year"]) else int(ds["first_year"]),
        latest_year=None if pd.isna(ds["latest_year"]) else int(ds["latest_year"]),
        headline=h,
        strip=strip,
        weak=weak,
        weak_rows=weak_rows,
        chart_indicator=ind_row,
        chart_auto=auto,
        series=s,
        partners=partners,
        n_activities=n_act,
        sources=_sources(obs_p, lang),
        province_latest=int(obs_p["year"].max()) if len(obs_p) else None,
        n_with_data=int(mine["indicator_id"].nunique()),
        progress=progress_view.province_counts(obs_p, cat.indicators, sh.targets, year=sh.year),
        generated=today or dt.date.today(),
        release=release,
    )
