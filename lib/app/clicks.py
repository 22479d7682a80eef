"""Click-through: a click on a chart point that names a province (a map area, a ranking bar, a
scatter point) opens that province's profile; a cell of the status table, the province at the
cell's goal; a goal of a province's goal strip, the goal explorer at that goal.

``chart(..., on_select=to_province(ctx, key))`` (or ``to_goal``, or ``cell_to_province`` for
the table) keeps the click; the next
run's ``frame()`` calls :func:`follow`, which switches page before anything is drawn."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib.app import state
from lib.app.context import Ctx
from lib.views.common import clicked_code, clicked_goal
from lib.views.overview import grid_cell

_PENDING = "click_goto"  # session state: (province code or None, goal or None) of the last click
PROVINCE_PAGE = "pages/2_province.py"
GOAL_PAGE = "pages/3_goal.py"


def to_province(ctx: Ctx, key: str) -> Callable[[], None]:
    """The on_select callback of the chart whose widget key is `key`."""
    codes, goals = ctx.cat.province_codes, ctx.cat.goal_ids

    def clicked() -> None:
        points = st.session_state[key].selection.points
        if code := clicked_code(points, codes):  # anything else in the event came from the page
            st.session_state[_PENDING] = (code, clicked_goal(points, codes, goals))

    return clicked


def cell_to_province(key: str, cells: pd.DataFrame) -> Callable[[], None]:
    """The on_select callback of the status table (st.dataframe, single-cell selection) whose
    widget key is `key`: the cell's province at the cell's goal."""

    def clicked() -> None:
        for row, column in st.session_state[key].selection.cells or ():
            if got := grid_cell(cells, row, column):
                st.session_state[_PENDING] = got
                return

    return clicked


def to_goal(ctx: Ctx, key: str) -> Callable[[], None]:
    """The on_select callback of a chart whose points are goals on the x axis (the goal strip)."""
    goals = ctx.cat.goal_ids

    def clicked() -> None:
        for p in st.session_state[key].selection.points or ():
            x = str(p.get("x", ""))
            if x.isdigit() and int(x) in goals:
                st.session_state[_PENDING] = (None, int(x))
                return

    return clicked


def follow() -> None:
    """Open the province (or goal) of a click kept by :func:`to_province` / :func:`to_goal`."""
    got = st.session_state.pop(_PENDING, None)
    if got is None:
        return
    code, goal = got
    if code is not None:
        state.go_to_province(code)
    if goal is not None:
        state.change("goal", goal)  # with its first indicator that has data (lib.core.filters)
    page = PROVINCE_PAGE if code is not None else GOAL_PAGE
    st.switch_page(page, query_params=state.filters().to_params())
