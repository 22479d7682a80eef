"""Disaggregations: the one vocabulary of the breakdowns a value may carry, and how the words
files use are read into it (every importer layout and the build go through this module).

A value's disaggregation is ``''`` (the total) or ``key=value`` pairs joined by ``;`` in key
order, e.g. ``age=15-24;sex=F``. The keys and their values:

- ``sex``: ``M``, ``F``
- ``area``: ``urban``, ``rural``
- ``age``: ``<lo>-<hi>`` (whole years, 0 <= lo <= hi <= 150) or ``<n>+`` (n and older)
- ``quintile``: ``Q1`` .. ``Q5`` (income or wealth quintile, Q1 the poorest)
- ``price_basis``: ``current``, ``<year>`` (constant prices of a base year) or
  ``chain_<year>`` (chained volumes, reference year); GPP per capita uses it

Read into these (``parse``; ``pair`` for a key and a value given apart):
- keys and values in any case, spaces around ``=`` and ``;`` (``SEX = f``); pairs may also be
  separated by commas;
- key synonyms: gender / เพศ -> sex; urbanisation / urbanization / location / เขต / พื้นที่ ->
  area; age_group / อายุ -> age; income_quintile / wealth_quintile / income_wealth_quantile ->
  quintile;
- value words in Thai and English and SDMX codes: ชาย / เพศชาย / ผู้ชาย / male / men / man / M
  -> M; หญิง / เพศหญิง / ผู้หญิง / female / women / woman / F -> F; เขตเมือง / ในเขตเทศบาล /
  เมือง / urban / U -> urban; ชนบท / เขตชนบท / นอกเขตเทศบาล / rural / R -> rural; ages as
  ``15-24``, ``15–24 ปี``, ``15 to 24``, SDMX ``Y15T24``; ``65+``, ``65 ปีขึ้นไป``,
  ``65 and over``, SDMX ``Y_GE65``; ``<5`` / SDMX ``Y_LT5`` -> ``0-4``; quintiles ``q1``,
  ``1``, ``quintile 1``;
- a total word for a key (รวม, ทั้งหมด, ยอดรวม, total, all, SDMX ``_T``) means that key is not
  broken down: the pair is dropped (``sex=total`` is the total, ``''``);
- a bare word with no key when it names one value by itself (``WORDS``: ชาย, female, urban,
  ...): how report tables write sex and area in headers and block labels.

Anything else is refused with DisaggregationError: an unknown key, a value outside its key's
list, the same key twice with different values, text that is not ``key=value`` (``=1+1``).
Pure Python: no I/O, no DuckDB, no Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

KEYS: tuple[str, ...] = ("age", "area", "price_basis", "quintile", "sex")
# What each key accepts, as problem messages quote it (language-neutral).
ACCEPTED = "sex=M|F; area=urban|rural; age=<lo>-<hi> or <n>+; quintile=Q1..Q5; price_basis=current|<year>|chain_<year>"
MAX_AGE = 150

KEY_SYNONYMS: dict[str, str] = {
    "sex": "sex",
    "gender": "sex",
    "เพศ": "sex",
    "area": "area",
    "urbanisation": "area",
    "urbanization": "area",
    "location": "area",
    "เขต": "area",
    "พื้นที่": "area",
    "age": "age",
    "age_group": "age",
    "agegroup": "age",
    "อายุ": "age",
    "quintile": "quintile",
    "income_quintile": "quintile",
    "wealth_quintile": "quintile",
    "income_wealth_quantile": "quintile",
    "price_basis": "price_basis",
}
TOTAL_WORDS = frozenset({"รวม", "ทั้งหมด", "ยอดรวม", "total", "all", "_t"})
# Bare words that name a value by themselves (report headers and block labels): the canonical
# pair, "" for a total. Kept to the words report tables use, so a measure named with a
# letter ("T") is not mistaken for a breakdown.
WORDS: dict[str, str] = {
    "ชาย": "sex=M",
    "เพศชาย": "sex=M",
    "male": "sex=M",
    "men": "sex=M",
    "m": "sex=M",
    "หญิง": "sex=F",
    "เพศหญิง": "sex=F",
    "female": "sex=F",
    "women": "sex=F",
    "f": "sex=F",
    "เขตเมือง": "area=urban",
    "ในเขตเทศบาล": "area=urban",
    "urban": "area=urban",
    "เขตชนบท": "area=rural",
    "ชนบท": "area=rural",
    "นอกเขตเทศบาล": "area=rural",
    "rural": "area=rural",
    "รวม": "",
    "ทั้งหมด": "",
    "total": "",
    "ยอดรวม": "",
}
# Value words after a key (more than the bare words: a letter is clear once the key is said).
VALUES: dict[str, dict[str, str]] = {
    "sex": {
        **{w: "M" for w in ("m", "male", "men", "man", "boys", "ชาย", "เพศชาย", "ผู้ชาย")},
        **{w: "F" for w in ("f", "female", "women", "woman", "girls", "หญิง", "เพศหญิง", "ผู้หญิง")},
    },
    "area": {
        **{w: "urban" for w in ("urban", "u", "เขตเมือง", "ในเขตเทศบาล", "เมือง")},
        **{w: "rural" for w in ("rural", "r", "ชนบท", "เขตชนบท", "นอกเขตเทศบาล")},
    },
}

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_WORD_KEY = re.compile(r"[\s.()\[\]]+")
_SPLIT = re.compile(r"[;,]")
_AGE_RANGE = re.compile(r"^(?:y)?(\d{1,3})\s*(?:-|–|—|t|to|ถึง)\s*(\d{1,3})\s*(?:ปี|years?|yrs?)?$", re.ASCII | re.I)
_AGE_OVER = re.compile(
    r"^(?:y_?ge(\d{1,3})|(\d{1,3})\s*(?:\+|ปี\s*ขึ้นไป|ขึ้นไป|(?:years?\s*)?(?:and|or)\s*(?:over|older|more|above)))$",
    re.ASCII | re.I,
)
_AGE_UNDER = re.compile(r"^(?:y_?lt|<\s*|under\s*|ต่ำกว่า\s*)(\d{1,3})\s*(?:ปี|years?)?$", re.ASCII | re.I)
_QUINTILE = re.compile(r"^(?:q|quintile\s*|ควินไทล์\s*(?:ที่)?\s*)?([1-5])$", re.ASCII | re.I)
_PRICE = re.compile(r"^(current|(?:chain_)?(?:19|20)\d\d)$", re.ASCII)


class DisaggregationError(ValueError):
    """Text that is not a disaggregation of the vocabulary; ``value`` is the text as written."""

    def __init__(self, value: str):
        super().__init__(value)
        self.value = value


def _norm(text: object) -> str:
    """NFKC, no zero-width characters, single spaces, trimmed, case folded."""
    s = unicodedata.normalize("NFKC", str(text)).translate(_ZERO_WIDTH)
    s = s.replace("\u0e4d\u0e32", "\u0e33")  # NFKC splits SARA AM; put it back
    return " ".join(s.split()).casefold()


def _word_key(text: object) -> str:
    return _WORD_KEY.sub("", _norm(text))


def word(text: object) -> str | None:
    """The canonical pair a bare header or label word means, ``''`` for a total word, None when
    the text is no such word."""
    return WORDS.get(_word_key(text))


def _key(text: str) -> str | None:
    k = re.sub(r"[\s\-]+", "_", _norm(text).strip())
    return KEY_SYNONYMS.get(k)


def _value(key: str, text: str) -> str | None:
    """The canonical value of `key` that `text` writes, "" for a total, None when it is none."""
    v = _norm(text).translate(_THAI_DIGITS)
    if _word_key(v) in TOTAL_WORDS:
        return ""
    if key in VALUES:
        return VALUES[key].get(_word_key(v))
    if key == "age":
        return _age(v)
    if key == "quintile":
        m = _QUINTILE.match(v)
        return f"Q{m.group(1)}" if m else None
    if key == "price_basis":
        return v if _PRICE.match(v) else None
    return None


def _age(v: str) -> str | None:
    if m := _AGE_RANGE.match(v):
        lo, hi = int(m.group(1)), int(m.group(2))
        return f"{lo}-{hi}" if lo <= hi <= MAX_AGE else None
    if (m := _AGE_UNDER.match(v)) and 0 < int(m.group(1)) <= MAX_AGE:
        return f"0-{int(m.group(1)) - 1}"
    if (m := _AGE_OVER.match(v)) and int(n := m.group(1) or m.group(2)) <= MAX_AGE:
        return f"{int(n)}+"
    return None


def pair(key: str, value: str) -> str:
    """``key=value`` in the vocabulary (``''`` when the value is a total word); raises
    DisaggregationError naming ``key=value`` as written."""
    k = _key(key)
    v = _value(k, value) if k is not None else None
    if v is None:
        raise DisaggregationError(f"{key}={value}")
    return f"{k}={v}" if v else ""


def combine(parts: Iterable[str]) -> str:
    """Canonical pairs (or joined pair lists) put together in key order; the same key twice
    with different values raises DisaggregationError."""
    seen: dict[str, str] = {}
    for part in parts:
        for p in part.split(";") if part else ():
            k, _, v = p.partition("=")
            if seen.setdefault(k, v) != v:
                raise DisaggregationError(f"{k}={seen[k]};{p}")
    return ";".join(f"{k}={seen[k]}" for k in sorted(seen))


def parse(text: object) -> str:
    """A disaggregation cell as written (see the module docstring) in canonical form; ``''``
    for an empty cell or a total. Raises DisaggregationError."""
    written = " ".join(str(text or "").split())
    if not written:
        return ""
    out: list[str] = []
    keys: set[str] = set()
    for item in _SPLIT.split(written):
        item = item.strip()
        if not item:
            continue
        if "=" in item:
            key, _, value = item.partition("=")
            one = pair(key, value) if key.strip() and value.strip() else None
        else:
            one = word(item)
        if one is None:
            raise DisaggregationError(written)
        k = one.partition("=")[0] or _key(item.partition("=")[0]) or ""
        if k and k in keys:  # the same key twice, even with one value: a typo to be fixed
            raise DisaggregationError(written)
        keys.add(k)
        out.append(one)
    try:
        return combine(out)
    except DisaggregationError:
        raise DisaggregationError(written) from None


def pairs(canonical: str) -> list[tuple[str, str]]:
    """(key, value) of a canonical disaggregation, in order."""
    return [(k, v) for k, _, v in (p.partition("=") for p in canonical.split(";") if p)]


def is_canonical(text: str) -> bool:
    """Whether `text` is already a disaggregation as stored (what the build checks seed rows by)."""
    try:
        return parse(text) == text
    except DisaggregationError:
        return False
