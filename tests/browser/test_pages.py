"""Every page, in Thai and in English, in a real browser with the network cut to localhost.

For each: the page loads with the shared frame (sidebar language control), shows no
exception box, logs no console/page error, fetches nothing outside localhost, draws its
main chart, is in the right language; a full-page screenshot goes to artifacts/screens/.
"""

from __future__ import annotations

import re

import pytest

from .conftest import PAGE_PATHS, THAI, require_script

pytestmark = pytest.mark.browser

# Pages whose main content is a plotly chart (how many at least), checked after the run.
MIN_CHARTS = {
    "overview": 1,
    "map": 1,
    "province": 1,
    "goal": 1,
    "partners": 1,
    "data": 1,
    "admin": 0,
    "coverage": 1,
    "progress": 1,
}
N_PROVINCES = 77

# Counts the drawn province shapes of the first choropleth trace, whatever kind of map
# the page draws: plotly geo (SVG paths `path.choroplethlocation` in `g.trace.choropleth`).
COUNT_MAP_SHAPES = """() => {
  const traces = document.querySelectorAll('.js-plotly-plot g.trace.choropleth');
  if (!traces.length) return {traces: 0, first: 0, drawn: 0};
  const paths = [...traces[0].querySelectorAll('path.choroplethlocation')];
  const drawn = paths.filter(p => (p.getAttribute('d') || '').length > 10
                                  && p.getBBox().width > 0 && p.getBBox().height > 0).length;
  return {traces: traces.length, first: paths.length, drawn};
}"""


def check_map_drawn(web) -> dict:
    """77 province shapes drawn (with the network cut, so no CDN topojson could have helped)."""
    web._wait(
        "(n) => document.querySelectorAll('.js-plotly-plot path.choroplethlocation').length >= n",
        N_PROVINCES,
        60_000,
        f"{N_PROVINCES} map shapes",
    )
    shapes = web.page.evaluate(COUNT_MAP_SHAPES)
    assert shapes["first"] == N_PROVINCES, shapes
    assert shapes["drawn"] == N_PROVINCES, f"some province shapes are empty: {shapes}"
    return shapes


@pytest.mark.parametrize("lang", ["th", "en"])
@pytest.mark.parametrize("page", list(PAGE_PATHS))
def test_page_loads(web, page: str, lang: str) -> None:
    require_script(page)
    web.open(PAGE_PATHS[page], lang=lang)

    # The shared frame ran (deep link on a fresh session): sidebar with the language control.
    sidebar = web.page.locator("[data-testid=stSidebar]")
    assert sidebar.locator("[data-testid=stButtonGroup]").count() >= 1, "no language control in the sidebar"

    if MIN_CHARTS[page]:
        web.wait_charts(MIN_CHARTS[page])
    if page == "map":
        check_map_drawn(web)

    body = web.body_text()
    title = web.title()
    assert title, "page has no title (h1)"
    if lang == "th":
        assert THAI.search(body), "no Thai text on the Thai page"
        assert THAI.search(title), f"Thai page's title is not Thai: {title!r}"
    else:
        assert not THAI.search(title), f"English page's title has Thai: {title!r}"
        assert re.search(r"[A-Za-z]{3}", title), f"English page's title: {title!r}"
        assert not THAI.search(web.sidebar_text().replace("ภาษา", "").replace("ไทย", "")), (
            "English sidebar has Thai (apart from the language control)"
        )

    web.screenshot(f"{page}_{lang}")
    web.assert_clean()
