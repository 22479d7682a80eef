"""The partner registry's records (3W: who does what where), shared by the importer
(lib.ingest.activities), the admin forms and the store (lib.store.partners)."""

from __future__ import annotations

from dataclasses import dataclass

# The 3W template's English headers, exactly (Thai ones: strings "act_col_<header>").
HEADERS: tuple[str, ...] = (
    "partner",
    "sector",
    "title_en",
    "title_th",
    "provinces",
    "goals",
    "start_date",
    "end_date",
    "status",
    "budget_thb",
    "funding_source",
    "people_reached",
    "contact_agency",
    "source_url",
)
STATUSES: tuple[str, ...] = ("planned", "ongoing", "completed")
PROGRAMME, PROVINCES = "programme", "provinces"  # an activity's scope
SCOPES: tuple[str, ...] = (PROGRAMME, PROVINCES)


@dataclass(frozen=True)
class Partner:
    partner_id: str
    name_th: str
    name_en: str
    sector: str


@dataclass(frozen=True)
class Activity:
    """One activity. ``scope`` PROGRAMME: the whole pilot programme (``provinces`` lists the
    pilots, but no one province is counted for it); PROVINCES: the provinces it names."""

    activity_id: str
    row: int  # the file row it came from (0 for a form)
    partner_id: str
    title_en: str
    title_th: str
    scope: str
    provinces: tuple[str, ...]
    goals: tuple[int, ...]
    targets: tuple[str, ...]
    start_date: str | None
    end_date: str | None
    status: str
    budget_thb: float | None
    funding_source: str | None
    people_reached: int | None
    contact_agency: str | None
    source_url: str
    area_label: str  # the area as written
