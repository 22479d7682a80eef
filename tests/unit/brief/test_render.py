"""lib.brief.render: the Chromium route — one A4 page, the province name as extractable text,
Thai shaped like a known-good reference, every pilot fitting on one page in both languages, the
network cut, the ZIP, chart PNGs.

The shaping reference (tests/fixtures/brief/thai_shaping.png) was rendered through the same
route and checked by eye; to regenerate it after a deliberate change:
    SDG_UPDATE_FIXTURES=1 python -m pytest tests/unit/brief/test_render.py -k shaping
"""

from __future__ import annotations

import html as std_html
import io
import os
import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest

from lib.brief import data, fonts, html, render
from lib.i18n import t
from tests.unit.brief.helpers import (
    FIXTURES,
    TODAY,
    ink_difference,
    needs_chromium,
    needs_poppler,
    pdf_pages,
    pdf_png,
    pdf_text,
)

pytestmark = pytest.mark.slow

REFERENCE = FIXTURES / "thai_shaping.png"
SHAPING_TEXT = ("ที่นี่มีน้ำใจ ผู้ใหญ่บ้าน กรุงเทพมหานคร", "ปัตตานี แม่ฮ่องสอน ป้ายฟ้า กตัญญู")


def shaped_html() -> str:
    return fonts.sample_html("<br>".join(std_html.escape(line) for line in SHAPING_TEXT))


def spans_html() -> str:
    """Deliberately unshaped: every character its own inline box, letter-spaced, so no mark
    can attach to its base."""
    lines = [
        "".join(f'<span style="display:inline-block;letter-spacing:0.04em">{std_html.escape(c)}</span>' for c in line)
        for line in SHAPING_TEXT
    ]
    return fonts.sample_html("<br>".join(lines))


def no_features_html() -> str:
    """Deliberately unshaped: the font's Thai features off (glyph variants and mark positioning),
    so tone marks collide with vowels and descenders are not trimmed."""
    text = "<br>".join(std_html.escape(line) for line in SHAPING_TEXT)
    return fonts.sample_html(f"<span style=\"font-feature-settings:'ccmp' 0,'mark' 0,'mkmk' 0\">{text}</span>")


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
    out = render.render_brief(data.gather(con, sh, code, lang, today=TODAY), renderer)
    assert out.pdf.startswith(b"%PDF")
    assert pdf_pages(out.pdf) == 1
    assert out.fits, f"{code}/{lang} overflowed even at the last fit level"
    text = pdf_text(out.pdf, tmp_path)
    assert name in text
    assert t("demo_mark", lang) in text  # demo values → the mark is on the page
    assert html.date_text(TODAY, lang) in text


@needs_chromium
def test_every_pilot_fits_one_page_in_both_languages(shared, renderer) -> None:
    """Each brief prints at the lowest fit level that fits: that level's layout does not
    overflow, the one with more content (level - 1) does."""
    con, sh = shared
    assert len(sh.cat.pilot_codes) == 15
    for lang in ("th", "en"):
        for code in sh.cat.pilot_codes:
            d = data.gather(con, sh, code, lang, today=TODAY)
            out = render.render_brief(d, renderer)
            assert pdf_pages(out.pdf) == 1, (code, lang)
            assert out.fits, (code, lang)
            assert out.html == html.build_html(d, out.level)
            if out.level > 0:
                assert renderer.overflow(html.build_html(d, out.level - 1)) > 0.5, (code, lang, out.level)


@needs_chromium
def test_pages_get_no_network(renderer) -> None:
    """A request outside data:/about:/blob: is aborted and recorded (then taken off the
    record, which the fixture checks for the briefs)."""
    page = fonts.sample_html(
        '<img src="http://192.0.2.1/x.png"><link rel="stylesheet" href="https://example.invalid/a.css">ok'
    )
    before = len(renderer.blocked)
    pg = renderer.new_page()
    try:
        renderer.load(page, pg)
        assert pg.evaluate("() => document.images[0].naturalWidth") == 0  # nothing arrived
    finally:
        pg.context.close()
    tried = renderer.blocked[before:]
    del renderer.blocked[before:]
    assert "http://192.0.2.1/x.png" in tried and "https://example.invalid/a.css" in tried


@needs_chromium
@needs_poppler
def test_public_dataset_brief(db_path: Path, renderer, tmp_path: Path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        pdf = render.brief_pdf(con, "TH-10", "en", "public", renderer=renderer)
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
    png = render.figure_png(fig, 600, 360, 1.5, renderer=renderer)
    img = Image.open(io.BytesIO(png))
    assert img.size == (900, 540)
    grey = np.asarray(img.convert("L"))
    assert (grey < 128).mean() > 0.01  # something was drawn (bars, Thai labels)


@needs_chromium
def test_zip_of_briefs(db_path: Path) -> None:
    from lib.store.db import connect_read_only

    con = connect_read_only(db_path)
    try:
        seen: list[tuple[int, int]] = []
        zipped = render.briefs_zip(
            con, ("th", "en"), "demo", codes=["TH-58", "TH-94"], on_progress=lambda i, n: seen.append((i, n))
        )
    finally:
        con.close()
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"sdg-brief-{c}-{lg}-demo-2024.pdf" for c in ("TH-58", "TH-94") for lg in ("th", "en"))
        assert all(pdf_pages(zf.read(n)) == 1 for n in names)
    assert seen[-1] == (4, 4)


def test_file_names() -> None:
    assert render.brief_filename("TH-58", "th", "demo", 2024) == "sdg-brief-TH-58-th-demo-2024.pdf"
    assert render.zip_filename("en", "public", 2023) == "sdg-briefs-pilots-en-public-2023.zip"
