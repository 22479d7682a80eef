"""lib.i18n.publishers: every publisher the bundled data name has its Thai name."""

from __future__ import annotations

import csv

from lib.core.paths import SEED_DIR
from lib.i18n.publishers import PHRASES, publisher_label, thai_names

THAI = set(range(0x0E00, 0x0E80))


def _is_thai(text: str) -> bool:
    return any(ord(c) in THAI for c in text)


def test_every_stored_publisher_has_a_thai_name(con) -> None:
    """The catalogue's usual publishers, the sources' (seed and the real-data recipes, as built)
    and the targets' sources: none is shown in English in Thai mode."""
    stored = {
        r[0] for r in con.execute("SELECT publisher FROM indicator UNION SELECT publisher FROM source").fetchall()
    }
    with open(SEED_DIR / "indicator_target.csv", encoding="utf-8", newline="") as fh:
        stored |= {r["source_publisher"] for r in csv.DictReader(fh) if r["source_publisher"]}
    names = thai_names()
    assert sorted(stored - set(names)) == []
    assert all(_is_thai(names[p]) for p in stored if p not in ("Spacebar",)), "a Thai name, not a copy"
    assert sorted(set(names) - stored) == [], f"{PHRASES.name}: a phrase no stored publisher uses"


def test_labels() -> None:
    assert publisher_label("Pollution Control Department (PCD)", "th") == "กรมควบคุมมลพิษ (คพ.)"
    assert publisher_label("Pollution Control Department (PCD)", "en") == "Pollution Control Department (PCD)"
    assert publisher_label("A new agency an import brought", "th") == "A new agency an import brought"
    assert publisher_label(None, "th") == ""
