"""Helpers of the brief tests: reading PDFs (pypdf for pages, poppler for text and pixels) and
the skip marks for a machine without Chromium or poppler.

Text extraction: Chromium writes each Thai cluster whose glyphs are contextual variants (a tone
mark lowered or shifted left, a consonant without its descender) inside /ActualText, as the PDF
standard provides; poppler's pdftotext (like Acrobat) reads it, pypdf does not (it returns NUL
for such glyphs). So names are checked with pdftotext; pypdf counts pages."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from lib.brief.chromium import chromium_problem
from lib.core.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "brief"
TODAY = dt.date(2026, 3, 9)

needs_chromium = pytest.mark.skipif(chromium_problem() is not None, reason=f"no Chromium: {chromium_problem()}")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None, reason="poppler-utils not installed"
)


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
