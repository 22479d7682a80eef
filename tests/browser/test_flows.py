"""What users do: follow a deep link, change a filter, click the map, download the CSV,
switch the language. Each in a fresh browser session with the network cut to localhost."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from lib.i18n import t

from .conftest import THAI, require_script
from .test_pages import check_map_drawn

pytestmark = pytest.mark.browser

# plotly keeps the figure on the chart's div: its traces' values tell whether it changed.
CHART_DATA = """() => [...document.querySelectorAll('.js-plotly-plot')].map(
    gd => JSON.stringify((gd.data || []).map(t => [t.z, t.x, t.y, t.locations])))"""


def sidebar_selectbox(web, label: str):
    """The sidebar selectbox whose label is exactly `label`."""
    boxes = web.page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]")
    box = boxes.filter(has=web.page.locator("[data-testid=stWidgetLabel]", has_text=label))
    assert box.count() == 1, f"{box.count()} sidebar selectboxes labelled {label!r}"
    return box


def choose(web, label: str, option: str) -> None:
    """Open the sidebar selectbox `label`, type to filter, click `option`; wait for the rerun."""
    box = sidebar_selectbox(web, label)
    box.locator("input").click()
    box.locator("input").fill(option)
    opt = web.page.get_by_role("option", name=option, exact=True)
    web.act(lambda: opt.first.click())


def test_deep_link_province_en(web) -> None:
    require_script("province")
    web.open("/province", province="TH-58", lang="en")
    web.wait_charts(1)
    assert web.path() == "/province"
    assert "Mae Hong Son" in web.title() or "Mae Hong Son" in web.body_text()
    # the sidebar's province filter took the link's value, and the URL kept it
    assert "Mae Hong Son" in sidebar_selectbox(web, "Province").locator("input").input_value()
    assert web.params().get("province") == "TH-58"
    assert web.params().get("lang") == "en"
    web.assert_clean()


def test_deep_link_province_th(web) -> None:
    require_script("province")
    web.open("/province", province="TH-58", lang="th")
    web.wait_charts(1)
    assert "แม่ฮ่องสอน" in web.body_text()
    web.assert_clean()


def test_bad_link_value_falls_back_with_notice(web) -> None:
    require_script("province")
    web.open("/province", province="TH-99", lang="en")
    assert "province=TH-99" in web.body_text()  # the notice names the bad parameter
    assert web.params().get("province") == "TH-10"  # the default, and the URL says so
    web.assert_clean()


def test_filter_changes_chart_and_url(web) -> None:
    require_script("map")
    web.open("/map", lang="en", year="2024")
    web.wait_charts(1)
    check_map_drawn(web)
    before = web.page.evaluate(CHART_DATA)
    year = web.params()["year"]
    new_year = "2018" if year != "2018" else "2019"
    choose(web, "Year", new_year)
    web.wait_charts(1)
    assert web.params().get("year") == new_year, web.page.url
    after = web.page.evaluate(CHART_DATA)
    assert after != before, "the map did not change with the year"
    check_map_drawn(web)
    web.assert_clean()


def _interior_point(web, code: str) -> dict:
    """A point inside the province's drawn shape (page coordinates), found by the path's
    own geometry: plotly binds each path to its calcdata point, whose `loc` is the code."""
    return web.page.evaluate(
        """(code) => {
          const paths = [...document.querySelectorAll('.js-plotly-plot g.trace.choropleth path.choroplethlocation')];
          const p = paths.find(el => el.__data__ && el.__data__.loc === code);
          if (!p) return null;
          const b = p.getBBox(), m = p.getScreenCTM();
          const pts = [];
          for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
            const x = b.x + b.width * i / 12, y = b.y + b.height * j / 12;
            if (p.isPointInFill(new DOMPoint(x, y))) pts.push([x, y]);
          }
          if (!pts.length) return null;
          // the interior point nearest the bbox centre
          const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
          pts.sort((a, c) => Math.hypot(a[0]-cx, a[1]-cy) - Math.hypot(c[0]-cx, c[1]-cy));
          const [x, y] = pts[0];
          return {x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f};
        }""",
        code,
    )


def test_map_click_opens_profile(web) -> None:
    require_script("map")
    require_script("province")
    web.open("/map", lang="en")
    web.wait_charts(1)
    check_map_drawn(web)
    code = "TH-50"  # Chiang Mai: large, so a click lands well inside it
    pt = _interior_point(web, code)
    assert pt, f"no drawn path for {code}"
    web.page.mouse.move(pt["x"], pt["y"])
    n = web.runs()
    web.page.mouse.click(pt["x"], pt["y"])
    web.page.wait_for_url("**/province?*", timeout=60_000)  # the profile's run has started
    web.wait_idle(n)  # ... and finished
    web.wait_charts(1)
    assert web.path() == "/province"
    assert web.params().get("province") == code, web.page.url
    assert "Chiang Mai" in web.body_text()
    web.assert_clean()


def _download(web, label: str) -> tuple[str, bytes]:
    """Click the download button labelled `label`; the file's suggested name and bytes."""
    button = web.page.get_by_role("button", name=label, exact=True)
    assert button.count() == 1, f"{button.count()} buttons named {label!r}"
    with web.page.expect_download() as dl:
        button.click()
    return dl.value.suggested_filename, Path(dl.value.path()).read_bytes()


@pytest.mark.parametrize("lang", ["th", "en"])
def test_csv_download(web, lang: str) -> None:
    require_script("data")
    web.open("/data", province="TH-58", scope="province", lang=lang)
    name, data = _download(web, t("data_dl_csv", lang))
    assert name.endswith(".csv"), name
    assert data.startswith(b"\xef\xbb\xbf"), "CSV has no UTF-8 byte-order mark (Excel would garble Thai)"
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows, "CSV has no rows"
    if lang == "th":
        assert THAI.search(text), "no Thai in the Thai CSV"
    # only the filtered province
    if "province_code" in rows[0]:
        assert {r["province_code"] for r in rows} == {"TH-58"}
    else:  # no code column: every row names Mae Hong Son, and no other province code
        names = {"TH-58", "แม่ฮ่องสอน", "Mae Hong Son"}
        for i, row in enumerate(rows):
            vals = set(row.values())
            assert vals & names, f"row {i + 2} is not Mae Hong Son: {json.dumps(row, ensure_ascii=False)[:300]}"
            assert not {v for v in vals if v.startswith("TH-") and v != "TH-58"}, f"row {i + 2}"
    if lang == "th":  # Thai names survived the round trip through the browser
        assert "แม่ฮ่องสอน" in text
    # the default dataset is the real one, ``public``: no row is marked demo, nor is the file
    assert name.startswith("sdg_public") and "DEMO" not in name, name
    if "is_demo" in rows[0]:
        assert {r["is_demo"] for r in rows} == {"False"}
    # a clerk's file: the language's headers, the year first (B.E. in Thai), analyst columns last
    heads = list(rows[0])
    assert heads[0] == (t("data_col_year_be", lang) if lang == "th" else t("col_year", lang)), heads
    technical = [h for h in heads if h.startswith(t("data_col_technical", lang))]
    assert technical and heads[-len(technical) :] == technical, heads
    if lang == "th":
        assert all(THAI.search(h) for h in heads[: -len(technical)]), heads
        ce = technical[[h.endswith(": year") for h in technical].index(True)]
        assert all(int(r[heads[0]]) == int(r[ce]) + 543 for r in rows)
    web.assert_clean()


def _click_first_point(web, key: str, trace: int, layer: str) -> list:
    """Click the first drawn point in plotly's `layer` of the chart with widget key `key`
    (the first point of trace `trace`); that point's customdata (what the click-through reads)."""
    chart = web.page.locator(f".st-key-{key} .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    data = chart.evaluate(f"gd => gd.data[{trace}].customdata[0]")
    point = chart.locator(f".{layer} .point").first
    box = point.bounding_box()
    assert box, f"no point drawn in {key}"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    web.page.mouse.move(x, y)
    n = web.runs()
    web.page.mouse.click(x, y)
    web.page.wait_for_url("**/province?*", timeout=60_000)
    web.wait_idle(n)
    return list(data)


def _click_grid_cell(web, row: int) -> str:
    """Click the status table's cell at `row` (0 = top) in its last column, goal 17 (lib.app.
    widgets.status_table: a canvas, 35 px rows under a 35 px header, no scroll bar for the
    pilots); the name in that row, read from the grid's accessible copy of its cells."""
    table = web.page.locator(".st-key-ov_grid [data-testid=stDataFrame]")
    table.scroll_into_view_if_needed()
    name = web.page.locator(f".st-key-ov_grid #glide-cell-0-{row}").text_content()
    box = table.bounding_box()
    assert box and name, "no status table drawn"
    x, y = box["x"] + box["width"] - 12, box["y"] + 35 * (row + 1) + 17  # columns are >= 40 px wide
    n = web.runs()
    web.page.mouse.click(x, y)
    web.page.wait_for_url("**/province?*", timeout=60_000)
    web.wait_idle(n)
    return name


@pytest.mark.parametrize("key", ["ov_ranking", "ov_grid"])
def test_ranking_bar_and_grid_cell_open_the_province(web, key: str) -> None:
    """As the map does: a bar of the home ranking opens its province; a cell of the status
    table opens its province at its goal."""
    require_script("overview")
    require_script("province")
    web.open("/", lang="en", dataset="demo")  # the real data are too thin for an index ranking
    web.wait_charts(2)
    if key == "ov_grid":
        name = _click_grid_cell(web, 2)
        web.wait_charts(1)
        assert web.path() == "/province" and web.params().get("goal") == "17", web.page.url
        assert web.title().startswith(name), (web.title(), name)
    else:
        got = _click_first_point(web, key, 0, "barlayer")
        web.wait_charts(1)
        assert web.path() == "/province"
        assert web.params().get("province") == got[0], web.page.url
    web.assert_clean()


def test_switch_language(web) -> None:
    require_script("overview")
    web.open("/", lang="th")
    assert THAI.search(web.title())
    control = web.page.locator("[data-testid=stSidebar] [data-testid=stButtonGroup]").first
    web.act(lambda: control.locator("button", has_text="English").click())
    title = web.title()
    assert title and not THAI.search(title), title
    assert web.params().get("lang") == "en", web.page.url
    assert "Overview" in web.sidebar_text()
    web.assert_clean()


def test_chart_table_is_drawn_when_opened(web) -> None:
    web.open("/", lang="en", dataset="demo")  # the ranking needs an SDG index, which demo data have
    web.wait_charts(1)
    box = web.page.locator(".st-key-ov_ranking_table")
    assert box.count() == 1
    assert box.locator("[data-testid=stDataFrame]").count() == 0, "closed: no table widget loaded yet"
    web.act(lambda: box.get_by_text(t("show_table", "en")).click())
    box.locator("[data-testid=stDataFrame]").wait_for(state="visible", timeout=30_000)
    web.assert_clean()


def test_copy_link_gives_this_view(web) -> None:
    """Every page's 'Copy link' holds the address of the view as shown: page, filters and page
    parameters; opening it gives the same view."""
    require_script("map")
    web.open("/map", province="TH-50", lang="en", measure="goal")
    web.wait_charts(1)
    web.page.get_by_role("button", name=t("copy_link", "en")).click()
    box = web.page.locator("[data-testid=stPopoverBody] code").first
    box.wait_for(timeout=30_000)
    link = box.inner_text().strip()
    got, want = urlsplit(link), urlsplit(web.page.url)
    assert (got.netloc, got.path) == (want.netloc, want.path), (link, web.page.url)
    assert parse_qs(got.query) == parse_qs(want.query), (link, web.page.url)
    assert parse_qs(got.query)["measure"] == ["goal"] and parse_qs(got.query)["province"] == ["TH-50"]
    web.assert_clean()
