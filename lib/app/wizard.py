"""The admin page's mapping wizard (pages/6_admin.py): what the importer recognised in a
report table (lib.ingest.layout), the choices it needs (measure, scale, year), saved recipes
for the same layout (lib.ingest.recipe) and saving the choices as a new one.

Text from the file or a recipe is shown with st.text / st.dataframe / widget options only,
never through Markdown or HTML (recipe names, the one exception, are checked slugs: a-z, 0-9,
_ and -)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pandas as pd
import streamlit as st

from lib.app.context import Ctx
from lib.core.paths import SOURCES_DIR, recipes_dir
from lib.core.vocab import LANGS
from lib.i18n import t
from lib.ingest import Options
from lib.ingest import recipe as recipes
from lib.ingest.cells import text
from lib.ingest.layout import Column, Layout
from lib.ingest.read import Table, column_letter

PREVIEW_ROWS = 40
# the unit words (both languages, lib/i18n/strings/ingest.csv) that suggest a scale
SCALES = {"million": 1e6, "thousand": 1e3}


# ---------------------------------------------------------------- pure helpers


def grid_frame(table: Table, ctx: Ctx, limit: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first `limit` rows of a sheet as text: spreadsheet row numbers as index, column letters as headers."""
    rows = table.rows[:limit]
    width = max((len(cells) for _, cells in rows), default=0)
    body = [[text(c) for c in cells] + [""] * (width - len(cells)) for _, cells in rows]
    index = pd.Index([n for n, _ in rows], name=ctx.t("ingest_wiz_col_row"))
    return pd.DataFrame(body, index=index, columns=[column_letter(i) for i in range(width)], dtype=object)


def _span(rows: list[int]) -> str:
    if not rows:
        return "—"
    return str(rows[0]) if len(rows) == 1 else f"{rows[0]}–{rows[-1]}"


def where_line(layout: Layout, ctx: Ctx) -> str:
    """Which rows are headers, which column holds provinces, which are block labels."""
    parts = [
        ctx.t("ingest_wiz_where_header", rows=_span(layout.header_rows)),
        ctx.t("ingest_wiz_where_province", column=column_letter(layout.province_col)),
    ]
    if layout.block_cols:
        parts.append(ctx.t("ingest_wiz_where_blocks", columns=", ".join(column_letter(c) for c in layout.block_cols)))
    parts.append(ctx.t("ingest_wiz_where_data", row=layout.first_data_row))
    return " · ".join(parts)


def measure_columns(layout: Layout, measure: str | None) -> list[Column]:
    return [c for c in layout.columns if c.measure == measure]


def measure_label(measure: str, ctx: Ctx) -> str:
    return measure or ctx.t("ingest_wiz_measure_unnamed")


def measures_frame(layout: Layout, ctx: Ctx) -> pd.DataFrame:
    """One row per candidate measure: its column letters, header text, years, breakdowns and unit."""
    out = []
    for m in layout.measures:
        cols = measure_columns(layout, m)
        years = list(dict.fromkeys(text(c.year) for c in cols if text(c.year)))
        disaggs = list(dict.fromkeys(c.disaggregation for c in cols if c.disaggregation))
        units = list(dict.fromkeys(c.unit for c in cols if c.unit))
        out.append(
            [
                ", ".join(c.letter for c in cols),
                measure_label(m, ctx),
                ", ".join(years) or "—",
                ", ".join(disaggs) or "—",
                ", ".join(units) or "—",
            ]
        )
    names = ("columns", "measure", "year", "disaggregation", "unit")
    return pd.DataFrame(out, columns=[ctx.t(f"ingest_wiz_col_{n}") for n in names], dtype=object)


def suggested_scale(unit: str | None) -> tuple[str, float] | None:
    """("thousand", 1000.0) for a unit like "พันคน" / "thousand persons"; None when it names no multiple."""
    if not unit:
        return None
    u = unit.casefold()
    for word, scale in SCALES.items():
        if any(t(f"ingest_wiz_unit_{word}", lang).casefold() in u for lang in LANGS):
            return word, scale
    return None


def skipped_frame(skipped: Counter[str], ctx: Ctx) -> pd.DataFrame:
    rows = [[ctx.t("ingest_skip_" + k), n] for k, n in sorted(skipped.items()) if n]
    return pd.DataFrame(rows, columns=[ctx.t("ingest_wiz_col_reason"), ctx.t("ingest_wiz_col_count")])


def recipe_for(layout: Layout, choice: recipes.Recipe | None) -> str | None:
    """The measure a recipe names, as the table's header writes it."""
    if choice is None or choice.column is None:
        return None
    cols, problem, measure = layout.choose(choice.column)
    return measure if problem is None and cols else None


# ---------------------------------------------------------------- rendering


def choose_recipe(ctx: Ctx, layout: Layout) -> recipes.Recipe | None:
    """Offer the saved recipes made for this layout (the first one preselected); None: choose by hand."""
    found = recipes.matching(layout, [recipes_dir(), SOURCES_DIR])
    if not found:
        return None
    st.info(ctx.t("ingest_wiz_recipe_found", n=len(found)), icon=":material/receipt_long:")

    def label(i: int) -> str:
        if i < 0:
            return ctx.t("ingest_wiz_recipe_none")
        r = found[i]
        desc = r.description if len(r.description) <= 90 else r.description[:89] + "…"
        return f"{r.name} – {desc}" if desc else r.name

    pick = st.selectbox(
        ctx.t("ingest_wiz_recipe"),
        [-1, *range(len(found))],  # -1: none (a None option would read as "no selection")
        index=1,
        format_func=label,
        key=f"wiz_recipe_{layout.fingerprint()}",
    )
    return found[pick] if pick is not None and pick >= 0 else None


def apply_recipe(ctx: Ctx, choice: recipes.Recipe, base: Options) -> Options:
    """The recipe's options; the sheet stays the one the page read (the layout was matched on it)."""
    opts = replace(choice.options(base), sheet=base.sheet)
    st.text(
        ctx.t(
            "ingest_wiz_recipe_sets",
            indicator=opts.indicator,
            dataset=opts.dataset,
            year_format=ctx.t(f"ingest_year_{opts.year_format}"),
        )
    )
    return opts


def show_layout(ctx: Ctx, layout: Layout, table: Table | None) -> None:
    """The "Detected layout" section: where things are, the sheet's first rows (`table`, read
    with the check: lib.app.checks), the candidate measures."""
    st.subheader(ctx.t("ingest_wiz_layout"))
    if layout.title:
        st.text(ctx.t("ingest_wiz_title", title=layout.title))
    st.caption(where_line(layout, ctx))
    if table is not None:
        grid = grid_frame(table, ctx)
        st.caption(ctx.t("ingest_wiz_grid", n=len(grid)))
        st.dataframe(grid, width="stretch")
    st.caption(ctx.t("ingest_wiz_measures"))
    st.dataframe(measures_frame(layout, ctx), hide_index=True, width="stretch")


def choices(ctx: Ctx, layout: Layout, opts: Options, choice: recipes.Recipe | None) -> Options:
    """Measure, scale and (for a header without years) the year; returns `opts` with them."""
    st.subheader(ctx.t("ingest_wiz_choices"))
    key = f"{layout.fingerprint()}_{choice.name if choice else ''}"
    measures = layout.measures
    preset = recipe_for(layout, choice)
    if preset is None and len(measures) == 1:
        preset = measures[0]
    if len(measures) > 1 and preset is None:
        st.info(ctx.t("ingest_wiz_choose_measure", n=len(measures)), icon=":material/rule:")
    c1, c2, c3 = st.columns(3)
    measure = c1.selectbox(
        ctx.t("ingest_wiz_measure"),
        measures,
        index=measures.index(preset) if preset in measures else None,
        format_func=lambda m: measure_label(m, ctx),
        placeholder=ctx.t("ingest_wiz_measure_placeholder"),
        key=f"wiz_measure_{key}",
    )
    column = measure if len(measures) > 1 else opts.column
    scale = c2.number_input(
        ctx.t("ingest_wiz_scale"),
        min_value=0.000001,
        value=float(opts.scale),
        step=1.0,
        format="%g",
        key=f"wiz_scale_{key}",
    )
    cols = measure_columns(layout, measure)
    hint = next((s for c in cols if (s := suggested_scale(c.unit))), None)
    if hint is not None and scale != hint[1]:
        c2.caption(ctx.t("ingest_wiz_scale_hint_" + hint[0]))
    year = opts.year
    if any(c.year is None for c in cols):
        picked = c3.number_input(
            ctx.t("ingest_wiz_year"),
            min_value=1900,
            max_value=2700,
            value=opts.year,
            step=1,
            help=ctx.t("ingest_wiz_year_help"),
            key=f"wiz_year_{key}",
        )
        year = int(picked) if picked is not None else None
    return replace(opts, column=column, scale=float(scale), year=year)


def show_skipped(ctx: Ctx, skipped: Counter[str]) -> None:
    frame = skipped_frame(skipped, ctx)
    if len(frame):
        st.caption(ctx.t("ingest_wiz_skipped"))
        st.dataframe(frame, hide_index=True)


def save_recipe(ctx: Ctx, layout: Layout, opts: Options, choice: recipes.Recipe | None, ready: bool) -> None:
    """ "Save these choices as a recipe": name, description, button (enabled once the file checks
    clean, `ready`); written to recipes_dir(). Shown whenever the layout is, so a name typed
    in is kept while the choices change."""
    st.subheader(ctx.t("ingest_wiz_save"))
    st.caption(ctx.t("ingest_wiz_save_help"))
    c1, c2 = st.columns([1, 2])
    name = c1.text_input(ctx.t("ingest_wiz_recipe_name"), max_chars=60, key="wiz_recipe_name").strip()
    description = c2.text_input(ctx.t("ingest_wiz_recipe_description"), max_chars=300, key="wiz_recipe_desc")
    if not st.button(ctx.t("ingest_wiz_save_button"), icon=":material/save:", disabled=not ready):
        return
    if not name:
        st.error(ctx.t("ingest_wiz_name_needed"))
        return
    if not opts.indicator:
        st.error(ctx.t("ingest_wiz_need_indicator"))
        return
    folder = recipes_dir()
    try:
        made = recipes.from_layout(layout, opts, name, description=description.strip())
    except recipes.RecipeError as exc:
        st.error(ctx.t("ingest_wiz_save_failed"), icon=":material/error:")
        st.text(str(exc))
        return
    existing = folder / f"{made.name}{recipes.SUFFIX}"
    if existing.exists() and not (choice is not None and choice.path == existing):
        st.error(ctx.t("ingest_wiz_exists", name=made.name))
        return
    try:
        path = made.save(folder)
    except OSError as exc:
        st.error(ctx.t("ingest_wiz_save_failed"), icon=":material/error:")
        st.text(str(exc))
        return
    st.success(ctx.t("ingest_wiz_saved", file=path.name), icon=":material/check:")
