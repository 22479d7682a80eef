"""Partners page (pages/4_partners.py): who works where on what. Pure shaping, no Streamlit.

Input is ``queries.activities`` (one row per activity with its partner, sector, and its
provinces and goals as lists). Activities whose source names the whole programme (area
"ALL") are linked to all 15 pilots in the seed, so they count once in every pilot.
Activities are real engagements compiled from public reports; nothing here is demo data.

Page filters (multiselects; an empty selection means "all") and their optional URL form:
``sector`` (sector ids), ``partner`` (partner ids), ``area`` (province codes), ``sdg`` (goal
numbers), each comma-separated, and ``follow=1`` (use the sidebar's province and goal).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.core.catalogue import pilot_codes
from lib.core.filters import Notice
from lib.core.vocab import GOALS, N_GOALS, pilot_mark
from lib.i18n import Lang, name_col, strings, t
from lib.views.common import date_label, list_of

URL_PARAMS: tuple[str, ...] = ("sector", "partner", "area", "sdg", "follow")

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


@dataclass(frozen=True)
class Selection:
    """The page filters. Empty tuple = no restriction."""

    sectors: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    goals: tuple[int, ...] = ()
    follow: bool = False

    def to_params(self) -> dict[str, str | None]:
        """URL form: only what differs from the default (None removes a parameter)."""
        return {
            "sector": ",".join(self.sectors) or None,
            "partner": ",".join(self.partners) or None,
            "area": ",".join(self.provinces) or None,
            "sdg": ",".join(str(g) for g in self.goals) or None,
            "follow": "1" if self.follow else None,
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

    sectors = keep("sector", set(valid.sectors))
    partners = keep("partner", set(valid.partners))
    provinces = keep("area", set(valid.provinces), str.upper)
    goal_ok = {str(g) for g in valid.goals}
    goals = tuple(int(g) for g in keep("sdg", goal_ok, lambda v: v.lstrip("0") or v))
    follow = False
    if "follow" in raw:
        if raw["follow"] in ("0", "1"):
            follow = raw["follow"] == "1"
        else:
            notices.append(Notice("follow", str(raw["follow"])[:40]))
    return Selection(sectors, partners, provinces, goals, follow), notices


def filter_activities(
    acts: pd.DataFrame,
    sectors: Collection[str] = (),
    partners: Collection[str] = (),
    provinces: Collection[str] = (),
    goals: Collection[int] = (),
) -> pd.DataFrame:
    """Activities matching every non-empty filter: sector in, partner in, and at least one of
    its provinces / goals among the chosen ones (an activity without provinces matches only
    when no province is chosen)."""
    mask = np.ones(len(acts), dtype=bool)
    if sectors:
        mask &= acts["sector"].isin(set(sectors)).to_numpy()
    if partners:
        mask &= acts["partner_id"].isin(set(partners)).to_numpy()
    if provinces:
        wanted = {str(c) for c in provinces}
        mask &= np.array([bool(wanted & {str(c) for c in list_of(v)}) for v in acts["provinces"]], dtype=bool)
    if goals:
        wanted_g = {int(g) for g in goals}
        mask &= np.array([bool(wanted_g & {int(g) for g in list_of(v)}) for v in acts["goals"]], dtype=bool)
    return acts.loc[mask].reset_index(drop=True)


@dataclass(frozen=True)
class Summary:
    n_activities: int
    n_partners: int
    n_sectors: int
    n_provinces: int


def summary(acts: pd.DataFrame) -> Summary:
    provs = {str(c) for v in acts["provinces"] for c in list_of(v)}
    return Summary(len(acts), int(acts["partner_id"].nunique()), int(acts["sector"].nunique()), len(provs))


# ---------------------------------------------------------------- sector -> partner


def sector_partner(acts: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Activities per (sector, partner), sectors in their official order, partners by count.

    Columns: sector, sector_name, partner_id, partner_name, n, colour.
    """
    cols = ["sector", "sector_name", "partner_id", "partner_name", "n", "colour"]
    if acts.empty:
        return pd.DataFrame(columns=cols)
    g = (
        acts.groupby(["sector_sort", "sector", f"sector_{lang}", "partner_id", f"partner_{lang}"])
        .size()
        .reset_index(name="n")
    )
    g = g.sort_values(["sector_sort", "n", f"partner_{lang}"], ascending=[True, False, True])
    g = g.rename(columns={f"sector_{lang}": "sector_name", f"partner_{lang}": "partner_name"})
    g["colour"] = [SECTOR_COLOURS.get(s, OTHER_COLOUR) for s in g["sector"]]
    return g[cols].reset_index(drop=True)


def sector_partner_table(sp: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_sector", lang): sp["sector_name"].astype(str).tolist(),
            t("col_partner", lang): sp["partner_name"].astype(str).tolist(),
            t("part_col_n", lang): sp["n"].astype(int).tolist(),
        }
    )


# ---------------------------------------------------------------- province x sector


def matrix_provinces(acts_all: pd.DataFrame, provinces: pd.DataFrame, pilot_only: bool) -> list[str]:
    """Rows of the province x sector matrix: the 15 pilots, or every province that has an
    activity (pilots first) when pilot-only is off. Sorted by name later, by the caller's language."""
    pilots = pilot_codes(provinces)
    if pilot_only:
        return pilots
    with_acts = {str(c) for v in acts_all["provinces"] for c in list_of(v)}
    return pilots + sorted(with_acts - set(pilots))


def sector_short(sector: str, full: str, lang: Lang) -> str:
    """A short sector name for tight axes ('International' for 'International development
    partners'); the full name when no short one is defined."""
    key = f"part_sec_{sector}"
    return t(key, lang) if key in strings() else str(full)


def province_sector(
    acts: pd.DataFrame, codes: Sequence[str], provinces: pd.DataFrame, sectors: pd.DataFrame, lang: Lang
) -> pd.DataFrame:
    """Activity counts, rows = provinces (``codes``, by name; pilots get ' ★'), columns = the 7
    sectors in order (short names; the full names in ``attrs['full']``). Zero where nothing
    is recorded."""
    names = provinces.set_index("code")
    pilots = set(pilot_codes(provinces))
    secs = sectors.sort_values("sort")
    counts = {(c, s): 0 for c in codes for s in secs["sector"]}
    for sector, provs in zip(acts["sector"], acts["provinces"]):
        for c in list_of(provs):
            if (str(c), sector) in counts:
                counts[(str(c), sector)] += 1
    order = sorted(codes, key=lambda c: str(names.loc[c, name_col(lang)]))
    data = [[counts[(c, s)] for s in secs["sector"]] for c in order]
    index = [pilot_mark(str(names.loc[c, name_col(lang)]), c in pilots) for c in order]
    short = [sector_short(s, n, lang) for s, n in zip(secs["sector"], secs[name_col(lang)])]
    out = pd.DataFrame(data, index=pd.Index(index, name=t("col_province", lang)), columns=short)
    out.attrs["codes"] = order
    out.attrs["full"] = secs[name_col(lang)].astype(str).tolist()
    return out


def province_sector_table(mat: pd.DataFrame) -> pd.DataFrame:
    return mat.reset_index()


# ---------------------------------------------------------------- goals


def goal_counts(acts: pd.DataFrame, goals: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Activities per goal, all 17 (zero included). Columns: goal, label, colour, n."""
    n = {int(g): 0 for g in goals["goal"]}
    for gl in acts["goals"]:
        for g in list_of(gl):
            if int(g) in n:
                n[int(g)] += 1
    out = goals[["goal", f"short_{lang}", "colour"]].copy()
    out["goal"] = out["goal"].astype(int)
    out["label"] = [f"{g}. {s}" for g, s in zip(out["goal"], out[f"short_{lang}"])]
    out["n"] = [n[g] for g in out["goal"]]
    return out[["goal", "label", "colour", "n"]].reset_index(drop=True)


def goal_counts_table(gc: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    return pd.DataFrame({t("col_goal", lang): gc["label"].tolist(), t("part_col_n", lang): gc["n"].tolist()})


# ---------------------------------------------------------------- activity list


def area_label(codes: Sequence[str], raw_label: str, provinces: pd.DataFrame, lang: Lang) -> str:
    """Where an activity takes place: 'all 15 pilot provinces', province names, or the
    source's own wording when it names no province."""
    pilots = set(pilot_codes(provinces))
    codes = [str(c) for c in codes]
    if codes and set(codes) == pilots:
        return t("part_area_all_pilots", lang, n=len(pilots))
    if not codes:
        return str(raw_label)
    names = dict(zip(provinces["code"], provinces[name_col(lang)]))
    return ", ".join(sorted(str(names.get(c, c)) for c in codes))


def goals_label(goals: Sequence[int], lang: Lang) -> str:
    gs = sorted(int(g) for g in goals)
    if len(gs) == N_GOALS:
        return t("part_goals_all", lang)
    return ", ".join(str(g) for g in gs) if gs else "–"


def activity_table(acts: pd.DataFrame, provinces: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The activity list: partner, sector, activity, area, goals, start, end, source link.
    Sorted by sector order, partner and activity id."""
    keys = (
        "col_partner",
        "col_sector",
        "col_activity",
        "part_col_area",
        "part_col_goals",
        "col_start",
        "col_end",
        "col_link",
    )
    cols = [t(k, lang) for k in keys]
    if acts.empty:
        return pd.DataFrame(columns=cols)
    rows = acts.sort_values(["sector_sort", f"partner_{lang}", "activity_id"])
    values = [
        rows[f"partner_{lang}"].astype(str).tolist(),
        rows[f"sector_{lang}"].astype(str).tolist(),
        (rows["title_th"] if lang == "th" else rows["title"]).astype(str).tolist(),
        [area_label(list_of(p), a, provinces, lang) for p, a in zip(rows["provinces"], rows["area_label"])],
        [goals_label([int(g) for g in list_of(gl)], lang) for gl in rows["goals"]],
        [date_label(d, lang) for d in rows["start_date"]],
        [date_label(d, lang) for d in rows["end_date"]],
        rows["source_url"].astype(str).tolist(),
    ]
    return pd.DataFrame(dict(zip(cols, values)))
