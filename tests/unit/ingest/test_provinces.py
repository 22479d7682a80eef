"""lib.ingest.provinces: province names as ministries write them."""

from __future__ import annotations

import pytest

from lib.ingest.provinces import Match, ProvinceMatcher, from_seed, key


@pytest.fixture(scope="module")
def m() -> ProvinceMatcher:
    return from_seed()


@pytest.mark.parametrize(
    "text, code",
    [
        ("กรุงเทพมหานคร", "TH-10"),
        ("กรุงเทพฯ", "TH-10"),
        ("กทม.", "TH-10"),
        ("กทม", "TH-10"),
        ("Bangkok", "TH-10"),
        ("Krung Thep Maha Nakhon", "TH-10"),
        ("BANGKOK", "TH-10"),
        ("เชียงใหม่", "TH-50"),
        ("จ.เชียงใหม่", "TH-50"),
        ("จ. เชียงใหม่", "TH-50"),
        ("จังหวัดเชียงใหม่", "TH-50"),
        ("เชียงใหม่ จังหวัด", "TH-50"),
        (" เชียงใหม่\u00a0", "TH-50"),
        ("เชียง\u200bใหม่", "TH-50"),
        ("\ufeffเชียงใหม่", "TH-50"),
        ("Chiang Mai Province", "TH-50"),
        ("Changwat Chiang Mai", "TH-50"),
        ("chiang-mai", "TH-50"),
        ("Chiangmai", "TH-50"),
        ("Chiang  Mai", "TH-50"),
        ("Lop Buri", "TH-16"),
        ("Lopburi", "TH-16"),
        ("Phang Nga", "TH-82"),
        ("Phang-nga", "TH-82"),
        ("PHANGNGA", "TH-82"),
        ("Bueng Kan", "TH-38"),
        ("Bung Kan", "TH-38"),
        ("บึงกาฬ", "TH-38"),
        ("TH-50", "TH-50"),
        ("th-50", "TH-50"),
        ("TH50", "TH-50"),
        ("กรุงเทพมหานคร 1/", "TH-10"),
        ("ภูเก็ต*", "TH-83"),
        ("Tak (2)", "TH-63"),
        ("จันทบุรี", "TH-22"),  # starts with จ but has no "จ." prefix
        ("นครศรีธรรมราช", "TH-80"),
        ("Nakhon Si Thammarat", "TH-80"),
    ],
)
def test_province_variants(m: ProvinceMatcher, text: str, code: str) -> None:
    assert m.match(text) == Match("province", code)


@pytest.mark.parametrize(
    "text",
    ["ทั่วราชอาณาจักร", "ทั้งประเทศ", "รวม", "รวมทั้งสิ้น", "Whole Kingdom", "Total", "Grand total", "ประเทศไทย", "Thailand"],
)
def test_totals(m: ProvinceMatcher, text: str) -> None:
    assert m.match(text).kind == "total"


@pytest.mark.parametrize(
    "text",
    [
        "ภาคเหนือ",
        "ภาคกลาง",
        "ภาคตะวันออกเฉียงเหนือ",
        "ภาคใต้",
        "Northeastern Region",
        "Northern Region",
        "Central",
        "Bangkok and Vicinities",
        "กรุงเทพมหานครและปริมณฑล",
        "ภาคกลาง (ไม่รวม กทม.)",
        "เขตสุขภาพที่ 1",
    ],
)
def test_regions(m: ProvinceMatcher, text: str) -> None:
    assert m.match(text).kind == "region"


@pytest.mark.parametrize("text", ["Chaing Mai", "TH-99", "", None, "อำเภอเมือง", "ที่มา: สศช."])
def test_unknown(m: ProvinceMatcher, text: object) -> None:
    assert m.match(text).kind == "unknown"


def test_all_77_names_match_themselves(m: ProvinceMatcher) -> None:
    import csv

    from lib.core.paths import SEED_DIR

    with open(SEED_DIR / "province.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 77
    for r in rows:
        assert m.code(r["name_th"]) == r["code"]
        assert m.code(r["name_en"]) == r["code"]
        assert m.code(f"จ.{r['name_th']}") == r["code"]


def test_key_rule() -> None:
    assert key("Phang-nga") == key("phang nga") == key("PHANG.NGA") == "phangnga"
    assert key("จ.ตาก") == key("จังหวัดตาก") == key("ตาก")


def test_conflicting_alias_is_refused() -> None:
    with pytest.raises(ValueError):
        ProvinceMatcher(
            [("TH-10", "กรุงเทพมหานคร", "Bangkok"), ("TH-50", "เชียงใหม่", "Chiang Mai")], [("Bangkok", "TH-50")]
        )
