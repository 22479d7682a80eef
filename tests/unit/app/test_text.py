"""lib.app.text.inert: user data inside Markdown stays text (no link, image, HTML, autolink),
reads the same, is one short line without invisible characters."""

from __future__ import annotations

import pytest

from lib.app.text import LIMIT, inert, plain
from tests.page.markdown import active

HOSTILE = [
    "[Login here](http://evil.example/x)",
    "![x](http://evil.example/img.png)",
    "[a][r]\n\n[r]: http://evil.example/ref",
    "<http://evil.example/auto>",
    "http://evil.example/bare",
    "https://evil.example/bare",
    "www.evil.example",
    "admin@evil.example",
    "<img src=http://evil.example/i.png>",
    "<script>alert(1)</script>",
    "**bold** _it_ `code` ~~s~~",
    "# heading",
    "| a | b |\n|---|---|\n| c | d |",
    ":red[red] :material/home: $x^2$",
    "\\[escaped\\](http://evil.example/esc)",
    "[x](javascript:alert(1))",
    "[x]( http://evil.example/space )",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_nothing_survives_as_markdown(value: str) -> None:
    out = inert(value, limit=200)
    assert active(out) == [], out
    assert active(f"The link parameter “province={out}” is not valid.") == []


def test_the_samples_are_active_as_they_are() -> None:
    """The finding: as raw Markdown these make a link, an image the browser fetches, an autolink."""
    assert active(HOSTILE[0]) == ["link http://evil.example/x"]
    assert active(HOSTILE[1]) == ["image http://evil.example/img.png"]
    assert active(HOSTILE[4]) == ["autolink http://evil.example"]
    assert active(HOSTILE[6]) == ["autolink www.evil.example"]
    assert active(HOSTILE[7]) == ["autolink admin@evil.example"]


@pytest.mark.parametrize("value", HOSTILE)
def test_it_reads_the_same(value: str) -> None:
    """The escapes and zero-width spaces are not seen: the text shown is the value."""
    shown = inert(value, limit=200).replace("\\", "").replace("\u200b", "")
    assert shown == plain(value.replace("\\", ""), limit=200)


def test_thai_and_plain_values_are_kept() -> None:
    assert inert("เชียงใหม่") == "เชียงใหม่"
    assert inert("TH-58") == "TH\\-58"


def test_cut_to_one_short_line() -> None:
    assert inert("a" * 500).endswith("…") and len(inert("a" * 500)) == LIMIT
    assert "\n" not in inert("one\ntwo\r\nthree") and plain("one\ntwo") == "one two"


def test_invisible_characters_are_dropped() -> None:
    # bidi override, isolate, zero-width joiner, NUL, a private-use character
    assert plain("ab\u202ecd\u2066e\u200df\x00g\ue000h") == "abcdefgh"
