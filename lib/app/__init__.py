"""The only Streamlit package. Pages call:

- ``frame(page)`` (lib.app.frame): config, data, filters, sidebar, URL sync, banners → ``Ctx``;
- ``query``/``fetch``/``figure`` (lib.app.data): cached queries, uncached reads, shared figures;
- ``chart``/``page_header`` (lib.app.widgets); ``page_params``/``set_page_params``/
  ``go_to_province`` (lib.app.state); ``brief_buttons`` (lib.app.brief); ``gate`` (lib.app.admin).
"""

from lib.app.admin import clear_caches, gate
from lib.app.brief import buttons as brief_buttons
from lib.app.context import Ctx
from lib.app.data import fetch, figure, query
from lib.app.frame import frame
from lib.app.state import go_to_province, page_params, set_page_params
from lib.app.widgets import chart, page_header

__all__ = [
    "Ctx",
    "brief_buttons",
    "chart",
    "clear_caches",
    "fetch",
    "figure",
    "frame",
    "gate",
    "go_to_province",
    "page_header",
    "page_params",
    "query",
    "set_page_params",
]
