"""Names of the vocabulary's concepts in a language: statuses, trends, dataset kinds,
disaggregations."""

from __future__ import annotations

from lib.core.disaggregation import VALUES, pairs
from lib.core.vocab import DatasetKind, Lang, Status, Trend
from lib.i18n.translate import t, year_label


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


def disaggregation_label(canonical: object, lang: Lang) -> str:
    """A stored disaggregation in words: '' -> 'Total', 'sex=F' -> 'Female' ('หญิง'),
    'age=15-24;sex=F' -> 'Age 15–24, Female'. A value outside the vocabulary (none is stored:
    imports check it) is shown as written."""
    text = "" if canonical is None or canonical != canonical else str(canonical)  # NaN != NaN
    if not text:
        return t("disagg.total", lang)
    return ", ".join(_pair_label(k, v, lang) for k, v in pairs(text))


def _pair_label(key: str, value: str, lang: Lang) -> str:
    if key in VALUES:  # the keys with a closed set of values (sex, area)
        return t(f"disagg.{key}.{value}", lang) if value in VALUES[key].values() else f"{key}={value}"
    if key == "age":
        lo, sep, hi = value.partition("-")
        if sep and lo.isdigit() and hi.isdigit():
            return t("disagg.age.range", lang, lo=lo, hi=hi)
        if value.endswith("+") and value[:-1].isdigit():
            return t("disagg.age.over", lang, n=value[:-1])
    if key == "quintile" and value[1:].isdigit():
        return t("disagg.quintile", lang, n=value[1:])
    if key == "price_basis":
        if value == "current":
            return t("disagg.price.current", lang)
        year = value.removeprefix("chain_")
        if year.isdigit():
            kind = "chain" if value.startswith("chain_") else "constant"
            return t(f"disagg.price.{kind}", lang, year=year_label(int(year), lang))
    return f"{key}={value}"
