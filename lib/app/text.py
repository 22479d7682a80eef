"""User data inside Markdown, made inert: st.markdown, st.caption, st.info/warning/error/success,
st.toast, widget labels and help all render Markdown, so a value that came from a link, an
uploaded file, a cell or a recipe name could otherwise become a link, an image the browser
fetches, a heading or an icon. Pass every such value through :func:`inert` before it is put into
a displayed string (the strings themselves, from lib/i18n/strings, are trusted)."""

from __future__ import annotations

import re
import unicodedata

LIMIT = 80  # characters of a value shown in a sentence; the rest is cut ("…")

# CommonMark lets any ASCII punctuation be backslash-escaped; escaping all of it stops links,
# images, emphasis, headings, lists, tables, HTML, math ($) and Streamlit's :directives[...].
_PUNCT = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# GitHub-style autolinks are also found in the text after the escapes are resolved (remark-gfm
# looks for "http://", "www." and "name@host" in text), so a zero-width space goes inside each.
_ZWSP = "\u200b"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
_LINE_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029\x85]+")


def _visible(ch: str) -> bool:
    """Controls, format characters (bidi overrides and isolates, zero-width ones) and unassigned
    code points are dropped: they can hide or reorder what the reader sees."""
    return unicodedata.category(ch) not in {"Cc", "Cf", "Cn", "Co", "Cs"}


def plain(value: object, limit: int = LIMIT) -> str:
    """The value as one short line of visible text: line breaks to spaces, invisible
    characters removed, cut to `limit` characters with "…". Not yet safe for Markdown."""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = "".join(ch for ch in text if _visible(ch)).strip()
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def inert(value: object, limit: int = LIMIT) -> str:
    """`value` as literal text inside Markdown: :func:`plain`, autolink triggers broken, every
    Markdown punctuation mark escaped. It reads the same on screen; nothing in it is active."""
    return _PUNCT.sub(r"\\\1", _AUTOLINK.sub(_ZWSP, plain(value, limit)))
