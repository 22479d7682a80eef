"""lib.charts.text: titles, label cutting and widths shared by the page charts."""

from __future__ import annotations

from lib.charts.text import (
    PLOT_WIDTH_PX,
    break_lines,
    clip,
    label_slots,
    short_label,
    text_width_px,
    two_lines,
    visible_len,
)
from lib.i18n.thai_text import TH_COMBINING


def test_clip_and_short_label_keep_thai_marks() -> None:
    assert clip("short", 10) == "short" and short_label("short", 10) == "short"
    assert clip("abcdefghijkl", 6) == "abcde…" and short_label("abcdefghijkl", 6) == "abcde…"
    thai = "สำนักงานสถิติแห่งชาติ"  # a cut at 4 would fall before the mark of 'นั'
    for cut in (clip(thai, 5), short_label(thai, 5)):
        head = cut[:-1]
        assert cut.endswith("…") and thai.startswith(head)
        assert thai[len(head)] not in TH_COMBINING, "the cut never leaves a mark behind"


def test_break_lines_at_spaces_only() -> None:
    assert break_lines("International development partners", 12) == "International<br>development<br>partners"
    assert break_lines("Government", 4) == "Government"
    assert break_lines("", 5) == ""


def test_widths_ignore_thai_marks() -> None:
    assert visible_len("abc") == 3 and visible_len("กิ่ง") == 2  # ก ง take space, the marks do not
    assert text_width_px("abc", 10) == 18.0 and text_width_px("กิ่ง", 10) == 12.0
    assert PLOT_WIDTH_PX > 0


def test_two_lines() -> None:
    assert two_lines("No Poverty") == ["No Poverty"]
    assert two_lines("Sustainable Cities and Communities") == ["Sustainable Cities", "and Communities"]
    assert two_lines("การศึกษาที่มีคุณภาพและทั่วถึงสำหรับทุกคน") == ["การศึกษาที่มีคุณภาพและทั่วถึงสำหรับทุกคน"]


def test_label_slots() -> None:
    assert label_slots([1.0, 5.0, 9.0], [1.0] * 3, n_slots=4) == [0, 0, 0]
    assert label_slots([1.0, 1.1, 1.2], [1.0] * 3, n_slots=4) == [0, 1, 2]
    assert label_slots([1.0, 1.1], [1.0] * 2, n_slots=1) == [0, 0]  # every slot taken: the one freeing first
    assert label_slots([], [], n_slots=2) == []
