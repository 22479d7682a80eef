"""UI text in Thai and English (strings/*.csv, keyed by concept), year and number display,
Thai line breaking (lib.i18n.thai_text), names of the vocabulary (lib.i18n.labels)."""

from lib.core.catalogue import name_col
from lib.core.vocab import LANGS, Lang
from lib.i18n.translate import fmt_value, strings, t, year_label

__all__ = ["LANGS", "Lang", "fmt_value", "name_col", "strings", "t", "year_label"]
