"""What changed: the notes of every release, newest first (values added and replaced per
indicator and province, each submission with who submitted and who approved it, when).
Public, like every page but data import and review (lib.app.review.release_notes)."""

import streamlit as st

from lib.app import frame, review

ctx = frame("changes")
st.title(ctx.t("page_changes"))
st.caption(ctx.t("chg_intro"))
review.release_notes(ctx)
