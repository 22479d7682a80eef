"""Names of the vocabulary's concepts in a language: statuses, trends, dataset kinds."""

from __future__ import annotations

from lib.core.vocab import DatasetKind, Lang, Status, Trend
from lib.i18n.translate import t


def status_label(status: object, lang: Lang) -> str:
    """'red' -> 'Major challenges'; anything that is not a status (None, NaN) -> 'No data'."""
    return t(Status.of(status).key, lang)


def trend_label(trend: object, lang: Lang, arrow: bool = True) -> str:
    """'↑' -> '↑ On track' (missing -> '• No trend data'); ``arrow=False`` leaves the arrow out."""
    tr = Trend.of(trend)
    return f"{tr.value} {t(tr.key, lang)}" if arrow else t(tr.key, lang)


def kind_label(kind: object, lang: Lang) -> str:
    """'demo' -> 'Demo data (synthetic)'; an unknown kind is shown as written."""
    if isinstance(kind, str):
        try:
            return t(DatasetKind(kind).key, lang)
        except ValueError:
            pass
    return str(kind)
