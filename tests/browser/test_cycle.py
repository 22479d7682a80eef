"""The central database's whole cycle in a real browser, in both languages: a province
submitter (Thai) uploads a ministry file and submits it; a viewer sees nothing new; a reviewer
(English) approves it; an admin (Thai) publishes release 1; viewers in both languages then see
the new value and "data as of release 1"; the admin rolls back and the value is gone again.

The server reads a copy of the test database holding three accounts (tests/page/accounts.py's
cast, with real Argon2 hashes)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from lib.core.paths import ROOT
from lib.i18n import t
from lib.ingest import cli as ingest_cli
from lib.release import cli as release_cli
from lib.review import cli as review_cli
from lib.users import accounts, control
from tests.browser.conftest import App, new_app, start_server, stop_server

from .conftest import require_script

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
FIXTURE = ROOT / "tests" / "fixtures" / "review" / "chiang_mai_unemployment.csv"  # TH-50 2023: 1.4
VIEW = {"dataset": "ministry", "indicator": "unemployment", "province": "TH-50", "year": "2023"}


@pytest.fixture(scope="module")
def served(db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    where = tmp_path_factory.mktemp("cycle")
    db = where / "sdg.duckdb"
    shutil.copyfile(db_path, db)
    with control.opened(db) as con:
        accounts.add(con, db, "boss", accounts.ADMIN, PASSWORD, by=None)
        accounts.add(con, db, "rita", accounts.REVIEWER, PASSWORD, by="boss")
        accounts.add(con, db, "sam", accounts.SUBMITTER, PASSWORD, by="boss", provinces=["TH-50"])
    proc, base = start_server(db, where / "streamlit.log")
    yield base, db
    stop_server(proc)


def person(chromium, base: str, path: str, name: str, lang: str) -> App:
    """A browser that opened `path` and signed in as `name` through the form."""
    app = new_app(chromium, base)
    app.open(path, lang=lang)
    app.page.get_by_role("textbox", name=t("signin_name", lang), exact=True).fill(name)
    app.page.get_by_role("textbox", name=t("signin_password", lang), exact=True).fill(PASSWORD)
    app.act(lambda: app.page.get_by_role("button", name=t("signin_button", lang)).click())
    return app


def click(app: App, label: str) -> None:
    button = app.page.get_by_role("button", name=label, exact=True)
    button.scroll_into_view_if_needed()
    app.act(lambda: button.click())


def viewer_sees(chromium, base: str, lang: str) -> tuple[str, str]:
    """What a visitor with no account sees of Chiang Mai's 2023 unemployment on the map: the
    selected province's card and the page's top line."""
    app = new_app(chromium, base)
    try:
        app.open("/map", lang=lang, **VIEW)
        app.wait_charts(1)
        card = app.page.locator("[data-testid=stMetricValue]").first.inner_text()
        top = (
            app.page.locator(".st-key-coverage_line").inner_text()
            if app.page.locator(".st-key-coverage_line").count()
            else ""
        )
        app.assert_clean()
        return card.strip(), top
    finally:
        app.context.close()


def test_submit_review_publish_and_roll_back_in_the_browser(served: tuple[str, Path], chromium) -> None:
    require_script("admin")
    base, db = served
    before, top = viewer_sees(chromium, base, "en")
    assert "1.40" not in before and t("release_label_nodate", "en", n=1) not in top

    sam = person(chromium, base, "/admin", "sam", "th")  # the submitter, in Thai
    try:
        sam.act(
            lambda: sam.page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(str(FIXTURE))
        )
        submit = sam.page.get_by_role("button", name=t("rev_page_submit", "th"))
        submit.wait_for()  # the file is checked (in a child process) before it can be submitted
        sam.page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
        sam.act(lambda: submit.click())
        sam.page.get_by_text(t("rev_page_submitted", "th", id=1, n=1)).wait_for()
        sam.assert_clean()
    finally:
        sam.context.close()
    assert viewer_sees(chromium, base, "en")[0] == before  # nothing published has changed

    rita = person(chromium, base, "/review", "rita", "en")  # the reviewer, in English
    try:
        rita.page.get_by_label(t("rev_page_comment", "en")).fill("checked against the NSO table")
        click(rita, t("rev_page_approve", "en"))
        rita.page.get_by_text(t("rev_approved", "en", id=1)).wait_for()
        rita.assert_clean()
    finally:
        rita.context.close()

    boss = person(chromium, base, "/review", "boss", "th")  # the admin, in Thai
    try:
        click(boss, t("rel_page_publish", "th", n=1))
        boss.page.get_by_text(t("rel_page_published", "th", n=1, added=1, replaced=0)).wait_for()
        boss.assert_clean()
    finally:
        boss.context.close()

    for lang in ("th", "en"):
        card, top = viewer_sees(chromium, base, lang)
        assert card.startswith("1.4"), card
        assert t("release_label_nodate", lang, n=1) in top, top

    # release 2 revises the value (from the command line, the same rules); the admin rolls back
    # to release 1 in the browser, and every viewer is back on 1.4
    revised = db.parent / "revised.csv"
    revised.write_text(FIXTURE.read_text(encoding="utf-8").replace(",1.4", ",2.6"), encoding="utf-8")
    args = ["--db", str(db)]
    assert ingest_cli.main([str(revised), "--submit", "--as", "sam", *args]) == 0
    assert review_cli.main(["approve", "2", "--as", "rita", "--reason", "revised by NSO", *args]) == 0
    assert release_cli.main(["publish", "--as", "boss", *args]) == 0
    card, top = viewer_sees(chromium, base, "en")
    assert card.startswith("2.6") and t("release_label_nodate", "en", n=2) in top, (card, top)

    boss = person(chromium, base, "/review", "boss", "en")
    try:
        boss.page.get_by_text(t("rel_page_rollback_head", "en")).click()  # the expander
        sure = boss.page.get_by_text(t("rel_page_rollback_sure", "en", n=1))
        sure.scroll_into_view_if_needed()
        boss.act(lambda: sure.click())
        click(boss, t("rel_page_rollback", "en", n=1))
        boss.page.get_by_text(t("rel_page_rolled_back", "en", n=1)).wait_for()
        boss.assert_clean()
    finally:
        boss.context.close()
    for lang in ("th", "en"):
        card, top = viewer_sees(chromium, base, lang)
        assert card.startswith("1.4") and t("release_label_nodate", lang, n=1) in top, (card, top)
