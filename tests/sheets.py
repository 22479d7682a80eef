"""Write one grid of cells as a real spreadsheet file (.xls, .xlsx, .xlsm, .ods), so tests can make
fixtures in each layout a ministry sends. Each format goes through the library that writes it
natively, so merges, hidden sheets and cell types are the file's own, not an emulation."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import xlsxwriter
import xlwt  # type: ignore[import-untyped]
from odf import opendocument, style, table, text  # type: ignore[import-untyped]

Cell = str | int | float | None

# A fixed document date: xlsxwriter otherwise stamps the current time into docProps/core.xml.
_CREATED = datetime(2024, 1, 1)
# The zip entry date that xlsxwriter itself uses; odfpy stamps the current time instead.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: rows of cells from A1, merged ranges, and whether the tab is hidden."""

    rows: list[list[Cell]]  # row 0 = spreadsheet row 1; None/"" = empty cell
    name: str = "Sheet1"
    # (first_row, first_col, last_row, last_col), 0-based inclusive; the value sits in the top-left cell
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden: bool = False

    def covered(self) -> set[tuple[int, int]]:
        """The cells under a merge other than its top-left one: whatever the grid has there is dropped."""
        return {
            (r, c)
            for r1, c1, r2, c2 in self.merges
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
            if (r, c) != (r1, c1)
        }

    def cells(self) -> list[tuple[int, int, str | int | float]]:
        """The non-empty cells as (row, col, value), leaving out those a merge covers."""
        covered = self.covered()
        return [
            (r, c, v)
            for r, row in enumerate(self.rows)
            for c, v in enumerate(row)
            if v is not None and v != "" and (r, c) not in covered
        ]

    def value(self, r: int, c: int) -> Cell:
        """The cell at (r, c), None past the end of the grid."""
        return self.rows[r][c] if r < len(self.rows) and c < len(self.rows[r]) else None


def _sheets(sheets: Sheet | list[Sheet]) -> list[Sheet]:
    out = [sheets] if isinstance(sheets, Sheet) else list(sheets)
    if not out:
        raise ValueError("a workbook needs at least one sheet")
    return out


def _first_visible(sheets: list[Sheet]) -> int:
    # The active (open) tab must be a visible one, or Excel shows a hidden sheet on opening.
    return next((i for i, s in enumerate(sheets) if not s.hidden), 0)


def _xls(sheets: list[Sheet]) -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")  # utf-8 so Thai text is stored as Unicode strings
    for sheet in sheets:
        ws = wb.add_sheet(sheet.name)
        ws.visibility = 1 if sheet.hidden else 0
        tops = {(r1, c1) for r1, c1, _, _ in sheet.merges}
        for r1, c1, r2, c2 in sheet.merges:
            top = sheet.value(r1, c1)
            ws.write_merge(r1, r2, c1, c2, "" if top is None else top)
        for r, c, v in sheet.cells():
            if (r, c) not in tops:
                ws.write(r, c, v)  # xlwt writes int/float as NUMBER, str as a shared string
    wb.active_sheet = _first_visible(sheets)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx(sheets: list[Sheet]) -> bytes:
    buf = io.BytesIO()
    # Text stays text: by default xlsxwriter would turn "=..." into a formula and "http..." into a link.
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(buf, options)
    wb.set_properties({"created": _CREATED})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        tops = {(r1, c1) for r1, c1, _, _ in sheet.merges}
        for r1, c1, r2, c2 in sheet.merges:
            top = sheet.value(r1, c1)
            ws.merge_range(r1, c1, r2, c2, "" if top is None else top)
        for r, c, v in sheet.cells():
            if (r, c) in tops:
                continue
            if isinstance(v, str):
                ws.write_string(r, c, v)
            else:
                ws.write_number(r, c, v)
        if sheet.hidden:
            ws.hide()
    wb.worksheets()[_first_visible(sheets)].activate()
    wb.close()
    return buf.getvalue()


def _xlsm(sheets: list[Sheet]) -> bytes:
    # xlsxwriter marks a workbook macro-enabled only when given a vbaProject.bin; Excel itself saves a
    # macro-free .xlsm as an xlsx whose workbook part has the macro-enabled content type, so do that.
    def retype(name: str, data: bytes) -> bytes:
        return data.replace(_XLSX_MAIN.encode(), _XLSM_MAIN.encode()) if name == "[Content_Types].xml" else data

    return _rezip(_xlsx(sheets), retype)


def _ods(sheets: list[Sheet]) -> bytes:
    doc = opendocument.OpenDocumentSpreadsheet()
    hidden = style.Style(name="hiddenTable", family="table")
    hidden.addElement(style.TableProperties(display=False))
    doc.automaticstyles.addElement(hidden)
    for sheet in sheets:
        tab = table.Table(name=sheet.name, **({"stylename": hidden} if sheet.hidden else {}))
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in sheet.merges}
        covered = sheet.covered()
        width = max([len(row) for row in sheet.rows] + [c2 + 1 for _, _, _, c2 in sheet.merges] + [1])
        height = max([len(sheet.rows)] + [r2 + 1 for _, _, r2, _ in sheet.merges])
        tab.addElement(table.TableColumn(numbercolumnsrepeated=width))  # ODF wants the columns declared
        for r in range(height):
            tr = table.TableRow()
            for c in range(width):
                if (r, c) in covered:
                    tr.addElement(table.CoveredTableCell())  # the cells under a merge, as ODF requires
                    continue
                attrs: dict[str, object] = {}
                if (r, c) in spans:
                    attrs["numberrowsspanned"], attrs["numbercolumnsspanned"] = spans[(r, c)]
                v = sheet.value(r, c)
                if isinstance(v, str) and v:
                    attrs["valuetype"] = "string"
                elif isinstance(v, int | float):
                    attrs.update(valuetype="float", value=repr(v))  # repr: the shortest exact float text
                cell = table.TableCell(**attrs)
                if "valuetype" in attrs:
                    cell.addElement(text.P(text=str(v)))
                tr.addElement(cell)
            tab.addElement(tr)
        doc.spreadsheet.addElement(tab)
    buf = io.BytesIO()
    doc.write(buf)
    return _rezip(buf.getvalue(), lambda _name, data: data)


def _rezip(data: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    """Copy a zip entry by entry in order (ODF needs "mimetype" first, stored), with fixed dates."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, _ZIP_DATE)
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            dst.writestr(fixed, change(info.filename, src.read(info)))
    return out.getvalue()


_WRITERS: dict[str, Callable[[list[Sheet]], bytes]] = {".xls": _xls, ".xlsx": _xlsx, ".xlsm": _xlsm, ".ods": _ods}


def to_bytes(suffix: str, sheets: Sheet | list[Sheet]) -> bytes:
    """The file's bytes in the format the suffix names (".xls", ".xlsx", ".xlsm" or ".ods")."""
    writer = _WRITERS.get(suffix.lower())
    if writer is None:
        raise ValueError(f"no writer for {suffix!r}; one of {sorted(_WRITERS)}")
    return writer(_sheets(sheets))


def write(path: Path, sheets: Sheet | list[Sheet]) -> Path:
    """Write the sheets to path, in the format its suffix names; returns path."""
    path.write_bytes(to_bytes(path.suffix, sheets))
    return path
