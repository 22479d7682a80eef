"""lib.core.disaggregation: the one vocabulary of breakdowns, its variants, and what it refuses."""

from __future__ import annotations

import pytest

from lib.core import disaggregation as d


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("", ""),
        ("SEX=F", "sex=F"),
        ("sex = F", "sex=F"),
        ("Sex=Female", "sex=F"),
        ("gender=women", "sex=F"),
        ("เพศ=หญิง", "sex=F"),
        ("หญิง", "sex=F"),
        ("ชาย", "sex=M"),
        ("male", "sex=M"),
        ("sex=M;area=urban", "area=urban;sex=M"),
        ("area = urban , sex = f", "area=urban;sex=F"),
        ("urbanisation=R", "area=rural"),
        ("area=นอกเขตเทศบาล", "area=rural"),
        ("age=15-24", "age=15-24"),
        ("AGE=15–24 ปี", "age=15-24"),
        ("age=15 to 24", "age=15-24"),
        ("age=Y15T24", "age=15-24"),
        ("age=65+", "age=65+"),
        ("age=๖๕+", "age=65+"),
        ("age=65 ปีขึ้นไป", "age=65+"),
        ("age=65 and over", "age=65+"),
        ("age=Y_GE65", "age=65+"),
        ("age=<5", "age=0-4"),
        ("age=Y_LT5", "age=0-4"),
        ("quintile=Q1", "quintile=Q1"),
        ("income_wealth_quantile=q5", "quintile=Q5"),
        ("price_basis=chain_2002", "price_basis=chain_2002"),
        ("price_basis=1988", "price_basis=1988"),
        ("sex=total", ""),
        ("sex=_T;age=15-24", "age=15-24"),
        ("รวม", ""),
        ("sex=F;", "sex=F"),
    ],
)
def test_variants_read_into_one_form(written: str, canonical: str) -> None:
    assert d.parse(written) == canonical
    assert d.is_canonical(canonical)


@pytest.mark.parametrize(
    "written",
    [
        "=1+1",
        "sex=X",
        "SEX=F;sex=M",
        "sex=F;sex=F",
        "foo=bar",
        "age=65",
        "age=24-15",
        "age=200+",
        "age=١٥-٢٤",
        "quintile=Q6",
        "price_basis=2002 prices",
        "sex",
        "F;M",
        "<script>",
    ],
)
def test_anything_else_is_refused(written: str) -> None:
    with pytest.raises(d.DisaggregationError):
        d.parse(written)


def test_pair_and_combine() -> None:
    assert d.pair("SEX", "F") == "sex=F"
    assert d.pair("URBANISATION", "_T") == ""
    with pytest.raises(d.DisaggregationError) as e:
        d.pair("EDUCATION_LEV", "ISCED11_1")
    assert e.value.value == "EDUCATION_LEV=ISCED11_1"
    assert d.combine(["sex=F", "", "area=urban;sex=F"]) == "area=urban;sex=F"
    with pytest.raises(d.DisaggregationError):
        d.combine(["sex=F", "sex=M"])
    assert d.pairs("age=15-24;sex=F") == [("age", "15-24"), ("sex", "F")]


def test_bare_words_are_the_report_table_words() -> None:
    assert d.word("หญิง") == "sex=F" and d.word(" Urban ") == "area=urban" and d.word("รวม") == ""
    assert d.word("T") is None and d.word("2566") is None  # a measure's letter is not a breakdown
    assert set(d.WORDS.values()) <= {"", "sex=M", "sex=F", "area=urban", "area=rural"}


def test_every_key_is_described() -> None:
    assert all(f"{k}=" in d.ACCEPTED for k in d.KEYS)
    assert set(d.KEY_SYNONYMS.values()) == set(d.KEYS)
