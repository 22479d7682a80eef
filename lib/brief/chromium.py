"""The one Chromium launcher: the browser the brief, the benchmarks and the browser tests use
(Debian's ``chromium`` driven by Playwright), its flags, and why it cannot run here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "chromium_problem", "launch"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_problem() -> str | None:
    """Why Chromium cannot be driven here (None when it can)."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (Debian package chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    return None


def launch(pw: Playwright) -> Browser:
    """Start the project's Chromium with its flags from a started Playwright
    (``sync_playwright().start()`` or ``with sync_playwright() as pw``)."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
