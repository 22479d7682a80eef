"""`python -m lib.ingest FILE [options]`: check a file and load it (see lib.ingest.pipeline).

    python -m lib.ingest FILE [--indicator ID] [--column TEXT] [--scale N] [--recipe PATH]
                              [--save-recipe PATH] [--dataset NAME] [--year-format auto|ce|be]
                              [--sheet NAME] [--dry-run] [--db PATH] [--user NAME] [--lang en|th]
    python -m lib.ingest FILE --kind activities|targets [--sheet NAME] [--dry-run] [--db PATH]
                              [--user NAME] [--lang en|th]
    python -m lib.ingest FILE [options] --submit --as NAME

--submit checks the file exactly as a load does, then stores it as a submission for review
(lib.review) instead of loading it, and prints its id; nothing published changes.

--kind says what the file holds: indicator values (the default), partner activities in the
3W template (lib.ingest.activities; headers lib.core.registry.HEADERS), or a province's own
2030 targets (lib.ingest.targets).

--column picks the measure of a table with several per row (text its header contains);
--recipe applies a saved recipe (lib.ingest.recipe), and options given beside it override
the recipe's; --save-recipe writes the choices of this run as a recipe once the file checks.

Exit status: 0 loaded (or, with --dry-run, would load), 1 file rejected (the problems are
printed, the first Limits.max_problems of them and a count of the rest; nothing is written),
2 wrong usage (bad option, missing file, database or recipe).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from lib.core.paths import db_path
from lib.i18n import Lang, t
from lib.ingest import activities, targets
from lib.ingest import recipe as recipes
from lib.ingest.pipeline import DEFAULT_DATASET, Options, load, prepare_file, summary
from lib.ingest.report import Problem, render
from lib.review import submissions
from lib.users import control
from lib.users.accounts import Refused

KINDS: tuple[str, ...] = ("indicators", "activities", "targets")
# options that only make sense for indicator values
_VALUE_ONLY = ("indicator", "column", "scale", "recipe", "save_recipe", "dataset", "year_format")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m lib.ingest", description=(__doc__ or "").splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--kind", choices=KINDS, default=KINDS[0], help="what the file holds (default: indicator values)")
    ap.add_argument("--indicator", help="indicator_id or SDG code for tables that do not name it")
    ap.add_argument("--column", help="the measure to load from a table with several per row: text its header contains")
    ap.add_argument("--scale", type=float, help="multiply every value (1000 for thousands, 1000000 for millions)")
    ap.add_argument("--recipe", type=Path, help="apply a saved recipe (TOML)")
    ap.add_argument("--save-recipe", type=Path, help="write this run's choices as a recipe (TOML) when the file checks")
    ap.add_argument("--dataset", help=f"ministry dataset to load into (default: the file's, else {DEFAULT_DATASET!r})")
    ap.add_argument("--year-format", choices=("auto", "ce", "be"), default=None)
    ap.add_argument("--sheet", help="spreadsheet sheet (default: the first visible one)")
    ap.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    ap.add_argument("--db", type=Path, default=None, help="database (default data/sdg.duckdb or $SDG_DB)")
    ap.add_argument("--user", help="who imports (default: the login name)")
    ap.add_argument("--lang", choices=("en", "th"), default="en", help="language of the report")
    ap.add_argument("--submit", action="store_true", help="store as a submission for review instead of loading")
    ap.add_argument("--as", dest="actor", metavar="NAME", help="the account that submits (with --submit)")
    return ap


def options_from(spec: dict[str, object], db: Path) -> Options:
    """The Options a submission was checked with (its stored `spec`, see _submit), for `db`."""
    opts = Options(db=db, user=str(spec["user"]) if spec.get("user") else None)
    if spec.get("recipe"):
        opts = recipes.parse(str(spec["recipe"])).options(opts)
    given = spec.get("given")
    return replace(opts, **(given if isinstance(given, dict) else {}))


def _submit(
    args: argparse.Namespace, target: Path, lang: Lang, spec: dict[str, object], rows: pd.DataFrame, **file: str | None
) -> int:
    """Store a checked file as a submission (lib.review.submissions); its id is printed."""
    with control.opened(target) as con:
        try:
            sid = submissions.submit(
                con,
                target,
                args.actor,
                kind=args.kind,
                file_name=str(file["file_name"]),
                file_sha256=str(file["file_sha256"]),
                data=args.file.read_bytes(),
                options=spec,
                rows=rows,
                dataset=file.get("dataset"),
            )
        except Refused as exc:
            print("\n".join(exc.lines(lang)), file=sys.stderr)
            return 1
    key = "rev_submitted" if args.kind == KINDS[0] else "rev_submitted_activities"
    print(t(key, lang, id=sid, n=len(rows)))
    return 0


def _submit_activities(args: argparse.Namespace, target: Path, lang: Lang) -> int:
    registry = activities.load_registry(target)
    checked = activities.check(args.file.read_bytes(), args.file.name, registry, sheet=args.sheet)
    if not checked.ok:
        shown = checked.problems or [Problem(args.file.name, None, None, "act_no_rows")]
        print(t("ingest_cli_rejected", lang, n=f"{len(shown):,}"), file=sys.stderr)
        for p in shown:
            print("  " + p.render(lang), file=sys.stderr)
        return 1
    spec: dict[str, object] = {"sheet": args.sheet, "user": args.user}
    rows = submissions.activities_frame(checked.activities)
    return _submit(args, target, lang, spec, rows, file_name=checked.file_name, file_sha256=checked.sha256)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    lang: Lang = args.lang
    target = Path(args.db or db_path())
    if not args.file.is_file():
        print(t("ingest_cli_no_file", lang, file=args.file), file=sys.stderr)
        return 2
    if not target.is_file():
        print(t("ingest_cli_no_db", lang, db=target), file=sys.stderr)
        return 2
    if args.submit != bool(args.actor) or (args.submit and args.dry_run):
        print(t("rev_cli_submit_usage", lang), file=sys.stderr)
        return 2
    if args.kind != KINDS[0]:
        if wrong := [f"--{o.replace('_', '-')}" for o in _VALUE_ONLY if getattr(args, o) is not None]:
            print(t("ingest_cli_not_for_kind", lang, options=" ".join(wrong), kind=args.kind), file=sys.stderr)
            return 2
        if args.submit:
            return _submit_activities(args, target, lang)
        user = args.user or getpass.getuser()
        run = activities.run_cli if args.kind == "activities" else targets.run_cli
        return run(args.file, target, user=user, lang=lang, dry_run=args.dry_run, sheet=args.sheet)
    opts = Options(db=target, user=args.user)
    if args.recipe is not None:
        try:
            opts = recipes.load(args.recipe).options(opts)
        except recipes.RecipeError as exc:
            print(t("ingest_cli_bad_recipe", lang, reason=str(exc)), file=sys.stderr)
            return 2
    given = {
        k: v
        for k, v in (
            ("indicator", args.indicator),
            ("column", args.column),
            ("scale", args.scale),
            ("dataset", args.dataset),
            ("year_format", args.year_format),
            ("sheet", args.sheet),
        )
        if v is not None
    }
    opts = replace(opts, **given)
    recipe_text = args.recipe.read_text(encoding="utf-8") if args.recipe is not None else None
    spec: dict[str, object] = {"recipe": recipe_text, "given": given, "user": args.user}
    prepared = prepare_file(args.file, opts)
    for line in summary(prepared, lang):
        print(line)
    if prepared.problems:
        print(t("ingest_cli_rejected", lang, n=f"{prepared.problem_count:,}"), file=sys.stderr)
        for line in render(prepared.problems, lang, more=prepared.more_problems):
            print("  " + line, file=sys.stderr)
        return 1
    if args.save_recipe is not None:
        layout = prepared.parsed.layout if prepared.parsed is not None else None
        if layout is None:
            print(t("ingest_cli_no_layout", lang), file=sys.stderr)
            return 2
        name = args.save_recipe.stem
        try:
            made = recipes.from_layout(layout, replace(opts, expect=None), name, sheet=prepared.info.get("sheet"))
        except recipes.RecipeError as exc:
            print(t("ingest_cli_bad_recipe", lang, reason=str(exc)), file=sys.stderr)
            return 2
        args.save_recipe.parent.mkdir(parents=True, exist_ok=True)
        args.save_recipe.write_text(made.to_toml(), encoding="utf-8")
        print(t("ingest_cli_recipe_saved", lang, path=args.save_recipe))
    if args.submit:
        names = {"file_name": prepared.file_name, "file_sha256": prepared.sha256, "dataset": prepared.dataset}
        return _submit(args, target, lang, spec, prepared.rows, **names)
    result = load(prepared, dry_run=args.dry_run)
    key = "ingest_cli_dry_run" if args.dry_run else "ingest_cli_loaded"
    print(
        t(
            key,
            lang,
            added=result.added,
            replaced=result.replaced,
            unchanged=result.unchanged,
            import_id=result.import_id or "-",
            db=target,
        )
    )
    return 0
