"""UI text in Thai and English (strings/*.csv, keyed by concept), year and number display,
Thai line breaking (lib.i18n.thai_text)."""
from lib.i18n.translate import LANGS, Lang, fmt_value, name_col, strings, t, year_label

__all__ = ["LANGS", "Lang", "fmt_value", "name_col", "strings", "t", "year_label"]
