"""lib.app.data.figure: built figures are shared while their inputs are the same, rebuilt when not."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib.app import data as ui

calls: list[int] = []


def _bars(df: pd.DataFrame, title: str) -> go.Figure:
    calls.append(1)
    return go.Figure(go.Bar(x=df["x"], y=df["y"]), layout={"title": {"text": title}})


def test_figure_is_built_once_per_distinct_input() -> None:
    ui._cached_figure.clear()
    calls.clear()
    df = pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]})
    first = ui.figure(_bars, df, "t")
    again = ui.figure(_bars, df.copy(), "t")  # an equal frame (another object) hits the cache
    assert again is first and len(calls) == 1
    changed = ui.figure(_bars, df.assign(y=[1.0, 3.0]), "t")  # new data, e.g. after a rebuild
    assert changed is not first and list(changed.data[0].y) == [1.0, 3.0] and len(calls) == 2
    other_title = ui.figure(_bars, df, "u")  # e.g. the other language
    assert other_title.layout.title.text == "u" and len(calls) == 3


def test_query_takes_only_module_level_store_functions() -> None:
    import pytest

    with pytest.raises(ValueError, match="lib.store"):
        ui.query(_bars)  # not a lib.store read: its results must not enter the shared cache by name
    with pytest.raises(ValueError, match="lib.store"):
        ui.query(lambda cur: 1)
