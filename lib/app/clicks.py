"""Click-through: a click on a chart point that names a province (a map area, a ranking bar, a
status-grid cell, a scatter point) opens that province's profile, with the goal of a grid cell;
a click on a goal of a province's goal strip opens the goal explorer at that goal.

``chart(..., on_select=to_province(ctx, key))`` (or ``to_goal``) keeps the click; the next
run's ``frame()`` calls :func:`follow`, which switches page before anything is drawn."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib.app import state
from lib.app.context import Ctx
from lib.views.common import clicked_code, clicked_goal

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
