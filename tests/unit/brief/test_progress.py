"""The brief's progress line (lib.brief.data gathers the counts, lib.brief.html prints them):
the same counts as the progress page, in both languages."""

from __future__ import annotations

import dataclasses

import pytest

from lib.brief import data, html
from lib.i18n import t
from lib.store import progress as store
from lib.store import queries
from lib.views import progress as view
from tests.unit.brief.helpers import TODAY


@pytest.mark.parametrize("lang", ["th", "en"])
def test_brief_has_the_page_counts_under_the_strip(shared, lang: str) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", lang, today=TODAY)
    obs = queries.observations(con, sh.dataset, None, ("TH-58",), None, sh.year, True)
    want = view.province_counts(obs, sh.cat.indicators, store.targets(con), year=sh.year)
    assert d.progress == want and want.n_assessed > 0
    page = html.build_html(d)
    line = f"<b>{t('prog_brief_label', lang)}:</b> {view.counts_line(want, lang)}"
    assert line in page
    assert page.index('class="strip"') < page.index('class="progress-line"') < page.index('class="cards"')


def test_brief_line_without_any_assessment(shared) -> None:
    con, sh = shared
    d = data.gather(con, sh, "TH-58", "en", today=TODAY)
    none = dataclasses.replace(d, progress=view.Counts(0, 0, 0, 3, None, None))
    line = html.build_html(none).split('class="progress-line">')[1].split("</div>")[0]
    assert line == f"<b>{t('prog_brief_label', 'en')}:</b> {t('prog_line_none', 'en')}"


def test_public_brief_counts_are_real(db_path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        sh = data.load_shared(con, "public")
        for code in sh.cat.pilot_codes[:3]:
            d = data.gather(con, sh, code, "th", today=TODAY)
            assert d.progress.n_assessed > 0 and d.progress.first_year is not None
            assert view.counts_line(d.progress, "th") in html.build_html(d)
    finally:
        con.close()
