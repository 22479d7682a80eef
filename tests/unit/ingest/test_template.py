"""lib.ingest.template: the download offered on the admin page."""

from __future__ import annotations

import codecs

from lib.ingest.formats import parse
from lib.ingest.provinces import from_seed
from lib.ingest.read import read
from lib.ingest.template import COLUMNS, template_csv_bytes


def test_template_bytes() -> None:
    data = template_csv_bytes("pov_headcount")
    assert data.startswith(codecs.BOM_UTF8)
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == list(COLUMNS)
    assert "EXAMPLE" in lines[1] and "pov_headcount" in lines[1]
    parsed = parse(read(data, "template.csv"), from_seed())
    assert parsed.format == "long-csv" and len(parsed.records) == 1
