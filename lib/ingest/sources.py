"""The public sources: every recipe in data/sources/ that names its files (`[file] paths`) and
loads into dataset `public` is applied by the build (lib.build) to those raw files under
data/raw/, through the same checks as any upload. No value is typed by hand.

Rules:
- Recipes of context series (`[load] measure`, `unit`: the population denominators) run
  first, so that derived recipes find them; then the rest, in name order; files in sorted
  path order. A file's year may come from its name (`[file] year_from_name`). A recipe whose target indicator or
  layout does not fit, or any problem in any file, stops the build naming file, row and column.
- Each recipe is one source: source_id "src_<recipe name>", with the recipe's title,
  publisher and URL. Each value's note names the raw file and row it came from.
- A context series may measure what another does (`[load] same_as`: NESDC's population beside
  DOPA's registration): both are kept, the named one is used, the consistency report compares them.
- Two sources giving the same key (indicator, province, year, disaggregation) stop the build,
  unless the later recipe says which is official ([load] `on_conflict`): "replace" (it is the
  official revision) or "keep" (the value already there is). The other value is kept in
  observation_superseded, for the consistency report. Which value is official is decided in
  a recipe, never by load order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import duckdb
import pandas as pd

from lib.core.paths import DATA_DIR, SOURCES_DIR
from lib.core.vocab import DatasetKind
from lib.ingest import recipe as recipes
from lib.ingest.pipeline import Options, prepare
from lib.ingest.read import Limits
from lib.ingest.report import render
from lib.store import imports

PUBLIC = "public"
SOURCE_PREFIX = "src_"
# Raw files are trusted more than uploads but still checked; official tables can be large.
LIMITS = Limits(max_bytes=200 * 2**20, max_rows=2_000_000, max_cells=50_000_000)


class SourceError(ValueError):
    """A public source that cannot be loaded; the message names the file, row and column."""


@dataclass(frozen=True)
class Loaded:
    recipe: str
    files: int
    values: int
    superseded: int  # values set aside on a conflict (kept in observation_superseded)


def build_recipes(folder: Path = SOURCES_DIR) -> list[recipes.Recipe]:
    """The recipes the build applies: those with [file] paths whose dataset is public."""
    found = []
    for path in sorted(folder.glob(f"*{recipes.SUFFIX}")):
        r = recipes.load(path)  # an unreadable recipe in data/sources/ is an error, not skipped
        if r.paths and (r.dataset == PUBLIC or r.context is not None):
            found.append(r)
    return sorted(found, key=lambda r: (r.context is None, r.name))


def files_of(r: recipes.Recipe, data_dir: Path = DATA_DIR) -> list[Path]:
    files = sorted({p for pattern in r.paths for p in data_dir.glob(pattern) if p.is_file()})
    if not files:
        raise SourceError(f"{r.name}: no file matches {list(r.paths)} under {data_dir}")
    return files


def fingerprint(folder: Path = SOURCES_DIR, data_dir: Path = DATA_DIR) -> str:
    """A hash of every build recipe and the raw files it reads (the build records it)."""
    h = hashlib.sha256()
    for r in build_recipes(folder):
        if r.path is not None:  # recipes read from a folder always have one
            h.update(r.path.read_bytes())
        for f in files_of(r, data_dir):
            h.update(f.relative_to(data_dir).as_posix().encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def load_public(con: duckdb.DuckDBPyConnection, folder: Path = SOURCES_DIR, data_dir: Path = DATA_DIR) -> list[Loaded]:
    """Apply every build recipe to its files into dataset `public` on the open connection."""
    kind = con.execute("SELECT kind FROM dataset WHERE dataset = ?", [PUBLIC]).fetchone()
    if kind is None or kind[0] != DatasetKind.PUBLIC:
        raise SourceError(f"dataset {PUBLIC!r} of kind public is missing from the seed")
    done: list[Loaded] = []
    for r in build_recipes(folder):
        frames = []
        files = files_of(r, data_dir)
        for f in files:
            options = r.options(Options(con=con, allow_public=True, limits=LIMITS, user="lib.build"))
            if r.year_from_name is not None:
                year = r.year_of(f.name)
                if year is None:
                    raise SourceError(f"{r.name}: no year in the file name {f.name} ({r.year_from_name})")
                options = replace(options, year=year)
            p = prepare(f.read_bytes(), f.name, options)
            if p.problems:
                shown = "\n  ".join(render(list(p.problems)[:20]))
                more = f"\n  … and {p.problem_count - 20:,} more" if p.problem_count > 20 else ""
                raise SourceError(f"{r.name}: {f.relative_to(data_dir)} does not load:\n  {shown}{more}")
            rel = f.relative_to(data_dir).as_posix()
            notes = [
                f"{rel}, row {row}" + (f"; {n}" if isinstance(n, str) and n else "")
                for row, n in zip(p.rows["row"], p.rows["note"], strict=True)
            ]
            frames.append(p.rows.assign(note=notes))
        rows = pd.concat(frames, ignore_index=True)
        if r.source is None or not r.source.url:
            raise SourceError(f"{r.name}: a public source needs [source] title, publisher and url")
        source = (SOURCE_PREFIX + r.name, r.source.title, r.source.publisher, r.source.url)
        try:
            if r.context is not None:
                n, superseded = imports.insert_context(con, rows, source, *r.context), 0
            else:
                n, superseded = imports.insert_public(con, rows, source, on_conflict=r.on_conflict)
        except ValueError as exc:
            raise SourceError(f"{r.name}: {exc}") from None
        done.append(Loaded(r.name, len(files), n, superseded))
    for r in build_recipes(folder):  # after every series is in, whatever the names' order
        if r.context is not None and r.same_as is not None:
            try:
                imports.insert_context_same(con, r.context[0], *r.same_as)
            except ValueError as exc:
                raise SourceError(f"{r.name}: {exc}") from None
    return done
