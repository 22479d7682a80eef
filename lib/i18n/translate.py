"""UI text in Thai and English. The strings are data (lib/i18n/strings/*.csv: key,th,en), not code."""

from __future__ import annotations

import csv
from functools import lru_cache

from lib.core.paths import STRINGS_DIR
from lib.core.vocab import BE_OFFSET, Lang


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """All strings from every file in lib/i18n/strings/ (one file per area; a key lives in one place)."""
    table: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                key = row["key"]
                if key in table:
                    raise ValueError(f"lib/i18n/strings/{path.name} line {n}: duplicate key {key!r}")
                if not row["th"] or not row["en"]:
                    raise ValueError(f"lib/i18n/strings/{path.name} line {n}: {key!r} needs both th and en")
                table[key] = {"th": row["th"], "en": row["en"]}
    return table


def t(key: str, lang: Lang, **fmt: object) -> str:
    """The string `key` in `lang`, formatted with `fmt`. A missing key raises (caught by tests)."""
    text = strings()[key][lang]
    return text.format(**fmt) if fmt else text


def year_label(year: int | None, lang: Lang) -> str:
    """Display a C.E. year: B.E. in Thai mode (2024 -> 2567), C.E. in English."""
    if year is None:
        return "–"
    return str(int(year) + BE_OFFSET) if lang == "th" else str(int(year))


def fmt_value(value: float | None, decimals: int = 1) -> str:
    """Number with thousands separators; '–' when missing."""
    if value is None or value != value:  # NaN check without numpy
        return "–"
    return f"{value:,.{decimals}f}"
