"""Derived public series: indicators computed by the build from values already loaded, declared
as data in data/derived/*.toml (one file per series), never typed and never a one-off script.

    version = 1
    name = "gpp_per_capita_real_growth"
    description = "…"

    [compute]
    indicator = "gpp_growth"        # the indicator the values go to
    method = "growth"               # annual % change (the one method so far)
    of = "gpp_per_capita"           # the indicator it is computed from (dataset public, totals)
    deflator = "Consumer price index (MOC, by province)"   # optional: a context series of prices
    flags = ["proxy"]               # added to the inputs' flags

    [source]                        # recorded with every value, beside a note naming the inputs
    title = "…"
    publisher = "…"
    url = "https://…"

Rules of the growth method: lib.store.imports.growth_rows. Derived series run after every
recipe of data/sources/ (lib.build), in name order; each is one source "drv_<name>". Their
values join the public dataset with the same conflict rule as a recipe (a key already given
stops the build).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from lib.core.paths import DATA_DIR
from lib.ingest.recipe import FLAGS
from lib.store import imports

DERIVED_DIR = DATA_DIR / "derived"
PREFIX = "drv_"
METHODS = ("growth",)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")


class DerivedError(ValueError):
    """A derived series that cannot be computed; the message names the file and the key."""


@dataclass(frozen=True)
class Derived:
    name: str
    indicator: str
    method: str
    of: str
    title: str
    publisher: str
    url: str
    deflator: str | None = None
    flags: tuple[str, ...] = ()
    description: str = ""


def parse(text: str, where: str = "derived series") -> Derived:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DerivedError(f"{where}: not TOML ({exc})") from None

    def get(table: dict[str, Any], key: str, section: str, required: bool = True) -> Any:
        value = table.get(key)
        if value is None and required:
            raise DerivedError(f"{where}: [{section}] {key} is missing")
        if value is not None and not isinstance(value, list if key == "flags" else str):
            raise DerivedError(f"{where}: [{section}] {key} = {value!r} has the wrong type")
        return value

    if doc.get("version") != 1:
        raise DerivedError(f"{where}: version must be 1")
    name = doc.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise DerivedError(f"{where}: name {name!r}: lower-case letters, digits, _ and -")
    compute, source = doc.get("compute"), doc.get("source")
    if not isinstance(compute, dict) or not isinstance(source, dict):
        raise DerivedError(f"{where}: needs [compute] and [source]")
    method = get(compute, "method", "compute")
    if method not in METHODS:
        raise DerivedError(f"{where}: [compute] method = {method!r}: use one of {', '.join(METHODS)}")
    flags = tuple(get(compute, "flags", "compute", required=False) or ())
    if bad := [f for f in flags if f not in FLAGS]:
        raise DerivedError(f"{where}: [compute] flags: {bad[0]!r} is not one of {', '.join(FLAGS)}")
    url = get(source, "url", "source")
    if not re.match(r"^https?://\S+$", url):
        raise DerivedError(f"{where}: [source] url = {url!r} is not an http(s) link")
    return Derived(
        name=name,
        indicator=get(compute, "indicator", "compute"),
        method=method,
        of=get(compute, "of", "compute"),
        deflator=get(compute, "deflator", "compute", required=False),
        flags=flags,
        title=get(source, "title", "source"),
        publisher=get(source, "publisher", "source"),
        url=url,
        description=str(doc.get("description", "")),
    )


def available(folder: Path = DERIVED_DIR) -> list[tuple[Path, Derived]]:
    return [(p, parse(p.read_text(encoding="utf-8"), p.name)) for p in sorted(folder.glob("*.toml"))]


def fingerprint(folder: Path = DERIVED_DIR) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.glob("*.toml")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def load_derived(con: duckdb.DuckDBPyConnection, folder: Path = DERIVED_DIR, dataset: str = "public") -> dict[str, int]:
    """Compute every derived series into ``dataset``; values added per series."""
    done: dict[str, int] = {}
    known = {r[0] for r in con.execute("SELECT indicator_id FROM indicator").fetchall()}
    measures = {r[0] for r in con.execute("SELECT DISTINCT measure FROM context_observation").fetchall()}
    for path, d in available(folder):
        for key, value in (("indicator", d.indicator), ("of", d.of)):
            if value not in known:
                raise DerivedError(f"{path.name}: [compute] {key} = {value!r} is not in the catalogue")
        if d.deflator is not None and d.deflator not in measures:
            raise DerivedError(f"{path.name}: [compute] deflator = {d.deflator!r}: no such context series")
        rows = imports.growth_rows(con, dataset, d.of, d.deflator)
        if rows.empty:
            raise DerivedError(f"{path.name}: no value of {d.of!r} has an earlier year to grow from")
        rows = rows.assign(
            dataset=dataset,
            indicator_id=d.indicator,
            disaggregation="",
            provisional=rows["provisional"] | ("provisional" in d.flags),
            estimated=rows["estimated"] | ("estimated" in d.flags),
            proxy=rows["proxy"] | ("proxy" in d.flags),
        )
        try:
            n, _ = imports.insert_public(con, rows, (PREFIX + d.name, d.title, d.publisher, d.url))
        except ValueError as exc:
            raise DerivedError(f"{path.name}: {exc}") from None
        done[d.name] = n
    return done
