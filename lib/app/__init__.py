"""The only Streamlit package. Pages call:

- ``frame(page)`` (lib.app.frame): config, data, filters, sidebar, URL sync, banners → ``Ctx``;
- ``query``/``fetch``/``figure``/``derive``/``styler`` (lib.app.data): cached queries, uncached
  reads, shared figures, shared view frames and table styles;
- ``chart``/``status_table``/``page_header`` (lib.app.widgets); ``clicks.to_province`` (a
  chart point opens its province); ``page_params``/``set_page_params``/
  ``go_to_province`` (lib.app.state); ``brief_buttons`` (lib.app.brief); ``gate`` (lib.app.admin);
- ``inert`` (lib.app.text): user data made literal before it goes into Markdown;
  ``bad_param`` (lib.app.frame): the notice for a link parameter that is not valid;
- ``release_label`` (lib.app.releases): "data as of release N (date)" for footers and files.

lib.app.boot runs first: the start-up every session must find finished (see its docstring).
"""

from lib.app import (
    boot,  # noqa: F401 - first, before anything else of the app
    clicks,
)
from lib.app.admin import clear_caches, gate
from lib.app.brief import buttons as brief_buttons
from lib.app.context import Ctx
from lib.app.data import derive, fetch, figure, query, styler
from lib.app.frame import bad_param, frame
from lib.app.releases import label as release_label
from lib.app.state import go_to_province, page_params, set_page_params
from lib.app.text import inert
from lib.app.widgets import chart, page_header, status_table

__all__ = [
    "Ctx",
    "bad_param",
    "brief_buttons",
    "chart",
    "clear_caches",
    "clicks",
    "derive",
    "fetch",
    "figure",
    "frame",
    "gate",
    "go_to_province",
    "inert",
    "page_header",
    "status_table",
    "styler",
    "page_params",
    "query",
    "release_label",
    "set_page_params",
]
