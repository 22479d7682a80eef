"""Download files, built as bytes from DataFrames. Pure: no Streamlit, no I/O.

CSV (:func:`csv_bytes`) is made for Excel with Thai text and for safe pasting:
- UTF-8 with a byte-order mark (Excel on Windows otherwise reads Thai as mojibake);
- CRLF line ends, RFC 4180 quoting, no index column, no extra lines before the header;
- formula injection neutralised: a *text* cell (or header) that starts with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so a spreadsheet shows
  it as text instead of evaluating it. Numbers stay numbers (``-3.5`` is written as is),
  missing values are empty, booleans are ``True``/``False``.

Excel (:func:`xlsx_bytes`, via xlsxwriter) has a README sheet first (what the file holds, the
filters, when it was made, and the demo warning when the values are synthetic) and then the
data sheet with the same columns as the CSV. Text is written with ``write_string`` (never
read as a formula or URL), numbers with ``write_number``, booleans with ``write_boolean``.
"""

from __future__ import annotations

import io
import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

BOM = b"\xef\xbb\xbf"
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
MAX_COL_WIDTH = 60


def neutralise(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; anything
    else (numbers, missing values, booleans, safe text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _is_text_column(s: pd.Series) -> bool:
    return not (
        pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s) or pd.api.types.is_datetime64_any_dtype(s)
    )


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and header neutralised (numeric columns untouched)."""
    out = df.copy()
    for col in out.columns:
        if _is_text_column(out[col]):
            s = out[col]
            risky = s.map(lambda v: isinstance(v, str)).astype(bool) & s.astype(str).str.startswith(FORMULA_PREFIXES)
            if risky.any():
                out[col] = s.astype(object).where(~risky, "'" + s.astype(str))
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The frame as a CSV for Excel: BOM + UTF-8, CRLF, neutralised text (see module doc)."""
    text = safe_frame(df).to_csv(index=False, lineterminator="\r\n")
    return BOM + text.encode("utf-8")


def _cell(ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
    """Write one value with the writer for its type; missing values leave the cell empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return
    if isinstance(value, (bool, np.bool_)):
        ws.write_boolean(row, col, bool(value), fmt)
    elif isinstance(value, numbers.Number):
        v = float(value)  # type: ignore[arg-type]
        if math.isfinite(v):
            ws.write_number(row, col, v, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _width(values: Sequence[object], header: str) -> int:
    longest = max([len(str(header))] + [len(str(v)) for v in values[:500] if v is not None])
    return min(max(8, longest + 2), MAX_COL_WIDTH)


def xlsx_bytes(
    df: pd.DataFrame,
    readme: Sequence[tuple[str, str]],
    data_sheet: str = "data",
    readme_sheet: str = "README",
    warning: str | None = None,
    readme_first: bool = True,
) -> bytes:
    """An .xlsx workbook: ``readme_sheet`` (label/value rows; ``warning`` on top in red when
    given) then ``data_sheet`` with ``df`` (header row frozen, autofilter on); the data sheet
    first when not ``readme_first`` (a template: importers read the first sheet)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    label = wb.add_format({"bold": True, "valign": "top"})
    warn = wb.add_format(
        {
            "bold": True,
            "font_color": "#B91C1C",
            "bg_color": "#FEE2E2",
            "text_wrap": True,
            "border": 1,
            "border_color": "#B91C1C",
            "valign": "top",
        }
    )
    header = wb.add_format({"bold": True, "bg_color": "#E5E7EB", "border": 1})

    ws = None if readme_first else wb.add_worksheet(data_sheet[:31])
    rs = wb.add_worksheet(readme_sheet[:31])
    rs.set_column(0, 0, 28)
    rs.set_column(1, 1, 100)
    row = 0
    if warning:
        rs.merge_range(row, 0, row, 1, "", warn)
        rs.write_string(row, 0, warning, warn)
        rs.set_row(row, 36)
        row += 2
    for key, value in readme:
        rs.write_string(row, 0, str(key), label)
        _cell(rs, row, 1, value, wrap)
        row += 1

    ws = ws or wb.add_worksheet(data_sheet[:31])
    cols = [str(c) for c in df.columns]
    for j, name in enumerate(cols):
        ws.write_string(0, j, name, header)
    # Column-wise conversion to plain Python objects once, then cell by cell.
    columns = [df[c].astype(object).where(df[c].notna(), None).tolist() for c in df.columns]
    for j, values in enumerate(columns):
        for i, v in enumerate(values, start=1):
            _cell(ws, i, j, v)
        ws.set_column(j, j, _width(values, cols[j]))
    ws.freeze_panes(1, 0)
    if len(cols):
        ws.autofilter(0, 0, max(len(df), 1), len(cols) - 1)
    (rs if readme_first else ws).activate()
    wb.close()
    return buf.getvalue()
