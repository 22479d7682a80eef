"""Recognise a province however a ministry spreadsheet writes it.

Names come from data/seed/province.csv (Thai and English) and data/seed/province_alias.csv
(variants: กทม., Korat, Lopburi...), plus ISO 3166-2 codes (TH-10, th10).

Normalisation (applied to both the known names and the text looked up, so the rule is
symmetric): Unicode NFKC (non-breaking spaces become spaces; the two ways of typing Thai
sara am compare equal), zero-width characters removed, case folded, footnote marks at the
end removed ("กรุงเทพมหานคร 1/", "Phuket*", "Tak (2)"), the prefixes "จ.", "จังหวัด",
"Changwat", "Province of" and the suffixes "Province", "Prov.", "จังหวัด" removed, then
every space, hyphen, dot, apostrophe, comma, underscore and bracket dropped. So "Phang Nga",
"Phang-nga" and "PHANGNGA" are one key, as are "Lop Buri" and "Lopburi".

Rows that are not provinces but aggregates — the whole kingdom (ทั่วราชอาณาจักร, ทั้งประเทศ,
รวม, Whole Kingdom, Total...) and regions (ภาคเหนือ, ภาคกลาง, Northeastern Region, Bangkok
and Vicinities, health regions...) — are classified as such, so a wide table's total and
subtotal rows are skipped instead of being reported as unknown provinces.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from lib.core.paths import SEED_DIR

Kind = Literal["province", "total", "region", "unknown"]

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_FOOTNOTE = re.compile(r"(?:\s*(?:\d{1,2}/|\*+|\(\d{1,2}\)|\[\d{1,2}\]))+$")
_PREFIX = re.compile(r"^(?:จ\s*\.\s*|จ\s+|จังหวัด\s*|changwat\s+|province\s+of\s+)")
_SUFFIX = re.compile(r"(?:\s+province|\s+prov\.?|\s*จังหวัด|\s+changwat)$")
_DROP = re.compile(r"[\s\-\u2010-\u2015.'’`,_()\[\]]+")
_ISO = re.compile(r"^th-?\s*(\d{2})$")

# Aggregates, compared after normalisation (see key()).
_TOTAL_KEYS = {
    "ทั่วราชอาณาจักร",
    "ทั้งราชอาณาจักร",
    "ทั้งประเทศ",
    "ทั่วประเทศ",
    "ประเทศไทย",
    "รวม",
    "รวมทั้งสิ้น",
    "รวมทั้งหมด",
    "ยอดรวม",
    "รวมทั้งประเทศ",
    "รวมทั่วประเทศ",
    "total",
    "grandtotal",
    "totals",
    "sum",
    "wholekingdom",
    "thewholekingdom",
    "kingdom",
    "thailand",
    "wholecountry",
    "national",
    "nationwide",
    "allprovinces",
    "country",
    "tha",
    "th",
    "764",
    "all",
}
_REGION_PREFIXES = ("ภาค", "เขตสุขภาพ", "เขตตรวจราชการ", "กลุ่มจังหวัด")
_REGION_WORDS = re.compile(r"(region|vicinit|healtharea|healthzone|provincialcluster|provincecluster|groupofprovinces)")
_REGION_KEYS = {
    "north",
    "northern",
    "northeast",
    "northeastern",
    "central",
    "east",
    "eastern",
    "west",
    "western",
    "south",
    "southern",
    "greaterbangkok",
    "bangkokandvicinity",
    "bangkokandvicinities",
    "bangkokmetropolitanregion",
    "กรุงเทพมหานครและปริมณฑล",
    "กรุงเทพฯและปริมณฑล",
    "กทมและปริมณฑล",
    "ปริมณฑล",
    "centralexcludingbangkok",
    "centralexcbangkok",
}


def clean(text: object) -> str:
    """Text as a person means it: NFKC, no zero-width characters, single spaces, trimmed."""
    s = unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH)
    # NFKC splits SARA AM (ำ) into NIKHAHIT + SARA AA; put it back so Thai reads as written
    return " ".join(s.replace("\u0e4d\u0e32", "\u0e33").split())


def key(text: object) -> str:
    """The comparison key of a place name (see the module docstring for the rule)."""
    s = clean(text).casefold()
    s = _FOOTNOTE.sub("", s).strip()
    s = _PREFIX.sub("", s).strip()
    s = _SUFFIX.sub("", s).strip()
    return _DROP.sub("", s)


@dataclass(frozen=True)
class Match:
    kind: Kind
    code: str | None = None  # ISO 3166-2 code when kind == "province"


class ProvinceMatcher:
    """Lookup of province names, aliases and codes (all keys normalised with key())."""

    def __init__(self, provinces: Iterable[tuple[str, str, str]], aliases: Iterable[tuple[str, str]] = ()):
        self.codes: set[str] = set()
        self._names: dict[str, str] = {}
        self._aliases: dict[str, str] = {}
        self.provinces = list(provinces)
        self._seen: dict[str, Match] = {}
        for code, name_th, name_en in self.provinces:
            self.codes.add(code)
            for name in (name_th, name_en):
                self._add(self._names, name, code)
        for alias, code in aliases:
            if code not in self.codes:
                raise ValueError(f"alias {alias!r} points to unknown province {code!r}")
            if key(alias) in self._names and self._names[key(alias)] != code:
                raise ValueError(f"alias {alias!r} is another province's name")
            self._add(self._aliases, alias, code)

    @staticmethod
    def _add(table: dict[str, str], name: str, code: str) -> None:
        k = key(name)
        if not k:
            return
        if table.get(k, code) != code:
            raise ValueError(f"name {name!r} would mean both {table[k]} and {code}")
        table[k] = code

    def code(self, text: object) -> str | None:
        """ISO code of a province name/alias/code, or None."""
        m = self.match(text)
        return m.code if m.kind == "province" else None

    def match(self, text: object) -> Match:
        if isinstance(text, str):  # a file repeats its labels (a register lists each province 150 times)
            hit = self._seen.get(text)
            if hit is None:
                hit = self._seen[text] = self._match(text)
            return hit
        return self._match(text)

    def _match(self, text: object) -> Match:
        if text is None:
            return Match("unknown")
        k = key(text)
        if not k:
            return Match("unknown")
        iso = _ISO.match(clean(text).casefold().strip())
        if iso:
            code = f"TH-{iso.group(1)}"
            return Match("province", code) if code in self.codes else Match("unknown")
        named = self._names.get(k) or self._aliases.get(k)
        if named:
            return Match("province", named)
        if is_total(k):
            return Match("total")
        if is_region(k):
            return Match("region")
        return Match("unknown")


def is_total(k: str) -> bool:
    """Whole-kingdom label (k is a key())."""
    return k in _TOTAL_KEYS or k.startswith("รวม") or k.startswith("ทั่วราชอาณาจักร") or k.startswith("grandtotal")


def is_region(k: str) -> bool:
    """Regional subtotal label (k is a key())."""
    if k.startswith(_REGION_PREFIXES) or k in _REGION_KEYS:
        return True
    return bool(_REGION_WORDS.search(k))


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def seed_aliases(seed_dir: Path = SEED_DIR) -> list[tuple[str, str]]:
    """(alias, code) pairs of data/seed/province_alias.csv (none when the file is absent)."""
    path = seed_dir / "province_alias.csv"
    return [(r["alias"], r["code"]) for r in read_csv(path)] if path.exists() else []


@lru_cache(maxsize=4)
def from_seed(seed_dir: Path = SEED_DIR) -> ProvinceMatcher:
    """The matcher built from data/seed/province.csv and province_alias.csv."""
    provs = [(r["code"], r["name_th"], r["name_en"]) for r in read_csv(seed_dir / "province.csv")]
    return ProvinceMatcher(provs, seed_aliases(seed_dir))
