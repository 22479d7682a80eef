"""Partners page: views (filters, URL form, breakdowns), figures, strings and the page (AppTest)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lib.charts import partners as charts
from lib.charts.theme import is_demo_figure
from lib.store import queries
from lib.views import partners as view
from tests import frames
from tests.frames import PILOTS


@pytest.fixture()
def provinces() -> pd.DataFrame:
    return frames.partner_provinces()


@pytest.fixture()
def sectors() -> pd.DataFrame:
    return frames.sectors_frame()


@pytest.fixture()
def acts() -> pd.DataFrame:
    return frames.activities_frame()


def test_figures(acts: pd.DataFrame, provinces: pd.DataFrame, sectors: pd.DataFrame) -> None:
    sp = view.sector_partner(acts, "th")
    fig = charts.partner_bars(sp, lang="th", title="title")
    assert [tr.meta["sector"] for tr in fig.data] == ["government", "academia", "international"]
    assert fig.data[0].name == "ก (2)" and list(fig.data[0].x) == [2]
    assert fig.data[0].marker.color == view.SECTOR_COLOURS["government"]
    assert list(fig.layout.yaxis.categoryarray) == ["ยูเอ็นดีพี", "ม.ศิลปากร", "มท."], "first sector on top"
    assert not is_demo_figure(fig, "th"), "partner activities are real: never stamped as demo"
    long = sp.assign(partner_name=["x" * 80 + "a", "x" * 80 + "b", "short"])
    cut = charts.partner_bars(long, lang="en", title="t")
    assert len(set(cut.layout.yaxis.categoryarray)) == 3 and all(len(c) <= 47 for c in cut.layout.yaxis.categoryarray)
    mat = view.province_sector(acts, PILOTS, provinces, sectors, "en")
    hm = charts.province_sector_heatmap(mat, lang="en", title="title")
    assert np.asarray(hm.data[0].z).shape == (15, 7)
    goals = pd.DataFrame(
        {"goal": range(1, 18), "short_th": ["x"] * 17, "short_en": ["x"] * 17, "colour": ["#E5243B"] * 16 + ["#19486A"]}
    )
    bars = charts.goal_bars(view.goal_counts(acts, goals, "en"), lang="en", title="title")
    assert list(bars.data[0].marker.color)[-1] == "#19486A"
    assert fig.layout.title.text == "title"


def test_figures_from_database(con) -> None:
    acts = queries.activities(con)
    goals = queries.goals(con)
    gc = view.goal_counts(acts, goals, "en")
    fig = charts.goal_bars(gc, lang="en", title="t")
    assert list(fig.data[0].marker.color) == goals["colour"].tolist(), "official goal colours"
    sp = view.sector_partner(acts, "en")
    assert int(sp["n"].sum()) == len(acts)
    assert set(sp["sector"]) <= set(view.SECTOR_COLOURS)
