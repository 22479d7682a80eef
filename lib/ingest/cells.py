"""What one cell means: its clean text, whether it holds no value, a number, a year as written."""

from __future__ import annotations

import math
import re
import sys
from datetime import date, datetime

from lib.core.vocab import BE_OFFSET
from lib.ingest.provinces import clean
from lib.ingest.read import Cell

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def text(cell: Cell) -> str:
    """A cell as clean text (see lib.ingest.provinces.clean); fast for plain ASCII."""
    if cell is None or cell == "":
        return ""
    if isinstance(cell, str) and cell.isascii():
        return (
            " ".join(cell.split()) if ("  " in cell or "\t" in cell or "\n" in cell or "\r" in cell) else cell.strip()
        )
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return clean(cell)


MISSING = {
    "",
    "-",
    "–",
    "—",
    "−",
    "--",
    "---",
    "n.a.",
    "n.a",
    "na",
    "n/a",
    "nan",
    "..",
    "...",
    "…",
    "(-)",
    "()",
    "( )",
    "(..)",
    "x",
    "null",
    "none",
    "ไม่มีข้อมูล",
    "ไม่มี",
}
# Digits are ASCII (Thai digits are translated first): "\d" would also take Arabic-Indic,
# Devanagari and every other script's digits, which no Thai agency writes.
_NUM = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$", re.ASCII)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$", re.ASCII)
_NONZERO = re.compile(r"[1-9]")


def is_missing(cell: Cell) -> bool:
    if cell is None:
        return True
    if isinstance(cell, float):
        return cell != cell
    if isinstance(cell, (int, datetime, date)):
        return False
    return text(cell).casefold() in MISSING


def parse_number(cell: Cell) -> float | None:
    """A value cell as a float; None when it is not a number. (Check is_missing first.)

    Accepts ASCII and Thai digits, thousands separators grouping by three ("1,234.5"), spaces
    inside ("1 234"), a trailing % sign. A comma that does not group thousands ("12,5") is not
    read as a decimal comma: it is reported, not guessed. Not numbers: other scripts' digits
    (Arabic-Indic "١٢"), NaN and infinities, and a value too small to hold ("1e-400" would be
    0.0, "1e-310" loses its digits): only a written zero is zero.
    """
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        return float(cell) if math.isfinite(cell) else None
    if not isinstance(cell, str):
        return None
    s = text(cell).translate(THAI_DIGITS).replace("\u2212", "-").replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if _GROUPED.match(s):
        s = s.replace(",", "")
    if not _NUM.match(s):
        return None
    v = float(s)
    if not math.isfinite(v) or (abs(v) < sys.float_info.min and _NONZERO.search(s.split("e")[0].split("E")[0])):
        return None  # overflow, or an underflow to zero (or to a subnormal that lost its digits)
    return v


_YEAR = re.compile(
    r"^(?:(?:พ\s*\.?\s*ศ\s*\.?|ค\s*\.?\s*ศ\s*\.?|ปีงบประมาณ|ปีงบ\s*\.?|ปี|year|fy|b\s*\.?\s*e\s*\.?|c\s*\.?\s*e\s*\.?)\s*)?"
    r"(\d{4})(?:\.0+)?(?:\s*(?:\d{1,2}/|\*+|[rp]))?$",
    re.ASCII,
)


_YEAR_PAIR = re.compile(r"^(\d{4})\s*[(/]?\s*(\d{4})\s*\)?$", re.ASCII)


def parse_year(cell: Cell) -> int | None:
    """A four-digit year as written (era not yet decided): 2566, "พ.ศ. 2566", "ปี ๒๕๖๖", 2023.0,
    and a bilingual "2558 2015" (B.E. then C.E., when they agree). A date is not a year: a
    date cell (Excel turns 2566 typed into a date column into 1907-01-04) is refused, not
    read as the year of the date."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (datetime, date)):
        return None
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() and 1000 <= cell <= 9999 else None
    if isinstance(cell, int):
        return cell if 1000 <= cell <= 9999 else None
    s = text(cell).translate(THAI_DIGITS).casefold()
    m = _YEAR.match(s)
    if m:
        return int(m.group(1))
    pair = _YEAR_PAIR.match(s)  # "2558 2015" / "2558 (2015)": one year in both eras, as written first
    if pair and int(pair.group(1)) - BE_OFFSET == int(pair.group(2)):
        return int(pair.group(1))
    return None


_PROVISIONAL_YEAR = re.compile(r"\d{4}\s*p\b", re.I | re.ASCII)


def provisional_year(cell: Cell) -> bool:
    """A year marked preliminary, as MOTS and NESDC write it ("2568p", "2568P"); "R" (revised)
    is final."""
    return isinstance(cell, str) and bool(_PROVISIONAL_YEAR.search(text(cell).translate(THAI_DIGITS)))
