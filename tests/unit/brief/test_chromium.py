"""lib.brief.chromium: the one launcher (path and flags) the brief, the benchmarks and the
browser tests use."""

from __future__ import annotations

from typing import Any

from lib.brief import chromium


class _FakeChromium:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def launch(self, **kw: Any) -> str:
        self.calls.append(kw)
        return "browser"


class _FakePlaywright:
    def __init__(self) -> None:
        self.chromium = _FakeChromium()


def test_launch_uses_the_one_path_and_flags() -> None:
    pw = _FakePlaywright()
    assert chromium.launch(pw) == "browser"  # a stand-in Playwright
    (call,) = pw.chromium.calls
    assert call == {"executable_path": chromium.CHROMIUM, "args": list(chromium.CHROMIUM_ARGS)}
    assert "--headless" in call["args"] and "--no-sandbox" in call["args"]


def test_chromium_problem_names_a_missing_browser(monkeypatch) -> None:
    monkeypatch.setattr(chromium, "CHROMIUM", "/nonexistent/chromium")
    assert chromium.chromium_problem() == "/nonexistent/chromium is not installed (Debian package chromium)"


def test_package_exports_the_launchers_check() -> None:
    from lib import brief

    assert brief.chromium_problem is chromium.chromium_problem
