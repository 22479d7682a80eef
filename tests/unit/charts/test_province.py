"""Province profile (lib/views/province.py, lib/charts/province.py, pages/2_province.py).

Hand-made frames where the expected numbers can be checked on paper; the session database
(built from data/seed) for the page itself under AppTest."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from lib.charts import province as charts
from lib.charts.text import clip
from lib.charts.theme import is_demo_figure
from lib.core import scoring
from lib.core.vocab import STATUS_COLOURS
from lib.i18n import t
from lib.i18n.thai_text import TH_COMBINING, TH_LEADING, wrap
from lib.store import queries
from lib.views import province as view
from tests import frames
from tests.frames import PILOTS, SDG_COLOURS

THAI = re.compile(r"[\u0E00-\u0E7F]")


N_PROVINCES = 77  # the seed's provinces (data/seed/province.csv)


@pytest.fixture()
def goals() -> pd.DataFrame:
    return frames.goals_frame()


_goal_level = frames.province_goal_level


_indicators = frames.province_indicators


def test_goal_strip_figure_has_17_cells_coloured_by_status(goals):
    status = {g: ["green", "yellow", "orange", "red"][g % 4] for g in range(1, 17)}  # goal 17: no data
    scores = {g: float(g * 5) for g in range(1, 17)}
    strip = view.goal_strip(_goal_level("TH-58", scores, status), goals, "TH-58", "en")
    fig = charts.goal_strip(strip, lang="en", demo=False, title="t")
    cells = {}
    for tr in fig.data:
        if tr.meta["status"] is None:
            continue
        for x in tr.x:
            cells[int(x)] = (tr.meta["status"], tr.marker.color)
    assert sorted(cells) == list(range(1, 18))
    for g, (st, colour) in cells.items():
        expected = status.get(g, "grey")
        assert st == expected and colour == STATUS_COLOURS[expected]
    # the key under the cells carries the goals' official colours, in order
    key = next(tr for tr in fig.data if tr.meta["status"] is None)
    assert list(key.marker.color) == SDG_COLOURS


def test_goal_strip_figure_thai_hover_and_legend(goals):
    strip = view.goal_strip(_goal_level("TH-58", {1: 40.0}, {1: "red"}), goals, "TH-58", "th")
    fig = charts.goal_strip(strip, lang="th", demo=True, title="สถานะ ปี 2567")
    names = {tr.name for tr in fig.data if tr.meta["status"]}
    assert names == {t("status.red", "th"), t("status.grey", "th")}
    red = next(tr for tr in fig.data if tr.meta["status"] == "red")
    assert THAI.search(red.hovertemplate) and red.customdata[0][0] == "1. เป้าหมาย 1"


def test_demo_stamp_present_for_demo_absent_for_public(goals):
    strip = view.goal_strip(_goal_level("TH-58", {1: 40.0}), goals, "TH-58", "en")
    assert is_demo_figure(charts.goal_strip(strip, lang="en", demo=True, title="x"), "en")
    assert not is_demo_figure(charts.goal_strip(strip, lang="en", demo=False, title="x"), "en")
    s = view.series(
        pd.DataFrame({"province_code": ["TH-58"], "year": [2020], "value": [1.0]}),
        "TH-58",
        PILOTS,
        n_provinces=N_PROVINCES,
    )
    names = view.series_names("Mae Hong Son", "en")
    assert is_demo_figure(charts.series(s, names=names, unit="%", decimals=1, lang="th", demo=True, title="x"), "th")
    assert not is_demo_figure(
        charts.series(s, names=names, unit="%", decimals=1, lang="en", demo=False, title="x"), "en"
    )


def test_series_figure_thai_years_and_names():
    obs = pd.DataFrame(
        {"province_code": ["TH-58", "TH-58", "TH-10"], "year": [2023, 2024, 2024], "value": [4.0, 3.5, 2.0]}
    )
    s = view.series(
        obs, "TH-58", PILOTS, pd.DataFrame({"year": [2024], "value": [3.0]}), min_coverage=0, n_provinces=N_PROVINCES
    )
    names = view.series_names("แม่ฮ่องสอน", "th")
    fig = charts.series(s, names=names, unit="ร้อยละ", decimals=1, lang="th", demo=False, title="ความยากจน")
    by = {tr.meta["series"]: tr for tr in fig.data}
    assert set(by) == {"province", "pilot_avg", "national_avg", "published"}
    assert list(by["province"].x) == [2566, 2567]  # B.E.
    assert by["province"].name == "แม่ฮ่องสอน"
    assert by["published"].name == t("prov_series_published", "th") == "ตัวเลขระดับประเทศที่เผยแพร่"
    assert "แม่ฮ่องสอน" in by["province"].hovertemplate and by["province"].customdata[0][0] == "2566"
    en = charts.series(
        s, names=view.series_names("Mae Hong Son", "en"), unit="%", decimals=1, lang="en", demo=False, title="Poverty"
    )
    assert list(next(tr for tr in en.data if tr.meta["series"] == "province").x) == [2023, 2024]
    assert next(tr for tr in en.data if tr.meta["series"] == "published").name == "Published national figure"


def test_weakest_figure_groups_by_goal_and_colours_by_status(goals):
    inds = _indicators()
    level = pd.DataFrame(
        {
            "indicator_id": ["pov"],
            "province_code": "TH-58",
            "goal": [1],
            "year": [2023],
            "value": [25.0],
            "score": [16.7],
            "status": ["red"],
            "trend": ["↓"],
        }
    )
    strip = view.goal_strip(_goal_level("TH-58", {1: 16.7, 7: 30.0}), goals, "TH-58", "th")
    rows = view.goal_indicators(level, inds, "TH-58", [1, 7], "th")
    fig = charts.weakest(rows, goals=strip, lang="th", demo=False, title="x")
    by = {tr.meta["status"]: tr for tr in fig.data}
    assert by["red"].marker.color == STATUS_COLOURS["red"] and list(by["red"].x) == [16.7]
    assert list(by["grey"].text) == [t("status.grey", "th")]  # electricity: no data
    texts = [a.text for a in fig.layout.annotations]
    assert any("1. เป้าหมาย 1" in x for x in texts) and any("7. เป้าหมาย 7" in x for x in texts)
    assert "1.2.1 ความยากจน" in texts and by["red"].customdata[0][3] == "2566"


def test_thai_wrap_never_splits_a_cluster():
    text = "สัดส่วนของจุดตรวจวัดคุณภาพน้ำผิวดินที่มีคุณภาพน้ำอยู่ในเกณฑ์ดีถึงดีมาก"
    for width in range(5, 30):
        lines = wrap(text, width)
        assert "".join(lines) == text
        for line in lines:
            assert line[0] not in TH_COMBINING and line[-1] not in TH_LEADING
    assert wrap("a bb ccc", 4) == ["a bb", "ccc"]
    assert clip(text, 10).endswith("…") and clip("short", 10) == "short"


@pytest.mark.slow
def test_every_province_shapes_without_error_on_public_data(con):
    """The sparse public dataset: every one of the 77 provinces gets a 17-goal strip and tables."""
    inds, provs, goals = queries.indicators(con), queries.provinces(con), queries.goals(con)
    pilots = provs.query("is_pilot")["code"].tolist()
    years = queries.years(con, "public")
    sc = scoring.compute_all(queries.totals(con, "public"), inds, max(years), pilots)
    acts, obs = queries.activities(con), queries.observations(con, "public", totals_only=True)
    drawn = 0
    for code in provs["code"]:
        strip = view.goal_strip(sc.goal_level, goals, code, "th")
        assert len(strip) == 17
        view.headline(sc.index_level, code, pilots, len(inds))
        rows = view.goal_indicators(sc.indicator_level, inds, code, view.weakest_goals(strip)["goal"].tolist(), "th")
        if len(rows):
            drawn += len(charts.weakest(rows, goals=strip, lang="th", demo=False, title="x").data) > 0
        view.indicator_table(sc.indicator_level, obs, inds, code, "th")
        view.partner_table(acts, code, "th")
        view.findings_tables(queries.findings(con, code), code, "th")
    assert drawn > 0, "some province has weak goals to draw"


def test_thai_titles_break_between_words() -> None:
    title = "ร้อยละของครัวเรือนที่มีรายได้เฉลี่ยต่อคนต่อปีต่ำกว่าเกณฑ์ความจำเป็นพื้นฐาน (จปฐ.) ปี 2567"
    lines = wrap(title, 60)
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert lines[0].endswith("เกณฑ์") and lines[1].startswith("ความจำเป็น"), lines  # not inside a word
    assert all(len(x) <= 60 for x in lines)
    assert wrap("Share of households below the line, 2024", 20) == ["Share of households", "below the line, 2024"]
    dist = "ร้อยละของครัวเรือนที่มีรายได้เฉลี่ยต่ำกว่าเกณฑ์ (จปฐ.), ปี 2567: การกระจายของทุกจังหวัด"
    assert not any(
        x.startswith((":", ",", ")", ".")) or x.endswith("(")
        for x in (line for w in range(10, 80) for line in wrap(dist, w))
    )
