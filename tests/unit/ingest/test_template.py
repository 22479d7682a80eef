"""lib.ingest.template: the download offered on the admin page."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

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


# ---------------------------------------------------------------- the 3W activity template


@pytest.mark.parametrize("lang", ["en", "th"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_3w_template_checks_clean_but_its_examples_never_load(db_path: Path, lang: str, fmt: str) -> None:
    from lib.core.registry import HEADERS
    from lib.ingest import activities as act
    from lib.ingest import template as tpl

    data = tpl.activity_template_csv(lang) if fmt == "csv" else tpl.activity_template_xlsx(lang)  # type: ignore[arg-type]
    registry = act.load_registry(db_path)
    checked = act.check(data, f"t.{fmt}", registry)
    # every cell of the examples is valid: the only problem is that they are examples
    assert [(p.row, p.column, p.code) for p in checked.problems] == [
        (2, "title_en" if lang == "en" else "ชื่อกิจกรรม (อังกฤษ)", "act_example_row"),
        (3, "title_en" if lang == "en" else "ชื่อกิจกรรม (อังกฤษ)", "act_example_row"),
    ]
    frame = tpl.activity_template(lang)  # type: ignore[arg-type]
    if lang == "en":
        assert tuple(frame.columns) == HEADERS  # the contract, exactly
    # with the mark removed, both rows load: one names provinces, one is programme-wide
    frame = frame.assign(**{frame.columns[2]: frame[frame.columns[2]].str.replace("EXAMPLE - delete this row: ", "")})
    ok = act.check(frame.to_csv(index=False).encode("utf-8"), "t.csv", registry)
    assert ok.ok and [a.scope for a in ok.activities] == ["provinces", "programme"]
    assert [p.sector for p in ok.new_partners] == ["academia"]
