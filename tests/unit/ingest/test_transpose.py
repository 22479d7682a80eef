"""Tables written years down and provinces across (lib.ingest.transpose): turned, then read
by the same layout rules; numbers made up."""

from __future__ import annotations

from pathlib import Path

from lib.ingest.pipeline import CONTEXT, Options, prepare
from lib.ingest.read import Table
from lib.ingest.transpose import transposed

CSV = "ปี,ตาก,ยะลา\n2560,98.5,97.0\n2561,99.0,\n2562,100.0,100.0\n".encode()


def test_rows_become_columns_and_merges_follow() -> None:
    t = Table("x.csv", "csv", [(1, ["a", "b", "c"]), (2, [1, 2]), (4, [3, 4, 5])], merges=[(1, 1, 2, 2)])
    turned = transposed(t)
    assert turned.rows == [(1, ["a", 1, 3]), (2, ["b", 2, 4]), (3, ["c", None, 5])]
    assert turned.merges == [(2, 0, 3, 1)]  # file rows 1-2 of columns B-C -> turned rows 2-3, columns A-B
    assert transposed(turned).rows[0] == (1, ["a", "b", "c"])


def test_a_turned_table_loads_provinces_and_years(db_path: Path) -> None:
    p = prepare(CSV, "cpi.csv", Options(transpose=True, context=("CPI", "index"), year_format="be", db=db_path))
    assert not p.problems, p.problems
    got = {(r.province_code, int(r.year)): r.value for r in p.rows.itertuples()}
    assert got == {
        ("TH-63", 2017): 98.5,
        ("TH-63", 2018): 99.0,
        ("TH-63", 2019): 100.0,
        ("TH-95", 2017): 97.0,
        ("TH-95", 2019): 100.0,
    }
    assert set(p.rows.indicator_id) == {CONTEXT}


def test_without_transpose_the_same_file_is_not_a_province_table(db_path: Path) -> None:
    p = prepare(CSV, "cpi.csv", Options(context=("CPI", "index"), year_format="be", db=db_path))
    assert p.problems and p.rows.empty
