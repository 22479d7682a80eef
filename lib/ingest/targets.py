"""A province's own 2030 targets (its SDG localization plan): read, check, and load into
province_target (lib.store.progress). `python -m lib.ingest FILE --kind targets` and the admin
page use it; lib.core.progress then measures that province's indicator against it instead of the
national target or the SDSN green threshold.

The template's English headers are exactly HEADERS; each also has a Thai header (strings
"tgt_col_<header>"), and either is accepted, in any order (`note` may be left out). One row is
one province x indicator:

- province: ISO code (TH-50) or the Thai or English name, as the value importer matches them.
- indicator: an indicator_id of the catalogue or its SDG code (3.6.1).
- target_2030: a number (a spreadsheet number, or text such as 1,250.5 or 40%); it must lie
  within the indicator's natural range, the catalogue's plausible_min..plausible_max (a share
  within 0-100, a rate not below 0), the same bounds values are checked against.
- source: the plan that sets the target, an http(s) link or a document's title (required).
- note: free text.

Every problem names the file, row and column; the file loads only when there are none (all or
nothing, in one transaction on a staged copy: lib.store.partners.apply_staged). The same
province and indicator twice in one file is a problem; already stored, the file's row replaces
it and the old row is kept in province_target_history. A row marked as the template's example
is refused, so an example number can never load.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import xlsxwriter

from lib.i18n import Lang, t
from lib.ingest.cells import text
from lib.ingest.pipeline import Lookup
from lib.ingest.read import DEFAULT_LIMITS, Cell, Limits, ReadFailure, read
from lib.ingest.report import Problem
from lib.store import partners as staging
from lib.store import progress as store

__all__ = [
    "HEADERS",
    "REQUIRED",
    "Checked",
    "apply",
    "check",
    "header_names",
    "load_lookup",
    "run_cli",
    "template_csv_bytes",
    "template_rows",
    "template_xlsx_bytes",
]

HEADERS: tuple[str, ...] = ("province", "indicator", "target_2030", "source", "note")
REQUIRED: tuple[str, ...] = ("province", "indicator", "target_2030", "source")
MAX_TEXT = {"source": 500, "note": 1000}
EXAMPLE_WORD = "EXAMPLE"  # the template's example rows say so in their note

_PUNCT = re.compile(r"[\s\-\u2010-\u2015.'’`,_()\[\]/&]+")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_URL = re.compile(r"^https?://\S+$", re.I)


@dataclass
class Checked:
    file_name: str
    sha256: str = ""
    file_format: str = ""
    rows: list[store.ProvinceTarget] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def norm(value: object) -> str:
    """A header as compared: NFKC, case folded, spaces and punctuation dropped."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(value)).casefold())


def header_names() -> dict[str, str]:
    """Header as written (normalised) -> template column: English and Thai."""
    names = {norm(h): h for h in HEADERS}
    names |= {norm(t(f"tgt_col_{h}", "th")): h for h in HEADERS}
    return names


def _is_example(note: str) -> bool:
    n = note.strip().casefold()
    return n.startswith(EXAMPLE_WORD.casefold()) or n.startswith(t("tgt_example_word", "th").casefold())


def parse_number(value: Cell) -> float | None:
    """A spreadsheet number, or text with thousands separators or a trailing %; None if not."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        s = text(value).replace(",", "").replace("\u00a0", "").replace(" ", "").removesuffix("%")
        if not _NUMBER.match(s):
            return None
        number = float(s)
    return number if math.isfinite(number) else None


class _Row:
    """Problems of one row, named by its column header as written in the file."""

    def __init__(self, file: str, row: int, cols: dict[str, str], out: list[Problem]):
        self.file, self.row, self.cols, self.out = file, row, cols, out

    def problem(self, col: str, code: str, **detail: object) -> None:
        self.out.append(Problem(self.file, self.row, self.cols.get(col, col), f"tgt_{code}", detail))


def check(
    data: bytes, name: str, lookup: Lookup, *, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Checked:
    """Read and check a province-targets file; see the module docstring for every rule."""
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
            out.problems.append(Problem(name, head_row, label, "tgt_unknown_column", {"column": label}))
        elif col in index:
            out.problems.append(Problem(name, head_row, label, "tgt_duplicate_column", {"column": label}))
        else:
            index[col], written[col] = i, label
    missing = [h for h in REQUIRED if h not in index]
    if missing:
        out.problems.append(Problem(name, head_row, None, "tgt_missing_columns", {"columns": missing}))
    if out.problems:
        return out
    if len(rows) == 1:
        out.problems.append(Problem(name, None, None, "tgt_no_rows"))
        return out

    inds = lookup.indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    lo = pd.to_numeric(inds["plausible_min"], errors="coerce").to_dict()
    hi = pd.to_numeric(inds["plausible_max"], errors="coerce").to_dict()
    seen: dict[tuple[str, str], int] = {}

    for number, cells in rows[1:]:
        r = _Row(name, number, written, out.problems)
        before = len(out.problems)

        def cell(col: str, cells: list[Cell] = cells) -> Cell:
            i = index.get(col)
            return cells[i] if i is not None and i < len(cells) else None

        def txt(col: str, r: _Row = r) -> str:
            value = text(cell(col)).strip()
            limit = MAX_TEXT.get(col)
            if limit is not None and len(value) > limit:
                r.problem(col, "too_long", limit=limit)
                return value[:limit]
            return value

        for col in REQUIRED:
            if not txt(col):
                r.problem(col, "required")
        note = txt("note")
        if note and _is_example(note):
            r.problem("note", "example_row")

        prov_text = txt("province")
        code = lookup.matcher.code(prov_text) if prov_text else None
        if prov_text and code is None:
            r.problem("province", "unknown_province", value=prov_text)

        ind_text = txt("indicator")
        ind: str | None = None
        if ind_text:
            ind, cands = lookup.resolve_indicator(ind_text)
            if ind is None:
                if len(cands) > 1:
                    r.problem("indicator", "ambiguous_indicator", value=ind_text, candidates=cands)
                else:
                    r.problem("indicator", "unknown_indicator", value=ind_text)

        value: float | None = None
        raw = cell("target_2030")
        if text(raw):
            value = parse_number(raw)
            if value is None:
                r.problem("target_2030", "not_number", value=text(raw))
            elif ind is not None and not lo[ind] <= value <= hi[ind]:
                r.problem("target_2030", "out_of_range", value=value, min=lo[ind], max=hi[ind], indicator=ind)

        source = txt("source")
        if _SCHEME.match(source) and not _URL.match(source):
            r.problem("source", "bad_url", value=source)

        if code is not None and ind is not None:
            other = seen.get((code, ind))
            if other is not None:
                r.problem("indicator", "duplicate", other=other, province=code, indicator=ind)
            else:
                seen[(code, ind)] = number
        if len(out.problems) > before or code is None or ind is None or value is None:
            continue
        out.rows.append(store.ProvinceTarget(code, ind, value, source, note or None, number))
    if out.problems:
        out.rows = []
    return out


def load_lookup(db: Path) -> Lookup:
    """What the checks need, as the value importer reads it: indicators with their SDG codes
    and plausible range, and the province matcher."""
    return Lookup.from_db(db)


def apply(checked: Checked, db: Path, *, user: str, file_format: str = "") -> store.TargetsWritten:
    """Write a checked file (no problems) to the database at ``db``, atomically."""
    if not checked.ok:
        raise ValueError("a file with problems is never applied")
    info = store.TargetsFile(checked.file_name, checked.sha256, file_format or checked.file_format, user)
    written: store.TargetsWritten = staging.apply_staged(db, store.write_province_targets, checked.rows, info)
    return written


def run_cli(file: Path, db: Path, *, user: str | None, lang: Lang, dry_run: bool, sheet: str | None = None) -> int:
    """``python -m lib.ingest FILE --kind targets``: 0 loaded (or would load), 1 rejected (every
    problem printed: file, row, column; nothing written), 2 usage (no such file or database)."""
    if not file.is_file():
        print(t("tgt_cli_no_file", lang, file=file), file=sys.stderr)
        return 2
    if not db.is_file():
        print(t("ingest_cli_no_db", lang, db=db), file=sys.stderr)
        return 2
    checked = check(file.read_bytes(), file.name, load_lookup(db), sheet=sheet)
    if not checked.ok:
        shown = checked.problems or [Problem(file.name, None, None, "tgt_no_rows")]
        print(t("ingest_cli_rejected", lang, n=f"{len(shown):,}"), file=sys.stderr)
        for p in shown:
            print("  " + p.render(lang), file=sys.stderr)
        return 1
    provinces = len({r.province_code for r in checked.rows})
    print(t("tgt_cli_checked", lang, n=len(checked.rows), provinces=provinces))
    if dry_run:
        print(t("tgt_cli_dry_run", lang, n=len(checked.rows)))
        return 0
    w = apply(checked, db, user=user or "cli")
    print(
        t(
            "tgt_cli_loaded",
            lang,
            import_id=w.import_id,
            db=db,
            added=w.added,
            replaced=w.replaced,
            unchanged=w.unchanged,
        )
    )
    return 0


# ---------------------------------------------------------------- the template


def template_rows(lang: Lang = "en") -> list[list[str]]:
    """The header (English, or Thai with ``lang='th'``) and two invented example rows, each
    marked as an example in its note (check refuses such rows)."""
    mark = (
        f"{EXAMPLE_WORD} - {t('tgt_example_note', 'en')} / {t('tgt_example_word', 'th')} {t('tgt_example_note', 'th')}"
    )
    head = list(HEADERS) if lang == "en" else [t(f"tgt_col_{h}", "th") for h in HEADERS]
    return [
        head,
        [t("tgt_example_province", lang), "forest_cover", "45", t("tgt_example_source", lang), mark],
        ["Phuket", "3.6.1", "10.5", "https://example.org/phuket-sdg-plan", mark],
    ]


def template_csv_bytes(lang: Lang = "en") -> bytes:
    """The template as CSV bytes (UTF-8 with BOM so Excel shows the Thai, CRLF line ends)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(template_rows(lang))
    return buf.getvalue().encode("utf-8-sig")


def template_xlsx_bytes(lang: Lang = "en") -> bytes:
    """The template as an .xlsx workbook: one sheet, the header and the two example rows
    (targets as numbers, every other cell as text)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("targets")
    bold = wb.add_format({"bold": True})
    for r, row in enumerate(template_rows(lang)):
        for c, value in enumerate(row):
            if r == 0:
                ws.write_string(r, c, value, bold)
            elif HEADERS[c] == "target_2030":
                ws.write_number(r, c, float(value))
            else:
                ws.write_string(r, c, value)
    ws.set_column(0, 2, 14)
    ws.set_column(3, 4, 48)
    wb.close()
    return buf.getvalue()
