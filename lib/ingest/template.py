"""The import template offered for download: the long layout lib.ingest reads best.

UTF-8 with a byte-order mark so Excel shows the Thai correctly. The example row is marked
"EXAMPLE" in its note; lib.ingest refuses rows so marked, so a template sent back with the
example still in it cannot load a made-up number.
"""

from __future__ import annotations

import csv
import io

from lib.ingest.pipeline import DEFAULT_DATASET

COLUMNS: tuple[str, ...] = (
    "dataset",
    "indicator_id",
    "province",
    "year",
    "value",
    "disaggregation",
    "source_title",
    "source_url",
    "source_publisher",
    "note",
    "provisional",
    "estimated",
    "proxy",
)
REQUIRED: tuple[str, ...] = ("indicator_id", "province", "year", "value")


def template_rows(indicator_id: str = "pov_headcount") -> list[list[str]]:
    example = {
        "dataset": DEFAULT_DATASET,
        "indicator_id": indicator_id,
        "province": "เชียงใหม่",
        "year": "2567",
        "value": "12.5",
        "disaggregation": "",
        "source_title": "",
        "source_url": "",
        "source_publisher": "",
        "note": "EXAMPLE - delete this row / ตัวอย่าง ลบแถวนี้ก่อนนำเข้า",
        "provisional": "false",
        "estimated": "false",
        "proxy": "false",
    }
    return [list(COLUMNS), [example[c] for c in COLUMNS]]


def template_csv_bytes(indicator_id: str = "pov_headcount") -> bytes:
    """The template as CSV bytes (UTF-8 with BOM, CRLF line ends as Excel writes them)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(template_rows(indicator_id))
    return buf.getvalue().encode("utf-8-sig")
