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


derived: list[int] = []


def _top(df: pd.DataFrame, n: int) -> pd.DataFrame:
    derived.append(1)
    return df.nlargest(n, "y")


def test_derive_computes_once_per_input_and_keys_its_result_by_provenance() -> None:
    ui._cached_derived.clear()
    derived.clear()
    df = pd.DataFrame({"x": ["a", "b", "c"], "y": [1.0, 3.0, 2.0]})
    top = ui.derive(_top, df, 2)
    assert ui.derive(_top, df.copy(), 2) is top and len(derived) == 1  # equal content: a hit
    assert list(ui.derive(_top, df, 1)["x"]) == ["b"] and len(derived) == 2
    # the shared result enters the next key by where it came from, not by its content
    key = ui._key(top)
    assert key[0] == ui._FROM and key[1][0].endswith("._top")
    assert ui._key(top.copy()) is not key and isinstance(ui._key(top.copy()), pd.DataFrame)
    # a frame's provenance ends with it: an object later at the same address is hashed as usual
    i = id(top)
    del top, key
    ui._cached_derived.clear()
    import gc

    gc.collect()
    assert i not in ui._KEYS


def test_derive_and_figure_refuse_functions_their_name_does_not_tell_apart() -> None:
    import pytest

    df = pd.DataFrame({"x": ["a"], "y": [1.0]})

    def nested(frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    # the shared caches key a function by module and name: two lambdas would share entries
    for fn in (lambda frame: frame, nested):
        with pytest.raises(ValueError, match="module-level"):
            ui.derive(fn, df)
        with pytest.raises(ValueError, match="module-level"):
            ui.figure(fn, df)


def test_a_shared_frame_changed_in_place_is_caught_in_check_mode(monkeypatch) -> None:
    import pytest

    monkeypatch.setattr(ui, "CHECK_SHARED", True)
    ui._cached_derived.clear()
    df = pd.DataFrame({"x": ["a", "b"], "y": [1.0, 2.0]})
    top = ui.derive(_top, df, 2)
    ui.derive(_top, df, 2)  # unchanged: handed out again without complaint
    top.loc[top.index[0], "y"] = 99.0  # what a careless page could do to every session's copy
    with pytest.raises(AssertionError, match="changed in place"):
        ui.derive(_top, df, 2)
    ui._cached_derived.clear()


def test_the_pinned_status_styler_marshals_as_streamlit_marshals_a_fresh_one(con) -> None:
    """lib.app.data.styler renders once and hands back pandas' render: the proto Streamlit makes
    of it is byte for byte the one it makes of a fresh Styler, on the real status grid."""
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    from lib.charts import overview as charts
    from lib.store import catalogue
    from lib.views import overview as view

    cat = catalogue.load(con)
    sc = catalogue.scores(con, "public", 2023, cat)
    for scope in (cat.pilot_codes, cat.province_codes):
        for lang in ("th", "en"):
            rank = view.ranking(sc.index_level, cat.provinces, scope, lang)
            cells = view.grid(sc.goal_level, cat.goals, rank, lang)
            fresh, pinned = ArrowData(), ArrowData()
            marshall_styler(fresh, charts.status_table(cells).set_uuid("ov_grid"), "other")
            sty = ui._pinned(charts.status_table(cells), "ov_grid")
            for _ in range(2):  # and again: nothing of the first marshalling stays in the object
                pinned.Clear()
                marshall_styler(pinned, sty, "other")
                assert pinned.SerializeToString() == fresh.SerializeToString()
            assert fresh.styler.styles.count("#T_ov_grid_row") == len(cells)  # every cell coloured


def test_query_results_are_shared_objects(db_path) -> None:
    from lib.store import queries

    first = ui.query(queries.goals)
    assert ui.query(queries.goals) is first  # one object for every session, not a copy per run
    assert ui._key(first)[0] == ui._FROM
