"""lib.app.present: the constant CSS and script of presentation (slide) mode."""

from __future__ import annotations

from lib.app import present as present_ui


def test_css_is_constant_and_hides_sidebar() -> None:
    for css in (present_ui.SLIDE_CSS, present_ui.WHOLE_CSS):
        assert '[data-testid="stSidebar"]' in css and "display: none" in css
        assert ".st-key-present_bar" in css
        assert "position: fixed" not in css  # the bar is in the flow: it covers nothing
    # a slide: everything but the bar, its notes and the slide is hidden, and the page does not scroll
    assert ".st-key-slide_current" in present_ui.SLIDE_CSS and "overflow: hidden" in present_ui.SLIDE_CSS
    assert "100vh" in present_ui.SLIDE_CSS
