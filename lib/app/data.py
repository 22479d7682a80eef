"""Cached data access: one read connection per database file, query results and scores cached
per file (a build or import swaps the file, so its signature changes and the caches miss), and
built figures and derived frames shared across sessions.

Shared results are keyed by where they came from, not by their content, when that is known:
a frame of the catalogue or of a dataset's scores, or one derive() made, carries its provenance
(``_remember``), so a figure or frame built from it is found again without hashing the frame
(Streamlit hashes a frame by content: ~4-5 ms each, even for 77 rows). Any other argument is
hashed by Streamlit as usual."""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import pickle
import re
import threading
import weakref
from collections.abc import Callable, Hashable, Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

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

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

Signature = tuple[int, int, int]
_STORE = "lib.store."
T = TypeVar("T")

# ----------------------------------------------------------------------------- provenance keys

_FROM = "lib.app.data:from"  # marks a provenance key in a cache key (no page passes such a tuple)
_KEYS: dict[int, tuple[weakref.ref[Any], Hashable]] = {}
_KEYS_LOCK = threading.Lock()
# On in the page tier (tests/conftest.py; SDG_CHECK_SHARED=1 for a server): every shared frame is
# hashed again when it is handed out again, so a page that changes one in place (every other
# session would see it) fails its test.
CHECK_SHARED = os.environ.get("SDG_CHECK_SHARED") == "1"
_DIGESTS: dict[int, str] = {}


def _remember(obj: Any, key: Hashable) -> None:
    """Key a shared, read-only frame (or Series, or a dataclass of them) by its provenance for
    as long as it lives."""
    i = id(obj)

    def forget(ref: weakref.ref[Any]) -> None:
        with _KEYS_LOCK:
            if (entry := _KEYS.get(i)) is not None and entry[0] is ref:
                del _KEYS[i]
                _DIGESTS.pop(i, None)

    with _KEYS_LOCK:
        _KEYS[i] = (weakref.ref(obj, forget), key)
        _DIGESTS.pop(i, None)
        if CHECK_SHARED and _is_frame(obj):
            _DIGESTS[i] = _digest(obj)


def _is_frame(obj: Any) -> bool:
    import pandas as pd

    return isinstance(obj, (pd.DataFrame, pd.Series))


def _key(obj: Any) -> Any:
    """What an argument puts in a cache key: the provenance of a remembered frame (the very
    object, so exact), else the argument itself, for Streamlit to hash."""
    entry = _KEYS.get(id(obj))
    if entry is not None and entry[0]() is obj:
        if CHECK_SHARED and _is_frame(obj):
            _check_unchanged(obj)
        return (_FROM, entry[1])
    return obj


def _digest(obj: Any) -> str:
    # column by column, so pandas consolidating its blocks (a layout change) is no change
    import pandas as pd

    h = hashlib.sha256()
    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    for part in (
        frame.index,
        frame.columns,
        frame.dtypes.astype(str),
        *(frame.iloc[:, i] for i in range(frame.shape[1])),
    ):
        h.update(pickle.dumps(part.to_numpy(), protocol=5))
    return h.hexdigest()


def _check_unchanged(obj: Any) -> None:
    now = _digest(obj)
    if _DIGESTS.setdefault(id(obj), now) != now:
        raise AssertionError(f"a shared frame ({_KEYS[id(obj)][1]!r}) was changed in place: copy it first")


def _remember_frames(obj: Any, key: Hashable) -> None:
    """Remember a result that is a frame, or the frames of a tuple or dataclass result, under
    ``key`` (a dataclass also as a whole: Scores passed on as one argument)."""
    if _is_frame(obj):
        _remember(obj, key)
    elif isinstance(obj, tuple):
        for i, v in enumerate(obj):
            if _is_frame(v):
                _remember(v, (key, i))
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if _is_frame(v := getattr(obj, f.name)):
                _remember(v, (key, f.name))
        if hasattr(obj, "__weakref__"):
            _remember(obj, key)


def _call_key(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> tuple[tuple[Any, ...], tuple[tuple[str, Any], ...]]:
    return tuple(_key(a) for a in args), tuple(sorted((k, _key(v)) for k, v in kwargs.items()))


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(sig: Signature) -> duckdb.DuckDBPyConnection:
    return connect_read_only()


def _cursor() -> duckdb.DuckDBPyConnection:
    return cursor(_connection(signature()))


# cache_resource: a result is one object shared by every session (not a copy per run), so a
# frame keeps its provenance for derive() and figure()
@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_query(sig: Signature, name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]) -> Any:
    module, _, attr = name.rpartition(".")
    out = getattr(importlib.import_module(module), attr)(cursor(_connection(sig)), *args, **dict(kwargs))
    _remember_frames(out, (sig, name, args, kwargs))
    return out


def query(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a read function of a lib.store module (``fn(cursor, *args, **kwargs)``) through the
    cache, keyed by its module and name. Results are shared by all sessions: never change them
    in place."""
    if not fn.__module__.startswith(_STORE) or "." in fn.__qualname__:
        raise ValueError(f"query() takes a module-level function of lib.store, not {fn.__module__}.{fn.__qualname__}")
    out = _cached_query(signature(), f"{fn.__module__}.{fn.__name__}", tuple(args), tuple(sorted(kwargs.items())))
    if CHECK_SHARED:
        _key(out)
    return out


def fetch(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a lib.store.queries function now, uncached: for one-off large results (a download
    made when its button is clicked) that should not sit in the shared cache."""
    return fn(_cursor(), *args, **kwargs)


def catalogue() -> Catalogue:
    """The catalogue of the current file, from cached queries."""
    return _cached_catalogue(signature())


@st.cache_resource(max_entries=2, show_spinner=False)
def _cached_catalogue(sig: Signature) -> Catalogue:
    cat = Catalogue(query(queries.provinces), query(queries.goals), query(queries.indicators), query(queries.datasets))
    _remember_frames(cat, (sig, "catalogue"))
    return cat


# cache_resource: one Scores per dataset and year, shared by every session (read-only, as the
# catalogue), so its frames keep their provenance from run to run
@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_scores(sig: Signature, dataset: str, year: int) -> scoring.Scores:
    sc = store_catalogue.scores(cursor(_connection(sig)), dataset, year, _cached_catalogue(sig))
    _remember_frames(sc, (sig, "scores", dataset, year))
    return sc


def scores(dataset: str, year: int) -> scoring.Scores:
    """The dataset's scores as of ``year``. Shared by all sessions: never change its frames in
    place (derive from them)."""
    return _cached_scores(signature(), dataset, year)


def _name(fn: Callable[..., Any]) -> str:
    """A function's key in the shared caches, which do not hash the function itself: its
    module and name, so only a module-level function (two lambdas or nested functions of the
    same name would share entries)."""
    if "<" in fn.__qualname__ or "." in fn.__qualname__:
        raise ValueError(f"takes a module-level function, not {fn.__module__}.{fn.__qualname__}")
    return f"{fn.__module__}.{fn.__qualname__}"


@st.cache_resource(max_entries=1024, ttl=3600, show_spinner=False)
def _cached_derived(
    _fn: Callable[..., Any],
    name: str,
    key_args: tuple[Any, ...],
    key_kwargs: tuple[tuple[str, Any], ...],
    _args: tuple[Any, ...],
    _kwargs: Mapping[str, Any],
) -> Any:
    out = _fn(*_args, **_kwargs)
    _remember_frames(out, (name, key_args, key_kwargs))
    return out


def derive(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, computed once per distinct input and shared by all sessions: for
    the view functions (lib.views) that shape scores and the catalogue into what a page shows,
    which are the same for everyone asking the same year, scope and language. ``fn`` must be a
    pure function of its arguments. The result is shared: never change it in place; a frame it
    returns can itself be passed to derive() or figure() without being hashed again."""
    key_args, key_kwargs = _call_key(args, kwargs)
    out = _cached_derived(fn, _name(fn), key_args, key_kwargs, args, kwargs)
    if CHECK_SHARED:
        _key(out)  # re-hashes a remembered result: changed in place since it was made?
    return cast(T, out)


_SHARED = "_sdg_shared"  # set on figures figure() built: shared, never mutated
_PLAIN = "_sdg_plain"  # their plain dict, made once (plain())


@st.cache_resource(max_entries=128, ttl=3600, show_spinner=False)
def _cached_figure(
    _builder: Callable[..., go.Figure],
    name: str,
    key_args: tuple[Any, ...],
    key_kwargs: tuple[tuple[str, Any], ...],
    _args: tuple[Any, ...],
    _kwargs: Mapping[str, Any],
    _fixed: tuple[tuple[str, Any], ...] = (),
) -> go.Figure:
    fig = _builder(*_args, **_kwargs, **dict(_fixed))
    _make_plain(fig)  # now, while no other session can see the figure
    setattr(fig, _SHARED, True)
    return fig


def figure(
    builder: Callable[..., go.Figure], *args: Any, fixed: Mapping[str, Any] | None = None, **kwargs: Any
) -> go.Figure:
    """``builder(*args, **kwargs)``, built once per distinct input (frames keyed by provenance
    when known, else hashed by content) and
    shared by all sessions: building a plotly figure validates every property (most of a warm
    page run). The result is shared: never mutate it (chart() and presentation mode copy).

    ``fixed``: keyword arguments that are the same for the whole process (the province
    geometry), passed on but left out of the key (hashing them would cost every run)."""
    fixed_items = tuple(sorted((fixed or {}).items()))
    key_args, key_kwargs = _call_key(args, kwargs)
    return _cached_figure(builder, _name(builder), key_args, key_kwargs, args, kwargs, fixed_items)


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def _cached_styler(
    _builder: Callable[..., Styler],
    name: str,
    uuid: str,
    key_args: tuple[Any, ...],
    key_kwargs: tuple[tuple[str, Any], ...],
    _args: tuple[Any, ...],
    _kwargs: Mapping[str, Any],
) -> Styler:
    return _pinned(_builder(*_args, **_kwargs), uuid)


def styler(builder: Callable[..., Styler], *args: Any, uuid: str, **kwargs: Any) -> Styler:
    """``builder(*args, **kwargs)``, a pandas Styler for st.dataframe, built and rendered once per
    distinct input and shared by all sessions, like figure(). ``uuid``: the table's CSS id
    (one per page), which Streamlit would otherwise write into the shared object."""
    key_args, key_kwargs = _call_key(args, kwargs)
    return _cached_styler(builder, _name(builder), uuid, key_args, key_kwargs, args, kwargs)


def _pinned(sty: Styler, uuid: str) -> Styler:
    """The Styler rendered now, once, and read-only from then on.

    st.dataframe marshals a Styler by calling its ``_compute()`` and ``_translate()`` (pandas'
    render steps, which write into the Styler) and rewriting every cell whose displayed text is
    not the value's own (streamlit.elements.lib.pandas_styler_utils): 20-60 ms of every overview
    run for the status table, and unsafe on an object two sessions share. Here both steps run
    once; the object then hands back their result, and keeps only the cells whose text differs
    (none in the status table), which is what the rewrite would have produced anyway."""
    raw: Any = sty  # pandas' render steps are private: not in its type stubs
    raw.set_uuid(uuid)
    raw._compute()
    done = raw._translate(False, False)
    if "body" in done:
        shown = raw.data.astype(str)  # what Streamlit starts from before the rewrite
        done = dict(done)
        done["body"] = [[c for c in row if _differs(c, shown)] for row in done["body"]]
    raw._compute = lambda: sty
    raw._translate = lambda *_a, **_k: done
    return sty


_CELL_ID = re.compile(r"row(\d+)_col(\d+)")  # as Streamlit reads a cell's id


def _differs(cell: Mapping[str, Any], shown: Any) -> bool:
    """Whether a rendered body cell shows other text than its value as text."""
    m = _CELL_ID.match(str(cell.get("id") or ""))
    if m is None:
        return False  # Streamlit skips it too
    value = cell.get("display_value")
    return isinstance(value, Enum) or str(value) != shown.iat[int(m[1]), int(m[2])]


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
