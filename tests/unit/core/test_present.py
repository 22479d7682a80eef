"""lib.core.present: the presentation-mode rules (URL flag, the deck and its step, stepping,
sizing a slide's figure)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lib.core import present
from lib.core.filters import Notice
from lib.core.paths import ROOT

# ----------------------------------------------------------------------------- URL parameter


@pytest.mark.parametrize(
    ("params", "on", "notices"),
    [
        ({}, False, []),
        ({"present": "1"}, True, []),
        ({"present": "0"}, False, []),
        ({"present": " 1 "}, True, []),
        ({"present": ["0", "1"]}, True, []),  # the last value wins, as for the filters
        ({"present": "yes"}, False, [Notice("present", "yes")]),
        ({"present": ""}, False, [Notice("present", "")]),
        ({"present": "x" * 100}, False, [Notice("present", "x" * 40)]),
    ],
)
def test_parse(params: dict, on: bool, notices: list) -> None:
    assert present.parse(params) == (on, notices)


def test_with_param_adds_and_removes() -> None:
    base = {"province": "TH-58", "lang": "th"}
    assert present.with_param(base, True) == {"province": "TH-58", "lang": "th", "present": "1"}
    assert present.with_param({**base, "present": "1"}, False) == base
    assert present.with_param({**base, "present": "junk"}, True)["present"] == "1"
    assert "present" not in base  # the input is not changed


# ----------------------------------------------------------------------------- the deck


def test_default_deck_is_known_charts_once_each() -> None:
    assert present.DECK and len(set(present.DECK)) == len(present.DECK)
    assert all(k in present.CHARTS for k in present.DECK)
    # the single charts are in it: status grid, map, partners, weak goals
    assert {"ov_grid", "map_chart", "part_partners", "prov_weak"} <= set(present.DECK)


def test_every_chart_key_is_drawn_by_its_page() -> None:
    """CHARTS names each key a page passes to chart(), and the page that passes it."""
    scripts = {
        "overview": "app.py",
        "map": "pages/1_map.py",
        "province": "pages/2_province.py",
        "goal": "pages/3_goal.py",
        "partners": "pages/4_partners.py",
        "progress": "pages/8_progress.py",
        "coverage": "pages/7_coverage.py",
    }
    for key, page in present.CHARTS.items():
        path = Path(ROOT, scripts[page])
        if not path.exists():
            continue
        assert re.search(rf'"{key}"', path.read_text(encoding="utf-8")), (key, page)


@pytest.mark.parametrize(
    ("params", "deck", "notices"),
    [
        ({}, present.DECK, []),
        ({"deck": "map_chart,ov_grid"}, ("map_chart", "ov_grid"), []),
        ({"deck": " map_chart , prov_weak "}, ("map_chart", "prov_weak"), []),
        ({"deck": ["ov_grid", "map_chart"]}, ("map_chart",), []),  # the last value wins
        ({"deck": "map_chart,nope"}, present.DECK, [Notice("deck", "map_chart,nope")]),
        ({"deck": "map_chart,map_chart"}, present.DECK, [Notice("deck", "map_chart,map_chart")]),
        ({"deck": ""}, present.DECK, [Notice("deck", "")]),
        ({"deck": "x" * 100}, present.DECK, [Notice("deck", "x" * 40)]),
    ],
)
def test_parse_deck(params: dict, deck: tuple, notices: list) -> None:
    assert present.parse_deck(params) == (deck, notices)


@pytest.mark.parametrize(
    ("raw", "index", "notices"),
    [
        (None, None, []),
        ("1", 0, []),
        (" 3 ", 2, []),
        ("4", 3, []),
        ("5", None, [Notice("step", "5")]),  # past the end of a 4-step deck
        ("0", None, [Notice("step", "0")]),
        ("-1", None, [Notice("step", "-1")]),
        ("2.0", None, [Notice("step", "2.0")]),
        ("٣", None, [Notice("step", "٣")]),  # a digit, but not an ASCII one
        ("two", None, [Notice("step", "two")]),
    ],
)
def test_parse_step(raw: str | None, index: int | None, notices: list) -> None:
    params = {} if raw is None else {"step": raw}
    assert present.parse_step(params, 4) == (index, notices)


def test_parse_slides_checks_the_step_against_its_deck() -> None:
    assert present.parse_slides({"deck": "map_chart,ov_grid", "step": "2"}) == (("map_chart", "ov_grid"), 1, [])
    deck, index, notices = present.parse_slides({"deck": "map_chart", "step": "2"})
    assert (deck, index, notices) == (("map_chart",), None, [Notice("step", "2")])
    deck, index, notices = present.parse_slides({"deck": "bad", "step": "2"})
    assert deck == present.DECK and index == 1 and notices == [Notice("deck", "bad")]


def test_slide_params_leave_the_default_deck_out() -> None:
    assert present.slide_params(present.DECK, 0) == {"step": "1", "deck": None}
    assert present.slide_params(("map_chart", "ov_grid"), 1) == {"step": "2", "deck": "map_chart,ov_grid"}
    assert present.slide_params(present.DECK, None) == {"step": None, "deck": None}
    # round trip: what the URL carries reopens the same step of the same deck
    deck = ("prov_weak", "map_chart", "ov_grid")
    url = {k: v for k, v in present.slide_params(deck, 2).items() if v}
    assert present.parse_slides(url) == (deck, 2, [])


# ----------------------------------------------------------------------------- stepping


@pytest.mark.parametrize(
    ("index", "delta", "expected"),
    [
        (0, 1, 1),
        (3, 1, 0),  # wraps after the last
        (0, -1, 3),  # wraps before the first
        (2, -1, 1),
        (1, 6, 3),
        (None, 1, 0),  # from a page outside the deck: forward is the first step
        (None, -1, 3),  # and backward the last
    ],
)
def test_move(index: int | None, delta: int, expected: int) -> None:
    assert present.move(index, delta, 4) == expected


def test_move_needs_steps() -> None:
    with pytest.raises(ValueError):
        present.move(0, 1, 0)


DECK = ("ov_ranking", "ov_grid", "map_chart", "prov_weak", "ov_goals")


@pytest.mark.parametrize(
    ("index", "page", "chosen", "expected"),
    [
        (1, "overview", False, (1, None)),  # the step is on this page
        (1, "overview", True, (1, None)),
        (2, "overview", True, (2, "map")),  # just chosen, on another page: open that page
        (2, "overview", False, (0, None)),  # this page opened on its own: its first step
        (None, "province", False, (3, None)),
        (None, "data", False, (None, None)),  # not in the deck: the page whole
        (3, "data", False, (None, None)),
        (3, "data", True, (3, "province")),
        (9, "overview", True, (0, None)),  # out of range (another deck): the page's first step
    ],
)
def test_resolve(index: int | None, page: str, chosen: bool, expected: tuple) -> None:
    assert present.resolve(DECK, index, page, chosen) == expected


def test_first_on_and_page_of() -> None:
    assert present.first_on(DECK, "overview") == 0 and present.first_on(DECK, "map") == 2
    assert present.first_on(DECK, "goal") is None
    assert present.page_of("prov_weak") == "province"


# ----------------------------------------------------------------------------- sizing


def test_enlarge_spec_scales_fonts_and_height() -> None:
    spec = {"layout": {"height": 400, "font": {"size": 10}, "title": {"font": {"size": 20}}}, "data": []}
    out = present.enlarge_spec(spec)
    assert out["layout"]["height"] == 500 and out["layout"]["font"]["size"] == 13.0
    assert out["layout"]["title"]["font"]["size"] == 26.0
    assert spec["layout"]["height"] == 400  # the input is not changed
    assert present.enlarge_spec({"data": []})["layout"] == {"font": {"size": 15.6}, "height": 562}


def test_slide_spec_drops_the_fixed_size() -> None:
    spec = {"layout": {"height": 400, "width": 900, "font": {"size": 10}}, "data": [{"textfont": {"size": 10}}]}
    out = present.slide_spec(spec)
    assert "height" not in out["layout"] and "width" not in out["layout"]
    assert out["layout"]["font"]["size"] == pytest.approx(10 * present.SLIDE_FONT_SCALE, abs=0.05)
    assert out["data"][0]["textfont"]["size"] == pytest.approx(10 * present.SLIDE_FONT_SCALE, abs=0.05)
    assert spec["layout"]["height"] == 400


@pytest.mark.parametrize(
    ("height", "scale"),
    [
        (None, present.SLIDE_FONT_SCALE),  # plotly's 450: fits
        (present.SLIDE_FIT_HEIGHT, present.SLIDE_FONT_SCALE),
        (present.SLIDE_FIT_HEIGHT * 2, present.SLIDE_FONT_SCALE / 2),  # squeezed to half: half the size
    ],
)
def test_slide_font_scale(height: float | None, scale: float) -> None:
    assert present.slide_font_scale(height) == pytest.approx(scale, abs=0.001)


# ----------------------------------------------------------------------------- the keys


def test_keys_script_is_constant_and_survives_the_sanitiser() -> None:
    js = present.KEYS_SCRIPT
    # what a clicker sends, and the buttons it clicks
    for key in ("ArrowRight", "ArrowDown", "PageDown", '" "', "ArrowLeft", "ArrowUp", "PageUp"):
        assert key in js
    assert ".st-key-present_" in js and "present_bar" in js
    # DOMPurify (st.html) removes an element whose text looks like markup; no data in it
    assert "<" not in js
    assert js.isascii() and "\r" not in js
