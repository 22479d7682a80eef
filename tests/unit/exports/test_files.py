"""lib.exports: CSV for Excel with Thai (BOM, formula injection) and the .xlsx workbook."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from lib.exports import BOM, csv_bytes, neutralise, xlsx_bytes


@pytest.fixture()
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dataset": ["demo", "demo", "demo"],
            "is_demo": [True, True, True],
            "indicator_name": ["สัดส่วนประชากรที่อยู่ต่ำกว่าเส้นความยากจน", "=1+1", "@SUM(A1:A2)"],
            "province_name": ["แม่ฮ่องสอน", "+66 2 123", "-cmd|' /C calc'!A0"],
            "year": [2024, 2023, 2022],
            "value": [12.5, -3.25, float("nan")],
            "note": ["\tTAB", "\rCR", "ok, with comma"],
        }
    )


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def test_neutralise() -> None:
    assert neutralise("=1+1") == "'=1+1"
    for s in ("+1", "-1", "@x", "\tx", "\rx"):
        assert neutralise(s) == "'" + s
    assert neutralise("TH-58") == "TH-58"
    assert neutralise(-3.5) == -3.5 and neutralise(None) is None and neutralise(True) is True


def test_csv_bom_thai_and_shape(frame: pd.DataFrame) -> None:
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert not data.startswith(BOM + BOM)
    text = data.decode("utf-8-sig")
    assert "สัดส่วนประชากรที่อยู่ต่ำกว่าเส้นความยากจน" in text and "แม่ฮ่องสอน" in text
    rows = rows_of(data)
    assert rows[0] == list(frame.columns), "the header is the first line: no extra line before it"
    assert len(rows) == 1 + len(frame)
    assert b"\r\n" in data


def test_csv_formula_injection_neutralised(frame: pd.DataFrame) -> None:
    rows = rows_of(csv_bytes(frame))
    body = {r[2]: r for r in rows[1:]}
    assert "'=1+1" in body and "=1+1" not in body
    assert "'@SUM(A1:A2)" in body
    assert body["'=1+1"][3] == "'+66 2 123"
    assert body["'@SUM(A1:A2)"][3] == "'-cmd|' /C calc'!A0"
    notes = [r[6] for r in rows[1:]]
    assert notes == ["'\tTAB", "'\rCR", "ok, with comma"]


def test_csv_numbers_stay_numbers(frame: pd.DataFrame) -> None:
    rows = rows_of(csv_bytes(frame))
    assert [r[4] for r in rows[1:]] == ["2024", "2023", "2022"]
    assert [r[5] for r in rows[1:]] == ["12.5", "-3.25", ""], "negative numbers are not quoted, NaN is empty"
    assert [r[1] for r in rows[1:]] == ["True"] * 3, "the demo flag column is kept"
    assert b"'-3.25" not in csv_bytes(frame) and b"'12.5" not in csv_bytes(frame)


def test_csv_dangerous_header_neutralised() -> None:
    data = csv_bytes(pd.DataFrame({"=HYPERLINK(1)": ["a"], "value": [1.0]}))
    assert rows_of(data)[0] == ["'=HYPERLINK(1)", "value"]


def test_xlsx_sheets_rows_and_types(frame: pd.DataFrame) -> None:
    readme = [("ชุดข้อมูล", "ข้อมูลสาธิต (demo)"), ("Rows", "3"), ("Formula?", "=2+2")]
    data = xlsx_bytes(frame, readme, data_sheet="ข้อมูล", readme_sheet="อ่านก่อน", warning="WARNING: demo data")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["อ่านก่อน", "ข้อมูล"]
    ws = wb["ข้อมูล"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(frame.columns)
    assert len(rows) == 1 + len(frame)
    # Text written as text: '=1+1' is a string cell, never a formula
    cells = {c.value: c for c in ws["C"]}
    assert cells["=1+1"].data_type == "s"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # numbers as numbers, booleans as booleans, NaN as an empty cell
    assert [r[4] for r in rows[1:]] == [2024, 2023, 2022]
    assert rows[1][5] == 12.5 and rows[2][5] == -3.25 and rows[3][5] is None
    assert [r[1] for r in rows[1:]] == [True, True, True]
    assert rows[1][2] == "สัดส่วนประชากรที่อยู่ต่ำกว่าเส้นความยากจน"
    rm = wb["อ่านก่อน"]
    values = [v for row in rm.iter_rows(values_only=True) for v in row if v is not None]
    assert values[0] == "WARNING: demo data"
    assert "ข้อมูลสาธิต (demo)" in values and "=2+2" in values
    assert all(c.data_type != "f" for row in rm.iter_rows() for c in row)


def test_xlsx_without_warning_and_empty_frame() -> None:
    data = xlsx_bytes(pd.DataFrame({"a": pd.Series([], dtype=float)}), [("k", "v")])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["README", "data"]
    assert wb["README"]["A1"].value == "k"
    assert [c.value for c in wb["data"][1]] == ["a"]
