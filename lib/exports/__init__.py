"""Downloads: CSV for Excel with Thai and .xlsx workbooks, formula-safe (lib.exports.files)."""

from lib.exports.files import BOM, csv_bytes, neutralise, safe_frame, xlsx_bytes

__all__ = ["BOM", "csv_bytes", "neutralise", "safe_frame", "xlsx_bytes"]
