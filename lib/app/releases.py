"""Which release the dashboard shows: "data as of release N (date)" for every page, download
and brief (lib.release.current; the text cached per database file, so a publish or rollback,
which changes the file the app reads, changes it at the next run)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from lib import release
from lib.i18n import Lang, t
from lib.store.db import signature
from lib.views.common import date_label

BANGKOK = ZoneInfo("Asia/Bangkok")


def label(lang: Lang) -> str | None:
    """'Data as of release 3 (2 Dec 2026)'; None while no release has been published (the app
    then reads the working database as built)."""
    return _label(signature(), lang)


@st.cache_data(max_entries=16, show_spinner=False)
def _label(sig: tuple[int, int, int], lang: Lang) -> str | None:
    now = release.current()
    if now is None:
        return None
    day = ""
    if now.published_at:
        when = datetime.fromisoformat(now.published_at.replace("Z", "+00:00")).astimezone(BANGKOK)
        day = date_label(when.date().isoformat(), lang)
    return t("release_label", lang, n=now.number, date=day) if day else t("release_label_nodate", lang, n=now.number)
