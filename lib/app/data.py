"""Cached data access: one read connection per database file, query results and scores cached
per file (a build or import swaps the file, so its signature changes and the caches miss), and
built figures shared across sessions."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from typing import Any, cast

import duckdb
import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from lib.charts.theme import stamp_own_line
from lib.core import scoring
from lib.core.catalogue import Catalogue
from lib.store import catalogue as store_catalogue
from lib.store import geo, queries
from lib.store.db import connect_read_only, cursor, signature

Signature = tuple[int, int, int]
_STORE = "lib.store."


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(sig: Signature) -> duckdb.DuckDBPyConnection:
    return connect_read_only()


def _cursor() -> duckdb.DuckDBPyConnection:
    return cursor(_connection(signature()))


@st.cache_data(max_entries=512, show_spinner=False)
def _cached_query(sig: Signature, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    module, _, attr = name.rpartition(".")
    return getattr(importlib.import_module(module), attr)(cursor(_connection(sig)), *args, **dict(kwargs))


def query(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a read function of a lib.store module (``fn(cursor, *args, **kwargs)``) through the
    cache, keyed by its module and name. Results are shared: don't mutate them."""
    if not fn.__module__.startswith(_STORE) or "." in fn.__qualname__:
        raise ValueError(f"query() takes a module-level function of lib.store, not {fn.__module__}.{fn.__qualname__}")
    return _cached_query(signature(), f"{fn.__module__}.{fn.__name__}", tuple(args), tuple(sorted(kwargs.items())))


def fetch(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a lib.store.queries function now, uncached: for one-off large results (a download
    made when its button is clicked) that should not sit in the shared cache."""
    return fn(_cursor(), *args, **kwargs)


def catalogue() -> Catalogue:
    """The catalogue of the current file, from cached queries."""
    return _cached_catalogue(signature())


@st.cache_resource(max_entries=2, show_spinner=False)
def _cached_catalogue(sig: Signature) -> Catalogue:
    return Catalogue(query(queries.provinces), query(queries.goals), query(queries.indicators), query(queries.datasets))


@st.cache_data(max_entries=32, show_spinner=False)
def _cached_scores(sig: Signature, dataset: str, year: int) -> scoring.Scores:
    return store_catalogue.scores(cursor(_connection(sig)), dataset, year, _cached_catalogue(sig))


def scores(dataset: str, year: int) -> scoring.Scores:
    return _cached_scores(signature(), dataset, year)


_SHARED = "_sdg_shared"  # set on figures figure() built: shared, never mutated
_PLAIN = "_sdg_plain"  # their plain dict, made once (plain())


@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _cached_figure(
    _builder: Callable[..., go.Figure],
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    _fixed: tuple[tuple[str, Any], ...] = (),
) -> go.Figure:
    fig = _builder(*args, **dict(kwargs), **dict(_fixed))
    _make_plain(fig)  # now, while no other session can see the figure
    setattr(fig, _SHARED, True)
    return fig


def figure(
    builder: Callable[..., go.Figure], *args: Any, fixed: Mapping[str, Any] | None = None, **kwargs: Any
) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input (frames hashed by content) and
    shared by all sessions: building a plotly figure validates every property (most of a warm
    page run). The result is shared: never mutate it (chart() and presentation mode copy).

    ``fixed``: keyword arguments that are the same for the whole process (the province
    geometry), passed on but left out of the key (hashing them would cost every run)."""
    fixed_items = tuple(sorted((fixed or {}).items()))
    name = f"{builder.__module__}.{builder.__qualname__}"
    return _cached_figure(builder, name, args, tuple(sorted(kwargs.items())), fixed_items)


def is_shared(fig: go.Figure) -> bool:
    """True for a figure figure() built (shared by sessions, never mutated)."""
    return bool(getattr(fig, _SHARED, False))


def plain(fig: go.Figure) -> dict[str, Any]:
    """The figure as the plain JSON dict st.plotly_chart sends (``pio.to_json(fig)`` parsed):
    for a figure from figure() the one made when it was built (shared, read-only); for any
    other, made now."""
    spec: dict[str, Any] | None = getattr(fig, _PLAIN, None)
    return spec if spec is not None else _plain_dict(fig)


def _plain_dict(fig: go.Figure) -> dict[str, Any]:
    # the demo stamp gets its own line once the layout is final (lib.charts.theme)
    return stamp_own_line(cast(dict[str, Any], json.loads(pio.to_json(fig, validate=False))))


def _make_plain(fig: go.Figure) -> None:
    """Keep the plain dict on a figure no other session sees yet. A choropleth's geometry
    (the process-wide geojson, read-only) is left out while the rest is serialised and parsed,
    then put in as the same object: the same JSON without copying, cleaning and parsing the
    shapes once more per map (~25 ms), nor keeping a copy of them per cached map."""
    geos = {i: tr.geojson for i, tr in enumerate(fig.data) if tr.type == "choropleth" and tr.geojson is not None}
    for i in geos:
        fig.data[i].geojson = None
    try:
        spec = _plain_dict(fig)
    finally:
        for i, geo in geos.items():
            fig.data[i].geojson = geo
    for i, geo in geos.items():
        spec["data"][i]["geojson"] = geo
    setattr(fig, _PLAIN, spec)


@st.cache_resource(show_spinner=False)
def geojson() -> dict[str, Any]:
    """The province shapes (lib.store.geo.geojson), read once per server. Shared: read-only."""
    return geo.geojson()
