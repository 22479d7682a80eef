"""Publishers' names in the UI language. The catalogue, the sources and the recipes name each
publisher in English, as the data travel; data/seed/publisher_th.csv is the phrase table from
that name, exactly as stored, to its Thai (as finding_th.csv is for findings). A publisher an
import brings that the table does not know yet is shown as written."""

from __future__ import annotations

import csv
from functools import cache

from lib.core.paths import SEED_DIR
from lib.core.vocab import Lang

PHRASES = SEED_DIR / "publisher_th.csv"


@cache
def thai_names() -> dict[str, str]:
    """Stored publisher name -> Thai name (read once per process)."""
    with open(PHRASES, encoding="utf-8", newline="") as fh:
        return {r["publisher"]: r["name_th"] for r in csv.DictReader(fh)}


def publisher_label(name: object, lang: Lang) -> str:
    """A publisher as stored, in `lang` ('' for none)."""
    text = name if isinstance(name, str) else ""
    return thai_names().get(text, text) if lang == "th" else text
