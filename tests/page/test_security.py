"""Hostile links and unexpected errors under AppTest.

- Every link parameter of every page (the sign-in pages and the public "what changed" page
  too), given a phishing link, an image URL (every visitor's
  browser would fetch it) or a bare URL, is reported as not valid, and the notice shows the
  value as inert text: nothing on the page renders as a link, an image, HTML or an autolink.
- An unexpected exception shows a short message with an error id, never the traceback or a
  server path; the log has the traceback under that id.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.app import errors
from lib.app.text import LIMIT
from lib.core import present
from lib.core.filters import PARAMS
from lib.views import data as data_view
from lib.views import partners as partners_view
from tests.page.markdown import active

# every parameter each page reads from its link
PAGES = {
    "app.py": (*PARAMS, present.PARAM),
    "pages/1_map.py": (*PARAMS, present.PARAM, "measure"),
    "pages/4_partners.py": (*PARAMS, present.PARAM, *partners_view.URL_PARAMS),
    "pages/5_data.py": (*PARAMS, present.PARAM, *data_view.URL_PARAMS),
    "pages/6_admin.py": (*PARAMS, present.PARAM),  # the sign-in gate comes after the frame's notices
    "pages/9_review.py": (*PARAMS, present.PARAM),
    "pages/10_changes.py": (*PARAMS, present.PARAM),
}
PAYLOADS = {
    "link": "[Login here](http://evil.example/x)",
    "image": "![x](http://evil.example/i.png)",
    "long bare URL": "http://evil.example/" + "x" * 300,
}
SHOWN = ("markdown", "caption", "warning", "info", "error", "success", "title", "header", "subheader", "toast")


def shown_markdown(at: AppTest) -> list[str]:
    """The Markdown source of every element Streamlit renders as Markdown."""
    bodies = [str(el.value) for kind in SHOWN for el in getattr(at, kind)]
    return bodies + [str(m.label) for m in at.metric]


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("page", sorted(PAGES))
def test_hostile_parameters_stay_text(app, page: str, payload: str) -> None:
    params = dict.fromkeys(PAGES[page], PAYLOADS[payload])
    at = app(page, **params)
    assert not at.exception, [e.value for e in at.exception]
    bodies = shown_markdown(at)
    for body in bodies:
        hostile = [a for a in active(body) if "evil" in a.lower()]  # the app's own links may stay
        assert hostile == [], f"active Markdown on {page}: {body!r}"
    notices = [w.value for w in at.warning if "evil" in w.value.lower()]
    reported = {p for p in PAGES[page] for w in notices if re.search(rf"[“\"]{re.escape(p)}=", w)}
    assert reported == set(PAGES[page]), f"not reported: {set(PAGES[page]) - reported}"
    for w in notices:  # the value is cut short: a notice, not a page of attacker text
        assert len(w) < 400 and w.lower().count("x") <= LIMIT


FAILING = str(Path(__file__).with_name("failing_page.py"))  # fails after frame()


@pytest.fixture()
def as_served(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on the server: under AppTest Streamlit's exception box is kept for the other tests."""
    monkeypatch.setattr(errors, "hide_streamlit_box", lambda: True)


def test_under_apptest_a_failing_page_still_fails(db_path: Path) -> None:
    at = AppTest.from_file(FAILING, default_timeout=90).run()
    assert at.exception  # the other page tests' `assert not at.exception` keeps its meaning
    assert at.error  # and the visitor's message is there too


def test_unexpected_error_shows_an_id_not_a_traceback(
    db_path: Path, caplog: pytest.LogCaptureFixture, as_served: None
) -> None:
    at = AppTest.from_file(FAILING, default_timeout=90)
    at.query_params["lang"] = "en"
    with caplog.at_level(logging.ERROR, logger="lib.app.errors"):
        at.run()
    assert not at.exception  # Streamlit's exception box (type, message, traceback) is not shown
    msg = at.error[0].value
    found = re.search(r"error ([0-9a-f]{8})", msg)
    assert found and "Sorry, something went wrong" in msg
    assert "/srv" not in msg and "Traceback" not in msg and "RuntimeError" not in msg
    logged = [r for r in caplog.records if found.group(1) in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "cannot open /srv/sdg/secret/config.toml" in caplog.text  # the server keeps the details


def test_the_error_message_in_thai(db_path: Path, as_served: None) -> None:
    at = AppTest.from_file(FAILING, default_timeout=90).run()
    assert not at.exception and "เกิดข้อผิดพลาด" in at.error[0].value
