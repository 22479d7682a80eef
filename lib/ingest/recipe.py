"""Recipes: how to load one kind of file, saved as a small TOML file a person can read and edit.

    version = 1
    name = "nesdc-poverty-t33-by-sex"
    description = "NESDC table 3.3: poverty headcount ratio by sex and province"

    [file]                      # the layout the recipe was made for (checked on every use)
    paths = ["raw/nesdc_poverty_province/poor_province__*.xls"]  # optional: the files the build
                                # loads with it (globs, relative to data/; see lib.ingest.sources)
    sheet = "CrossTab_2R2C"     # optional; default the first visible sheet
    provinces = { file = "raw/x/dim_province.csv", code = "province_code", name = "province_name" }
    header = [["province", "GPP", "GPP"], ["", "2019", "2020"]]   # a JSON table's header rows
    transpose = true            # optional: years down, provinces across (lib.ingest.transpose)
                                # optional: a file's own province codes, with the names they stand for
    header_rows = [5, 6]
    layout = ["C: <province>", "B: <block>", "D: {year} / สัดส่วนคนจน(ร้อยละ)", ...]
    fingerprint = "5e351850f1fa8fb5"

    [load]
    indicator = "pov_headcount" # indicator_id or SDG code; or, for a context series (the build only):
    # measure = "Registered population (DOPA, 31 December)"  and  unit = "persons"
    # same_as = { measure = "…", name_th = "…", name_en = "Population", unit_th = "…", unit_en = "persons" }
                                # a context series measuring what another does (that one is used); compared
    column = "สัดส่วนคนจน"       # the measure: text its header contains
    scale = 1.0                 # 1000 for "พันคน", 1e6 for "ล้านบาท"
    year_format = "be"          # auto / be / ce
    year = 2549                 # only for tables whose header names no year
    dataset = "ministry"
    flags = ["provisional"]     # provisional / estimated / proxy on every row
    on_conflict = "replace"     # build sources only, when another source gives the same key:
                                # "replace" (this is the official revision), "keep" (the other is)
    words = { "ไม่มีพื้นที่ป่าไม้" = 0 }   # words the file writes instead of a number
    rows = { spc = "Physician" }     # keep only the rows whose label column (by its header) reads this
    plus = ["disposed_correct"]      # measures added to `column` cell by cell (a sum of columns)
    note = "…"

    [derive]                    # optional: value = numerator × scale / (denominator × derive.scale) × multiply
    column = "จำนวนประชากร"      # a measure of the same table, or
    measure = "Population (registration record)"   # a context series in the database
    scale = 1000
    multiply = 100
    combine = ["sex"]           # optional: sum numerators and denominators over these keys first
    when_missing = "skip"       # optional: leave out (and count) values with no denominator yet

    [source]                    # recorded with every value
    title = "…"
    publisher = "NESDC"
    url = "https://…"

A recipe is refused with the difference named when its file's layout is not the one in
[file] (a header moved, a column renamed or added): it is never loaded wrongly. `layout`
writes years as {year}, so one recipe serves the files of every year; `fingerprint` is a
hash of it, how the admin page recognises a file it has a recipe for.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

import tomli_w

from lib.core.paths import DATA_DIR
from lib.ingest.layout import Expect, Layout
from lib.ingest.pipeline import Derive, Options, SourceInfo, YearFormat

VERSION = 1
SUFFIX = ".toml"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")
FLAGS = ("provisional", "estimated", "proxy")
SAME_AS_KEYS = ("measure", "name_th", "name_en", "unit_th", "unit_en")  # [load.same_as], in context_same's order


class RecipeError(ValueError):
    """A recipe file that cannot be used; the message says why."""


@dataclass(frozen=True)
class Recipe:
    name: str
    indicator: str
    header_rows: tuple[int, ...]
    layout: tuple[str, ...]
    fingerprint: str
    description: str = ""
    sheet: str | None = None
    column: str | None = None
    scale: float = 1.0
    year_format: YearFormat = "auto"
    year: int | None = None
    dataset: str | None = None
    flags: tuple[str, ...] = ()
    note: str | None = None
    derive: Derive | None = None
    source: SourceInfo | None = None
    paths: tuple[str, ...] = ()
    on_conflict: str = "error"
    words: tuple[tuple[str, float], ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    plus: tuple[str, ...] = ()
    provinces: tuple[str, str, str] | None = None  # (file relative to data/, code column, name column)
    context: tuple[str, str] | None = None  # (measure, unit) of a context series, instead of an indicator
    year_from_name: str | None = None  # a regex whose group 1 is the file's year (C.E. or B.E.), from its name
    header: tuple[tuple[str, ...], ...] | None = None  # header rows for a JSON table (it has none)
    transpose: bool = False  # years down the first column, provinces across: turned before layout
    same_as: tuple[str, ...] | None = None  # SAME_AS_KEYS: the series used instead, how the report names it
    path: Path | None = field(default=None, compare=False)

    def options(self, base: Options | None = None) -> Options:
        """The import options this recipe stands for (db, user and limits from `base`)."""
        base = base or Options()
        return replace(
            base,
            indicator=self.indicator,
            dataset=self.dataset or base.dataset,
            year_format=self.year_format,
            sheet=self.sheet,
            column=self.column,
            scale=self.scale,
            year=self.year,
            derive=self.derive,
            source=self.source,
            flags=self.flags,
            note=self.note,
            words=self.words,
            rows=self.rows,
            plus=self.plus,
            aliases=self.aliases(),
            context=self.context,
            header=self.header,
            transpose=self.transpose,
            expect=Expect(self.name, self.header_rows, self.layout),
        )

    def year_of(self, file_name: str) -> int | None:
        """The year written in a file's name (`year_from_name`), or None."""
        if self.year_from_name is None:
            return None
        m = re.search(self.year_from_name, file_name)
        return int(m.group(1)) if m else None

    def aliases(self, data_dir: Path = DATA_DIR) -> tuple[tuple[str, str], ...]:
        """The (code, name) pairs of [file] provinces, read from its CSV file."""
        if self.provinces is None:
            return ()
        rel, code, name = self.provinces
        try:
            with open(data_dir / rel, encoding="utf-8-sig", newline="") as fh:
                return tuple((r[code].strip(), r[name].strip()) for r in csv.DictReader(fh))
        except (OSError, KeyError) as exc:
            raise RecipeError(f"{self.name}: file.provinces {rel}: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        file: dict[str, Any] = {"paths": list(self.paths)} if self.paths else {}
        if self.year_from_name:
            file["year_from_name"] = self.year_from_name
        if self.header:
            file["header"] = [list(h) for h in self.header]
        if self.transpose:
            file["transpose"] = True
        if self.provinces:
            file["provinces"] = dict(zip(("file", "code", "name"), self.provinces, strict=True))
        file |= {"header_rows": list(self.header_rows), "layout": list(self.layout)}
        if self.sheet:
            file["sheet"] = self.sheet
        file["fingerprint"] = self.fingerprint
        load: dict[str, Any] = (
            {"measure": self.context[0], "unit": self.context[1]} if self.context else {"indicator": self.indicator}
        )
        for k in ("column", "year", "dataset", "note"):
            if getattr(self, k) is not None:
                load[k] = getattr(self, k)
        load |= {"scale": self.scale, "year_format": self.year_format, "flags": list(self.flags)}
        if self.on_conflict != "error":
            load["on_conflict"] = self.on_conflict
        if self.words:
            load["words"] = dict(self.words)
        if self.rows:
            load["rows"] = dict(self.rows)
        if self.plus:
            load["plus"] = list(self.plus)
        if self.same_as:
            load["same_as"] = dict(zip(SAME_AS_KEYS, self.same_as, strict=True))
        out: dict[str, Any] = {"version": VERSION, "name": self.name, "description": self.description}
        out |= {"file": file, "load": load}
        if self.derive is not None:
            d = self.derive
            out["derive"] = {k: v for k, v in (("column", d.column), ("measure", d.measure)) if v is not None} | {
                "scale": d.scale,
                "multiply": d.multiply,
            }
            if d.combine:
                out["derive"]["combine"] = list(d.combine)
            if d.when_missing != "error":
                out["derive"]["when_missing"] = d.when_missing
        if self.source is not None:
            out["source"] = {"title": self.source.title, "publisher": self.source.publisher} | (
                {"url": self.source.url} if self.source.url else {}
            )
        return out

    def to_toml(self) -> str:
        head = f"# Recipe {self.name!r}: how to load one kind of file (see lib/ingest/recipe.py).\n"
        return head + tomli_w.dumps(self.to_dict(), multiline_strings=False)

    def save(self, folder: Path) -> Path:
        """Write <folder>/<name>.toml atomically; returns the path."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}{SUFFIX}"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(self.to_toml(), encoding="utf-8")
        tmp.replace(path)
        return path


def from_layout(
    layout: Layout,
    options: Options,
    name: str,
    *,
    description: str = "",
    sheet: str | None = None,
) -> Recipe:
    """The recipe that repeats `options` on files laid out as `layout`."""
    if not _NAME.match(name):
        raise RecipeError(f"name {name!r}: use a-z, 0-9, _ and - (up to 60 characters)")
    if not options.indicator and options.context is None:
        raise RecipeError("an indicator is needed")
    return Recipe(
        name=name,
        indicator=options.indicator or "",
        header_rows=tuple(layout.header_rows),
        layout=tuple(layout.signature()),
        fingerprint=layout.fingerprint(),
        description=description,
        sheet=sheet if sheet is not None else options.sheet,
        column=options.column,
        scale=options.scale,
        year_format=options.year_format,
        year=options.year,
        dataset=options.dataset,
        flags=options.flags,
        note=options.note,
        derive=options.derive,
        source=options.source,
        words=options.words,
        rows=options.rows,
        plus=options.plus,
        context=options.context,
        header=options.header,
        transpose=options.transpose,
    )


def _get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str, required: bool = False) -> Any:
    v = table.get(key)
    if v is None:
        if required:
            raise RecipeError(f"{where}.{key} is missing")
        return None
    if isinstance(v, bool) and kind is not bool or not isinstance(v, kind):
        raise RecipeError(f"{where}.{key} = {v!r} has the wrong type")
    return v


def parse(text: str, path: Path | None = None) -> Recipe:
    """A recipe from TOML text. Raises RecipeError naming the field."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"not TOML: {exc}") from None
    version = doc.get("version")
    if version != VERSION:
        raise RecipeError(f"version = {version!r}; this program reads version {VERSION}")
    unknown = set(doc) - {"version", "name", "description", "file", "load", "derive", "source"}
    if unknown:
        raise RecipeError(f"unknown section(s): {', '.join(sorted(unknown))}")
    name = _get(doc, "name", str, "recipe", True)
    if not _NAME.match(name):
        raise RecipeError(f"name {name!r}: use a-z, 0-9, _ and - (up to 60 characters)")
    file = _get(doc, "file", dict, "recipe", True)
    load = _get(doc, "load", dict, "recipe", True)
    rows = _get(file, "header_rows", list, "file", True)
    paths = _get(file, "paths", list, "file") or []
    if not all(isinstance(x, str) and not x.startswith("/") and ".." not in x for x in paths):
        raise RecipeError("file.paths must be paths relative to data/ (no '..')")
    layout = _get(file, "layout", list, "file", True)
    if not all(isinstance(r, int) and not isinstance(r, bool) for r in rows):
        raise RecipeError("file.header_rows must be row numbers")
    if not all(isinstance(line, str) for line in layout):
        raise RecipeError("file.layout must be lines of text")
    year_format = _get(load, "year_format", str, "load") or "auto"
    if year_format not in ("auto", "be", "ce"):
        raise RecipeError(f"load.year_format = {year_format!r}: use auto, be or ce")
    flags = tuple(_get(load, "flags", list, "load") or ())
    if any(f not in FLAGS for f in flags):
        raise RecipeError(f"load.flags = {list(flags)!r}: use {', '.join(FLAGS)}")
    scale = float(_get(load, "scale", (int, float), "load") or 1.0)
    if not scale > 0:
        raise RecipeError("load.scale must be positive")
    derive = None
    if "derive" in doc:
        d = _get(doc, "derive", dict, "recipe")
        col, measure = _get(d, "column", str, "derive"), _get(d, "measure", str, "derive")
        if (col is None) == (measure is None):
            raise RecipeError("derive needs exactly one of column or measure")
        combine = _get(d, "combine", list, "derive") or []
        if not all(isinstance(k, str) and re.match(r"^[a-z_]+$", k) for k in combine):
            raise RecipeError(f'derive.combine = {combine!r}: use disaggregation keys such as "sex"')
        derive = Derive(
            column=col,
            measure=measure,
            scale=float(_get(d, "scale", (int, float), "derive") or 1.0),
            multiply=float(_get(d, "multiply", (int, float), "derive") or 1.0),
            combine=tuple(combine),
            when_missing=_get(d, "when_missing", str, "derive") or "error",
        )
        if derive.when_missing not in ("error", "skip"):
            raise RecipeError(f"derive.when_missing = {derive.when_missing!r}: use error or skip")
    source = None
    if "source" in doc:
        s = _get(doc, "source", dict, "recipe")
        url = _get(s, "url", str, "source")
        if url is not None and not re.match(r"^https?://\S+$", url):
            raise RecipeError(f"source.url = {url!r} is not an http(s) link")
        source = SourceInfo(_get(s, "title", str, "source", True), _get(s, "publisher", str, "source", True), url)
    measure, unit = _get(load, "measure", str, "load"), _get(load, "unit", str, "load")
    if (measure is None) != (unit is None):
        raise RecipeError("load.measure and load.unit go together (a context series)")
    year_from_name = _get(file, "year_from_name", str, "file")
    if year_from_name is not None:
        try:
            if re.compile(year_from_name).groups < 1:
                raise RecipeError("file.year_from_name needs a group around the year")
        except re.error as exc:
            raise RecipeError(f"file.year_from_name: {exc}") from None
    return Recipe(
        name=name,
        indicator=_get(load, "indicator", str, "load", measure is None) or "",
        header_rows=tuple(rows),
        layout=tuple(layout),
        fingerprint=_get(file, "fingerprint", str, "file") or "",
        description=_get(doc, "description", str, "recipe") or "",
        sheet=_get(file, "sheet", str, "file"),
        column=_get(load, "column", str, "load"),
        scale=scale,
        year_format=cast(YearFormat, year_format),
        year=_get(load, "year", int, "load"),
        dataset=_get(load, "dataset", str, "load"),
        flags=flags,
        note=_get(load, "note", str, "load"),
        derive=derive,
        source=source,
        paths=tuple(paths),
        on_conflict=_conflict(_get(load, "on_conflict", str, "load") or "error"),
        words=_words(_get(load, "words", dict, "load") or {}),
        rows=_rows(_get(load, "rows", dict, "load") or {}),
        plus=tuple(str(x) for x in (_get(load, "plus", list, "load") or [])),
        provinces=_provinces(_get(file, "provinces", dict, "file")),
        context=(measure, unit) if measure is not None and unit is not None else None,
        year_from_name=year_from_name,
        header=_header(_get(file, "header", list, "file")),
        transpose=bool(_get(file, "transpose", bool, "file")),
        same_as=_same_as(_get(load, "same_as", dict, "load"), measure),
        path=path,
    )


def _same_as(table: dict[str, Any] | None, measure: str | None) -> tuple[str, ...] | None:
    if table is None:
        return None
    if measure is None:
        raise RecipeError("load.same_as is for a context series (load.measure and load.unit)")
    got = tuple(table.get(k) for k in SAME_AS_KEYS)
    if set(table) != set(SAME_AS_KEYS) or not all(isinstance(v, str) and v.strip() for v in got):
        raise RecipeError(f"load.same_as needs exactly {', '.join(SAME_AS_KEYS)} (texts)")
    if got[0] == measure:
        raise RecipeError("load.same_as names this recipe's own measure")
    return cast(tuple[str, ...], got)


def _words(table: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    bad = [k for k, v in table.items() if isinstance(v, bool) or not isinstance(v, (int, float))]
    if bad:
        raise RecipeError(f"load.words: {bad[0]!r} must map to a number")
    return tuple((k, float(v)) for k, v in sorted(table.items()))


def _header(rows: list[Any] | None) -> tuple[tuple[str, ...], ...] | None:
    if rows is None:
        return None
    if not rows or not all(isinstance(r, list) and all(isinstance(c, str) for c in r) for r in rows):
        raise RecipeError("file.header must be rows of texts")
    return tuple(tuple(r) for r in rows)


def _conflict(value: str) -> str:
    if value not in ("error", "replace", "keep"):
        raise RecipeError(f"load.on_conflict = {value!r}: use error, replace or keep")
    return value


def _provinces(table: dict[str, Any] | None) -> tuple[str, str, str] | None:
    if table is None:
        return None
    got = tuple(table.get(k) for k in ("file", "code", "name"))
    if not all(isinstance(v, str) and v for v in got) or ".." in str(got[0]):
        raise RecipeError("file.provinces needs file (relative to data/), code and name")
    return cast(tuple[str, str, str], got)


def _rows(table: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    bad = [k for k, v in table.items() if not isinstance(v, str)]
    if bad:
        raise RecipeError(f"load.rows: {bad[0]!r} must map to the text the rows read")
    return tuple(sorted(table.items()))


def load(path: Path) -> Recipe:
    """Read a recipe file. Raises RecipeError (with the file named) when it cannot be used."""
    try:
        return parse(Path(path).read_text(encoding="utf-8"), Path(path))
    except RecipeError as exc:
        raise RecipeError(f"{Path(path).name}: {exc}") from None
    except OSError as exc:
        raise RecipeError(f"{Path(path).name}: {exc.strerror}") from None


def available(folders: Iterable[Path]) -> list[Recipe]:
    """Every readable recipe in `folders` (unreadable ones are left out), by name."""
    out: list[Recipe] = []
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                try:
                    out.append(load(path))
                except RecipeError:
                    continue
    return sorted(out, key=lambda r: r.name)


def matching(layout: Layout, folders: Iterable[Path]) -> list[Recipe]:
    """Recipes made for files laid out like `layout` (same fingerprint)."""
    fp = layout.fingerprint()
    return [r for r in available(folders) if r.fingerprint == fp]
