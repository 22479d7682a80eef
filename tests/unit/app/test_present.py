"""lib.app.present: the constant CSS of presentation mode."""

from __future__ import annotations

from lib.app import present as present_ui


def test_css_is_constant_and_hides_sidebar() -> None:
    assert '[data-testid="stSidebar"]' in present_ui.CSS and "display: none" in present_ui.CSS
    assert ".st-key-present_bar" in present_ui.CSS and "position: fixed" in present_ui.CSS
