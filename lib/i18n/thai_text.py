"""Thai line breaking for text the app wraps itself (plotly chart titles; a browser breaks HTML
text on its own). Thai is written without spaces between words, so a line may only break
between words: pythainlp's newmm segmenter finds them.

The vocabulary is lib/i18n/strings/th_words.txt, the words of the app's own Thai texts (UI strings,
seed catalogue), made by `python -m scripts.make_th_words` with pythainlp's full dictionary.
Loading that dictionary costs ~1 s per process; this one loads in milliseconds. A word not in
it (e.g. a new indicator name) is split into syllable clusters, still never inside one.
"""

from __future__ import annotations

import functools
from typing import Any

from lib.core.paths import STRINGS_DIR

VOCAB = STRINGS_DIR / "th_words.txt"

# vowel and tone marks that sit on the previous consonant (never start a line with one), and
# leading vowels written before their consonant (never end a line with one)
TH_COMBINING = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
TH_LEADING = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44")


def is_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


@functools.lru_cache(maxsize=1)
def _trie() -> Any:
    from pythainlp.util import Trie

    return Trie(w for w in VOCAB.read_text(encoding="utf-8").split("\n") if w)


def cut(text: str, n: int) -> int:
    """A position <= n (or just past n) where ``text`` may be cut without splitting a Thai cluster."""
    n = max(1, min(n, len(text)))
    while n < len(text) and text[n] in TH_COMBINING:
        n += 1
    while n > 1 and text[n - 1] in TH_LEADING:
        n -= 1
    return n


def tokens(text: str) -> list[str]:
    """``text`` as words and whitespace runs (Thai runs segmented into words)."""
    if not is_thai(text):
        return _split_spaces(text)
    from pythainlp.tokenize import word_tokenize

    return [w for w in word_tokenize(text, custom_dict=_trie(), engine="newmm", keep_whitespace=True) if w]


def _split_spaces(text: str) -> list[str]:
    out: list[str] = []
    for i, part in enumerate(text.split(" ")):
        if i:
            out.append(" ")
        if part:
            out.append(part)
    return out


_CLOSING = frozenset(":;,.)]!?%…")


def _glued(toks: list[str]) -> list[str]:
    """Punctuation kept with its word: a line never starts with ':' or ')' nor ends with '('."""
    out: list[str] = []
    for tok in toks:
        if out and not out[-1].isspace() and not tok.isspace() and (tok[0] in _CLOSING or out[-1].endswith("(")):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most about ``width`` characters, broken between words (at spaces, and between
    Thai words); a single word longer than a line is cut between clusters."""
    lines: list[str] = []
    line = ""
    for tok in _glued(tokens(str(text))):
        if tok.isspace():
            line += " " if line else ""
            continue
        while len(tok) > width:  # one over-long word: fill the line, cut between clusters
            room = width - len(line)
            if room < width // 3:
                lines.append(line.rstrip())
                line, room = "", width
            k = cut(tok, room)
            lines.append((line + tok[:k]).rstrip())
            line, tok = "", tok[k:]
        if line and len(line.rstrip()) + len(tok) > width:
            lines.append(line.rstrip())
            line = ""
        line += tok
    if line.strip():
        lines.append(line.rstrip())
    return [x for x in lines if x] or [str(text)]
