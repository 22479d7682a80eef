"""lib.core.catalogue on hand-made frames (pure), and on the built database (lib.store.catalogue)."""

from __future__ import annotations

import pandas as pd
import pytest

from lib.core.catalogue import DEFAULT_GOAL, DEFAULT_PROVINCE, Catalogue, default_dataset, name_col, pilot_codes

PROVINCES = pd.DataFrame(
    {
        "code": ["TH-10", "TH-50", "TH-63"],
        "name_th": ["กรุงเทพมหานคร", "เชียงใหม่", "ตาก"],
        "name_en": ["Bangkok", "Chiang Mai", "Tak"],
        "region": ["central", "north", "west"],
        "is_pilot": [True, False, True],
    }
)
GOALS = pd.DataFrame(
    {"goal": [1, 3], "name_th": ["ขจัดความยากจน", "สุขภาพ"], "name_en": ["No poverty in all its forms", "Good health"],
     "short_th": ["ความยากจน", "สุขภาพ"], "short_en": ["No poverty", "Health"], "colour": ["#E5243B", "#4C9F38"]}
)  # fmt: skip
INDICATORS = pd.DataFrame(
    {
        "indicator_id": ["pov", "mmr", "poor2"],
        "goal": [1, 3, 1],
        "name_th": ["ความยากจน", "การตายมารดา", "ยากจน 2"],
        "name_en": ["Poverty", "Maternal mortality", "Poverty 2"],
        "unit": ["%", "per 100k", "%"],
        "unit_th": ["ร้อยละ", "ต่อแสน", "ร้อยละ"],
    }
)
DATASETS = pd.DataFrame({"dataset": ["ministry", "public", "demo"], "kind": ["ministry", "public", "demo"]})


@pytest.fixture()
def cat() -> Catalogue:
    return Catalogue(PROVINCES, GOALS, INDICATORS, DATASETS)


def test_defaults() -> None:
    assert DEFAULT_PROVINCE == "TH-10" and DEFAULT_GOAL == 1
    assert default_dataset(DATASETS) == "public"  # the real data whenever the database has it
    with pytest.raises(ValueError):
        default_dataset(DATASETS.iloc[0:0])


def _datasets(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["dataset", "kind"])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # public wins wherever it is listed: demo data is an explicit choice
        ((("demo", "demo"), ("public", "public")), "public"),
        ((("ministry", "ministry"), ("demo", "demo"), ("public", "public")), "public"),
        ((("public", "public"),), "public"),
        # the kind decides, not the id: a public dataset under another name
        ((("demo", "demo"), ("nso_2024", "public")), "nso_2024"),
        # two public datasets: the first listed
        ((("demo", "demo"), ("public_b", "public"), ("public_a", "public")), "public_b"),
        # no public dataset: the first listed, whatever its kind
        ((("ministry", "ministry"), ("demo", "demo")), "ministry"),
        ((("demo", "demo"), ("ministry", "ministry")), "demo"),
        ((("demo", "demo"),), "demo"),
    ],
)
def test_default_dataset_prefers_public_then_falls_back(rows: tuple[tuple[str, str], ...], expected: str) -> None:
    assert default_dataset(_datasets(*rows)) == expected


def test_default_dataset_of_a_catalogue_without_public() -> None:
    cat = Catalogue(PROVINCES, GOALS, INDICATORS, DATASETS[DATASETS["kind"] != "public"].reset_index(drop=True))
    assert cat.default_dataset == "ministry" and not cat.is_demo(cat.default_dataset)
    only_demo = Catalogue(PROVINCES, GOALS, INDICATORS, _datasets(("demo", "demo")))
    assert only_demo.default_dataset == "demo" and only_demo.is_demo(only_demo.default_dataset)


def test_name_col() -> None:
    assert name_col("th") == "name_th" and name_col("en") == "name_en"


def test_provinces(cat: Catalogue) -> None:
    assert pilot_codes(PROVINCES) == ["TH-10", "TH-63"]
    assert cat.pilot_codes == ["TH-10", "TH-63"] and cat.n_pilots == 2 and cat.n_provinces == 3
    assert cat.scope_codes(True) == ["TH-10", "TH-63"]
    assert cat.scope_codes(False) == ["TH-10", "TH-50", "TH-63"]
    assert cat.is_pilot("TH-63") and not cat.is_pilot("TH-50")
    assert cat.province_name("TH-63", "en", mark_pilot=True) == "Tak ★"
    assert cat.province_name("TH-50", "th", mark_pilot=True) == "เชียงใหม่"
    assert cat.province_name("TH-99", "en") == "TH-99"  # unknown: the code
    assert cat.province_names("en", mark_pilot=True) == {"TH-10": "Bangkok ★", "TH-50": "Chiang Mai", "TH-63": "Tak ★"}
    # pilots first, then by name: Bangkok, Tak (pilots), Chiang Mai
    assert cat.provinces_pilots_first("en") == ["TH-10", "TH-63", "TH-50"]


def test_goals_and_indicators(cat: Catalogue) -> None:
    assert cat.goal_ids == [1, 3]
    assert cat.goal_name(1, "en") == "1. No poverty"
    assert cat.goal_name(1, "en", short=False) == "No poverty in all its forms"
    assert cat.indicator_name("mmr", "th") == "การตายมารดา"
    assert cat.unit("mmr", "en") == "per 100k" and cat.unit("mmr", "th") == "ต่อแสน"
    assert cat.goal_of == {"pov": 1, "mmr": 3, "poor2": 1}
    assert cat.indicators_of(1) == ("pov", "poor2") and cat.indicators_of(17) == ()


def test_datasets(cat: Catalogue) -> None:
    assert cat.dataset_ids == ["ministry", "public", "demo"]
    assert cat.default_dataset == "public" and not cat.is_demo(cat.default_dataset)
    assert cat.kind("public") == "public"
    assert cat.is_demo("demo") and not cat.is_demo("public")
    assert cat.dataset_row("public")["kind"] == "public"


def test_catalogue_of_the_built_database(con) -> None:
    from lib.store.catalogue import load

    cat = load(con)
    assert cat.n_provinces == 77 and cat.n_pilots == 15
    assert cat.goal_ids == list(range(1, 18))
    assert DEFAULT_PROVINCE in cat.province_codes
    # the real data open the app; demo stays in the catalogue as an explicit choice
    assert cat.default_dataset == "public" and cat.kind(cat.default_dataset) == "public"
    assert "demo" in cat.dataset_ids and cat.is_demo("demo")
    public = cat.dataset_row("public")
    assert public["n_obs"] > 0 and public["n_indicators"] > 0 and public["n_provinces"] == cat.n_provinces
    assert set(cat.goal_of) == set(cat.indicators["indicator_id"])
