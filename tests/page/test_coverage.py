"""The data coverage page (pages/7_coverage.py) under AppTest, its CSV download, and the coverage
line lib.app.frame puts at the top of every page."""

from __future__ import annotations

import csv
import io
import json

import pytest

from lib.exports.files import BOM
from lib.i18n import t
from lib.store import catalogue, queries
from lib.views import coverage as view

PAGE = "pages/7_coverage.py"


@pytest.fixture()
def public(con):
    return catalogue.load(con), queries.coverage_summary(con, "public")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_page_renders(app, downloads, public, lang: str) -> None:
    cat, summary = public
    at = app(PAGE, lang=lang, dataset="public", pilot="0")
    assert not at.exception
    assert at.title[0].value == t("cov_title", lang)
    assert len(at.get("plotly_chart")) == 1
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "DEMO" not in json.dumps(spec["layout"].get("annotations", []))
    table, missing = at.dataframe[0].value, at.dataframe[1].value
    assert len(table) == len(cat.indicators)
    assert t("col_demo", lang) not in table.columns
    doc = table.loc[table[t("col_indicator", lang)] == cat.indicator_name("doctors_per_pop", lang)].iloc[0]
    assert doc[t("cov_col_years", lang)] == ("2558–2567 (10)" if lang == "th" else "2015–2024 (10)")
    assert doc[t("cov_col_provinces", lang, n=cat.n_provinces)] == cat.n_provinces
    assert len(missing) == len(cat.indicators) - summary["n_indicators"]
    # the line at the top, without its link on this page itself
    assert at.caption[0].value == view.line_text(summary, "public", lang)
    # the CSV: Thai headers in Thai, BOM, one row per catalogue indicator
    name = view.file_name("public", lang, False)
    data = downloads[name]()  # made when clicked
    assert isinstance(data, bytes) and data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"))))
    assert rows[0] == list(table.columns) and len(rows) == len(cat.indicators) + 1
    assert rows[0][0] == t("col_goal", lang)


def test_pilots_only(app, public) -> None:
    cat, _ = public
    at = app(PAGE, lang="en", dataset="public", pilot="1")
    assert not at.exception
    table = at.dataframe[0].value
    assert t("cov_col_provinces", "en", n=cat.n_pilots) in table.columns
    assert t("cov_col_pilots", "en", n=cat.n_pilots) not in table.columns
    assert table[t("cov_col_provinces", "en", n=cat.n_pilots)].max() == cat.n_pilots
    assert at.metric[2].value == f"{cat.n_pilots} / {cat.n_pilots}"


def test_demo_dataset(app) -> None:
    at = app(PAGE, lang="th", dataset="demo")
    assert not at.exception
    assert any(w.value == t("demo_banner", "th") for w in at.warning)
    assert not any(c.value.startswith(t("cov_line_public", "th").split(":")[0]) for c in at.caption)
    assert at.dataframe[0].value.iloc[:, 0].all(), "demo rows are flagged"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert t("demo_mark", "th") in json.dumps(spec["layout"].get("annotations", []), ensure_ascii=False)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_line_on_another_page(app, public, lang: str) -> None:
    _, summary = public
    at = app("pages/4_partners.py", lang=lang, dataset="public")
    assert not at.exception
    assert view.line_text(summary, "public", lang) in [c.value for c in at.caption]
