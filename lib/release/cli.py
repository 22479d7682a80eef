"""`python -m lib.release`: releases from the command line (the rules of lib.release.publish).

    python -m lib.release publish --as ADMIN [--db PATH] [--lang en|th]
    python -m lib.release list [--db PATH] [--lang en|th]
    python -m lib.release rollback N --as ADMIN [--db PATH] [--lang en|th]
    python -m lib.release current [--db PATH] [--lang en|th]

`current` prints the path of the current release's database file. Exit status: 0 done,
1 a rule forbids it (wrong role, nothing approved, a submission that no longer checks,
unknown release, no release yet), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lib.core.paths import db_path
from lib.i18n import Lang, t
from lib.release import publish as rel
from lib.users import control
from lib.users.accounts import Refused
from lib.users.cli import parse


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib.release", description=(__doc__ or "").splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    parsers = {name: sub.add_parser(name) for name in ("publish", "list", "rollback", "current")}
    parsers["rollback"].add_argument("number", type=int, metavar="N")
    for name in ("publish", "rollback"):
        parsers[name].add_argument("--as", dest="actor", metavar="ADMIN", required=True)
    for p in parsers.values():
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
    try:
        if args.command == "current":
            now = rel.current(db)
            if now is None:
                raise Refused("rel_none")
            print(now.path)
        elif args.command == "list":
            here = rel.current(db)
            for r in rel.releases(db):
                print(line(r, lang, here is not None and here.number == r.number))
        else:
            with control.opened(db) as con:
                if args.command == "publish":
                    made = rel.publish(con, db, by=args.actor)
                    print(t("rel_published", lang, n=made.number, path=made.path,
                            added=made.notes.get("added", 0), replaced=made.notes.get("replaced", 0)))  # fmt: skip
                else:
                    backup = rel.rollback(con, db, args.number, by=args.actor)
                    print(t("rel_rolled_back", lang, n=args.number, backup=backup))
    except Refused as exc:
        print("\n".join(exc.lines(lang)), file=sys.stderr)
        return 1
    return 0


def line(r: rel.Release, lang: Lang, is_current: bool) -> str:
    n = r.notes
    subs = n.get("submissions")
    ids = ", ".join(str(s["submission"]) for s in subs if isinstance(s, dict)) if isinstance(subs, list) else ""
    text = t("rel_line", lang, n=r.number, at=r.published_at or "-", by=n.get("published_by", "-"),
             added=n.get("added", 0), replaced=n.get("replaced", 0), ids=ids or "-")  # fmt: skip
    return text + (" " + t("rel_current_mark", lang) if is_current else "")
