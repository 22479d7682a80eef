"""One-page province briefs (PDF) printed by Chromium. Command line: ``python -m lib.brief``."""

from lib.brief.brief import brief_filename, brief_pdf, briefs_zip, chromium_problem, figure_png, zip_filename

__all__ = ["brief_filename", "brief_pdf", "briefs_zip", "chromium_problem", "figure_png", "zip_filename"]
