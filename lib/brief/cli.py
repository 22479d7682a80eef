"""Command line of the brief::

python -m lib.brief --province TH-58 --lang th --out brief.pdf [--dataset public] [--year 2024] [--db PATH]
python -m lib.brief --all-pilots --lang th --out briefs.zip     # one PDF per pilot, one browser
python -m lib.brief --all-pilots --lang both --out briefs.zip   # Thai and English
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from lib.brief.render import brief_pdf, briefs_zip
from lib.core.vocab import LANGS, Lang
from lib.store.db import connect_read_only

__all__ = ["DESCRIPTION", "main"]

DESCRIPTION = "Province brief: a one-page A4 PDF of one province, in Thai or English."


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lib.brief", description=DESCRIPTION)
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--province", help="ISO 3166-2 code, e.g. TH-58")
    who.add_argument("--all-pilots", action="store_true", help="all 15 pilots into one ZIP")
    ap.add_argument("--lang", choices=[*LANGS, "both"], default="th")
    ap.add_argument("--out", required=True, help="output .pdf (one province) or .zip (--all-pilots)")
    ap.add_argument("--dataset", help="dataset id (default: public, the real data, if present; demo only when asked)")
    ap.add_argument("--year", type=int, help="score as of this C.E. year (default: the dataset's latest)")
    ap.add_argument("--indicator", help="indicator of the trend chart (default: chosen per province)")
    ap.add_argument("--db", help="database file (default: data/sdg.duckdb or $SDG_DB)")
    a = ap.parse_args(argv)
    con = connect_read_only(Path(a.db) if a.db else None)
    out = Path(a.out)
    t0 = time.perf_counter()
    try:
        if a.all_pilots:
            langs: list[Lang] = list(LANGS) if a.lang == "both" else [a.lang]
            data = briefs_zip(con, langs, a.dataset, a.year, indicator=a.indicator)
        else:
            if a.lang == "both":
                ap.error("--lang both needs --all-pilots")
            data = brief_pdf(con, a.province.upper(), a.lang, a.dataset, a.year, a.indicator)
    except (ValueError, RuntimeError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"wrote {out} ({len(data):,} bytes) in {time.perf_counter() - t0:.1f} s")
    return 0
