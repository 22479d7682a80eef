"""Where things live. One place, so scripts, tests and the app agree."""
from __future__ import annotations

import os
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parent.parent
DATA_DIR: Path = ROOT / "data"
SEED_DIR: Path = DATA_DIR / "seed"
GEO_DIR: Path = ROOT / "geo"
GEOJSON_PATH: Path = GEO_DIR / "provinces.geojson"
STRINGS_DIR: Path = ROOT / "lib" / "strings"


def db_path() -> Path:
    """The database the app reads; SDG_DB overrides it (tests, benchmarks)."""
    return Path(os.environ.get("SDG_DB", DATA_DIR / "sdg.duckdb"))
