"""Province brief (lib/brief.py): data shaping and HTML (pure), and the Chromium route —
one A4 page, the province name as extractable text, Thai shaped like a known-good reference,
every pilot fitting on one page in both languages, the ZIP, the CLI, chart PNGs.

Text extraction: Chromium writes each Thai cluster whose glyphs are contextual variants (a tone
mark lowered or shifted left, a consonant without its descender) inside /ActualText, as the PDF
standard provides; poppler's pdftotext (like Acrobat) reads it, pypdf does not (it returns NUL
for such glyphs). So names are checked with pdftotext; pypdf counts pages.

The shaping reference (tests/fixtures/brief/thai_shaping.png) was rendered through the same
route and checked by eye; to regenerate it after a deliberate change:
    SDG_UPDATE_FIXTURES=1 python -m pytest tests/test_brief.py -k shaping
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib.brief import brief
from lib.i18n import t

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "brief"
REFERENCE = FIXTURES / "thai_shaping.png"
SHAPING_TEXT = ("ที่นี่มีน้ำใจ ผู้ใหญ่บ้าน กรุงเทพมหานคร", "ปัตตานี แม่ฮ่องสอน ป้ายฟ้า กตัญญู")
PILOTS = [
    "TH-10",
    "TH-30",
    "TH-34",
    "TH-41",
    "TH-50",
    "TH-57",
    "TH-58",
    "TH-63",
    "TH-76",
    "TH-83",
    "TH-84",
    "TH-90",
    "TH-94",
    "TH-95",
    "TH-96",
]
TODAY = dt.date(2026, 3, 9)

needs_chromium = pytest.mark.skipif(
    brief.chromium_problem() is not None, reason=f"no Chromium: {brief.chromium_problem()}"
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


# ----------------------------------------------------------------------------- helpers


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def pdf_text(pdf: bytes, tmp: Path) -> str:
    path = tmp / "x.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def pdf_png(pdf: bytes, tmp: Path, name: str = "x") -> np.ndarray:
    """Grey image of page 1 at 100 dpi (pdftoppm), as an array."""
    from PIL import Image

    src = tmp / f"{name}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(src), str(tmp / name)], check=True)
    return np.asarray(Image.open(tmp / f"{name}.png").convert("L"))


def ink_difference(a: np.ndarray, b: np.ndarray) -> float:
    """Share of inked pixels (< 128) that are inked in only one of the two images
    (0 = the same glyphs in the same places; 1 = nothing in common)."""
    h, w = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    pa = np.full((h, w), 255, np.uint8)
    pb = pa.copy()
    pa[: a.shape[0], : a.shape[1]] = a
    pb[: b.shape[0], : b.shape[1]] = b
    ia, ib = pa < 128, pb < 128
    return float((ia ^ ib).sum() / max((ia | ib).sum(), 1))


def shaped_html() -> str:
    return brief.sample_html("<br>".join(html.escape(line) for line in SHAPING_TEXT))


def spans_html() -> str:
    """Deliberately unshaped: every character its own inline box, letter-spaced, so no mark
    can attach to its base."""
    lines = [
        "".join(f'<span style="display:inline-block;letter-spacing:0.04em">{html.escape(c)}</span>' for c in line)
        for line in SHAPING_TEXT
    ]
    return brief.sample_html("<br>".join(lines))


def no_features_html() -> str:
    """Deliberately unshaped: the font's Thai features off (glyph variants and mark positioning),
    so tone marks collide with vowels and descenders are not trimmed."""
    text = "<br>".join(html.escape(line) for line in SHAPING_TEXT)
    return brief.sample_html(f"<span style=\"font-feature-settings:'ccmp' 0,'mark' 0,'mkmk' 0\">{text}</span>")


# ----------------------------------------------------------------------------- pure parts


def test_arrow_svg_directions() -> None:
    assert "rotate(0 " in brief.arrow_svg("↑")
    assert "rotate(45 " in brief.arrow_svg("↗")
    assert "rotate(90 " in brief.arrow_svg("→")
    assert "rotate(180 " in brief.arrow_svg("↓")
    assert "<circle" in brief.arrow_svg("•") and "<circle" in brief.arrow_svg("?")


def test_nice_ticks_cover_range() -> None:
    assert brief.nice_ticks(0, 20000, 4) == [0, 5000, 10000, 15000, 20000]
    assert brief.nice_ticks(0, 1, 4) == [0, 0.25, 0.5, 0.75, 1.0]
    ticks = brief.nice_ticks(8.2, 12.0, 4)
    assert ticks[0] <= 8.2 and ticks[-1] >= 12.0
    flat = brief.nice_ticks(5, 5)
    assert len(flat) >= 2 and flat[0] <= 5 <= flat[-1]


def test_date_text_buddhist_era_in_thai() -> None:
    assert brief.date_text(dt.date(2026, 3, 9), "th") == "9 มี.ค. 2569"
    assert brief.date_text(dt.date(2026, 3, 9), "en") == "9 Mar 2026"


def test_x_labels_never_crowd() -> None:
    years = [2008, 2009, 2010, 2021, 2022, 2023]
    x = lambda y: (y - 2008) * 10.0  # noqa: E731 - 10 units a year
    assert brief._spaced(years, x, 34.0) == [2010, 2023]  # the last year always, then every 34 units
    assert brief._spaced(list(range(2015, 2025)), lambda y: (y - 2015) * 40.0, 34.0) == list(range(2015, 2025))


def test_chart_svg_draws_series_and_green() -> None:
    s = pd.DataFrame(
        {
            "series": ["province"] * 3 + ["pilot_avg"] * 3,
            "year": [2015, 2018, 2021] * 2,
            "value": [10.0, 12.0, 15.0, 11.0, 11.5, 12.0],
            "n": [1, 1, 1, 15, 15, 15],
        }
    )
    svg = brief.chart_svg(s, "th", 1, 20.0)
    assert svg.startswith("<svg") and svg.count("<polyline") == 2
    assert "2558" in svg and "2564" in svg  # B.E. years in Thai
    assert 'stroke-dasharray="8 4"' in svg  # the green threshold (20 lies within one span)
    far = brief.chart_svg(s, "en", 1, 5000.0)
    assert 'stroke-dasharray="8 4"' not in far and "2015" in far


@pytest.fixture(scope="module")
def shared(db_path):
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    yield con, brief.load_shared(con, "demo")
    con.close()


def test_gather_mae_hong_son(shared) -> None:
    con, sh = shared
    d = brief.gather(con, sh, "TH-58", "th", today=TODAY)
    assert d.name == "แม่ฮ่องสอน" and d.other_name == "Mae Hong Son"
    assert d.is_pilot and d.is_demo and d.kind == "demo"
    assert len(d.strip) == 17 and len(d.weak) == 3
    assert set(d.weak_rows["goal"]) == set(d.weak["goal"])
    assert d.headline.n_ranked_pilot == 15 and d.headline.n_ranked_all == 77
    assert d.chart_indicator is not None and d.chart_auto
    assert (d.series["series"] == "province").sum() >= 2
    assert len(d.partners) > 0 and d.n_activities >= len(d.partners)
    assert d.sources and "synthetic" in d.sources[0][0].lower()
    e = brief.gather(con, sh, "TH-58", "en", indicator="pov_headcount", today=TODAY)
    assert e.name == "Mae Hong Son" and not e.chart_auto and e.chart_indicator["indicator_id"] == "pov_headcount"


def test_html_is_self_contained_and_marked(shared) -> None:
    con, sh = shared
    d = brief.gather(con, sh, "TH-58", "en", today=TODAY)
    page = brief.build_html(d)
    assert "Mae Hong Son" in page and "9 Mar 2026" in page
    assert "DEMONSTRATION DATA" in page and 'class="watermark"' in page
    # nothing to fetch: no http(s) resource, fonts and charts inline
    for attr in ('src="http', "src='http", "url(http", 'href="http', "@import"):
        assert attr not in page
    assert "font/woff2;base64," in page


def test_html_escapes_data(shared) -> None:
    con, sh = shared
    d = brief.gather(con, sh, "TH-58", "en", today=TODAY)
    d.name = "<script>alert(1)</script>"
    page = brief.build_html(d)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_public_dataset_is_not_marked_demo(db_path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        sh = brief.load_shared(con, "public")
        d = brief.gather(con, sh, "TH-10", "th", today=TODAY)
    finally:
        con.close()
    page = brief.build_html(d)
    assert not d.is_demo and "ข้อมูลสาธิต (สังเคราะห์) –" not in page and 'class="watermark"' not in page
    assert d.sources and all("synthetic" not in s.lower() for s, _ in d.sources)


def test_unknown_province_and_dataset(shared, db_path) -> None:
    from lib.store.db import connect_read_only

    con, sh = shared
    with pytest.raises(ValueError):
        brief.gather(con, sh, "TH-00", "th")
    c = connect_read_only(db_path)
    try:
        with pytest.raises(ValueError):
            brief.load_shared(c, "nope")
    finally:
        c.close()


# ----------------------------------------------------------------------------- Chromium


@pytest.fixture(scope="module")
def renderer():
    if brief.chromium_problem():
        pytest.skip(brief.chromium_problem())
    with brief.Renderer() as r:
        yield r
    assert not r.blocked, f"the brief tried to fetch: {r.blocked}"


@needs_chromium
@needs_poppler
@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [
        ("TH-58", "th", "แม่ฮ่องสอน"),
        ("TH-58", "en", "Mae Hong Son"),
        ("TH-94", "th", "ปัตตานี"),
        ("TH-10", "en", "Bangkok"),
        ("TH-10", "th", "กรุงเทพมหานคร"),
    ],
)
def test_pdf_one_page_with_name(shared, renderer, tmp_path: Path, code: str, lang: str, name: str) -> None:
    con, sh = shared
    out = brief.render_brief(brief.gather(con, sh, code, lang, today=TODAY), renderer)
    assert out.pdf.startswith(b"%PDF")
    assert pdf_pages(out.pdf) == 1
    assert out.fits, f"{code}/{lang} overflowed even at the last fit level"
    text = pdf_text(out.pdf, tmp_path)
    assert name in text
    assert t("demo_mark", lang) in text  # demo values → the mark is on the page
    assert brief.date_text(TODAY, lang) in text


@needs_chromium
def test_every_pilot_fits_one_page_in_both_languages(shared, renderer) -> None:
    con, sh = shared
    levels = {}
    for lang in ("th", "en"):
        for code in PILOTS:
            out = brief.render_brief(brief.gather(con, sh, code, lang, today=TODAY), renderer)
            assert pdf_pages(out.pdf) == 1, (code, lang)
            assert out.fits, (code, lang)
            levels[(code, lang)] = out.level
    assert max(levels.values()) < len(brief.FIT_LEVELS)


@needs_chromium
@needs_poppler
def test_public_dataset_brief(db_path, renderer, tmp_path: Path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        pdf = brief.brief_pdf(con, "TH-10", "en", "public", renderer=renderer)
    finally:
        con.close()
    text = pdf_text(pdf, tmp_path)
    assert pdf_pages(pdf) == 1 and "Bangkok" in text
    assert t("demo_mark", "en") not in text and "DEMONSTRATION" not in text
    assert "Source:" in text and "SDG index" in text


@needs_chromium
@needs_poppler
def test_thai_shaping_matches_reference(renderer, tmp_path: Path) -> None:
    good = pdf_png(renderer.pdf(shaped_html()), tmp_path, "good")
    if os.environ.get("SDG_UPDATE_FIXTURES") == "1":
        FIXTURES.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "good.png", REFERENCE)
    from PIL import Image

    ref = np.asarray(Image.open(REFERENCE).convert("L"))
    assert ink_difference(good, ref) < 0.02, "Thai no longer renders like the reference"
    # The same text deliberately unshaped must differ clearly from the reference.
    spans = pdf_png(renderer.pdf(spans_html()), tmp_path, "spans")
    flat = pdf_png(renderer.pdf(no_features_html()), tmp_path, "flat")
    assert ink_difference(spans, ref) > 0.2
    assert ink_difference(flat, ref) > 0.035


@needs_chromium
def test_figure_png_offline_with_thai(renderer) -> None:
    import plotly.graph_objects as go
    from PIL import Image

    fig = go.Figure(go.Bar(x=["แม่ฮ่องสอน", "ปัตตานี"], y=[3, 5]))
    fig.update_layout(title="ตัวชี้วัดที่อ่อนที่สุด", font={"family": "Sarabun"})
    png = brief.figure_png(fig, 600, 360, 1.5, renderer=renderer)
    img = Image.open(io.BytesIO(png))
    assert img.size == (900, 540)
    grey = np.asarray(img.convert("L"))
    assert (grey < 128).mean() > 0.01  # something was drawn (bars, Thai labels)


@needs_chromium
def test_zip_of_briefs(db_path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        seen = []
        data = brief.briefs_zip(
            con, ("th", "en"), "demo", codes=["TH-58", "TH-94"], on_progress=lambda i, n: seen.append((i, n))
        )
    finally:
        con.close()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"sdg-brief-{c}-{lg}-demo-2024.pdf" for c in ("TH-58", "TH-94") for lg in ("th", "en"))
        assert all(pdf_pages(zf.read(n)) == 1 for n in names)
    assert seen[-1] == (4, 4)


@needs_chromium
def test_cli(db_path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    assert brief.main(["--province", "th-58", "--lang", "en", "--out", str(out), "--db", str(db_path)]) == 0
    assert pdf_pages(out.read_bytes()) == 1
    assert brief.main(["--province", "TH-00", "--out", str(tmp_path / "n.pdf"), "--db", str(db_path)]) == 2
    assert (
        brief.main(["--province", "TH-58", "--dataset", "nope", "--out", str(tmp_path / "n.pdf"), "--db", str(db_path)])
        == 2
    )


def test_pick_partners_spreads_over_sectors() -> None:
    p = pd.DataFrame(
        {
            "partner_id": list("abcdefg"),
            "partner": list("ABCDEFG"),
            "sector": ["gov", "gov", "gov", "acad", "intl", "intl", "intl"],
            "sector_sort": [1, 1, 1, 5, 7, 7, 7],
            "n": [3, 2, 1, 1, 5, 2, 1],
        }
    )
    got = brief.pick_partners(p, 4)
    assert list(got["partner_id"]) == ["a", "b", "d", "e"]  # one per sector first, then gov's second
    assert list(brief.pick_partners(p, 3)["partner_id"]) == ["a", "d", "e"]
    assert len(brief.pick_partners(p, 20)) == 7
