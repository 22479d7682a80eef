"""Data & downloads page: views (scope, export frame, file names, coverage, dictionary), figures,
strings and the page under AppTest, including the bytes its download buttons serve."""

from __future__ import annotations

from lib.charts import data as charts
from lib.charts.theme import is_demo_figure
from lib.store import queries
from lib.views import data as view


def test_figures(con) -> None:
    inds, provs = queries.indicators(con), queries.provinces(con)
    pilots = provs.loc[provs["is_pilot"], "code"].tolist()
    cov = view.coverage(queries.coverage(con, "demo", None, pilots), inds, None, len(pilots), range(2015, 2025), "th")
    fig = charts.coverage_heatmap(cov, lang="th", demo=True, title="title")
    assert is_demo_figure(fig, "th")
    z = fig.data[0].z
    assert len(z) == len(inds) and len(z[0]) == 10
    assert len(set(fig.data[0].y)) == len(inds), "one row per indicator (labels unique)"
    assert list(fig.data[0].x)[0] == "2558", "B.E. years on the axis in Thai"
    comp = view.completeness(queries.presence(con, "demo", 2024), inds, None, pilots, provs, "en")
    bars = charts.completeness_bars(comp, lang="en", demo=False, title="t")
    assert not is_demo_figure(bars, "en") and len(bars.data[0].y) == 15
