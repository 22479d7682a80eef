"""Text on figures, shared by the page charts: labels cut or broken
onto lines, rough rendered widths, and label slots that keep neighbouring labels apart.

Plotly neither wraps nor measures text, so the charts do it themselves. Thai vowel and tone
marks that sit above or below their consonant (lib.i18n.thai_text.TH_COMBINING) take no width
and are never cut off their syllable."""

from __future__ import annotations

import textwrap
import unicodedata

from lib.i18n.thai_text import TH_COMBINING, cut, is_thai

PLOT_WIDTH_PX = 950  # a typical plot width on a wide page, to estimate label widths in data units


def clip(text: str, width: int) -> str:
    """``text`` cut to about ``width`` characters with '…' (Thai clusters kept whole)."""
    text = str(text)
    return text if len(text) <= width else text[: cut(text, width - 1)].rstrip() + "…"


def short_label(text: str, limit: int = 46) -> str:
    """An axis label cut to ``limit`` characters (the full name is in the hover); a Thai
    syllable keeps its marks."""
    text = str(text)
    if len(text) <= limit:
        return text
    end = limit - 1
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    return text[:end].rstrip() + "…"


def break_lines(text: str, width: int) -> str:
    """A label broken at spaces onto lines of about ``width`` characters, joined with '<br>'
    (plotly does not wrap); words are never split."""
    return "<br>".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def visible_len(text: str) -> int:
    """Characters that take horizontal space (Thai vowel and tone marks sit above/below)."""
    return sum(ch not in TH_COMBINING for ch in str(text))


def text_width_px(text: str, size: int = 14) -> float:
    """Rough rendered width of a label (Thai marks above/below take no width)."""
    return sum(0 if ch in TH_COMBINING else 0.6 * size for ch in str(text))


def two_lines(text: str, short: int = 14) -> list[str]:
    """A column label on one line, or on two when it is long and has a space near its middle
    (never cut inside a word). Thai labels stay on one line: Thai lines are taller, and two of
    them would run into the next column's label."""
    text = str(text)
    n = len(text)
    spaces = [i for i, ch in enumerate(text) if ch == " " and 5 <= i <= n - 6]
    if visible_len(text) <= short or not spaces or is_thai(text):
        return [text]
    at = min(spaces, key=lambda i: abs(i - n / 2))
    return [text[:at], text[at + 1 :]]


def label_slots(xs: list[float], widths: list[float], n_slots: int) -> list[int]:
    """A slot per label (0 = nearest above, 1 = nearest below, 2 = next above, ...) so that
    labels sharing a slot do not overlap: labels are centred on x with the given widths (data
    units), taken left to right; each gets the nearest slot whose last label ends before it
    starts, or, when every slot is taken, the slot that frees up first."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    right = [float("-inf")] * n_slots
    slots = [0] * len(xs)
    for i in order:
        left = xs[i] - widths[i] / 2
        free = [k for k in range(n_slots) if right[k] < left]
        k = free[0] if free else min(range(n_slots), key=lambda j: right[j])
        slots[i] = k
        right[k] = xs[i] + widths[i] / 2
    return slots
