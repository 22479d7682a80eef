"""lib.core.collate: Thai dictionary order (PyThaiNLP), Latin case-insensitive, by rank."""

from __future__ import annotations

from lib.core.collate import ranks, thai_sorted


def test_leading_vowels_file_under_their_consonant() -> None:
    names = ["แม่ฮ่องสอน", "ยะลา", "เชียงใหม่", "กรุงเทพมหานคร", "ขอนแก่น", "ปัตตานี"]
    assert sorted(names)[-2:] == ["เชียงใหม่", "แม่ฮ่องสอน"], "code-point order puts them last (the bug)"
    assert thai_sorted(names) == ["กรุงเทพมหานคร", "ขอนแก่น", "เชียงใหม่", "ปัตตานี", "แม่ฮ่องสอน", "ยะลา"]


def test_latin_is_case_insensitive_and_ties_keep_their_order() -> None:
    assert thai_sorted(["Zeta", "alpha", "Beta"]) == ["alpha", "Beta", "Zeta"]
    items = [("b", "UNDP"), ("a", "undp"), ("c", "ADB")]
    assert thai_sorted(items, key=lambda r: r[1]) == [("c", "ADB"), ("b", "UNDP"), ("a", "undp")]


def test_ranks_give_one_place_per_name() -> None:
    r = ranks(["ตาก", "เชียงใหม่", "ตาก"])
    assert r == {"เชียงใหม่": 0, "ตาก": 1}
