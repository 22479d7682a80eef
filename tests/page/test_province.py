"""Province profile (lib/views/province.py, lib/charts/province.py, pages/2_province.py).

Hand-made frames where the expected numbers can be checked on paper; the session database
(built from data/seed) for the page itself under AppTest."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from lib.app import inert
from lib.core.catalogue import DEFAULT_PROVINCE
from lib.core.vocab import BE_OFFSET
from lib.i18n import t
from lib.store import catalogue, queries
from lib.views import coverage as coverage_view

THAI = re.compile(r"[\u0E00-\u0E7F]")


PAGE = "pages/2_province.py"


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _title(spec: dict) -> str:
    return spec["layout"]["title"]["text"]


def _qp(at, key: str) -> str | None:
    v = at.query_params.get(key)
    return v[-1] if isinstance(v, list) else v


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_opens_on_public_data(app, con, lang):
    """No dataset in the link: the default province on the real ``public`` data, no demo banner
    or stamp, its indicator table the values scored from the database."""
    at = app(PAGE, lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert _qp(at, "dataset") == "public" and _qp(at, "province") == DEFAULT_PROVINCE
    assert t("demo_banner", lang) not in [w.value for w in at.warning]
    line = coverage_view.line_text(queries.coverage_summary(con, "public"), "public", lang)
    assert line is not None and line in [c.value for c in at.caption]
    cat = catalogue.load(con)
    assert at.title[0].value == t("prov_title", lang, name=cat.province_name(DEFAULT_PROVINCE, lang))
    specs = _charts(at)
    assert len(specs) >= 2 and all(t("demo_mark", lang) not in json.dumps(s, ensure_ascii=False) for s in specs)
    assert t("prov_demo_caption", lang) not in [c.value for c in at.caption]
    # what the page shows is what the store scores for this province, year and dataset
    year = int(_qp(at, "year"))
    sc = catalogue.scores(con, "public", year, cat)
    lvl = sc.indicator_level
    mine = lvl[(lvl["province_code"] == DEFAULT_PROVINCE) & lvl["value"].notna()]
    assert len(mine) > 0
    table = at.dataframe[0].value
    offset = BE_OFFSET if lang == "th" else 0
    assert sorted(table[t("col_year", lang)].astype(int)) == sorted(int(y) + offset for y in mine["year"])
    index = sc.index_level.set_index("province_code")["index"].get(DEFAULT_PROVINCE)
    metrics = {m.label: m.value for m in at.metric}
    expected = t("prov_no_index", lang) if index is None or pd.isna(index) else f"{index:.1f}"
    assert metrics[t("prov_metric_index", lang)] == expected


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_renders_demo(app, lang):
    at = app(PAGE, province="TH-58", lang=lang, dataset="demo")
    assert not at.exception
    assert t("demo_banner", lang) in [w.value for w in at.warning]
    name = "Mae Hong Son" if lang == "en" else "แม่ฮ่องสอน"
    assert at.title[0].value == t("prov_title", lang, name=name)
    labels = [m.label for m in at.metric]
    assert t("prov_metric_index", lang) in labels and t("prov_metric_rank_pilot", lang) in labels
    specs = _charts(at)
    assert len(specs) >= 2 and all(t("demo_mark", lang) in json.dumps(s, ensure_ascii=False) for s in specs)
    if lang == "th":
        assert THAI.search(_title(specs[0])) and "2567" in _title(specs[0])


@pytest.mark.parametrize("lang", ["en", "th"])
def test_page_renders_public(app, lang):
    at = app(PAGE, province="TH-58", lang=lang, dataset="public")
    assert not at.exception
    assert not any(t("demo_banner", lang) == w.value for w in at.warning)
    specs = _charts(at)
    assert len(specs) >= 2  # at least the goal strip and the weakest-goals chart
    for spec in specs:
        assert t("demo_mark", lang) not in json.dumps(spec, ensure_ascii=False)


def test_public_non_pilot_province_says_so_and_shows_no_data_states(app):
    at = app(PAGE, province="TH-20", lang="en", dataset="public")
    assert not at.exception
    infos = [i.value for i in at.info]
    assert t("prov_not_pilot", "en", name="Chon Buri") in infos
    assert t("prov_metric_rank_pilot", "en") not in [m.label for m in at.metric]


def test_province_change_changes_the_content(app):
    at = app(PAGE, province="TH-58", lang="en")
    before = (at.title[0].value, _title(_charts(at)[0]), [m.value for m in at.metric])
    at.selectbox(key="w_province").set_value("TH-50").run()
    assert not at.exception
    after = (at.title[0].value, _title(_charts(at)[0]), [m.value for m in at.metric])
    assert after[0] == t("prov_title", "en", name="Chiang Mai") and "Chiang Mai" in after[1]
    assert before[2] != after[2]
    assert at.query_params["province"] == ["TH-50"] or at.query_params["province"] == "TH-50"


def test_query_parameters_restore_state(app, con):
    inds = queries.indicators(con)
    row = inds.loc[inds["goal"] == 3].iloc[1]
    years = queries.years(con, "demo")
    at = app(
        PAGE,
        province="TH-83",
        lang="th",
        goal="3",
        indicator=str(row["indicator_id"]),
        year=str(years[-3]),
        pilot="0",
        dataset="demo",
    )
    assert not at.exception
    assert at.title[0].value == t("prov_title", "th", name="ภูเก็ต")
    titles = [_title(s) for s in _charts(at)]
    assert any(str(row["name_th"])[:20] in x.replace("<br>", " ") for x in titles)  # the selected indicator
    assert str(years[-3] + 543) in _title(_charts(at)[0])  # the selected year, B.E.
    assert at.selectbox(key="w_goal").value == 3 and at.toggle(key="w_pilot").value is False


def test_bad_parameters_fall_back_with_a_warning(app):
    at = app(PAGE, province="TH-XX", lang="en", year="1066", indicator="nope")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    for param, value in (("province", "TH-XX"), ("year", "1066"), ("indicator", "nope")):
        assert t("bad_param", "en", param=inert(param, 40), value=inert(value)) in warnings
    assert at.title[0].value == t("prov_title", "en", name="Bangkok")  # the default province


# ---------------------------------------------------------------- partners: weak goals without a partner


def _weak_gaps(con, code: str, year: int, lang: str):
    from lib.views import province as view

    cat = catalogue.load(con)
    strip = view.goal_strip(catalogue.scores(con, "public", year, cat).goal_level, cat.goals, code, lang)
    return strip, view.weak_without_partner(strip, queries.activities(con), code)


@pytest.mark.parametrize("lang", ["en", "th"])
def test_weak_goals_without_a_partner_line(app, con, lang):
    """The profile names the province's weak goals (red or orange) that no activity naming the
    province works on; programme-wide activities are listed apart and do not count."""
    from lib.views import province as view

    at = app(PAGE, province="TH-94", lang=lang)
    assert not at.exception
    strip, gaps = _weak_gaps(con, "TH-94", int(_qp(at, "year")), lang)
    name = "Pattani" if lang == "en" else "ปัตตานี"
    warnings = [w.value for w in at.warning]
    if gaps.empty:
        assert not strip["status"].isin(view.WEAK_STATUSES).any() or any(
            s.value == t("prov_weak_partner_all", lang, province=name) for s in at.success
        )
    else:
        text = t("prov_weak_partner_gaps", lang, province=name, n=len(gaps), goals=view.weak_gap_text(gaps, lang))
        assert text in warnings
    acts = queries.activities(con)
    n_prog = int((acts["scope"] == "programme").sum())
    assert t("prov_partners_programme", lang, n=n_prog) in [e.label for e in at.expander]
    named = acts.loc[(acts["scope"] != "programme") & acts["provinces"].map(lambda v: "TH-94" in list(v))]
    caption = t("prov_partners_caption", lang, province=name, n=len(named))
    assert caption in [c.value for c in at.caption], "the province's own activities, programme-wide ones apart"


def test_weak_goals_without_a_partner_non_pilot(app, con):
    """A non-pilot: no programme-wide activities reach it, so nothing is listed apart."""
    at = app(PAGE, province="TH-11", lang="en")
    assert not at.exception
    assert not [e for e in at.expander if e.label.startswith(t("prov_partners_programme", "en", n=0)[:20])]
    strip, gaps = _weak_gaps(con, "TH-11", int(_qp(at, "year")), "en")
    if len(gaps):
        assert any(
            w.value.startswith(f"**Weak goals without a partner in Samut Prakan ({len(gaps)})") for w in at.warning
        )
