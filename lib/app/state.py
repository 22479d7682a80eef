"""The session's shared filters and their URL form. The rules that keep the filters consistent
are pure (lib.core.filters.apply_change); this module only reads and writes session state and
the query string."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from lib.app import data
from lib.core import filters as flt
from lib.core import present
from lib.core.catalogue import DEFAULT_PROVINCE, Catalogue
from lib.store import queries

_FILTERS = "filters"
_NOTICES = "filter_notices"
_PAGE_PARAMS = "page_params"
_PRESENT = "present_mode"  # presentation mode on/off (lib/core/present.py)


def _choices(cat: Catalogue, dataset: str) -> flt.Choices:
    return flt.Choices(
        provinces=cat.province_codes,
        default_province=DEFAULT_PROVINCE,
        indicators=cat.goal_of,
        years=data.query(queries.years, dataset) or [2024],
        datasets=cat.dataset_ids,
        default_dataset=cat.default_dataset,
        with_data=frozenset(data.query(queries.indicators_with_data, dataset)),
    )


def init(cat: Catalogue) -> None:
    """On a session's first run, the filters and presentation mode come from the URL."""
    if _FILTERS not in st.session_state:
        params = st.query_params.to_dict()
        asked = params.get("dataset")
        choices = _choices(cat, asked if asked in set(cat.dataset_ids) else cat.default_dataset)
        f, notices = flt.parse(params, choices)
        st.session_state[_FILTERS] = f
        st.session_state[_NOTICES] = notices
    if _PRESENT not in st.session_state:
        on, bad = present.parse(st.query_params.to_dict())
        st.session_state[_PRESENT] = on
        st.session_state[_NOTICES] = list(st.session_state.get(_NOTICES, [])) + bad
    f = filters()
    if f.dataset not in set(cat.dataset_ids):  # a dataset vanished after a rebuild
        st.session_state[_FILTERS] = replace(f, dataset=cat.default_dataset)


def filters() -> flt.Filters:
    value: flt.Filters = st.session_state[_FILTERS]
    return value


def set_filters(f: flt.Filters) -> None:
    st.session_state[_FILTERS] = f


def go_to_province(code: str) -> flt.Filters:
    """Select a province (a click on the map) and return the new filters."""
    f = replace(filters(), province=code)
    set_filters(f)
    return f


def take_notices() -> list[flt.Notice]:
    """Bad URL values of this session's first run: returned once, then cleared."""
    notices: list[flt.Notice] = list(st.session_state.get(_NOTICES, []))
    st.session_state[_NOTICES] = []
    return notices


def change(name: str, value: Any) -> None:
    """A widget set filter ``name``: apply it with the consistency rules."""
    f = filters()
    dataset = value if name == "dataset" else f.dataset
    cat = data.catalogue()
    set_filters(
        flt.apply_change(
            f,
            name,
            value,
            cat.goal_of,
            frozenset(data.query(queries.indicators_with_data, dataset)),
            data.query(queries.years, dataset),
        )
    )


def on_change(name: str, widget_key: str, convert: Callable[[Any], Any] = lambda v: v) -> Callable[[], None]:
    """The callback of the widget ``widget_key`` that sets filter ``name``."""

    def cb() -> None:
        value = st.session_state.get(widget_key)
        if value is not None:
            change(name, convert(value))

    return cb


# ---------- presentation mode flag


def presenting() -> bool:
    return bool(st.session_state.get(_PRESENT, False))


def set_presenting(on: bool) -> None:
    st.session_state[_PRESENT] = on


# ---------- URL


def sync_url(f: flt.Filters, on_present: bool) -> None:
    """Keep the URL in step with the filters (plus the page's own parameters and ``present``)."""
    wanted = f.to_params()
    keep = st.session_state.pop(_PAGE_PARAMS, ())  # declared by page_params() before frame()
    wanted |= {k: st.query_params[k] for k in keep if k in st.query_params and k not in wanted}
    wanted = present.with_param(wanted, on_present)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def page_params(names: Sequence[str]) -> dict[str, str]:
    """Declare a page's own URL parameters (e.g. ``sector`` on the partners page).

    Call before ``frame()``: returns the raw values present in the URL (the page validates
    them), and makes ``frame()``'s URL sync keep them next to the shared filters instead of
    dropping them. Write them back with :func:`set_page_params`.
    """
    st.session_state[_PAGE_PARAMS] = tuple(n for n in names if n not in flt.PARAMS)
    return {n: st.query_params[n] for n in names if n in st.query_params and n not in flt.PARAMS}


def set_page_params(values: Mapping[str, str | None]) -> None:
    """Put a page's own parameters into the URL (None or '' removes one); one update, none if unchanged."""
    current = st.query_params.to_dict()
    new = {k: v for k, v in current.items() if k not in values}
    new |= {k: str(v) for k, v in values.items() if v and k not in flt.PARAMS}
    if new != current:
        st.query_params.from_dict(new)
        draw_link()


# ---------------------------------------------------------------- the page's own address

_LINK = "copy_link_slot"  # session state: (the slot in the copy-link box, the page's url path)


def draw_link(slot: Any = None, path: str | None = None) -> None:
    """Write the address of the view as it now is (the URL after every update) into the
    copy-link box; frame() gives the box's slot and the page's path, set_page_params redraws."""
    if slot is not None:
        st.session_state[_LINK] = (slot, path or "/")
    slot, path = st.session_state.get(_LINK, (None, "/"))
    if slot is not None:
        slot.code(link_of(path, st.query_params.to_dict()), language=None, wrap_lines=True)


def link_of(path: str, params: Mapping[str, str]) -> str:
    """The full address of the page at `path` with `params`, on the host the visitor reached."""
    here = urlsplit(st.context.url or "")
    return urlunsplit((here.scheme or "http", here.netloc, path, urlencode(params), ""))
