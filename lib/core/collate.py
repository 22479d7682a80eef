"""Thai dictionary order for every list the app sorts by name (provinces, partners, sectors).

Code-point order files เชียงใหม่ and แม่ฮ่องสอน after ฮ, because a leading vowel (เ แ โ ใ ไ) is
written before its consonant. PyThaiNLP's ``collate`` (already a dependency, for line breaking)
sorts by the consonant and ignores tone marks; Latin text is compared case-insensitively here so
"alpha" and "Zeta" keep their English order. Sorting is by rank: the distinct names are collated
once and every item takes its name's rank, so one call serves lists, frames and sort keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from pythainlp.util import collate

T = TypeVar("T")


def ranks(texts: Iterable[object]) -> dict[str, int]:
    """Each distinct text -> its place in Thai dictionary order (equal ignoring case: one place)."""
    distinct = {str(x) for x in texts}
    folded = sorted({s.casefold() for s in distinct})  # collate's input order decides its ties
    place = {f: i for i, f in enumerate(collate(folded))}
    return {s: place[s.casefold()] for s in distinct}


def thai_sorted(items: Iterable[T], key: Callable[[T], object] = str) -> list[T]:
    """``items`` in Thai dictionary order of ``key(item)``; ties keep their order."""
    listed = list(items)
    rank = ranks(key(i) for i in listed)
    return sorted(listed, key=lambda i: rank[str(key(i))])
