"""HTML → PDF and PNG through the project's Chromium (lib.brief.chromium), with the network cut.

Chromium shapes Thai with HarfBuzz (vowels and tone marks stacked and placed by the font's
GPOS/GSUB) and embeds the fonts it used as subsets with a ToUnicode map, so names are
extractable text. Every request a page makes outside ``data:``/``about:``/``blob:`` is aborted.

Fitting one page: the HTML is laid out first and the sheet measured; the brief uses the lowest
fit level that does not overflow (the search starts at :data:`FIT_START`, the level most briefs
need, so a brief takes two or three layout passes). The sheet is 1 mm shorter than A4 and
clips, so the PDF always has exactly one page; :func:`render_brief` reports whether it fitted.

Server-side chart images: :func:`figure_png` renders a plotly figure to PNG the same way
(plotly.js inlined from the python package, fonts inline): no kaleido, no CDN, Thai shaped."""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from lib.brief.chromium import chromium_problem, launch
from lib.brief.data import BriefData, Shared, gather, load_shared
from lib.brief.fonts import font_faces
from lib.brief.html import FIT_LEVELS, build_html
from lib.core.vocab import Lang

if TYPE_CHECKING:
    import plotly.graph_objects as go
    from playwright.sync_api import Browser, Page, Playwright, Route

__all__ = [
    "FIT_START",
    "Rendered",
    "Renderer",
    "brief_filename",
    "brief_pdf",
    "briefs_zip",
    "figure_html",
    "figure_png",
    "render_brief",
    "zip_filename",
]

T = TypeVar("T")


def _off_loop(fn: Callable[[], T]) -> T:
    """Run ``fn`` in a worker thread when this thread runs an asyncio loop (Playwright's sync
    API refuses to run inside one, e.g. in a server's event-loop thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
        return ex.submit(fn).result()


_SHEET_OVERFLOW = """() => {
  const s = document.getElementById('sheet');
  return s ? s.scrollHeight - s.clientHeight : 0;
}"""


class Renderer:
    """One Chromium for a batch: HTML → PDF bytes, HTML → PNG of an element.

    Pages get no network: every request other than data:/about:/blob: is aborted (and counted
    in ``blocked``), so a brief can never depend on the internet.
    """

    def __init__(self) -> None:
        self._pw: Playwright | None = None
        self._browser: Browser | None = None
        self._page: Page | None = None
        self.blocked: list[str] = []

    def __enter__(self) -> Renderer:
        from playwright.sync_api import sync_playwright

        problem = chromium_problem()
        if problem:
            raise RuntimeError(problem)
        self._pw = sync_playwright().start()
        try:
            self._browser = launch(self._pw)
        except Exception:
            self._pw.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._pw is not None:
                self._pw.stop()

    def _guard(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(("data:", "about:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def new_page(self, **context_kw: Any) -> Page:  # Any: Playwright's new_context keywords
        if self._browser is None:
            raise RuntimeError("Renderer used outside its with block")
        ctx = self._browser.new_context(**context_kw)
        ctx.route("**/*", self._guard)
        return ctx.new_page()

    @property
    def page(self) -> Page:
        if self._page is None:
            self._page = self.new_page()
        return self._page

    def load(self, html_text: str, page: Page | None = None) -> Page:
        pg = page or self.page
        pg.set_content(html_text, wait_until="load")
        pg.evaluate("() => document.fonts.ready.then(() => true)")
        return pg

    def overflow(self, html_text: str) -> float:
        """How many CSS px the sheet's content overflows (<= 0: it fits)."""
        return float(self.load(html_text).evaluate(_SHEET_OVERFLOW))

    def pdf(self, html_text: str | None = None) -> bytes:
        """PDF of ``html_text`` (or of the page as loaded) on A4 with the page's own margins."""
        if html_text is not None:
            self.load(html_text)
        return self.page.pdf(
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
        )

    def element_png(
        self,
        html_text: str,
        selector: str,
        scale: float = 2.0,
        wait_js: str | None = None,
        viewport: tuple[int, int] = (1200, 900),
    ) -> bytes:
        """PNG screenshot of the first element matching ``selector`` after ``wait_js`` is true."""
        pg = self.new_page(device_scale_factor=scale, viewport={"width": viewport[0], "height": viewport[1]})
        try:
            self.load(html_text, pg)
            if wait_js:
                pg.wait_for_function(wait_js, timeout=30_000)
            return pg.locator(selector).first.screenshot(type="png", animations="disabled")
        finally:
            pg.context.close()


@contextmanager
def _renderer(r: Renderer | None) -> Iterator[Renderer]:
    if r is not None:
        yield r
    else:
        with Renderer() as fresh:
            yield fresh


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    level: int  # fit level used
    fits: bool  # False only if even the last level overflowed (the sheet clips)
    html: str


FIT_START = 2  # the level most briefs end at: the search starts here (fewer layout passes)


def render_brief(d: BriefData, r: Renderer, start: int = FIT_START) -> Rendered:
    """Print at the lowest fit level (the most content) whose layout does not overflow the sheet.

    Starts at ``start``: if that fits, tries the levels below it until one overflows; if not,
    the levels above it until one fits (the last level is used, clipped, if none does)."""
    n = len(FIT_LEVELS)
    start = min(max(start, 0), n - 1)
    layouts: dict[int, tuple[str, bool]] = {}

    def fits_at(level: int) -> bool:
        html_text = build_html(d, level)
        layouts[level] = (html_text, r.overflow(html_text) <= 0.5)
        return layouts[level][1]

    if fits_at(start):
        best = start
        while best > 0 and fits_at(best - 1):
            best -= 1
    else:
        best = next((lv for lv in range(start + 1, n) if fits_at(lv)), n - 1)
    html_text, fits = layouts[best]
    if list(layouts)[-1] != best:  # the page holds another layout: load the chosen one again
        r.load(html_text)
    return Rendered(r.pdf(), best, fits, html_text)


ReleaseOf = Callable[[Lang], str | None]  # "data as of release N (date)" in a language, None if none


def brief_pdf(
    con: duckdb.DuckDBPyConnection,
    code: str,
    lang: Lang = "th",
    dataset: str | None = None,
    year: int | None = None,
    indicator: str | None = None,
    renderer: Renderer | None = None,
    shared: Shared | None = None,
    release: ReleaseOf | None = None,
) -> bytes:
    """PDF bytes of one province's brief; ``release`` gives the footer's "data as of release N"
    in a language (the app passes lib.app.releases.label)."""
    sh = shared or load_shared(con, dataset, year)
    d = gather(con, sh, code, lang, indicator, release=release(lang) if release else None)

    def work() -> bytes:
        with _renderer(renderer) as r:
            return render_brief(d, r).pdf

    return _off_loop(work) if renderer is None else work()


def brief_filename(code: str, lang: Lang, dataset: str, year: int) -> str:
    return f"sdg-brief-{code}-{lang}-{dataset}-{year}.pdf"


def zip_filename(lang: Lang, dataset: str, year: int) -> str:
    return f"sdg-briefs-pilots-{lang}-{dataset}-{year}.zip"


def briefs_zip(
    con: duckdb.DuckDBPyConnection,
    langs: Sequence[Lang] = ("th",),
    dataset: str | None = None,
    year: int | None = None,
    codes: Sequence[str] | None = None,
    indicator: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    release: ReleaseOf | None = None,
) -> bytes:
    """ZIP bytes with one PDF per province (default: the catalogue's pilots) and language, one browser."""
    sh = load_shared(con, dataset, year)
    codes = list(codes) if codes is not None else sh.cat.pilot_codes
    items = [(c, lg) for lg in langs for c in codes]
    datas = [gather(con, sh, c, lg, indicator, release=release(lg) if release else None) for c, lg in items]

    def work() -> bytes:
        buf = io.BytesIO()
        with Renderer() as r, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, d in enumerate(datas):
                out = render_brief(d, r)
                zf.writestr(brief_filename(d.code, d.lang, sh.dataset, sh.year), out.pdf)
                if on_progress:
                    on_progress(i + 1, len(datas))
        return buf.getvalue()

    return _off_loop(work)


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def figure_html(fig: go.Figure, width: int, height: int) -> str:
    """A page drawing ``fig`` with plotly.js inlined (no CDN) and the brief's fonts."""
    spec = str(fig.to_json())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        + font_faces()
        + "html,body{margin:0;background:#fff}</style><script>"
        + _plotly_js()
        + "</script></head><body>"
        + f"<div id='fig' style='width:{int(width)}px;height:{int(height)}px'></div><script>"
        + "const spec="
        + spec.replace("</", "<\\/")
        + ";"
        + f"spec.layout=Object.assign(spec.layout||{{}},{{width:{int(width)},height:{int(height)}}});"
        + "document.fonts.ready.then(()=>Plotly.newPlot('fig',spec.data,spec.layout,"
        "{staticPlot:true,displayModeBar:false})).then(()=>{window.__done=true;});" + "</script></body></html>"
    )


def figure_png(
    fig: go.Figure, width: int = 1000, height: int = 560, scale: float = 2.0, renderer: Renderer | None = None
) -> bytes:
    """PNG of a plotly figure rendered by Chromium (fonts inline, network cut): Thai is shaped,
    nothing is fetched. Use this for any server-side chart image instead of kaleido."""
    html_text = figure_html(fig, width, height)

    def work() -> bytes:
        with _renderer(renderer) as r:
            return r.element_png(
                html_text, "#fig", scale, "() => window.__done === true", (int(width) + 40, int(height) + 40)
            )

    return _off_loop(work) if renderer is None else work()
