"""The project's words, each defined once: languages and the Buddhist era, SDSN statuses and
trend arrows (with their string keys and colours), dataset kinds, the pilot mark, the goal set."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

Lang = Literal["th", "en"]
LANGS: tuple[Lang, ...] = ("th", "en")
BE_OFFSET = 543  # Buddhist era = C.E. + 543; storage is always C.E.

GOALS: tuple[int, ...] = tuple(range(1, 18))  # the 17 SDGs
N_GOALS = len(GOALS)

PILOT_STAR = "★"


def pilot_mark(name: str, is_pilot: bool) -> str:
    """A province name as lists and axes show it: 'Chiang Mai ★' for a pilot."""
    return f"{name} {PILOT_STAR}" if is_pilot else str(name)


class Status(StrEnum):
    """SDSN dashboard colour. The value is the colour name stored in frames."""

    GREEN = "green"  # SDG achieved
    YELLOW = "yellow"  # challenges remain
    ORANGE = "orange"  # significant challenges remain
    RED = "red"  # major challenges remain
    GREY = "grey"  # no data

    @property
    def key(self) -> str:
        """UI string key of the status' name."""
        return f"status.{self.value}"

    @property
    def code(self) -> int:
        """Order from best to no data: green 0 … red 3, grey 4."""
        return STATUS_ORDER.index(self)

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self]

    @property
    def text_colour(self) -> str:
        """Readable text on a cell of this colour."""
        return STATUS_TEXT_COLOURS[self]

    @classmethod
    def of(cls, value: object) -> Status:
        """The status a stored value names; anything else (None, NaN, '') is GREY."""
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        return cls.GREY


STATUS_ORDER: tuple[Status, ...] = tuple(Status)
STATUS_COLOURS: dict[Status, str] = {
    Status.GREEN: "#3A9D47",
    Status.YELLOW: "#F5C518",
    Status.ORANGE: "#F08A24",
    Status.RED: "#D62828",
    Status.GREY: "#C4C4C4",
}
STATUS_TEXT_COLOURS: dict[Status, str] = {
    Status.GREEN: "#FFFFFF",
    Status.YELLOW: "#1F2937",
    Status.ORANGE: "#1F2937",
    Status.RED: "#FFFFFF",
    Status.GREY: "#1F2937",
}


class Trend(StrEnum):
    """SDSN trend arrow. The value is the arrow stored in frames."""

    ON_TRACK = "↑"
    MODERATE = "↗"
    STAGNATING = "→"
    DECREASING = "↓"
    NO_DATA = "•"

    @property
    def key(self) -> str:
        """UI string key of the trend's name."""
        return f"trend.{self.name.lower()}"

    @property
    def angle(self) -> int | None:
        """Direction of the arrow in degrees clockwise from up; None for no data."""
        return _TREND_ANGLE.get(self)

    @classmethod
    def of(cls, value: object) -> Trend:
        """The trend a stored arrow names; anything else is NO_DATA."""
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        return cls.NO_DATA


TREND_ORDER: tuple[Trend, ...] = tuple(Trend)
_TREND_ANGLE: dict[Trend, int] = {Trend.ON_TRACK: 0, Trend.MODERATE: 45, Trend.STAGNATING: 90, Trend.DECREASING: 180}


class DatasetKind(StrEnum):
    """Where a dataset's values come from."""

    MINISTRY = "ministry"  # files loaded by the importer
    PUBLIC = "public"  # figures compiled from published sources
    DEMO = "demo"  # synthetic, never official

    @property
    def key(self) -> str:
        """UI string key of the kind's name."""
        return f"kind.{self.value}"

    @property
    def sort(self) -> int:
        """Listing order: ministry submissions, then public figures, then demo data."""
        return tuple(DatasetKind).index(self)
