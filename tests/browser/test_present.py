"""Presentation mode and the province brief in a real browser (network cut to localhost).

Presentation: /?present=1 hides the sidebar, shows the step bar, keeps present=1 in the URL
through next/previous, charts still answer hover; exit brings the sidebar back; the sidebar
toggle turns it on. Brief: if the province page shows the brief button, the PDF it downloads
has one page.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from .conftest import require_script

pytestmark = pytest.mark.browser

BAR = ".st-key-present_bar"
SIDEBAR = "[data-testid=stSidebar]"


def hover_first_bar(web) -> bool:
    """Move the mouse over the first bar/point of the first plotly chart; True if a hover label shows."""
    pg = web.page
    target = pg.locator(".js-plotly-plot .point").first
    if not target.count():
        return False
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    if not box:
        return False
    pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    try:
        pg.wait_for_selector(".js-plotly-plot .hoverlayer .hovertext", timeout=5_000)
    except Exception:
        return False
    return True


def test_present_hides_sidebar_and_steps(web) -> None:
    require_script("overview")
    require_script("map")
    web.open("/", present="1", lang="th", province="TH-58")
    web.wait_charts(1)
    assert not web.page.locator(SIDEBAR).is_visible()
    assert web.page.locator(BAR).is_visible()
    assert web.params().get("present") == "1" and web.params().get("province") == "TH-58"
    assert "1 / 5" in web.page.locator(BAR).inner_text()
    # text is enlarged: the root font size is the presentation one
    assert web.page.evaluate("getComputedStyle(document.documentElement).fontSize") == "21px"
    assert hover_first_bar(web), "charts must keep their hover in presentation mode"
    web.screenshot("present-overview-th")

    web.act(lambda: web.page.locator(f"{BAR} [data-testid=stPageLink] a").nth(1).click())
    web.wait_charts(1)
    assert web.path() == "/map"
    assert web.params().get("present") == "1" and web.params().get("province") == "TH-58"
    assert not web.page.locator(SIDEBAR).is_visible()
    assert "2 / 5" in web.page.locator(BAR).inner_text()

    web.act(lambda: web.page.locator(f"{BAR} [data-testid=stPageLink] a").nth(0).click())
    assert web.path() == "/"

    web.act(lambda: web.page.locator(".st-key-present_exit button").click())
    assert web.page.locator(SIDEBAR).is_visible()
    assert "present" not in web.params()
    assert not web.page.locator(BAR).count()
    web.assert_clean()


def test_sidebar_toggle_turns_it_on(web) -> None:
    require_script("overview")
    web.open("/", lang="en")
    assert web.page.locator(SIDEBAR).is_visible()
    toggle = web.page.locator(f"{SIDEBAR} .st-key-w_present label")
    web.act(lambda: toggle.click())
    assert not web.page.locator(SIDEBAR).is_visible()
    assert web.params().get("present") == "1"
    web.assert_clean()


def test_bad_present_value_falls_back(web) -> None:
    require_script("overview")
    web.open("/", present="maybe", lang="en")
    assert web.page.locator(SIDEBAR).is_visible()
    assert "present=maybe" in web.body_text()
    assert "present" not in web.params()


def test_province_brief_download(web, db_path: Path) -> None:
    require_script("province")
    from pypdf import PdfReader

    from lib import brief

    if brief.chromium_problem():
        pytest.skip(brief.chromium_problem())
    web.open("/province", province="TH-58", lang="th")
    button = web.page.locator(".st-key-brief_pdf button").first
    if not button.count():
        pytest.skip("the province page does not show the brief buttons (ui.brief_buttons) yet")
    with web.page.expect_download(timeout=120_000) as dl:
        button.click()
    data = Path(dl.value.path()).read_bytes()
    assert data.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    # no dataset in the link: the brief is of the real data, as of their latest year
    from lib.store import queries
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        latest = queries.years(con, "public")[-1]
    finally:
        con.close()
    assert dl.value.suggested_filename == f"sdg-brief-TH-58-th-public-{latest}.pdf"
