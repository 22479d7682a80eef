"""`python -m lib.users`: accounts from the command line (the rules of lib.users.accounts).

    python -m lib.users add NAME --role submitter|reviewer|admin [--province CODE ...]
                            [--indicator ID ...] [--email ADDR] --password-stdin [--as ADMIN]
                            [--db PATH]
    python -m lib.users email NAME ADDR|--clear --as ADMIN [--db PATH]
    python -m lib.users list [--db PATH]
    python -m lib.users disable NAME --as ADMIN [--db PATH]
    python -m lib.users passwd NAME --password-stdin --as NAME [--db PATH]
    python -m lib.users audit --as ADMIN [--csv FILE] [--limit N] [--db PATH]

`--as` names the account whose role is checked and who is recorded in the audit log; the
command line trusts the shell (whoever has it can read the control store anyway), so it asks
no password. The first admin of an empty store is added without `--as`. Every command takes
`--lang en|th`. The password is read from the first line of standard input.
`--email` / `email`: the address single sign-on maps to the account (docs/SECURITY.md); `list`
shows it in a fifth column when one is set.

Exit status: 0 done, 1 a rule forbids it (the message says which), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from lib.core.paths import db_path
from lib.i18n import Lang, t
from lib.users import accounts, audit, control
from lib.users.accounts import Refused


def _common(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--db", type=Path, default=None, help="working database (default data/sdg.duckdb or $SDG_DB)")
    ap.add_argument("--lang", choices=("en", "th"), default="en")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib.users", description=(__doc__ or "").splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=accounts.ROLES)
    add.add_argument("--province", action="extend", nargs="+", default=[], metavar="CODE")
    add.add_argument("--indicator", action="extend", nargs="+", default=[], metavar="ID")
    add.add_argument("--email", metavar="ADDR", help="the e-mail single sign-on maps to this account")
    add.add_argument("--password-stdin", action="store_true", required=True)
    add.add_argument("--as", dest="actor", metavar="ADMIN")
    mail = sub.add_parser("email", help="set or remove the e-mail single sign-on maps to an account")
    mail.add_argument("name")
    which = mail.add_mutually_exclusive_group(required=True)
    which.add_argument("address", nargs="?", metavar="ADDR")
    which.add_argument("--clear", action="store_true", help="remove the e-mail")
    mail.add_argument("--as", dest="actor", metavar="ADMIN", required=True)
    lst = sub.add_parser("list", help="list the accounts")
    dis = sub.add_parser("disable", help="disable an account")
    dis.add_argument("name")
    dis.add_argument("--as", dest="actor", metavar="ADMIN", required=True)
    pw = sub.add_parser("passwd", help="set a password")
    pw.add_argument("name")
    pw.add_argument("--password-stdin", action="store_true", required=True)
    pw.add_argument("--as", dest="actor", metavar="NAME", required=True)
    log = sub.add_parser("audit", help="print or save the audit log")
    log.add_argument("--as", dest="actor", metavar="ADMIN", required=True)
    log.add_argument("--csv", type=Path, help="write the whole log here (CSV for Excel)")
    log.add_argument("--limit", type=int, default=50, help="rows printed (the newest)")
    for p in (add, mail, lst, dis, pw, log):
        _common(p)
    return ap


def parse(ap: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace | int:
    """The arguments, or argparse's exit status (2: wrong usage; it printed why)."""
    try:
        return ap.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


def read_password() -> str:
    return sys.stdin.readline().rstrip("\r\n")


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
            return _run(args, con, db, lang)
        except Refused as exc:
            print("\n".join(exc.lines(lang)), file=sys.stderr)
            return 1


def _run(args: argparse.Namespace, con: sqlite3.Connection, db: Path, lang: Lang) -> int:
    if args.command == "add":
        acc = accounts.add(
            con,
            db,
            args.name,
            args.role,
            read_password(),
            by=args.actor,
            provinces=args.province,
            indicators=args.indicator,
            email=args.email,
        )
        print(t("acc_added", lang, name=acc.name, role=acc.role, scope=scope_text(acc, lang)))
    elif args.command == "email":
        acc = accounts.set_email(con, args.name, None if args.clear else args.address, by=args.actor)
        done = t("acc_email_done", lang, name=acc.name, email=acc.email)
        print(done if acc.email else t("acc_email_cleared", lang, name=acc.name))
    elif args.command == "list":
        for acc in accounts.accounts(con):
            state = t("acc_state_disabled", lang) if acc.disabled else t("acc_state_enabled", lang)
            mail = f"\t{acc.email}" if acc.email else ""
            print(f"{acc.name}\t{acc.role}\t{state}\t{scope_text(acc, lang)}{mail}")
    elif args.command == "disable":
        accounts.disable(con, args.name, by=args.actor)
        print(t("acc_disabled_done", lang, name=args.name))
    elif args.command == "passwd":
        accounts.passwd(con, args.name, read_password(), by=args.actor)
        print(t("acc_password_done", lang, name=args.name))
    elif args.command == "audit":
        accounts.actor(con, args.actor, (accounts.ADMIN,))
        if args.csv is not None:
            args.csv.write_bytes(audit.csv_download(con))
            print(t("acc_audit_saved", lang, path=args.csv))
        else:
            print(audit.frame(con, limit=args.limit).to_string(index=False))
    return 0


def scope_text(acc: accounts.Account, lang: Lang) -> str:
    if not acc.scoped:
        return t("acc_scope_all", lang)
    parts = [*acc.provinces, *acc.indicators]
    return ", ".join(parts)
