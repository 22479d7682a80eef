"""Checks on geo/provinces.geojson and the province seed files (made by geo/make_geo.py)."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from lib.core.paths import GEOJSON_PATH, ROOT
from lib.store.geo import geojson
from tests.frames import PILOTS

GEOJSON = GEOJSON_PATH
SEED = ROOT / "data" / "seed"

DESIGN_PILOTS = set(PILOTS)  # DESIGN.md, "The 15 pilot provinces"


def _csv(name: str) -> list[dict[str, str]]:
    with open(SEED / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(GEOJSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def features(collection: dict) -> dict[str, dict]:
    return {f["id"]: f for f in collection["features"]}


@pytest.fixture(scope="module")
def geoms(features: dict[str, dict]) -> dict[str, shapely.Geometry]:
    return {code: shape(f["geometry"]) for code, f in features.items()}


@pytest.fixture(scope="module")
def provinces() -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in _csv("province.csv")}


def test_77_features(collection: dict, features: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 77
    assert len(features) == 77  # ids unique
    for code, f in features.items():
        assert f["properties"]["code"] == code
        assert f["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_codes_match_province_seed(features: dict, provinces: dict) -> None:
    assert set(features) == set(provinces)
    assert all(re.fullmatch(r"TH-[0-9]{2}", c) for c in provinces)
    assert "TH-38" in provinces


def test_province_seed_sorted_and_complete(provinces: dict) -> None:
    rows = _csv("province.csv")
    assert list(rows[0]) == ["code", "name_th", "name_en", "region", "is_pilot"]
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes) and len(codes) == 77
    assert {r["is_pilot"] for r in rows} <= {"true", "false"}
    assert all(r["name_th"] and r["name_en"] for r in rows)


def test_names_identical_to_seed(features: dict, provinces: dict) -> None:
    for code, f in features.items():
        assert f["properties"]["name_th"] == provinces[code]["name_th"], code
        assert f["properties"]["name_en"] == provinces[code]["name_en"], code


def test_known_thai_names(provinces: dict) -> None:
    # Natural Earth gets these two wrong; geothai has them right.
    assert provinces["TH-10"]["name_th"] == "กรุงเทพมหานคร"
    assert provinces["TH-38"]["name_th"] == "บึงกาฬ"
    assert provinces["TH-36"]["name_th"] == "ชัยภูมิ"
    assert provinces["TH-10"]["name_en"] == "Bangkok"
    assert provinces["TH-50"]["name_en"] == "Chiang Mai"
    assert provinces["TH-38"]["name_en"] == "Bueng Kan"


def test_exactly_15_pilots(provinces: dict) -> None:
    pilots = {c for c, r in provinces.items() if r["is_pilot"] == "true"}
    assert len(pilots) == 15
    assert pilots == DESIGN_PILOTS


def test_pilots_match_design_md() -> None:
    design = ROOT.parent / "shared" / "DESIGN.md"
    if not design.exists():
        pytest.skip("DESIGN.md not next to the repository")
    text = design.read_text(encoding="utf-8")
    section = text.split("The 15 pilot provinces", 1)[1].split("Maps show", 1)[0]
    assert set(re.findall(r"TH-[0-9]{2}", section)) == DESIGN_PILOTS


def test_regions(provinces: dict) -> None:
    regions = _csv("region.csv")
    assert [r["region"] for r in regions] == ["north", "northeast", "central", "east", "west", "south"]
    assert [int(r["sort"]) for r in regions] == [1, 2, 3, 4, 5, 6]
    counts = {r["region"]: 0 for r in regions}
    for p in provinces.values():
        counts[p["region"]] += 1  # KeyError if a province names an unknown region
    assert counts == {"north": 9, "northeast": 20, "central": 22, "east": 7, "west": 5, "south": 14}
    assert provinces["TH-10"]["region"] == "central"
    assert provinces["TH-26"]["region"] == "central"  # Nakhon Nayok; Natural Earth says east
    assert provinces["TH-63"]["region"] == "west"


def test_geometries_valid(geoms: dict) -> None:
    arr = np.array(list(geoms.values()))
    assert shapely.is_valid(arr).all()
    assert not shapely.is_empty(arr).any()
    assert shapely.coverage_is_valid(arr)  # no overlaps between provinces


def test_file_under_150_kb() -> None:
    assert GEOJSON.stat().st_size < 150_000


def test_exterior_rings_clockwise(geoms: dict) -> None:
    for code, g in geoms.items():
        for poly in getattr(g, "geoms", [g]):
            assert not poly.exterior.is_ccw, code
            for hole in poly.interiors:
                assert hole.is_ccw, code


def test_inside_thailand(geoms: dict) -> None:
    minx, miny, maxx, maxy = shapely.total_bounds(np.array(list(geoms.values())))
    assert 97.0 < minx < 98.0 and 5.5 < miny < 6.0
    assert 105.0 < maxx < 106.0 and 20.0 < maxy < 20.6


@pytest.mark.parametrize(
    ("a", "b"),
    [("TH-50", "TH-51"), ("TH-10", "TH-12"), ("TH-38", "TH-43"), ("TH-94", "TH-95")],
)
def test_shared_borders_shared(geoms: dict, a: str, b: str) -> None:
    shared = geoms[a].intersection(geoms[b])
    assert shared.length > 0.05  # degrees of common line, not a point or a gap
    assert shared.area == 0


def test_no_gaps_inland(geoms: dict) -> None:
    # The union of all provinces has no holes: simplification opened no gaps.
    union = shapely.union_all(np.array(list(geoms.values())))
    for poly in getattr(union, "geoms", [union]):
        assert len(poly.interiors) == 0


def test_aliases(provinces: dict) -> None:
    rows = _csv("province_alias.csv")
    assert list(rows[0]) == ["alias", "code"]
    official = {n.casefold() for p in provinces.values() for n in (p["name_th"], p["name_en"])}
    seen: dict[str, str] = {}
    for r in rows:
        alias, code = r["alias"], r["code"]
        assert code in provinces, r
        assert alias == alias.strip() and alias, r
        assert alias.casefold() not in official, r
        assert not alias.startswith(("จ.", "จังหวัด")), r  # the importer strips these
        assert seen.setdefault(alias.casefold(), code) == code, r
    # an alias squeezed of spaces, hyphens and dots still points at one province only
    squeeze = lambda s: re.sub(r"[\s\-.ฯ]", "", s).casefold()  # noqa: E731
    target: dict[str, str] = {}
    for p in provinces.values():
        for n in (p["name_th"], p["name_en"]):
            target[squeeze(n)] = p["code"]
    for r in rows:
        assert target.setdefault(squeeze(r["alias"]), r["code"]) == r["code"], r
    for must in ["กรุงเทพฯ", "กทม.", "Korat", "Chonburi", "Bung Kan", "Nakhon Sri Thammarat"]:
        assert must.casefold() in seen


def test_geojson_keeps_77_codes_only_and_is_read_once(collection: dict) -> None:
    g = geojson()
    assert len(g["features"]) == 77
    assert all(set(f["properties"]) == {"code"} for f in g["features"])
    assert {f["properties"]["code"] for f in g["features"]} == {f["properties"]["code"] for f in collection["features"]}
    assert geojson() is g
