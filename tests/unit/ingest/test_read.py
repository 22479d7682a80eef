"""lib.ingest.read: encodings, separators, line numbers, column letters, .xlsx limits (no database)."""

from __future__ import annotations

import codecs

import pytest

from lib.core.paths import ROOT
from lib.ingest.read import Limits, ReadFailure, column_letter, decode, read, sniff_delimiter

FIX = ROOT / "tests" / "fixtures" / "ingest"


def test_short_thai_tis620_is_not_misdetected() -> None:
    for word in ("ตาก", "ยะลา", "จ.ตาก,12", "กทม."):
        text, enc = decode(word.encode("cp874"))
        assert (text, enc) == (word, "cp874")


def test_utf8_first_then_bom_then_utf16() -> None:
    assert decode("ตาก".encode()) == ("ตาก", "utf-8")
    assert decode(codecs.BOM_UTF8 + "ตาก".encode()) == ("ตาก", "utf-8-sig")
    assert decode("ตาก,1".encode("utf-16")) == ("ตาก,1", "utf-16")


def test_binary_is_refused() -> None:
    with pytest.raises(ReadFailure) as e:
        read(b"%PDF-1.4\x00\x01\x02 binary", "x.pdf")
    assert e.value.problem.code == "not_text"


@pytest.mark.parametrize(
    "text, sep",
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2;3\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("Title row, with a comma\n\na;b;c\n1;2,5;3\n4;5;6\n", ";"),
        ('a,b\n"1,000",2\n"3,000",4\n', ","),
    ],
)
def test_sniff_delimiter(text: str, sep: str) -> None:
    assert sniff_delimiter(text) == sep


def test_csv_line_numbers_count_blank_rows() -> None:
    t = read(b'a,b\n\n"x, y",1\nz,2\n', "f.csv")
    assert [n for n, _ in t.rows] == [1, 3, 4]


def test_csv_line_break_inside_a_cell_is_refused_where_the_quote_opened() -> None:
    with pytest.raises(ReadFailure) as e:
        read(b'a,b\n\nz,2\n"x\ny",1\n', "f.csv")
    assert (e.value.problem.code, e.value.problem.row, e.value.problem.column) == ("csv_line_break", 4, "A")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_xlsx_limits() -> None:
    data = (FIX / "wide.xlsx").read_bytes()
    with pytest.raises(ReadFailure) as e:
        read(data, "wide.xlsx", limits=Limits(max_cells=5))
    assert e.value.problem.code == "too_many_cells"
    with pytest.raises(ReadFailure) as e:
        read(data, "wide.xlsx", sheet="nope")
    assert e.value.problem.code == "unknown_sheet"


def test_xlsx_formulas_are_not_evaluated() -> None:
    t = read((FIX / "wide.xlsx").read_bytes(), "wide.xlsx")
    total_row = next(cells for _, cells in t.rows if cells and cells[0] == "รวม")
    assert total_row[1:] == [] or all(c is None for c in total_row[1:])  # no cached value, nothing computed
