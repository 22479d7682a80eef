"""The brief's typeface inline: Sarabun (Cadson Demak, SIL OFL 1.1; woff2 files from the npm
package ``@fontsource/sarabun@5.3.0``, see ``static/fonts/README.md``) as ``@font-face`` rules
with ``data:`` URIs, so a page needs no network to show Thai."""

from __future__ import annotations

import base64
from functools import lru_cache

from lib.core.paths import FONT_DIR

__all__ = ["FONT_SUBSETS", "FONT_WEIGHTS", "font_faces", "sample_html"]

# Unicode ranges of the @fontsource/sarabun subsets (its unicode.json).
FONT_SUBSETS: dict[str, str] = {
    "thai": "U+02D7,U+0303,U+0331,U+0E01-0E5B,U+200C-200D,U+25CC",
    "latin": "U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,"
    "U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD",
    "latin-ext": "U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,"
    "U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,"
    "U+2C60-2C7F,U+A720-A7FF",
}
FONT_WEIGHTS = (400, 700)


@lru_cache(maxsize=1)
def font_faces() -> str:
    """@font-face rules for Sarabun 400/700 (Thai, Latin, Latin Extended) as data: URIs."""
    rules = []
    for subset, ranges in FONT_SUBSETS.items():
        for w in FONT_WEIGHTS:
            path = FONT_DIR / f"sarabun-{subset}-{w}-normal.woff2"
            b64 = base64.b64encode(path.read_bytes()).decode("ascii")
            rules.append(
                f"@font-face {{ font-family: 'Sarabun'; font-style: normal; font-weight: {w}; "
                f"font-display: block; src: url(data:font/woff2;base64,{b64}) format('woff2'); "
                f"unicode-range: {ranges}; }}"
            )
    return "\n".join(rules)


def sample_html(inner_html: str, size_pt: float = 28.0) -> str:
    """A small page with the brief's fonts and ``inner_html`` (already escaped) in one line:
    the tests render Thai through the same route to check the shaping."""
    return (
        "<!DOCTYPE html><html lang='th'><head><meta charset='utf-8'><style>"
        + font_faces()
        + "@page{size:130mm 36mm;margin:0}html,body{margin:0}"
        + f"body{{font-family:'Sarabun';font-size:{size_pt}pt;line-height:1.6;padding:1mm 3mm;"
        + "white-space:nowrap}</style></head><body>"
        + inner_html
        + "</body></html>"
    )
