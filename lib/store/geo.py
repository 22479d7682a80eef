"""The province geometry (geo/provinces.geojson), read once per process.

Views do no I/O: the map page gets the shapes through lib.app.data.geojson and hands them to
lib.charts.map.choropleth."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from lib.core.paths import GEOJSON_PATH


@lru_cache(maxsize=1)
def geojson(path: Path = GEOJSON_PATH) -> dict[str, Any]:
    """The 77 province shapes with only ``properties.code`` kept (names come from the
    database; dropping them keeps the figure small). Cached: read once per process.
    Treat the result as read-only: it is shared by every figure."""
    with open(path, encoding="utf-8") as fh:
        src = json.load(fh)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"code": f["properties"]["code"]}, "geometry": f["geometry"]}
            for f in src["features"]
        ],
    }
