"""``python -m lib.build [--db PATH] [--seed-dir DIR]``: the bundled database, from the seed files
(lib.store.build), the public sources (lib.ingest.sources: the recipes in data/sources/
applied to the raw files in data/raw/) and the series derived from them (lib.ingest.derived:
data/derived/). The one place they are put together: callers that want the database as the
app ships it use build() / ensure_built() from here."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

import duckdb

from lib.core.paths import SEED_DIR
from lib.ingest import derived, sources
from lib.store import build as store_build
from lib.store.build import BuildResult


def public_sources(con: duckdb.DuckDBPyConnection) -> Mapping[str, int]:
    """The build's loader of the public sources, then the derived series: values added per
    recipe and per derived series."""
    done = sources.load_public(con)
    computed = derived.load_derived(con)
    con.execute("INSERT INTO build_info VALUES (?, ?)", ["sources_sha256", sources.fingerprint()])
    con.execute("INSERT INTO build_info VALUES (?, ?)", ["derived_sha256", derived.fingerprint()])
    return {d.recipe: d.values for d in done} | computed


LOADERS = (public_sources,)


def build(target: Path | None = None, seed_dir: Path = SEED_DIR) -> BuildResult:
    return store_build.build(target, seed_dir, LOADERS)


def ensure_built(path: Path | None = None) -> Path:
    return store_build.ensure_built(path, LOADERS)


def main(argv: list[str] | None = None) -> int:
    return store_build.main(argv, LOADERS)


if __name__ == "__main__":
    sys.exit(main())
