"""lib.app.widgets.plotly: a shared figure goes to st.plotly_chart as its plain dict, made once,
and Streamlit sends exactly the JSON it sends for the figure itself."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import plotly.tools
from streamlit.testing.v1 import AppTest

from lib.app import data
from lib.app.widgets import _Sent
from lib.charts.theme import enlarge, stamp_own_line
from lib.core import present


def _bars(df: pd.DataFrame, title: str) -> go.Figure:
    return go.Figure(
        go.Bar(x=df["x"], y=df["y"], customdata=list(zip(df["x"], df["y"])), marker={"color": ["#111", "#222"]}),
        layout={"title": {"text": title}, "annotations": [{"text": "ข้อมูลสาธิต", "x": 1, "y": np.float64(0.5)}]},
    )


def _shared() -> go.Figure:
    return data.figure(_bars, pd.DataFrame({"x": ["a", "b"], "y": [1.5, float("nan")]}), "ชื่อ")


def test_plain_is_made_once_and_streamlit_takes_it_as_is() -> None:
    fig = _shared()
    spec = data.plain(fig)
    assert data.plain(fig) is spec and data.is_shared(fig)
    # what st.plotly_chart does with what it is given (streamlit/elements/plotly_chart.py)
    given = plotly.tools.return_figure_from_figure_or_data(_Sent(spec), validate_figure=True)
    assert given is spec
    assert pio.to_json(given, validate=False) == pio.to_json(fig.to_dict(), validate=False)


def test_a_figure_built_per_run_is_not_kept() -> None:
    fig = _bars(pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]}), "t")
    assert not data.is_shared(fig)
    assert data.plain(fig) is not data.plain(fig)  # nothing is stored on a figure no one shares


def test_presentation_copy_is_the_same_as_enlarging_the_figure() -> None:
    fig = _shared()
    ours = pio.to_json(present.enlarge_spec(data.plain(fig)), validate=False)
    before = pio.to_json(enlarge(fig).to_dict(), validate=False)
    assert pio.from_json(ours).to_dict() == pio.from_json(before).to_dict()
    assert data.plain(fig)["layout"].get("height") is None  # the shared dict is left alone


# a script, so that its chart builder is a module-level function (figure() keys by name)
_PAGE = """
import pandas as pd
import plotly.graph_objects as go

from lib.app import data
from lib.app.widgets import plotly


def bars(df: pd.DataFrame) -> go.Figure:
    return go.Figure(go.Bar(x=df["x"], y=df["y"]))


df = pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]})
plotly(data.figure(bars, df), key="shared", config={"displaylogo": False})
plotly(bars(df), key="own")
"""


def test_streamlit_sends_the_same_spec_for_both() -> None:
    at = AppTest.from_string(_PAGE).run()
    assert not at.exception
    shared, own = (c.proto for c in at.get("plotly_chart"))
    assert shared.spec == own.spec and '"displaylogo": false' in shared.config


def test_a_shared_map_sends_the_same_json_and_keeps_the_one_geometry(demo_data) -> None:
    from lib.charts import map as map_charts
    from lib.store.geo import geojson
    from lib.views import map as map_view

    ind = demo_data["inds"].iloc[0]
    m = map_view.measure_info("indicator", ind, 1, "1. x", "th")
    vals = map_view.values("indicator", demo_data["sc"], ind["indicator_id"], 1, demo_data["year"])
    df = map_view.map_frame(vals, demo_data["provs"], True, m.higher_is_better, "th")
    geo = geojson()
    kw = {"measure": m, "lang": "th", "demo": True, "title": "t", "year": demo_data["year"]}
    fig = data.figure(map_charts.choropleth, df, fixed={"geo": geo}, **kw)
    spec = data.plain(fig)
    assert spec["data"][0]["geojson"] is geo and fig.data[0].geojson is geo
    own = map_charts.choropleth(df, geo=geo, **kw)
    # the same JSON as the figure's own, once the demo stamp has its line (lib.charts.theme)
    made = stamp_own_line(json.loads(pio.to_json(own, validate=False)))
    assert pio.to_json(spec, validate=False) == pio.to_json(made, validate=False)
    assert pio.to_json(fig, validate=False) == pio.to_json(own, validate=False)
