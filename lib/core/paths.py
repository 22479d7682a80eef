"""Where things live. One place, so scripts, tests and the app agree."""

from __future__ import annotations

import os
from pathlib import Path

ROOT: Path = Path(__file__).resolve().parents[2]
DATA_DIR: Path = ROOT / "data"
SEED_DIR: Path = DATA_DIR / "seed"
SOURCES_DIR: Path = DATA_DIR / "sources"  # recipes of the public sources the build loads
GEO_DIR: Path = ROOT / "geo"
GEOJSON_PATH: Path = GEO_DIR / "provinces.geojson"
STATIC_DIR: Path = ROOT / "static"
FONT_DIR: Path = STATIC_DIR / "fonts"
FAVICON: Path = STATIC_DIR / "favicon.png"  # a file, not a material icon: those load from a CDN
STRINGS_DIR: Path = ROOT / "lib" / "i18n" / "strings"


def db_path() -> Path:
    """The database the app reads; SDG_DB overrides it (tests, benchmarks)."""
    return Path(os.environ.get("SDG_DB", DATA_DIR / "sdg.duckdb"))


def recipes_dir() -> Path:
    """Where the admin page saves ministry recipes; SDG_RECIPES overrides it (tests)."""
    return Path(os.environ.get("SDG_RECIPES", DATA_DIR / "recipes"))
