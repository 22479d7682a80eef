"""lib.brief.html: the page's blocks, marks and escaping, and the fit levels (pure)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd

from lib.brief import data, html
from lib.core.vocab import STATUS_ORDER, TREND_ORDER, Status
from lib.i18n import t
from tests.unit.brief.helpers import TODAY


def test_date_text_buddhist_era_in_thai() -> None:
    assert html.date_text(dt.date(2026, 3, 9), "th") == "9 มี.ค. 2569"
    assert html.date_text(dt.date(2026, 3, 9), "en") == "9 Mar 2026"


def test_html_is_self_contained_and_marked(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "en", today=TODAY)
    page = html.build_html(d)
    assert "Mae Hong Son" in page and "9 Mar 2026" in page
    assert "DEMONSTRATION DATA" in page and 'class="watermark"' in page
    # nothing to fetch: no http(s) resource, fonts and charts inline
    for attr in ('src="http', "src='http", "url(http", 'href="http', "@import"):
        assert attr not in page
    assert "font/woff2;base64," in page


def test_html_escapes_data(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "en", today=TODAY)
    d.name = "<script>alert(1)</script>"
    page = html.build_html(d)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_strip_colours_and_legend_follow_the_vocabulary(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "en", today=TODAY)
    page = html.build_html(d)
    for _, g in d.strip.iterrows():  # each tile: the status' colour, its readable text colour
        st = Status.of(g["status"])
        assert f"background:{st.colour};color:{st.text_colour}" in page
    for s in STATUS_ORDER:  # the legend: every status and trend, in the vocabulary's order
        assert f'style="background:{s.colour}"></span>{t(s.key, "en")}' in page
    legend = page[page.index('<div class="legend">') :]
    positions = [legend.index(f'aria-label="{tr.value}"') for tr in TREND_ORDER]
    assert positions == sorted(positions)
    assert all(t(tr.key, "en") in legend for tr in TREND_ORDER)


def test_fit_levels_drop_content(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "th", today=TODAY)
    most, least = html.build_html(d, 0), html.build_html(d, len(html.FIT_LEVELS) - 1)
    assert len(least) < len(most)
    assert 'class="goalnames"' in most and 'class="goalnames"' not in least
    assert f"font-size: {html.FIT_LEVELS[0].font_pt}pt;" in most
    assert f"font-size: {html.FIT_LEVELS[-1].font_pt}pt;" in least
    assert html.build_html(d, 99) == least and html.build_html(d, -1) == most  # levels are clamped


def test_public_dataset_is_not_marked_demo(db_path: Path, shared) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        sh = data.load_shared(con, "public")
        d = data.gather(con, sh, "TH-10", "th", today=TODAY)
    finally:
        con.close()
    page = html.build_html(d)
    assert not d.is_demo and "ข้อมูลสาธิต (สังเคราะห์) –" not in page and 'class="watermark"' not in page
    assert t("demo_mark", "th") not in page
    # the same marks are there on demo data (so their absence above means something)
    demo = html.build_html(data.gather(shared[0], shared[1], "TH-10", "th", today=TODAY))
    assert "ข้อมูลสาธิต (สังเคราะห์) –" in demo and 'class="watermark"' in demo and t("demo_mark", "th") in demo


def test_no_chart_and_no_partners(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "en", today=TODAY)
    bare = dataclasses.replace(
        d, chart_indicator=None, partners=d.partners.iloc[0:0], series=pd.DataFrame(columns=data.SERIES_COLUMNS)
    )
    page = html.build_html(bare)
    assert t("brief_chart_none", "en") in page and t("brief_partners_none", "en") in page
    assert "<polyline" not in page


def test_pick_partners_spreads_over_sectors() -> None:
    p = pd.DataFrame(
        {
            "partner_id": list("abcdefg"),
            "partner": list("ABCDEFG"),
            "sector": ["gov", "gov", "gov", "acad", "intl", "intl", "intl"],
            "sector_sort": [1, 1, 1, 5, 7, 7, 7],
            "n": [3, 2, 1, 1, 5, 2, 1],
        }
    )
    got = html.pick_partners(p, 4)
    assert list(got["partner_id"]) == ["a", "b", "d", "e"]  # one per sector first, then gov's second
    assert list(html.pick_partners(p, 3)["partner_id"]) == ["a", "d", "e"]
    assert len(html.pick_partners(p, 20)) == 7
