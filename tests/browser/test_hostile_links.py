"""Hostile links in a real browser (Streamlit's own Markdown renderer): a link parameter holding a
phishing link or an image URL is reported as not valid and shown as text. The attack run got a
clickable link for 20 of 21 parameters, and every visitor's browser fetched the image (21 of
21 reached a listener); here no link or image points outside, and nothing is fetched from
outside (the fixture records every request that is not to localhost)."""

from __future__ import annotations

import pytest

from lib.core import present
from lib.core.filters import PARAMS
from lib.views import data as data_view
from lib.views import partners as partners_view

pytestmark = pytest.mark.browser

LINK = "[Login here](http://evil.example/x)"
IMAGE = "![x](http://evil.example/i.png)"
PAGES = {
    "/": (*PARAMS, present.PARAM),
    "/map": (*PARAMS, "measure"),
    "/partners": (*PARAMS, *partners_view.URL_PARAMS),
    "/data": (*PARAMS, *data_view.URL_PARAMS),
}
ACTIVE = """() => ({
  links: [...document.querySelectorAll('a[href]')].map(a => a.href).filter(h => h.includes('evil')),
  images: [...document.querySelectorAll('img[src]')].map(i => i.src).filter(s => s.includes('evil')),
})"""


@pytest.mark.parametrize("path", list(PAGES))
def test_link_parameters_render_as_text(web, path: str) -> None:
    names = PAGES[path]
    # half the parameters carry the link, half the image (lang stays valid: the page is English)
    params = {n: (LINK if i % 2 else IMAGE) for i, n in enumerate(n for n in names if n != "lang")}
    web.open(path, lang="en", **params)
    found = web.page.evaluate(ACTIVE)
    assert found == {"links": [], "images": []}, found
    text = web.body_text()
    assert "Login here" in text and "evil.example" in text.replace("\u200b", "")  # shown, as text
    web.assert_clean()  # in particular: nothing fetched from evil.example
