"""Numbered, immutable releases of the working database (lib.release.publish) and the
command line (`python -m lib.release`). The dashboard reads the current one
(lib.store.db.read_path); `current(db)` gives its number, path and date for footers."""

from lib.release.publish import Release, current, releases

__all__ = ["Release", "current", "releases"]
