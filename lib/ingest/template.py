"""The import templates offered for download: indicator values in the long layout lib.ingest
reads best, and partner activities in the 3W layout (lib.ingest.activities).

UTF-8 with a byte-order mark so Excel shows the Thai correctly. The example row is marked
"EXAMPLE" in its note; lib.ingest refuses rows so marked, so a template sent back with the
example still in it cannot load a made-up number.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from lib.core.registry import HEADERS
from lib.exports.files import csv_bytes, xlsx_bytes
from lib.i18n import Lang, t
from lib.ingest.activities import EXAMPLE_MARK, PILOTS_WORD
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


# ---------------------------------------------------------------- the 3W activity template


def activity_template(lang: Lang) -> pd.DataFrame:
    """The 3W template with two invented example rows (lib.ingest.activities refuses them: their
    English title begins with EXAMPLE). English headers are exactly HEADERS; in Thai the Thai
    headers and words, which the importer reads the same."""
    th = lang == "th"
    named = {
        "partner": "UNDP",
        "sector": "",
        "title_en": f"{EXAMPLE_MARK} - delete this row: clean water for schools",
        "title_th": "ตัวอย่าง ลบแถวนี้: น้ำสะอาดเพื่อโรงเรียน",
        "provinces": "ปัตตานี;ยะลา" if th else "Pattani;Yala",
        "goals": "6;4.a",
        "start_date": "2025-01",
        "end_date": "2025-12-31",
        "status": t("act_status_ongoing", lang) if th else "ongoing",
        "budget_thb": "1500000",
        "funding_source": t("act_tpl_example_fund", lang),
        "people_reached": "1200",
        "contact_agency": t("act_tpl_example_office", lang),
        "source_url": "https://example.org/3w/example-1",
    }
    programme = {
        "partner": t("act_tpl_example_partner", lang),
        "sector": t("act_tpl_example_sector", lang),
        "title_en": f"{EXAMPLE_MARK} - delete this row: SDG data course for the pilot provinces",
        "title_th": "ตัวอย่าง ลบแถวนี้: หลักสูตรข้อมูล SDG สำหรับจังหวัดนำร่อง",
        "provinces": t("act_pilots_word", lang) if th else PILOTS_WORD,
        "goals": "4;17.18",
        "start_date": "2026",
        "end_date": "",
        "status": t("act_status_planned", lang) if th else "planned",
        "budget_thb": "",
        "funding_source": "",
        "people_reached": "",
        "contact_agency": "",
        "source_url": t("act_tpl_example_document", lang),
    }
    heads = [t(f"act_col_{h}", "th") if th else h for h in HEADERS]
    return pd.DataFrame([[row[h] for h in HEADERS] for row in (named, programme)], columns=heads)


def activity_template_csv(lang: Lang) -> bytes:
    """The 3W template as CSV (UTF-8 with BOM, CRLF: what Excel opens with Thai intact)."""
    return csv_bytes(activity_template(lang))


def activity_template_xlsx(lang: Lang) -> bytes:
    """The 3W template as Excel: the template sheet first (the importer reads it), then a sheet
    saying what each column takes."""
    help_rows = [(t(f"act_col_{h}", lang) if lang == "th" else h, t(f"act_tpl_help_{h}", lang)) for h in HEADERS]
    return xlsx_bytes(
        activity_template(lang),
        help_rows,
        data_sheet="3W",
        readme_sheet=t("act_tpl_help_sheet", lang),
        warning=t("act_tpl_warning", lang),
        readme_first=False,
    )
