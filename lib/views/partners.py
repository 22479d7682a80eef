"""Partners page (pages/4_partners.py): who works where on what, and where help is missing.
Pure shaping, no Streamlit.

Input is ``queries.activities`` (one row per activity with its partner, sector, ``scope``, and
its provinces, goals and targets as lists). The counting rules:

- **Programme-wide** activities (``scope`` 'programme': the whole pilot programme; their
  province list holds the 15 pilots) are never counted as any one province's activity. They
  are counted apart (their own card, a hatched/lighter shade in every chart, "programme-wide
  only" cells in the matrices) and can be left out with the page's switch.
- The other activities count for each province they name. Under a province filter an
  activity matches when it names one of the chosen provinces; a programme-wide one when a
  chosen province is a pilot (it is shown apart).
- Every card counts only the selection: activities, partners and sectors of the matching
  activities that name provinces, and the chosen provinces that have one.
- **Years** (:func:`activity_years`): an activity is active in each year from its start year
  to its end year; with no end date, in its start year only, or up to the current year when
  its status is ongoing; with only an end date, in that year; with neither, in no year (the
  page says how many). Years after the current year (planned work) are not counted. A
  partner is new in the year of its first activity in the selection.
- **Needs**: a goal is *weak* in a province when its SDSN status is red or orange (scores of
  the sidebar's dataset and year); a *gap* is a weak goal that no activity naming the
  province works on (programme-wide work is shown, but does not fill a gap).
- **Budgets** (:func:`budget_by_goal`, :func:`budget_by_province`): an activity's stated budget
  is split equally among the goals it names, and among the provinces it names, so the bars
  add up to the total stated; a programme-wide budget is one bar of its own, never split
  over the pilots. Activities without a stated budget are counted, not guessed.

Activities are real engagements compiled from public reports or imported 3W files; nothing
here is demo data (the needs view stamps the scores when the sidebar shows demo data).

Page filters (multiselects; an empty selection means "all") and their optional URL form:
``sector`` (sector ids), ``partner`` (partner ids), ``area`` (province codes), ``sdg`` (goal
numbers), each comma-separated, ``follow=1`` (use the sidebar's province and goal) and
``programme=0`` (leave programme-wide activities out).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from lib.core.catalogue import pilot_codes
from lib.core.collate import ranks, thai_sorted
from lib.core.filters import Notice
from lib.core.registry import HEADERS, PROGRAMME, STATUSES
from lib.core.vocab import GOALS, N_GOALS, Status, pilot_mark
from lib.i18n import Lang, name_col, strings, t, year_label
from lib.i18n.labels import status_label
from lib.views.common import date_label, list_of

URL_PARAMS: tuple[str, ...] = ("sector", "partner", "area", "sdg", "follow", "programme")

# One colour per sector (sector ids of the seed); distinct from each other, readable on white.
SECTOR_COLOURS: dict[str, str] = {
    "government": "#19486A",
    "private": "#FD9D24",
    "civil_society": "#4C9F38",
    "people": "#DD1367",
    "academia": "#0A97D9",
    "media": "#A21942",
    "international": "#8F6BB3",
}
OTHER_COLOUR = "#6B7280"
WEAK: frozenset[str] = frozenset({Status.RED.value, Status.ORANGE.value})
N_WEAKEST = 3  # weakest goals per province beside their activities (as on the province profile)
# Cell states of the sector x province matrix.
NAMED, PROG_ONLY, NONE = "named", "programme", "none"
MILLION = 1_000_000.0


def by_name(names: Iterable[str]) -> list[str]:
    return thai_sorted(names)


def _strs(values: Iterable[object]) -> list[str]:
    return [str(v) for v in values]


@dataclass(frozen=True)
class Selection:
    """The page filters. Empty tuple = no restriction."""

    sectors: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    goals: tuple[int, ...] = ()
    follow: bool = False
    programme: bool = True

    def to_params(self) -> dict[str, str | None]:
        """URL form: only what differs from the default (None removes a parameter)."""
        return {
            "sector": ",".join(self.sectors) or None,
            "partner": ",".join(self.partners) or None,
            "area": ",".join(self.provinces) or None,
            "sdg": ",".join(str(g) for g in self.goals) or None,
            "follow": "1" if self.follow else None,
            "programme": None if self.programme else "0",
        }


@dataclass(frozen=True)
class Valid:
    """What the filters may hold, read from the database."""

    sectors: Sequence[str]
    partners: Sequence[str]
    provinces: Sequence[str]
    goals: Sequence[int] = GOALS


def parse_params(raw: Mapping[str, str], valid: Valid) -> tuple[Selection, list[Notice]]:
    """Selection from the URL. Unknown items are dropped, each bad parameter gives one Notice
    (the valid items of a partly bad list are kept)."""
    notices: list[Notice] = []

    def items(name: str) -> list[str]:
        value = raw.get(name)
        return [v.strip() for v in str(value).split(",") if v.strip()] if value is not None else []

    def keep(name: str, allowed: Collection[str], norm: Callable[[str], str] = str) -> tuple[str, ...]:
        vals = [norm(v) for v in items(name)]
        good = tuple(dict.fromkeys(v for v in vals if v in allowed))
        bad = [v for v in vals if v not in allowed]
        if bad or (name in raw and not vals):
            notices.append(Notice(name, ",".join(bad)[:40] if bad else str(raw[name])[:40]))
        return good

    def switch(name: str, default: bool) -> bool:
        if name not in raw:
            return default
        if raw[name] in ("0", "1"):
            return raw[name] == "1"
        notices.append(Notice(name, str(raw[name])[:40]))
        return default

    sectors = keep("sector", set(valid.sectors))
    partners = keep("partner", set(valid.partners))
    provinces = keep("area", set(valid.provinces), str.upper)
    goal_ok = {str(g) for g in valid.goals}
    goals = tuple(int(g) for g in keep("sdg", goal_ok, lambda v: v.lstrip("0") or v))
    follow, programme = switch("follow", False), switch("programme", True)
    return Selection(sectors, partners, provinces, goals, follow, programme), notices


def province_options(provinces: pd.DataFrame, lang: Lang) -> list[str]:
    """Province codes for the picker: pilots first, then by name in the language's order."""
    col = name_col(lang)
    rank = ranks(provinces[col])
    rows = sorted(
        zip(provinces["code"], provinces[col], provinces["is_pilot"]), key=lambda r: (not bool(r[2]), rank[str(r[1])])
    )
    return [str(c) for c, _, _ in rows]


def goal_labels(goals: pd.DataFrame, lang: Lang) -> dict[int, str]:
    """Goal -> '1. No poverty', for the goal picker (one pass over the catalogue frame)."""
    return {int(g): f"{int(g)}. {s}" for g, s in zip(goals["goal"], goals[f"short_{lang}"])}


def partner_options(partners: pd.DataFrame, lang: Lang) -> list[str]:
    """Partner ids for the picker: by sector order, then by name."""
    col = name_col(lang)
    rank = ranks(partners[col])
    rows = sorted(
        zip(partners["partner_id"], partners[col], partners["sector_sort"]), key=lambda r: (r[2], rank[str(r[1])])
    )
    return [str(p) for p, _, _ in rows]


# ---------------------------------------------------------------- filtering and cards


def is_programme(acts: pd.DataFrame) -> np.ndarray:
    """True for programme-wide activities (frames without a scope column have none)."""
    if "scope" not in acts.columns:
        return np.zeros(len(acts), dtype=bool)
    return (acts["scope"].astype(str) == PROGRAMME).to_numpy()


def filter_activities(
    acts: pd.DataFrame,
    sectors: Collection[str] = (),
    partners: Collection[str] = (),
    provinces: Collection[str] = (),
    goals: Collection[int] = (),
    *,
    programme: bool = True,
) -> pd.DataFrame:
    """Activities matching every non-empty filter: sector in, partner in, and at least one of
    its provinces / goals among the chosen ones (an activity without provinces matches only
    when no province is chosen; a programme-wide one when a chosen province is one of its
    pilots). ``programme=False`` leaves programme-wide activities out. Adds the column
    ``programme`` (bool)."""
    prog = is_programme(acts)
    mask = np.ones(len(acts), dtype=bool) if programme else ~prog
    if sectors:
        mask &= acts["sector"].isin(set(sectors)).to_numpy()
    if partners:
        mask &= acts["partner_id"].isin(set(partners)).to_numpy()
    if provinces:
        wanted = {str(c) for c in provinces}
        mask &= np.array([bool(wanted & set(list_of(v))) for v in acts["provinces"]], dtype=bool)
    if goals:
        wanted_g = {int(g) for g in goals}
        mask &= np.array([bool(wanted_g & {int(g) for g in list_of(v)}) for v in acts["goals"]], dtype=bool)
    out = acts.loc[mask].reset_index(drop=True)
    out["programme"] = prog[mask]
    return out


def _prog(acts: pd.DataFrame) -> pd.Series:
    return acts["programme"] if "programme" in acts.columns else pd.Series(is_programme(acts), index=acts.index)


def local(acts: pd.DataFrame) -> pd.DataFrame:
    """The activities that are not programme-wide (they name their provinces or area)."""
    return acts.loc[~_prog(acts).to_numpy(dtype=bool)]


def programme_wide(acts: pd.DataFrame) -> pd.DataFrame:
    return acts.loc[_prog(acts).to_numpy(dtype=bool)]


@dataclass(frozen=True)
class Summary:
    """The cards: the first four count activities that name provinces (never programme-wide)."""

    n_activities: int
    n_partners: int
    n_sectors: int
    n_provinces: int  # chosen provinces (all when none is chosen) named by an activity
    n_pilots: int  # of those, pilots
    n_programme: int  # programme-wide activities in the selection
    n_programme_partners: int


def summary(acts: pd.DataFrame, provinces: Collection[str] = (), pilots: Collection[str] = ()) -> Summary:
    """Cards of a filtered frame; ``provinces`` = the chosen provinces (empty = all)."""
    own, prog = local(acts), programme_wide(acts)
    named = {c for v in own["provinces"] for c in list_of(v)}
    if provinces:
        named &= {str(c) for c in provinces}
    return Summary(
        n_activities=len(own),
        n_partners=int(own["partner_id"].nunique()),
        n_sectors=int(own["sector"].nunique()),
        n_provinces=len(named),
        n_pilots=len(named & {str(c) for c in pilots}),
        n_programme=len(prog),
        n_programme_partners=int(prog["partner_id"].nunique()),
    )


def where_label(codes: Sequence[str], names: Mapping[str, str], lang: Lang) -> str:
    """The chosen provinces in words: one or two names, else 'n provinces'; '' for none."""
    if not codes:
        return ""
    if len(codes) <= 2:
        return t("part_and", lang).join(by_name(names.get(c, c) for c in codes))
    return t("part_n_provinces", lang, n=len(codes))


# ---------------------------------------------------------------- sector -> partner


def sector_partner(acts: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Activities per (sector, partner), sectors in their official order, partners by count.

    Columns: sector, sector_name, partner_id, partner_name, n (all), n_local (naming provinces),
    n_programme (programme-wide), colour.
    """
    cols = ["sector", "sector_name", "partner_id", "partner_name", "n", "n_local", "n_programme", "colour"]
    if acts.empty:
        return pd.DataFrame(columns=cols)
    meta: dict[str, tuple[int, str, str, str]] = {}  # partner -> sector sort, sector, its name, partner name
    n: dict[str, list[int]] = {}  # partner -> [local, programme-wide]
    keys = ("partner_id", "sector_sort", "sector", f"sector_{lang}", f"partner_{lang}")
    for (pid, sort, sec, sname, pname), p in zip(zip(*(acts[k] for k in keys)), _prog(acts)):
        meta.setdefault(str(pid), (int(sort), str(sec), str(sname), str(pname)))
        n.setdefault(str(pid), [0, 0])[1 if p else 0] += 1
    rank = ranks(m[3] for m in meta.values())
    order = sorted(n, key=lambda k: (meta[k][0], -sum(n[k]), rank[meta[k][3]]))
    data = [
        (
            meta[k][1],
            meta[k][2],
            k,
            meta[k][3],
            sum(n[k]),
            n[k][0],
            n[k][1],
            SECTOR_COLOURS.get(meta[k][1], OTHER_COLOUR),
        )
        for k in order
    ]
    return pd.DataFrame(data, columns=cols)


def sector_partner_table(sp: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_sector", lang): sp["sector_name"].astype(str).tolist(),
            t("col_partner", lang): sp["partner_name"].astype(str).tolist(),
            t("part_col_local", lang): sp["n_local"].astype(int).tolist(),
            t("part_col_programme", lang): sp["n_programme"].astype(int).tolist(),
        }
    )


# ---------------------------------------------------------------- sector x province


def matrix_provinces(acts_all: pd.DataFrame, provinces: pd.DataFrame, pilot_only: bool) -> list[str]:
    """Rows of the province x sector matrix: the 15 pilots, or also every other province an
    activity names (pilots first) when pilot-only is off. Sorted by name later, by the caller's
    language."""
    pilots = pilot_codes(provinces)
    if pilot_only:
        return pilots
    with_acts = {c for v in local(acts_all)["provinces"] for c in list_of(v)}
    return pilots + sorted(with_acts - set(pilots))


def sector_short(sector: str, full: str, lang: Lang) -> str:
    """A short sector name for tight axes ('International' for 'International development
    partners'); the full name when no short one is defined."""
    key = f"part_sec_{sector}"
    return t(key, lang) if key in strings() else str(full)


def province_rows(codes: Sequence[str], provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """code, name (with ' ★' for pilots), row: ``codes`` in name order."""
    names = dict(zip(_strs(provinces["code"]), _strs(provinces[name_col(lang)])))
    pilot = dict(zip(_strs(provinces["code"]), (bool(v) for v in provinces["is_pilot"])))
    order = thai_sorted((c for c in dict.fromkeys(codes) if c in names), key=names.__getitem__)
    return pd.DataFrame(
        {
            "code": order,
            "name": [pilot_mark(names[c], pilot[c]) for c in order],
            "plain": [names[c] for c in order],
            "row": range(len(order)),
        }
    )


def _counts(acts: pd.DataFrame, key: str, codes: Collection[str]) -> tuple[dict[tuple[str, str], int], ...]:
    """(local, programme) activity counts per (province, ``key`` value) for ``codes``."""
    wanted = set(codes)
    own: dict[tuple[str, str], int] = {}
    prog: dict[tuple[str, str], int] = {}
    for value, provs, p in zip(acts[key], acts["provinces"], _prog(acts)):
        target = prog if p else own
        for c in wanted.intersection(list_of(provs)):
            target[(c, str(value))] = target.get((c, str(value)), 0) + 1
    return own, prog


def sector_cells(
    acts: pd.DataFrame, codes: Sequence[str], provinces: pd.DataFrame, sectors: pd.DataFrame, lang: Lang
) -> pd.DataFrame:
    """The province x sector matrix, one row per cell: code, province (' ★' for pilots), row,
    sector, sector_name (short), sector_full, col, n (activities naming the province), n_programme
    (programme-wide ones covering it), state: NAMED (n > 0), PROG_ONLY (only programme-wide) or
    NONE."""
    rows = province_rows(codes, provinces, lang)
    secs = sectors.sort_values("sort").reset_index(drop=True)
    own, prog = _counts(acts, "sector", rows["code"].tolist())
    out = []
    sids, fulls = _strs(secs["sector"]), _strs(secs[name_col(lang)])
    for code, name, plain, row in zip(_strs(rows["code"]), _strs(rows["name"]), _strs(rows["plain"]), rows["row"]):
        for j, (sid, full) in enumerate(zip(sids, fulls)):
            n, n_p = own.get((code, sid), 0), prog.get((code, sid), 0)
            state = NAMED if n else PROG_ONLY if n_p else NONE
            out.append((code, name, plain, int(row), sid, sector_short(sid, full, lang), full, j, n, n_p, state))
    cols = ["code", "province", "plain", "row", "sector", "sector_name", "sector_full", "col", "n", "n_programme"]
    return pd.DataFrame(out, columns=[*cols, "state"])


def sector_matrix_table(cells: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The matrix as a table: a count where activities name the province, '○ n' where only
    programme-wide ones cover it, '–' where there is none; and the sectors present (of 7)."""
    if cells.empty:
        return pd.DataFrame(columns=[t("col_province", lang)])

    def cell(n: int, n_p: int) -> str:
        return str(n) if n else f"{t('part_mark_programme', lang)} {n_p}" if n_p else t("part_mark_none", lang)

    heads: dict[int, str] = {}
    rows: dict[int, dict[str, object]] = {}
    present: dict[int, int] = {}
    for row, col, prov, sname, n, n_p, state in zip(
        cells["row"],
        cells["col"],
        cells["province"],
        cells["sector_name"],
        cells["n"],
        cells["n_programme"],
        cells["state"],
    ):
        heads[int(col)] = str(sname)
        rows.setdefault(int(row), {t("col_province", lang): str(prov)})[str(sname)] = cell(int(n), int(n_p))
        present[int(row)] = present.get(int(row), 0) + (state == NAMED)
    for r, values in rows.items():
        values[t("part_col_present", lang)] = f"{present[r]}/{len(heads)}"
    return pd.DataFrame([rows[r] for r in sorted(rows)])


@dataclass(frozen=True)
class SectorGap:
    sector: str
    sector_name: str
    total: int  # provinces in the matrix
    missing: tuple[str, ...]  # province names without an activity naming them (programme-only marked)


def sector_gaps(cells: pd.DataFrame, lang: Lang) -> list[SectorGap]:
    """Per sector (in order), the matrix provinces that no activity of that sector names; a
    province where only programme-wide work of the sector reaches gets the programme mark."""
    mark = t("part_mark_programme", lang)
    total = len(set(cells["row"]))
    by_col: dict[int, tuple[str, str, list[tuple[int, str]]]] = {}
    for col, sector, full, row, plain, state in zip(
        cells["col"], cells["sector"], cells["sector_full"], cells["row"], cells["plain"], cells["state"]
    ):
        entry = by_col.setdefault(int(col), (str(sector), str(full), []))
        if state != NAMED:
            entry[2].append((int(row), f"{plain} {mark}" if state == PROG_ONLY else str(plain)))
    return [
        SectorGap(sec, full, total, tuple(n for _, n in sorted(miss)))
        for _, (sec, full, miss) in sorted(by_col.items())
    ]


def gap_line(gap: SectorGap, lang: Lang) -> str:
    """'No academic partner (9 of 15): Pattani, Yala ○, …' (names only; the page makes them inert)."""
    key = f"part_gap_{gap.sector}"
    head = t(key, lang) if key in strings() else t("part_gap_other", lang, sector=gap.sector_name)
    return t("part_gap_line", lang, head=head, n=len(gap.missing), total=gap.total)


def sector_share(cells: pd.DataFrame) -> pd.DataFrame:
    """Per province of the matrix: sectors with an activity naming it, sectors reached only by
    programme-wide work, the share of all sectors present (0-1). Fewest first, then by row.

    Columns: code, province, n_sectors, n_named, n_programme_only, share, share_programme."""
    cols = ["code", "province", "n_sectors", "n_named", "n_programme_only", "share", "share_programme"]
    if cells.empty:
        return pd.DataFrame(columns=cols)
    meta: dict[int, tuple[str, str]] = {}
    counts: dict[int, list[int]] = {}  # row -> [sectors, named, programme-only]
    for row, code, prov, state in zip(cells["row"], cells["code"], cells["province"], cells["state"]):
        meta.setdefault(int(row), (str(code), str(prov)))
        c = counts.setdefault(int(row), [0, 0, 0])
        c[0] += 1
        c[1] += state == NAMED
        c[2] += state == PROG_ONLY
    order = sorted(counts, key=lambda r: (counts[r][1], counts[r][2], r))
    data = [(*meta[r], n, a, b, a / n, b / n) for r in order for n, a, b in [counts[r]]]
    return pd.DataFrame(data, columns=cols)


def sector_share_table(share: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_province", lang): share["province"].astype(str).tolist(),
            t("part_col_present", lang): [f"{a}/{n}" for a, n in zip(share["n_named"], share["n_sectors"])],
            t("part_col_share", lang): [f"{v:.0%}" for v in share["share"]],
            t("part_col_prog_only", lang): share["n_programme_only"].astype(int).tolist(),
        }
    )


# ---------------------------------------------------------------- participation over time


def _year(date: object) -> int | None:
    if date is None or (isinstance(date, float) and math.isnan(date)):
        return None
    head = str(date).strip()[:4]
    return int(head) if head.isdigit() else None


Active = tuple[str, str, str, bool, int]  # activity_id, partner_id, sector, programme, year


def _active_years(acts: pd.DataFrame, this_year: int) -> list[Active]:
    rows: list[Active] = []
    status = acts["status"] if "status" in acts.columns else pd.Series([None] * len(acts), index=acts.index)
    for aid, pid, sec, p, s, e, st in zip(
        acts["activity_id"],
        acts["partner_id"],
        acts["sector"],
        _prog(acts),
        acts["start_date"],
        acts["end_date"],
        status,
    ):
        y0, y1 = _year(s), _year(e)
        if y0 is None and y1 is None:
            continue
        if y0 is None:
            y0 = y1
        elif y1 is None or y1 < y0:
            y1 = this_year if st == "ongoing" else y0
        assert y0 is not None and y1 is not None
        rows += [(str(aid), str(pid), str(sec), bool(p), y) for y in range(y0, min(y1, this_year) + 1)]
    return rows


def activity_years(acts: pd.DataFrame, this_year: int) -> pd.DataFrame:
    """One row per (activity, year it is active), by the rule of the module docstring.

    Columns: activity_id, partner_id, sector, programme, year."""
    return pd.DataFrame(
        _active_years(acts, this_year), columns=["activity_id", "partner_id", "sector", "programme", "year"]
    )


def undated(acts: pd.DataFrame) -> int:
    """Activities with neither a start nor an end year (in no year of the charts)."""
    return sum(_year(s) is None and _year(e) is None for s, e in zip(acts["start_date"], acts["end_date"]))


def _sector_list(sectors: pd.DataFrame, lang: Lang) -> list[tuple[str, str, int, str]]:
    """(sector, short name, sort, colour) in the official order."""
    s = sectors.sort_values("sort")
    return [
        (str(a), sector_short(str(a), str(b), lang), int(c), SECTOR_COLOURS.get(str(a), OTHER_COLOUR))
        for a, b, c in zip(s["sector"], s[name_col(lang)], s["sort"])
    ]


YEAR_COLS = ["year", "year_label", "sector", "sector_name", "sector_sort", "colour"]


def per_year(acts: pd.DataFrame, sectors: pd.DataFrame, this_year: int, lang: Lang) -> pd.DataFrame:
    """Active activities and active partners per year and sector, local and programme-wide
    apart (a partner counts once a year: as local when one of its active activities names
    provinces). Every year from the first to the last with an activity.

    Columns: year, year_label, sector, sector_name, sector_sort, colour, programme (bool),
    n_activities, n_partners."""
    cols = [*YEAR_COLS, "programme", "n_activities", "n_partners"]
    active = _active_years(acts, this_year)
    if not active:
        return pd.DataFrame(columns=cols)
    n_act: dict[tuple[int, str, bool], int] = {}
    only_prog: dict[tuple[int, str, str], bool] = {}  # (year, sector, partner) -> all its work programme-wide
    for _, pid, sec, p, y in active:
        n_act[(y, sec, p)] = n_act.get((y, sec, p), 0) + 1
        only_prog[(y, sec, pid)] = only_prog.get((y, sec, pid), True) and p
    n_par: dict[tuple[int, str, bool], int] = {}
    for (y, sec, _), p in only_prog.items():
        n_par[(y, sec, p)] = n_par.get((y, sec, p), 0) + 1
    years = range(min(a[4] for a in active), max(a[4] for a in active) + 1)
    data = [
        (y, year_label(y, lang), sec, name, sort, colour, p, n_act.get((y, sec, p), 0), n_par.get((y, sec, p), 0))
        for y in years
        for sec, name, sort, colour in _sector_list(sectors, lang)
        for p in (False, True)
    ]
    return pd.DataFrame(data, columns=cols)


def new_partners(acts: pd.DataFrame, sectors: pd.DataFrame, this_year: int, lang: Lang) -> pd.DataFrame:
    """Partners per year of their first activity in the selection, by sector.

    Columns: year, year_label, sector, sector_name, sector_sort, colour, n, names (partner
    names, comma-separated: frames of plain values hash fast for the shared figure cache)."""
    cols = [*YEAR_COLS, "n", "names"]
    active = _active_years(acts, this_year)
    if not active:
        return pd.DataFrame(columns=cols)
    first: dict[tuple[str, str], int] = {}
    for _, pid, sec, _, y in active:
        first[(pid, sec)] = min(y, first.get((pid, sec), y))
    pname = dict(zip(_strs(acts["partner_id"]), _strs(acts[f"partner_{lang}"])))
    names: dict[tuple[int, str], list[str]] = {}
    for (pid, sec), y in first.items():
        names.setdefault((y, sec), []).append(pname.get(pid, pid))
    years = range(min(a[4] for a in active), max(a[4] for a in active) + 1)
    data = [
        (
            y,
            year_label(y, lang),
            sec,
            name,
            sort,
            colour,
            len(names.get((y, sec), [])),
            ", ".join(by_name(names.get((y, sec), []))),
        )
        for y in years
        for sec, name, sort, colour in _sector_list(sectors, lang)
    ]
    return pd.DataFrame(data, columns=cols)


def per_year_table(py: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Year x sector: active activities and partners, local (+ programme-wide)."""
    keys = (
        "col_year",
        "col_sector",
        "part_col_act_local",
        "part_col_act_prog",
        "part_col_par_local",
        "part_col_par_prog",
    )
    labels: dict[tuple[int, int], tuple[str, str]] = {}
    counts: dict[tuple[int, int], list[int]] = {}  # activities local, programme; partners local, programme
    cols = ("year", "sector_sort", "year_label", "sector_name", "programme", "n_activities", "n_partners")
    for y, sort, lb, name, p, na, npar in zip(*(py[c] for c in cols)):
        key = (int(y), int(sort))
        labels[key] = (str(lb), str(name))
        c = counts.setdefault(key, [0, 0, 0, 0])
        c[1 if p else 0] = int(na)
        c[3 if p else 2] = int(npar)
    data = [(*labels[k], *c) for k, c in sorted(counts.items()) if c[0] + c[1]]
    return pd.DataFrame(data, columns=[t(k, lang) for k in keys])


def new_partners_table(nw: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    rows = nw.loc[nw["n"] > 0]
    return pd.DataFrame(
        {
            t("col_year", lang): rows["year_label"].tolist(),
            t("col_sector", lang): rows["sector_name"].tolist(),
            t("part_col_new", lang): rows["n"].astype(int).tolist(),
            t("col_partner", lang): rows["names"].tolist(),
        }
    )


# ---------------------------------------------------------------- goals


def goal_counts(acts: pd.DataFrame, goals: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Activities per goal, all 17 (zero included), local and programme-wide apart.
    Columns: goal, label, colour, n, n_local, n_programme."""
    own = {int(g): 0 for g in goals["goal"]}
    prog = dict(own)
    for gl, p in zip(acts["goals"], _prog(acts)):
        target = prog if p else own
        for g in list_of(gl):
            if int(g) in target:
                target[int(g)] += 1
    out = goals[["goal", f"short_{lang}", "colour"]].copy()
    out["goal"] = out["goal"].astype(int)
    out["label"] = [f"{g}. {s}" for g, s in zip(out["goal"], out[f"short_{lang}"])]
    out["n_local"] = [own[g] for g in out["goal"]]
    out["n_programme"] = [prog[g] for g in out["goal"]]
    out["n"] = out["n_local"] + out["n_programme"]
    return out[["goal", "label", "colour", "n", "n_local", "n_programme"]].reset_index(drop=True)


def goal_counts_table(gc: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_goal", lang): gc["label"].tolist(),
            t("part_col_local", lang): gc["n_local"].astype(int).tolist(),
            t("part_col_programme", lang): gc["n_programme"].astype(int).tolist(),
        }
    )


# ---------------------------------------------------------------- needs against help


def goal_gaps(
    goal_level: pd.DataFrame,
    acts: pd.DataFrame,
    codes: Sequence[str],
    goal_ids: Sequence[int],
    provinces: pd.DataFrame,
    goals: pd.DataFrame,
    lang: Lang,
) -> pd.DataFrame:
    """Province x goal: the goal's SDSN score and status in the province beside the activities
    working on it. One row per cell (provinces in name order, goals ``goal_ids``).

    Columns: code, province, row, goal, goal_label, goal_colour, score, status, status_label,
    n (activities naming the province), n_programme, partners (names of the partners of those
    activities, comma-separated),
    weak (red or orange), gap (weak and n == 0)."""
    rows = province_rows(codes, provinces, lang)
    level = {
        (str(c), int(g)): (float(v), str(Status.of(st)))
        for c, g, v, st in zip(
            goal_level["province_code"], goal_level["goal"], goal_level["score"], goal_level["status"]
        )
    }
    short = dict(zip(goals["goal"].astype(int), _strs(goals[f"short_{lang}"])))
    colour = dict(zip(goals["goal"].astype(int), _strs(goals["colour"])))
    wanted = set(_strs(rows["code"]))
    own: dict[tuple[str, int], int] = {}
    prog: dict[tuple[str, int], int] = {}
    names: dict[tuple[str, int], set[str]] = {}
    for gl, provs, p, pname in zip(acts["goals"], acts["provinces"], _prog(acts), acts[f"partner_{lang}"]):
        gs = {int(g) for g in list_of(gl)}
        for c in wanted.intersection(list_of(provs)):
            for g in gs:
                target = prog if p else own
                target[(c, g)] = target.get((c, g), 0) + 1
                if not p:
                    names.setdefault((c, g), set()).add(str(pname))
    out = []
    status_names: dict[str, str] = {}
    for code, name, row in zip(_strs(rows["code"]), _strs(rows["name"]), rows["row"]):
        for g in goal_ids:
            key = (code, int(g))
            score, status = level.get(key, (np.nan, Status.GREY.value))
            n = own.get(key, 0)
            weak = status in WEAK
            if status not in status_names:
                status_names[status] = status_label(status, lang)
            out.append(
                (
                    code,
                    name,
                    int(row),
                    int(g),
                    f"{g}. {short[int(g)]}",
                    colour[int(g)],
                    score,
                    status,
                    status_names[status],
                    n,
                    prog.get(key, 0),
                    ", ".join(by_name(names.get(key, set()))),
                    weak,
                    weak and n == 0,
                )
            )
    cols = ["code", "province", "row", "goal", "goal_label", "goal_colour", "score", "status", "status_label"]
    return pd.DataFrame(out, columns=[*cols, "n", "n_programme", "partners", "weak", "gap"])


def gap_counts(gaps: pd.DataFrame) -> tuple[int, int, int]:
    """(gaps, weak goals, provinces with a gap)."""
    if gaps.empty:
        return 0, 0, 0
    return int(gaps["gap"].sum()), int(gaps["weak"].sum()), int(gaps.loc[gaps["gap"], "code"].nunique())


def weakest_beside(gaps: pd.DataFrame, lang: Lang, n: int = N_WEAKEST) -> pd.DataFrame:
    """Each province's ``n`` weakest goals (lowest score among scored goals that are not
    green; ties: lower goal first, as on the province profile) beside the activities working on
    them: a display table, provinces in name order."""
    keys = (
        "col_province",
        "col_goal",
        "col_score",
        "col_status",
        "part_col_local",
        "part_col_programme",
        "col_partner",
    )
    cols = [t(k, lang) for k in keys]
    have = gaps.loc[gaps["score"].notna() & (gaps["status"] != Status.GREEN.value)]
    if have.empty:
        return pd.DataFrame(columns=cols)
    w = have.sort_values(["row", "score", "goal"]).groupby("row", sort=True).head(n)
    values = [
        w["province"].tolist(),
        w["goal_label"].tolist(),
        [round(float(v), 1) for v in w["score"]],
        w["status_label"].tolist(),
        w["n"].astype(int).tolist(),
        w["n_programme"].astype(int).tolist(),
        [p or t("part_none_short", lang) for p in w["partners"]],
    ]
    return pd.DataFrame(dict(zip(cols, values)))


def gap_table(gaps: pd.DataFrame, lang: Lang, demo: bool) -> pd.DataFrame:
    """The province x goal view as a table (one row per cell)."""
    keys = (
        "col_province",
        "col_goal",
        "col_score",
        "col_status",
        "part_col_local",
        "part_col_programme",
        "part_col_gap",
    )
    cols = [t(k, lang) for k in keys]
    values = [
        gaps["province"].tolist(),
        gaps["goal_label"].tolist(),
        [None if pd.isna(v) else round(float(v), 1) for v in gaps["score"]],
        gaps["status_label"].tolist(),
        gaps["n"].astype(int).tolist(),
        gaps["n_programme"].astype(int).tolist(),
        [t("part_yes", lang) if g else "" for g in gaps["gap"]],
    ]
    out = pd.DataFrame(dict(zip(cols, values)))
    if demo:
        out.insert(0, t("col_demo", lang), t("demo_mark", lang))
    return out


# ---------------------------------------------------------------- budgets


@dataclass(frozen=True)
class Budget:
    n_with: int  # activities with a stated budget
    n_without: int
    total: float  # baht
    programme: float  # of which programme-wide


def budget_summary(acts: pd.DataFrame) -> Budget:
    b = acts["budget_thb"] if "budget_thb" in acts.columns else pd.Series(np.nan, index=acts.index)
    known = b.notna().to_numpy()
    prog = _prog(acts).to_numpy(dtype=bool)
    return Budget(
        int(known.sum()),
        int((~known).sum()),
        float(b[known].sum()),
        float(b[known & prog].sum()) if known.any() else 0.0,
    )


def budget_by_goal(acts: pd.DataFrame, goals: pd.DataFrame, goal_ids: Sequence[int], lang: Lang) -> pd.DataFrame:
    """Stated budgets (million baht) per goal of ``goal_ids``, each split equally among the goals
    its activity names; local and programme-wide apart; a last row (goal 0) for the budgets of
    activities that name no goal, when there are any. Columns: goal, label, colour, local,
    programme."""
    own = {int(g): 0.0 for g in goal_ids}
    prog = dict(own)
    unstated = {False: 0.0, True: 0.0}
    if "budget_thb" in acts.columns:
        for b, gl, p in zip(acts["budget_thb"], acts["goals"], _prog(acts)):
            if pd.isna(b):
                continue
            gs = [int(g) for g in list_of(gl)]
            if not gs:
                unstated[bool(p)] += float(b) / MILLION
            target = prog if p else own
            for g in gs:
                if g in target:
                    target[g] += float(b) / len(gs) / MILLION
    short = dict(zip(goals["goal"].astype(int), _strs(goals[f"short_{lang}"])))
    colour = dict(zip(goals["goal"].astype(int), _strs(goals["colour"])))
    out = pd.DataFrame(
        {
            "goal": [int(g) for g in goal_ids],
            "label": [f"{g}. {short[int(g)]}" for g in goal_ids],
            "colour": [colour[int(g)] for g in goal_ids],
            "local": [own[int(g)] for g in goal_ids],
            "programme": [prog[int(g)] for g in goal_ids],
        }
    )
    if unstated[False] or unstated[True]:
        row = {
            "goal": [0],
            "label": [t("part_budget_no_goal", lang)],
            "colour": [OTHER_COLOUR],
            "local": [unstated[False]],
            "programme": [unstated[True]],
        }
        out = pd.concat([out, pd.DataFrame(row)], ignore_index=True)
    return out


def budget_by_province(acts: pd.DataFrame, codes: Sequence[str], provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Stated budgets (million baht) per province of ``codes`` (name order), each local budget
    split equally among the provinces its activity names; then a row for the programme-wide
    budgets (never split over the pilots) and one for activities that name no province, each
    when there is any. Columns: label, value, kind ('province', 'programme', 'none')."""
    rows = province_rows(codes, provinces, lang)
    per = {c: 0.0 for c in _strs(rows["code"])}
    prog = nowhere = 0.0
    if "budget_thb" in acts.columns:
        for b, provs, p in zip(acts["budget_thb"], acts["provinces"], _prog(acts)):
            if pd.isna(b):
                continue
            named = list_of(provs)
            if p:
                prog += float(b) / MILLION
            elif not named:
                nowhere += float(b) / MILLION
            for c in () if p else set(named).intersection(per):
                per[c] += float(b) / len(named) / MILLION
    labels, values, kinds = _strs(rows["name"]), [per[c] for c in _strs(rows["code"])], ["province"] * len(rows)
    extra = ((prog, "part_budget_programme", "programme"), (nowhere, "part_budget_no_province", "none"))
    for value, key, kind in extra:
        if value > 0:
            labels.append(t(key, lang))
            values.append(value)
            kinds.append(kind)
    return pd.DataFrame({"label": labels, "value": values, "kind": kinds})


def budget_table(frame: pd.DataFrame, label_key: str, lang: Lang) -> pd.DataFrame:
    if "local" in frame.columns:
        return pd.DataFrame(
            {
                t(label_key, lang): frame["label"].tolist(),
                t("part_col_budget_local", lang): [round(v, 2) for v in frame["local"]],
                t("part_col_budget_prog", lang): [round(v, 2) for v in frame["programme"]],
            }
        )
    return pd.DataFrame(
        {t(label_key, lang): frame["label"].tolist(), t("part_col_budget", lang): [round(v, 2) for v in frame["value"]]}
    )


# ---------------------------------------------------------------- activity list


def area_label(
    codes: Sequence[str],
    raw_label: str,
    provinces: pd.DataFrame,
    lang: Lang,
    _cache: tuple[frozenset[str], Mapping[str, str]] | None = None,
) -> str:
    """Where an activity takes place: 'all 15 pilot provinces', province names, or the
    source's own wording when it names no province. (``_cache``: the pilots and names, when
    a caller labels many rows.)"""
    pilots, names = _cache or _area_lookup(provinces, lang)
    codes = [str(c) for c in codes]
    if codes and set(codes) == pilots:
        return t("part_area_all_pilots", lang, n=len(pilots))
    if not codes:
        return str(raw_label)
    return ", ".join(by_name(str(names.get(c, c)) for c in codes))


def _area_lookup(provinces: pd.DataFrame, lang: Lang) -> tuple[frozenset[str], dict[str, str]]:
    return frozenset(pilot_codes(provinces)), dict(zip(_strs(provinces["code"]), _strs(provinces[name_col(lang)])))


def goals_label(goals: Sequence[int], lang: Lang) -> str:
    gs = sorted(int(g) for g in goals)
    if len(gs) == N_GOALS:
        return t("part_goals_all", lang)
    return ", ".join(str(g) for g in gs) if gs else "–"


def status_word(status: object, lang: Lang) -> str:
    """'ongoing' -> its name in the language (the 3W import reads it back); '' when not stated."""
    return t(f"act_status_{status}", lang) if isinstance(status, str) and status in STATUSES else ""


def _sorted_rows(acts: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    names = acts[f"partner_{lang}"].astype(str)
    return acts.assign(_name=names.map(ranks(names))).sort_values(["sector_sort", "_name", "activity_id"])


def activity_table(acts: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The activity list: partner, sector, activity, area, goals, start, end, status, budget
    (baht; None when not stated), source link. Sorted by sector order, partner and activity id."""
    keys = (
        "col_partner",
        "col_sector",
        "col_activity",
        "part_col_area",
        "part_col_goals",
        "col_start",
        "col_end",
        "col_status",
        "part_col_budget_thb",
        "col_link",
    )
    cols = [t(k, lang) for k in keys]
    if acts.empty:
        return pd.DataFrame(columns=cols)
    rows = _sorted_rows(acts, lang)
    lookup = _area_lookup(provinces, lang)
    status = rows["status"] if "status" in rows.columns else pd.Series([None] * len(rows))
    budget = rows["budget_thb"] if "budget_thb" in rows.columns else pd.Series([np.nan] * len(rows))
    values = [
        rows[f"partner_{lang}"].astype(str).tolist(),
        rows[f"sector_{lang}"].astype(str).tolist(),
        (rows["title_th"] if lang == "th" else rows["title"]).astype(str).tolist(),
        [area_label(list_of(p), a, provinces, lang, lookup) for p, a in zip(rows["provinces"], rows["area_label"])],
        [goals_label([int(g) for g in list_of(gl)], lang) for gl in rows["goals"]],
        [date_label(d, lang) for d in rows["start_date"]],
        [date_label(d, lang) for d in rows["end_date"]],
        [status_word(s, lang) or "–" for s in status],
        [None if pd.isna(b) else float(b) for b in budget],
        rows["source_url"].astype(str).tolist(),
    ]
    out = pd.DataFrame(dict(zip(cols, values)))
    out[cols[8]] = out[cols[8]].astype("float64")
    return out


def _goals_cell(goals: object, targets: object) -> str:
    """'3.1;3.2;5': the targets where known, else the goal (as the 3W template writes them)."""
    tg = [str(x) for x in list_of(targets)]
    covered = {x.split(".")[0] for x in tg}
    rest = [str(g) for g in sorted(int(g) for g in list_of(goals)) if str(g) not in covered]
    items = [*tg, *rest]
    return ";".join(sorted(items, key=lambda x: [int(p) if p.isdigit() else 99 for p in x.split(".")] + [0]))


def export_frame(acts: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The activity list to download: the 14 columns of the 3W import template, headers in the
    language (the import reads either): partner, sector, title_en, title_th, provinces (names
    separated by ';', the pilots word for programme-wide work, the source's own wording when it
    names no province), goals (targets where known), ISO dates (C.E., as the import wants them),
    status, budget (baht), funding source, people reached, contact agency, source. Sorted like
    the list on screen."""
    heads = [t(f"act_col_{h}", lang) for h in HEADERS]
    if acts.empty:
        return pd.DataFrame(columns=heads)
    rows = _sorted_rows(acts, lang)
    names = dict(zip(provinces["code"], provinces[name_col(lang)].astype(str)))
    prog = _prog(rows).to_numpy(dtype=bool)

    def where(codes: object, label: object, p: bool) -> str:
        if p:
            return t("act_pilots_word", lang)
        c = list_of(codes)
        return ";".join(by_name(names.get(x, x) for x in c)) if c else str(label)

    def opt(col: str) -> list[object]:
        if col not in rows.columns:
            return [None] * len(rows)
        return [None if v is None or (not isinstance(v, str) and pd.isna(v)) else v for v in rows[col]]

    budget = pd.to_numeric(pd.Series(opt("budget_thb"), dtype="object"), errors="coerce")
    whole = budget.dropna()
    budget_col = budget.astype("Int64") if bool((whole == whole.round()).all()) else budget.astype("float64")
    people = pd.to_numeric(pd.Series(opt("people_reached"), dtype="object"), errors="coerce").astype("Int64")
    values: list[object] = [
        rows[f"partner_{lang}"].astype(str).tolist(),
        rows[f"sector_{lang}"].astype(str).tolist(),
        rows["title"].astype(str).tolist(),
        rows["title_th"].astype(str).tolist(),
        [where(c, a, bool(p)) for c, a, p in zip(rows["provinces"], rows["area_label"], prog)],
        [
            _goals_cell(g, tg)
            for g, tg in zip(rows["goals"], rows["targets"] if "targets" in rows else [None] * len(rows))
        ],
        [v or "" for v in opt("start_date")],
        [v or "" for v in opt("end_date")],
        [status_word(s, lang) for s in opt("status")],
        budget_col.tolist(),
        [v or "" for v in opt("funding_source")],
        people.tolist(),
        [v or "" for v in opt("contact_agency")],
        rows["source_url"].astype(str).tolist(),
    ]
    out = pd.DataFrame(dict(zip(heads, values)))
    out[heads[9]] = budget_col.array
    out[heads[11]] = people.array
    return out


def file_stem(sel: Selection, province: str | None = None) -> str:
    """ASCII file name without extension: partner_activities[_filtered][_TH-94]."""
    parts = ["partner_activities"]
    if sel.sectors or sel.partners or sel.goals or not sel.programme or (sel.provinces and not sel.follow):
        parts.append("filtered")
    codes = (province,) if sel.follow and province else sel.provinces
    if 0 < len(codes) <= 3:
        parts += list(codes)
    return "_".join(parts)


def readme_rows(
    filters: Sequence[tuple[str, str]], n_rows: int, generated: datetime, lang: Lang, *, release: str | None = None
) -> list[tuple[str, str]]:
    """Label/value rows of the Excel README sheet: what the file holds, which published
    release (when one is), the filters applied."""
    return [
        (t("data_rm_title", lang), t("part_rm_title", lang)),
        *([(t("data_rm_release", lang), release)] if release else []),
        *filters,
        (t("data_rm_rows", lang), f"{n_rows:,}"),
        (t("data_rm_generated", lang), generated.strftime("%Y-%m-%d %H:%M %Z").strip()),
        (t("data_rm_columns", lang), t("part_rm_columns", lang)),
        (t("data_rm_sources", lang), t("part_rm_sources", lang)),
    ]


def filter_rows(
    sel: Selection,
    sector_names: Mapping[str, str],
    partner_names: Mapping[str, str],
    province_names: Mapping[str, str],
    areas: Sequence[str],
    goals: Sequence[int],
    lang: Lang,
) -> list[tuple[str, str]]:
    """The filters in words, for the README sheet (``areas``/``goals``: what was applied, the
    sidebar's when following it)."""
    every = t("part_f_all", lang)
    return [
        (t("part_f_sector", lang), ", ".join(sector_names.get(s, s) for s in sel.sectors) or every),
        (t("part_f_partner", lang), ", ".join(partner_names.get(p, p) for p in sel.partners) or every),
        (t("part_f_province", lang), ", ".join(province_names.get(c, c) for c in areas) or every),
        (t("part_f_goal", lang), ", ".join(str(g) for g in goals) or every),
        (t("part_f_programme", lang), t("part_yes" if sel.programme else "part_no", lang)),
    ]
