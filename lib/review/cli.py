"""`python -m lib.review`: submissions from the command line (the rules of lib.review.submissions).

    python -m lib.review list --as NAME [--db PATH] [--lang en|th]
    python -m lib.review show ID --as NAME [--db PATH] [--lang en|th]
    python -m lib.review approve ID --as REVIEWER [--reason TEXT] [--db PATH] [--lang en|th]
    python -m lib.review reject ID --as REVIEWER --reason TEXT [--db PATH] [--lang en|th]

A submission is made by `python -m lib.ingest FILE --submit --as NAME`. `show` prints every
row against the published value with the flags of lib.review.flags (their rules are printed
too). Exit status: 0 done, 1 a rule forbids it (wrong role, own submission, no reason,
unknown id), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import sys
from pathlib import Path

import pandas as pd

from lib.core.paths import db_path
from lib.i18n import Lang, t, year_label
from lib.review import flags as checks
from lib.review import submissions as subs
from lib.store import partners
from lib.store.db import connect_read_only, read_path
from lib.users import control
from lib.users.accounts import Refused, get
from lib.users.cli import parse


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib.review", description=(__doc__ or "").splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    parsers = {name: sub.add_parser(name) for name in ("list", "show", "approve", "reject")}
    for name, p in parsers.items():
        if name != "list":
            p.add_argument("id", type=int)
        p.add_argument("--as", dest="actor", metavar="NAME", required=True)
        if name in ("approve", "reject"):
            p.add_argument("--reason", help="the comment (required to reject)")
        p.add_argument("--db", type=Path, default=None, help="working database (default data/sdg.duckdb or $SDG_DB)")
        p.add_argument("--lang", choices=("en", "th"), default="en")
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parse(_parser(), argv)
    if isinstance(args, int):
        return args
    lang: Lang = args.lang
    db = Path(args.db or db_path())
    if not db.is_file():
        print(t("acc_cli_no_db", lang, db=db), file=sys.stderr)
        return 2
    with control.opened(db) as con:
        try:
            if args.command == "list":
                for s in subs.visible(con, args.actor):
                    print(line(s, lang))
            elif args.command == "show":
                for text in show(con, db, args.id, args.actor, lang):
                    print(text)
            elif args.command == "approve":
                subs.approve(con, args.id, by=args.actor, comment=args.reason)
                print(t("rev_approved", lang, id=args.id))
            else:
                subs.reject(con, args.id, by=args.actor, reason=args.reason)
                print(t("rev_rejected", lang, id=args.id))
        except Refused as exc:
            print("\n".join(exc.lines(lang)), file=sys.stderr)
            return 1
    return 0


def line(s: subs.Submission, lang: Lang) -> str:
    n = {k: sum(f["kind"] == k for f in s.flags) for k in checks.KINDS}
    flags = ", ".join(f"{t('rev_flag_' + k, lang)} {v}" for k, v in n.items() if v) or "-"
    status = t("rev_status_" + s.status, lang)
    where = f" → {s.release}" if s.release is not None else ""
    return f"{s.submission_id}\t{s.submitted_at}\t{s.submitter}\t{s.file_name}\t{status}{where}\t{flags}"


def _num(v: object) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    return f"{float(str(v)):,.6g}"


def show(con: sqlite3.Connection, db: Path, submission_id: int, name: str, lang: Lang) -> list[str]:
    """The submission, its rows against the published values with their flags, its reviews."""
    s = subs.seen_by(con, submission_id, name)
    rows = subs.rows_of(con, submission_id)
    if s.kind != subs.KINDS[0]:
        return [
            head_line(s, lang),
            activities_table(db, rows, lang).to_string(index=False),
            *review_lines(con, submission_id, lang),
        ]
    found = assessed(con, db, s)
    out = [head_line(s, lang), rules_line(lang), diff_table(found, lang).to_string(index=False)]
    gone = missing_lines(found, lang)
    if gone:
        out.append(t("rev_missing_head", lang, n=len(gone)))
        out += ["  " + g for g in gone]
    return out + review_lines(con, submission_id, lang)


def assessed(con: sqlite3.Connection, db: Path, s: subs.Submission) -> subs.Assessment:
    """An indicator submission's rows against the published values now, with the flags (as its
    submitter's scope sees them)."""
    submitter = get(con, s.submitter)
    assert submitter is not None
    return subs.assess(db, subs.rows_of(con, s.submission_id), submitter)


def rules_line(lang: Lang) -> str:
    return t("rev_rules", lang, share=round(checks.CHANGE_SHARE * 100), z=checks.OUTLIER_Z, peers=checks.MIN_PEERS)


def diff_table(found: subs.Assessment, lang: Lang) -> pd.DataFrame:
    """Every row against the published value, with its flags (the table `show` prints)."""
    by_row: dict[int, list[str]] = {}
    for f in found.flags:
        if f.row is not None:
            by_row.setdefault(f.row, []).append(_flag_text(f, lang))
    d = found.diffed
    return pd.DataFrame(
        {
            t("rev_col_row", lang): d["row"].astype(int),
            t("rev_col_indicator", lang): d["indicator_id"],
            t("rev_col_province", lang): d["province_code"],
            t("rev_col_year", lang): [year_label(int(y), lang) for y in d["year"]],
            t("rev_col_disaggregation", lang): d["disaggregation"].replace("", "-"),
            t("rev_col_published", lang): [_num(v) for v in d["old_value"]],
            t("rev_col_submitted", lang): [_num(v) for v in d["value"]],
            t("rev_col_status", lang): [t("rev_diff_" + str(v), lang) for v in d["status"]],
            t("rev_col_flags", lang): ["; ".join(by_row.get(int(r), [])) or "-" for r in d["row"]],
        }
    )


def missing_lines(found: subs.Assessment, lang: Lang) -> list[str]:
    """One line per province missing against the year before."""
    return [
        t(
            "rev_missing_line",
            lang,
            province=f.province_code,
            indicator=f.indicator_id,
            year=year_label(f.year - 1, lang),
            now=year_label(f.year, lang),
            disaggregation=f.disaggregation or "-",
        )  # fmt: skip
        for f in found.flags
        if f.kind == checks.MISSING
    ]


def head_line(s: subs.Submission, lang: Lang) -> str:
    status = t("rev_status_" + s.status, lang)
    at, name = s.submitted_at, s.submitter
    return t("rev_show_head", lang, id=s.submission_id, file=s.file_name, name=name, at=at, status=status)


def review_lines(con: sqlite3.Connection, submission_id: int, lang: Lang) -> list[str]:
    out = []
    for r in subs.reviews(con, submission_id):
        key = "rev_review_approved" if r["decision"] == subs.APPROVED else "rev_review_rejected"
        out.append(t(key, lang, name=r["reviewer"], at=r["reviewed_at"], reason=r["reason"] or "-"))
    return out


def activities_table(db: Path, rows: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The activities of a 3W submission with what loading them would do to the published registry."""
    acts = subs.activities_of(rows)
    con = connect_read_only(read_path(db))
    try:
        statuses = partners.preview(con, acts)
    finally:
        con.close()
    table = pd.DataFrame(
        {
            t("rev_col_row", lang): [a.row for a in acts],
            t("rev_col_partner", lang): [a.partner_id for a in acts],
            t("rev_col_title", lang): [a.title_th if lang == "th" else a.title_en for a in acts],
            t("rev_col_province", lang): [", ".join(a.provinces) for a in acts],
            t("rev_col_status", lang): [t("rev_diff_" + v, lang) for v in statuses],
        }
    )
    return table


def _flag_text(f: checks.Flag, lang: Lang) -> str:
    if f.kind == checks.CHANGE:
        share = "∞" if f.share is None or math.isinf(f.share) else f"{f.share * 100:,.0f}"
        return t("rev_flag_change_detail", lang, share=share)
    return t("rev_flag_outlier_detail", lang, z=f"{f.z:.1f}", median=_num(f.median))
