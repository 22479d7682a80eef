"""`python -m lib.ingest FILE [options]`: check a file and load it (see lib.ingest.pipeline).

    python -m lib.ingest FILE [--indicator ID] [--column TEXT] [--scale N] [--recipe PATH]
                              [--save-recipe PATH] [--dataset NAME] [--year-format auto|ce|be]
                              [--sheet NAME] [--dry-run] [--db PATH] [--user NAME] [--lang en|th]
    python -m lib.ingest FILE --kind activities|targets [--sheet NAME] [--dry-run] [--db PATH]
                              [--user NAME] [--lang en|th]

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

from lib.core.paths import db_path
from lib.i18n import Lang, t
from lib.ingest import activities, targets
from lib.ingest import recipe as recipes
from lib.ingest.pipeline import DEFAULT_DATASET, Options, load, prepare_file, summary
from lib.ingest.report import render

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
    return ap


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
    if args.kind != KINDS[0]:
        if wrong := [f"--{o.replace('_', '-')}" for o in _VALUE_ONLY if getattr(args, o) is not None]:
            print(t("ingest_cli_not_for_kind", lang, options=" ".join(wrong), kind=args.kind), file=sys.stderr)
            return 2
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
