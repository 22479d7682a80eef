"""The importer: read a ministry file (lib.ingest.read), recognise its layout
(lib.ingest.formats; report tables with lib.ingest.layout), match provinces
(lib.ingest.provinces), check every value, load it atomically (lib.ingest.pipeline); recipes
repeat the choices for files of the same layout (lib.ingest.recipe). Command line:
``python -m lib.ingest FILE`` (lib.ingest.cli)."""

from lib.ingest.cli import main
from lib.ingest.pipeline import (
    DEFAULT_DATASET,
    MINISTRY_NAMES,
    LoadResult,
    Options,
    Prepared,
    import_log,
    load,
    prepare,
    prepare_file,
    preview_diff,
    read_only,
    sdg_code,
    summary,
)
from lib.ingest.read import DEFAULT_LIMITS, MB, Limits, ReadFailure, sheet_names
from lib.ingest.report import Problem, problems_frame, render
from lib.ingest.template import template_csv_bytes

__all__ = [
    "DEFAULT_DATASET",
    "DEFAULT_LIMITS",
    "MB",
    "MINISTRY_NAMES",
    "Limits",
    "LoadResult",
    "Options",
    "Prepared",
    "Problem",
    "ReadFailure",
    "import_log",
    "load",
    "main",
    "prepare",
    "prepare_file",
    "preview_diff",
    "problems_frame",
    "read_only",
    "render",
    "sdg_code",
    "sheet_names",
    "summary",
    "template_csv_bytes",
]
