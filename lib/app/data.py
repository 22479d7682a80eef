"""Cached data access: one read connection per database file, query results and scores cached
per file (a build or import swaps the file, so its signature changes and the caches miss), and
built figures shared across sessions."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import duckdb
import plotly.graph_objects as go
import streamlit as st

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


@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _cached_figure(
    _builder: Callable[..., go.Figure], name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> go.Figure:
    return _builder(*args, **dict(kwargs))


def figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input (frames hashed by content) and
    shared by all sessions: building a plotly figure validates every property (most of a warm
    page run). The result is shared: never mutate it (chart() and presentation mode copy)."""
    return _cached_figure(builder, f"{builder.__module__}.{builder.__qualname__}", args, tuple(sorted(kwargs.items())))


@st.cache_resource(show_spinner=False)
def geojson() -> dict[str, Any]:
    """The province shapes (lib.store.geo.geojson), read once per server. Shared: read-only."""
    return geo.geojson()
