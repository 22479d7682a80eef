"""Write lib/i18n/strings/th_words.txt: the Thai words of the app's own texts, for lib.i18n.thai_text.

    python -m scripts.make_th_words          # rewrite the file
    python -m scripts.make_th_words --check  # exit 1 if it is out of date (the tests do this)

Segments every Thai text in lib/i18n/strings/*.csv (column th) and in data/seed/*.csv (columns
ending in _th, plus finding_th.csv's th column) with pythainlp's full newmm dictionary, and
keeps the words that occur. Run it after changing Thai strings or the seed catalogue.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from lib.core.paths import SEED_DIR, STRINGS_DIR
from lib.i18n.thai_text import VOCAB, is_thai


def thai_texts() -> Iterator[str]:
    files = sorted(STRINGS_DIR.glob("*.csv")) + sorted(SEED_DIR.glob("*.csv"))
    for path in files:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                for col, value in row.items():
                    if col and (col == "th" or col.endswith("_th")) and value and is_thai(value):
                        yield value


def vocabulary() -> list[str]:
    from pythainlp.tokenize import word_tokenize

    words: set[str] = set()
    for text in thai_texts():
        words.update(w.strip() for w in word_tokenize(text, engine="newmm") if is_thai(w))
    return sorted(w for w in words if w)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    text = "\n".join(vocabulary()) + "\n"
    if a.check:
        ok = VOCAB.exists() and VOCAB.read_text(encoding="utf-8") == text
        print(f"{VOCAB.name}: {'up to date' if ok else 'OUT OF DATE: run python -m scripts.make_th_words'}")
        return 0 if ok else 1
    Path(VOCAB).write_text(text, encoding="utf-8")
    print(f"wrote {VOCAB} ({text.count(chr(10))} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
