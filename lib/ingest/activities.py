"""Partner activities in the 3W form ("who does what where"): read, check, and turn into records
for lib.store.partners. `python -m lib.ingest FILE --kind activities` and the admin page use it.

The template's English headers are exactly HEADERS; each also has a Thai header (strings
"act_col_<header>"), and either is accepted, in any order. One row is one activity:

- partner: a partner of the registry, matched however it is usually written (see
  `partner_key`: its id, Thai or English name, an acronym in brackets such as "(UNDP)", an
  upper-case word of its English name, or a registered alias such as ยูเอ็นดีพี). A name that
  matches no partner creates one, and only when the row gives a sector; one that matches
  several partners is refused.
- sector: one of the 7, by id (academia) or name in Thai or English; it must agree with the
  partner's own sector when the partner exists.
- title_en, title_th: at least one.
- provinces: ISO codes (TH-58) or names separated by ";", or the word `pilots` (Thai
  จังหวัดนำร่อง) for the whole pilot programme: then the activity is programme-wide and names
  the 15 pilots; otherwise it names its provinces.
- goals: goal numbers (1-17) or targets (3.2, 16.a) separated by ";"; a target counts for its goal.
- start_date, end_date: ISO, as precise as known (YYYY, YYYY-MM, YYYY-MM-DD); an Excel date
  cell is its date. The end may not be before the start (compared on the shared precision).
- status: planned, ongoing or completed (or the Thai word).
- budget_thb, people_reached: non-negative numbers (people a whole number); empty = not stated.
- funding_source, contact_agency: text; source_url: an http(s) link, or a document's name.

A row whose English title begins with EXAMPLE is the template's example and is refused.
Every problem names the file, row and column; the file loads only when there are none. The
same activity is the same partner, title and start date: twice in one file is a problem;
already in the registry, the file's row replaces it (lib.store.partners keeps the old one).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from lib.core.registry import HEADERS, PROGRAMME, PROVINCES, STATUSES, Activity, Partner
from lib.core.vocab import GOALS
from lib.i18n import Lang, t
from lib.ingest.cells import text
from lib.ingest.provinces import ProvinceMatcher, seed_aliases
from lib.ingest.read import DEFAULT_LIMITS, Cell, Limits, ReadFailure, read
from lib.ingest.report import Problem
from lib.store import partners as store
from lib.store.db import connect_read_only

REQUIRED: tuple[str, ...] = ("partner", "provinces", "goals", "status", "source_url")
EXAMPLE_MARK = "EXAMPLE"  # the template's example rows begin their English title so; never loaded
PILOTS_WORD = "pilots"
MAX_TEXT = {"title_en": 500, "title_th": 500, "partner": 200, "funding_source": 300, "contact_agency": 300}
MAX_TEXT_DEFAULT = 1000

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_GOAL = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}|[a-z]))?$")
_PUNCT = re.compile(r"[\s\-\u2010-\u2015.'’`,_()\[\]/&]+")
_BRACKETS = re.compile(r"\(([^()]+)\)")
_CAPS = re.compile(r"\b[A-Z][A-Z0-9\-]{1,}\b")


@dataclass(frozen=True)
class Registry:
    """What the checks need from the database (lib.store.partners.registry reads it)."""

    sectors: Sequence[tuple[str, str, str]]  # sector, name_th, name_en
    partners: Sequence[Partner]
    aliases: Sequence[tuple[str, str]]  # partner_id, alias
    provinces: ProvinceMatcher
    pilot_codes: Sequence[str]


@dataclass
class Checked:
    file_name: str
    sha256: str = ""
    file_format: str = ""
    activities: list[Activity] = field(default_factory=list)
    new_partners: list[Partner] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.activities)


def norm(value: object) -> str:
    """A name as compared: NFKC, case folded, spaces and punctuation dropped."""
    s = unicodedata.normalize("NFKC", str(value)).casefold()
    return _PUNCT.sub("", s)


def partner_key(p: Partner, aliases: Iterable[str] = ()) -> set[str]:
    """Every way a partner is matched: id, names, bracketed acronyms, upper-case words of the
    English name (UNDP in "UNDP Thailand"), registered aliases."""
    keys = {norm(p.partner_id), norm(p.name_th), norm(p.name_en), *(norm(a) for a in aliases)}
    for name in (p.name_th, p.name_en):
        keys |= {norm(m) for m in _BRACKETS.findall(name)}
    keys |= {norm(m) for m in _CAPS.findall(p.name_en)}
    return {k for k in keys if k}


def statuses_words() -> dict[str, str]:
    words = {norm(s): s for s in STATUSES}
    words |= {norm(t(f"act_status_{s}", "th")): s for s in STATUSES}
    return words


def header_names() -> dict[str, str]:
    """Header as written (normalised) -> template column: English and Thai."""
    names = {norm(h): h for h in HEADERS}
    names |= {norm(t(f"act_col_{h}", "th")): h for h in HEADERS}
    return names


def activity_id(partner_id: str, title: str, start: str | None) -> str:
    """Stable id of an activity: the same partner, title and start date is the same activity."""
    key = "|".join([partner_id, norm(title), start or ""])
    return "act_" + hashlib.sha256(key.encode()).hexdigest()[:12]


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower())
    base = base.strip("_")[:40] or "partner"
    pid = base if base not in taken else f"{base}_{hashlib.sha256(name.encode()).hexdigest()[:6]}"
    return pid


def parse_date(value: Cell) -> str | None | ValueError:
    """ISO text at its precision, an Excel date as YYYY-MM-DD; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    s = text(value).strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        s = str(int(value))
    m = _DATE.match(s)
    if not m:
        return ValueError(s)
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        date(y, int(mo or 1), int(d or 1))
    except ValueError:
        return ValueError(s)
    if not 1990 <= y <= 2100:
        return ValueError(s)
    return s


def _before(end: str, start: str) -> bool:
    n = min(len(end), len(start))
    return end[:n] < start[:n]


class _Row:
    """Problems of one row, named by its column header as written in the file."""

    def __init__(self, file: str, row: int, cols: dict[str, str], out: list[Problem]):
        self.file, self.row, self.cols, self.out = file, row, cols, out

    def problem(self, col: str, code: str, **detail: object) -> None:
        self.out.append(Problem(self.file, self.row, self.cols.get(col, col), f"act_{code}", detail))


def check(
    data: bytes, name: str, registry: Registry, *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Checked:
    """Read and check a 3W file; see the module docstring for every rule."""
    out = Checked(name, hashlib.sha256(data).hexdigest())
    try:
        table = read(data, name, sheet, limits)
    except ReadFailure as exc:
        out.problems.append(exc.problem)
        return out
    out.file_format = table.kind
    rows = [(n, cells) for n, cells in table.rows if any(text(c).strip() for c in cells)]
    if not rows:
        out.problems.append(Problem(name, None, None, "empty"))
        return out
    head_row, head = rows[0]
    names = header_names()
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    for i, head_cell in enumerate(head):
        label = text(head_cell).strip()
        if not label:
            continue
        col = names.get(norm(label))
        if col is None:
            out.problems.append(Problem(name, head_row, label, "act_unknown_column", {"column": label}))
        elif col in index:
            out.problems.append(Problem(name, head_row, label, "act_duplicate_column", {"column": label}))
        else:
            index[col], written[col] = i, label
    missing = [h for h in HEADERS if h not in index]
    if missing:
        out.problems.append(Problem(name, head_row, None, "act_missing_columns", {"columns": missing}))
    if out.problems:
        return out
    if len(rows) == 1:
        out.problems.append(Problem(name, None, None, "act_no_rows"))
        return out

    sectors = {norm(s): s for s, _, _ in registry.sectors}
    for s, th, en in registry.sectors:
        sectors |= {norm(th): s, norm(en): s}
    sector_list = sorted({s for s, _, _ in registry.sectors})
    aliases: dict[str, list[str]] = {}
    for pid, alias in registry.aliases:
        aliases.setdefault(pid, []).append(alias)
    by_key: dict[str, set[str]] = {}
    known = {p.partner_id: p for p in registry.partners}
    for p in registry.partners:
        for k in partner_key(p, aliases.get(p.partner_id, ())):
            by_key.setdefault(k, set()).add(p.partner_id)
    status_words = statuses_words()
    pilots = {norm(PILOTS_WORD), norm(t("act_pilots_word", "th"))}
    seen: dict[str, int] = {}
    new_by_key: dict[str, Partner] = {}
    taken = set(known)

    for number, cells in rows[1:]:
        r = _Row(name, number, written, out.problems)
        before = len(out.problems)

        def cell(col: str, cells: list[Cell] = cells) -> Cell:
            i = index[col]
            return cells[i] if i < len(cells) else None

        def txt(col: str, r: _Row = r) -> str:
            value = text(cell(col)).strip()
            limit = MAX_TEXT.get(col, MAX_TEXT_DEFAULT)
            if len(value) > limit:
                r.problem(col, "too_long", limit=limit)
                return value[:limit]
            return value

        for col in REQUIRED:
            if not txt(col):
                r.problem(col, "required")
        title_en, title_th = txt("title_en"), txt("title_th")
        if not title_en and not title_th:
            r.problem("title_en", "required")
        if title_en.casefold().startswith(EXAMPLE_MARK.casefold()):
            r.problem("title_en", "example_row")  # the template's example, sent back unchanged

        sector_text = txt("sector")
        sector = sectors.get(norm(sector_text)) if sector_text else None
        if sector_text and sector is None:
            r.problem("sector", "unknown_sector", value=sector_text, sectors=sector_list)
        partner_text = txt("partner")
        partner_id = None
        if partner_text:
            hits = by_key.get(norm(partner_text), set())
            if len(hits) > 1:
                r.problem("partner", "ambiguous_partner", value=partner_text, partners=sorted(hits))
            elif hits:
                partner_id = next(iter(hits))
                own = known[partner_id].sector
                if sector is not None and sector != own:
                    r.problem("sector", "sector_differs", partner=partner_id, known=own, value=sector)
            elif norm(partner_text) in new_by_key:
                partner_id = new_by_key[norm(partner_text)].partner_id
            elif sector is None:
                if not sector_text:
                    r.problem("sector", "new_partner_needs_sector", value=partner_text)
            else:
                pid = _slug(partner_text, taken)
                taken.add(pid)
                new = Partner(pid, partner_text, partner_text, sector)
                new_by_key[norm(partner_text)] = new
                out.new_partners.append(new)
                partner_id = pid

        area = txt("provinces")
        codes: list[str] = []
        scope = PROVINCES
        parts = [p.strip() for p in area.split(";") if p.strip()]
        if any(norm(p) in pilots for p in parts):
            scope = PROGRAMME
            codes = list(registry.pilot_codes)
            parts = [p for p in parts if norm(p) not in pilots]
        for part in parts:
            code = registry.provinces.code(part)
            if code is None:
                r.problem("provinces", "unknown_province", value=part)
            elif code not in codes:
                codes.append(code)

        goals: list[int] = []
        targets: list[str] = []
        for part in (p.strip() for p in txt("goals").replace(",", ";").split(";")):
            if not part:
                continue
            s = part.removesuffix(".0") if re.fullmatch(r"\d{1,2}\.0", part) else part
            m = _GOAL.match(s.lower())
            if not m or int(m.group(1)) not in GOALS:
                r.problem("goals", "bad_goal", value=part)
                continue
            g = int(m.group(1))
            if g not in goals:
                goals.append(g)
            if m.group(2) and s.lower() not in targets:
                targets.append(s.lower())

        dates: dict[str, str | None] = {}
        for col in ("start_date", "end_date"):
            d = parse_date(cell(col))
            if isinstance(d, ValueError):
                r.problem(col, "bad_date", value=str(d))
                dates[col] = None
            else:
                dates[col] = d
        start, end = dates["start_date"], dates["end_date"]
        if start and end and _before(end, start):
            r.problem("end_date", "end_before_start", end=end, start=start)

        status_text = txt("status")
        status = status_words.get(norm(status_text)) if status_text else None
        if status_text and status is None:
            r.problem("status", "bad_status", value=status_text, statuses=list(STATUSES))

        budget = _amount(cell("budget_thb"), r, "budget_thb", whole=False)
        people = _amount(cell("people_reached"), r, "people_reached", whole=True)

        url = txt("source_url")
        if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) and not re.match(r"^https?://\S+$", url, re.I):
            r.problem("source_url", "bad_url", value=url)

        if partner_id is not None and (title_en or title_th):
            aid = activity_id(partner_id, title_en or title_th, start)
            if aid in seen:
                r.problem("title_en", "duplicate", other=seen[aid])
            else:
                seen[aid] = number
        if len(out.problems) > before or partner_id is None or status is None:
            continue
        out.activities.append(
            Activity(
                activity_id=activity_id(partner_id, title_en or title_th, start),
                row=number,
                partner_id=partner_id,
                title_en=title_en or title_th,
                title_th=title_th or title_en,
                scope=scope,
                provinces=tuple(codes),
                goals=tuple(sorted(goals)),
                targets=tuple(sorted(targets)),
                start_date=start,
                end_date=end,
                status=status,
                budget_thb=budget,
                funding_source=txt("funding_source") or None,
                people_reached=None if people is None else int(people),
                contact_agency=txt("contact_agency") or None,
                source_url=url,
                area_label=area,
            )
        )
    if out.problems:
        out.activities = []
        out.new_partners = []
    return out


# ---------------------------------------------------------------- the admin page's forms

FORM = "form"  # the "file" a form's problems name


def check_form(values: Mapping[str, str], registry: Registry, *, editing: tuple[str, str] | None = None) -> Checked:
    """One activity from the admin form, checked by exactly the rules of a file: the form is a
    one-row 3W file. ``editing`` (activity id, partner id) keeps the activity's id and partner
    (its identity), so changing its title or dates replaces it instead of adding another."""
    buf = io.StringIO()
    csv.writer(buf).writerows([HEADERS, [str(values.get(h, "") or "") for h in HEADERS]])
    checked = check(buf.getvalue().encode("utf-8"), FORM, registry)
    if editing is None or not checked.ok:
        return checked
    kept_id, kept_partner = editing
    got = checked.activities[0]
    if got.partner_id != kept_partner:
        checked.problems.append(Problem(FORM, None, "partner", "act_partner_fixed", {"partner": kept_partner}))
        checked.activities, checked.new_partners = [], []
        return checked
    checked.activities = [replace(got, activity_id=kept_id)]
    return checked


def check_partner(
    registry: Registry,
    name_th: str,
    name_en: str,
    aliases: Sequence[str],
    *,
    sector: str | None = None,
    editing: str | None = None,
) -> tuple[Partner | None, list[Problem]]:
    """A partner from the admin form: both names, a sector for a new one (one of the 7), and no
    name or other name that already matches another partner (the rule that stops a 3W file
    creating UNDP twice). Returns the partner to add or update, or the problems by field."""
    problems: list[Problem] = []

    def problem(col: str, code: str, **detail: object) -> None:
        problems.append(Problem(FORM, None, col, f"act_{code}", detail))

    names = {"name_th": name_th.strip(), "name_en": name_en.strip()}
    for col, value in names.items():
        if not value:
            problem(col, "required")
        elif len(value) > MAX_TEXT["partner"]:
            problem(col, "too_long", limit=MAX_TEXT["partner"])
    others = [a.strip() for a in aliases if a.strip()]
    known = {p.partner_id: p for p in registry.partners}
    if editing is None and sector not in {s for s, _, _ in registry.sectors}:
        problem("sector", "new_partner_needs_sector", value=names["name_en"] or names["name_th"])
    alias_of: dict[str, list[str]] = {}
    for pid, alias in registry.aliases:
        alias_of.setdefault(pid, []).append(alias)
    for col, value in [*names.items(), *(("aliases", a) for a in others)]:
        if not value:
            continue
        clash = sorted(
            pid for pid, p in known.items() if pid != editing and norm(value) in partner_key(p, alias_of.get(pid, ()))
        )
        if clash:
            problem(col, "partner_exists", value=value, partners=clash)
    if problems:
        return None, problems
    if editing is not None:
        was = known[editing]
        return Partner(editing, names["name_th"], names["name_en"], was.sector), []
    pid = _slug(names["name_en"] or names["name_th"], set(known))
    return Partner(pid, names["name_th"], names["name_en"], str(sector)), []


def _amount(value: Cell, r: _Row, col: str, *, whole: bool) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        r.problem(col, "bad_count" if whole else "bad_amount", value=str(value))
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        s = text(value).strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
        if not re.fullmatch(r"\d+(?:\.\d+)?", s):
            r.problem(col, "bad_count" if whole else "bad_amount", value=text(value).strip())
            return None
        number = float(s)
    if not number >= 0 or number == float("inf") or (whole and not number.is_integer()):
        r.problem(col, "bad_count" if whole else "bad_amount", value=text(value).strip())
        return None
    return number


def registry_of(rows: store.RegistryRows) -> Registry:
    return Registry(
        sectors=rows.sectors,
        partners=rows.partners,
        aliases=rows.aliases,
        provinces=ProvinceMatcher(rows.provinces, seed_aliases()),
        pilot_codes=rows.pilot_codes,
    )


def load_registry(db: Path) -> Registry:
    con = connect_read_only(db)
    try:
        return registry_of(store.registry(con))
    finally:
        con.close()


def apply(checked: Checked, db: Path, *, user: str, file_format: str = "") -> store.Written:
    """Write a checked file (no problems) to the database at ``db``, atomically."""
    if not checked.ok:
        raise ValueError("a file with problems is never applied")
    digest = hashlib.sha256(checked.file_name.encode()).hexdigest() if not checked.sha256 else checked.sha256
    info = store.FileInfo(checked.file_name, digest, file_format or checked.file_format, user)
    written: store.Written = store.apply_staged(
        db, store.write_activities, checked.activities, checked.new_partners, info, "import"
    )
    return written


def run_cli(file: Path, db: Path, *, user: str, lang: Lang, dry_run: bool, sheet: str | None = None) -> int:
    """``python -m lib.ingest FILE --kind activities``: 0 loaded (or would load), 1 rejected
    (every problem printed: file, row, column; nothing written)."""
    checked = check(file.read_bytes(), file.name, load_registry(db), sheet=sheet)
    if not checked.ok:
        shown = checked.problems or [Problem(file.name, None, None, "act_no_rows")]
        print(t("ingest_cli_rejected", lang, n=f"{len(shown):,}"), file=sys.stderr)
        for p in shown:
            print("  " + p.render(lang), file=sys.stderr)
        return 1
    print(t("act_cli_checked", lang, n=len(checked.activities), new=len(checked.new_partners)))
    if dry_run:
        print(t("act_cli_dry_run", lang, n=len(checked.activities)))
        return 0
    w = apply(checked, db, user=user)
    print(
        t(
            "act_cli_loaded",
            lang,
            import_id=w.import_id,
            db=db,
            added=w.added,
            replaced=w.replaced,
            unchanged=w.unchanged,
            new=w.new_partners,
        )
    )
    return 0
