"""The province brief's download buttons (PDF of one province, ZIP of the pilots), made on
click, cached per database file, rendered by lib.brief."""

from __future__ import annotations

import functools

import streamlit as st

from lib.app.context import Ctx
from lib.app.data import Signature
from lib.app.releases import label
from lib.core.vocab import Lang
from lib.store.db import connect_read_only, signature


@functools.lru_cache(maxsize=32)
def _brief_pdf(sig: Signature, code: str, lang: Lang, dataset: str, year: int) -> bytes:
    from lib import brief

    con = connect_read_only()
    try:
        return brief.brief_pdf(con, code, lang, dataset, year, release=label)
    finally:
        con.close()


@functools.lru_cache(maxsize=4)
def _briefs_zip(sig: Signature, lang: Lang, dataset: str, year: int) -> bytes:
    from lib import brief

    con = connect_read_only()
    try:
        return brief.briefs_zip(con, (lang,), dataset, year, release=label)
    finally:
        con.close()


def buttons(ctx: Ctx) -> None:
    """Download buttons: the selected province's one-page brief (PDF) and the pilots' briefs
    (ZIP), for the selected dataset, year and language."""
    from lib import brief

    problem = brief.chromium_problem()
    if problem:
        st.caption(ctx.t("brief_unavailable", why=problem))
        return
    f, sig = ctx.f, signature()
    with st.container(horizontal=True):
        st.download_button(
            ctx.t("brief_button_pdf"),
            data=lambda: _brief_pdf(sig, f.province, f.lang, f.dataset, f.year),
            file_name=brief.brief_filename(f.province, f.lang, f.dataset, f.year),
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            help=ctx.t("brief_button_help"),
            key="brief_pdf",
        )
        st.download_button(
            ctx.t("brief_button_zip"),
            data=lambda: _briefs_zip(sig, f.lang, f.dataset, f.year),
            file_name=brief.zip_filename(f.lang, f.dataset, f.year),
            mime="application/zip",
            icon=":material/folder_zip:",
            on_click="ignore",
            help=ctx.t("brief_button_zip_help"),
            key="brief_zip",
        )
