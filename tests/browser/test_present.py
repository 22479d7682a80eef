"""Presentation (slide) mode and the province brief in a real browser (network cut to localhost).

Slides: /?present=1 hides the sidebar and shows the step bar and one chart, fitted to the
screen (1920x1080 and 1366x768): the chart lies inside the viewport, under the bar, and the
page does not scroll. The keys a clicker sends (ArrowRight/ArrowDown/PageDown/Space forward,
ArrowLeft/ArrowUp/PageUp back) move between the steps, across pages, wrapping; not while the
focus is in a field. The bar's province picker keeps the mode and the step; the URL (step=,
deck=, province=) reopens the same slide. Charts still answer hover; exit brings the sidebar
back; the sidebar toggle turns the mode on. Brief: if the province page shows the brief
button, the PDF it downloads has one page.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lib.core import present
from lib.i18n import t

from .conftest import _RUN_COUNTER, RUN_TIMEOUT_MS, require_script

pytestmark = pytest.mark.browser

BAR = ".st-key-present_bar"
SIDEBAR = "[data-testid=stSidebar]"
FULL_HD = {"width": 1920, "height": 1080}
SMALL = {"width": 1366, "height": 768}

# Step k is shown: the URL says so, the run is over, the bar names it, and the slide's chart
# has drawn (or the page says it has none for this choice).
_STEP_SHOWN = """([k, label]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const bar = document.querySelector('.st-key-present_bar');
  return !!app && new URLSearchParams(location.search).get('step') === String(k)
      && app.getAttribute('data-test-script-state') === 'notRunning'
      && app.getAttribute('data-test-connection-state') === 'CONNECTED'
      && !document.querySelector('[data-testid="stSkeleton"]')
      && !!bar && bar.innerText.includes(label)
      && document.querySelectorAll('.st-key-present_bar').length === 1
      && (!!document.querySelector('.st-key-slide_current .js-plotly-plot .main-svg')
          || !!document.querySelector('.st-key-slide_empty'));
}"""

_GEOMETRY = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
                     const b = e.getBoundingClientRect();
                     return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
  const shown = [...document.querySelectorAll('[data-testid=stPlotlyChart]')].filter(e => e.offsetParent !== null);
  const title = document.querySelector('.st-key-slide_current .gtitle');
  const main = document.querySelector('[data-testid=stMain]');
  return {bar: box('.st-key-present_bar'), chart: box('.st-key-slide_current [data-testid=stPlotlyChart]'),
          takeaway: box('.st-key-slide_takeaway'), title: title ? title.textContent : '',
          shown: shown.length, width: innerWidth, height: innerHeight,
          scrolls: main.scrollHeight > main.clientHeight + 1};
}"""

# Counts clicks on the bar's next / previous buttons (the keys click them).
_CLICKS = """
window.__slideClicks = 0;
document.addEventListener('click', e => {
  const hit = e.target instanceof Element && e.target.closest('.st-key-present_next, .st-key-present_prev');
  if (hit) window.__slideClicks += 1;
}, true);
"""


def position(k: int, n: int, key: str, lang: str) -> str:
    """What the bar says on step k (1-based) of a deck of n."""
    return t("slide_position", lang, k=k, n=n, title=t(f"slide_step_{key}", lang))


def wait_step(web, k: int, deck: tuple[str, ...] = present.DECK, lang: str = "en") -> None:
    web._wait(_STEP_SHOWN, [k, position(k, len(deck), deck[k - 1], lang)], RUN_TIMEOUT_MS, f"slide step {k}")


def press(web, key: str, k: int, deck: tuple[str, ...] = present.DECK, lang: str = "en") -> None:
    """Press a key and wait until step k is shown."""
    web.page.keyboard.press(key)
    wait_step(web, k, deck, lang)


def assert_fits(web) -> dict:
    """One chart on screen, whole, under the bar (not covered by it), with its title and
    takeaway, and nothing to scroll."""
    g = web.page.evaluate(_GEOMETRY)
    assert g["bar"] and g["chart"] and g["takeaway"], g
    assert g["shown"] == 1, g
    for part in ("bar", "chart", "takeaway"):
        b = g[part]
        assert b["left"] >= 0 and b["top"] >= 0 and b["right"] <= g["width"] + 0.5, (part, g)
        assert b["bottom"] <= g["height"] + 0.5, (part, g)
    assert g["chart"]["top"] >= g["bar"]["bottom"], g  # under the bar, not behind it
    assert g["takeaway"]["top"] >= g["chart"]["bottom"] - 0.5, g
    assert g["title"].strip(), g
    assert not g["scrolls"], g
    return g


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


def test_slides_step_with_the_clicker_keys(web) -> None:
    for page in ("overview", "map", "province", "partners"):
        require_script(page)
    web.page.set_viewport_size(FULL_HD)
    n = len(present.DECK)
    web.open("/", present="1", lang="en", dataset="demo", province="TH-58")
    wait_step(web, 1)
    assert not web.page.locator(SIDEBAR).is_visible()
    assert web.params().get("present") == "1" and web.params().get("province") == "TH-58"
    assert "deck" not in web.params()  # the default deck
    first = assert_fits(web)
    assert hover_first_bar(web), "charts must keep their hover in slide mode"
    web.screenshot("slides-overview-en")

    press(web, "ArrowRight", 2)
    assert web.path() == "/"
    second = assert_fits(web)
    assert second["title"] != first["title"]
    press(web, "Space", 3)
    press(web, "PageDown", 4)  # the map: another page
    assert web.path() == "/map"
    assert web.params().get("present") == "1" and web.params().get("province") == "TH-58"
    assert_fits(web)
    press(web, "ArrowDown", 5)
    assert web.path() == "/province"
    assert_fits(web)
    press(web, "ArrowLeft", 4)
    assert web.path() == "/map"
    press(web, "PageUp", 3)
    press(web, "ArrowUp", 2)
    assert web.path() == "/"
    press(web, "ArrowLeft", 1)
    press(web, "ArrowLeft", n)  # wraps to the last step
    assert web.path() == "/partners"
    assert_fits(web)
    press(web, "ArrowRight", 1)  # and on to the first
    assert web.path() == "/"

    # the bar's own buttons do the same
    web.page.locator(".st-key-present_next button:visible").click()
    wait_step(web, 2)

    web.act(lambda: web.page.locator(".st-key-present_exit button:visible").click())
    assert web.page.locator(SIDEBAR).is_visible()
    assert "present" not in web.params() and "step" not in web.params()
    assert not web.page.locator(BAR).count()
    web.assert_clean()


def test_small_screen_picker_keeps_the_step_and_the_link_reopens_it(web) -> None:
    require_script("province")
    web.page.set_viewport_size(SMALL)
    weak = present.DECK.index("prov_weak") + 1
    web.open("/province", present="1", lang="th", dataset="demo", province="TH-58", step=str(weak))
    wait_step(web, weak, lang="th")
    assert_fits(web)
    web.screenshot("slides-weak-th")

    # a new province from the bar: still slides, the same step
    web.page.locator(f"{BAR} .st-key-w_slide_province input:visible").click()
    web.page.locator("[role=listbox] [role=option]:visible").nth(1).click()
    web._wait(
        "(code) => new URLSearchParams(location.search).get('province') !== code", "TH-58", RUN_TIMEOUT_MS, "province"
    )
    wait_step(web, weak, lang="th")
    params = web.params()
    assert params["province"] != "TH-58" and params["present"] == "1" and params["step"] == str(weak)
    assert not web.page.locator(SIDEBAR).is_visible()
    assert_fits(web)

    # the link reopens the same slide (a new tab: a new session); there the keys do nothing
    # while the focus is in a field, but PageDown still steps from the bar's picker
    link = web.page.url
    other = web.context.new_page()
    try:
        other.set_viewport_size(SMALL)
        other.add_init_script(_CLICKS)
        other.add_init_script(_RUN_COUNTER)
        other.goto(link, wait_until="domcontentloaded")
        reopened = type(web)(web.base, web.context, other)
        wait_step(reopened, weak, lang="th")
        assert reopened.params()["province"] == params["province"]  # the link reopens the same slide
        assert reopened.path() == "/province"
        assert_fits(reopened)
        field = other.locator(f"{BAR} .st-key-w_slide_goal input:visible")
        field.focus()
        for key in ("ArrowRight", "Space", "ArrowLeft"):
            other.keyboard.press(key)
            assert other.evaluate("window.__slideClicks") == 0, key
        other.keyboard.press("Escape")
        press(reopened, "PageDown", weak + 1, lang="th")
        assert other.evaluate("window.__slideClicks") == 1
    finally:
        other.close()
    web.assert_clean()


def test_a_prepared_deck_reopens_from_its_link(web) -> None:
    require_script("map")
    web.page.set_viewport_size(SMALL)
    deck = ("prov_strip", "map_chart", "ov_grid")
    web.open("/", present="1", lang="en", deck=",".join(deck), step="2")
    wait_step(web, 2, deck)  # step 2 is the map: the link opens its page
    assert web.path() == "/map" and web.params()["deck"] == ",".join(deck)
    assert_fits(web)
    press(web, "ArrowRight", 3, deck)
    assert web.path() == "/"
    press(web, "Space", 1, deck)  # wraps within this deck
    assert web.path() == "/province"
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
