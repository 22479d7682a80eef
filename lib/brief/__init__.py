"""Province brief: a one-page A4 PDF of one province, in Thai or English.

Route: HTML → the project's Chromium (Playwright, ``page.pdf``); the HTML carries everything
inline (fonts as ``data:`` URIs, charts as SVG) and the page gets no network.

What a brief holds: title block (province name, region, pilot status, SDG index, rank among
the pilots and among all provinces), the goal strip (SDSN status colour, score, trend arrow),
the three weakest goals with the indicators behind them, one small trend chart, the partners
active in the province, data vintage and sources, and a footer with the generation date (B.E.
in Thai) and dataset. Data of a ``demo`` dataset is marked on the page (ribbon, watermark,
footer) and in the PDF title. The catalogue and scores are the app's (lib.store.catalogue).

Trend chart: the indicator given (the app passes none), else the weakest indicator of the
weakest goal that has at least two years of values for the province; drawn with the
province, the mean of the pilots, the mean of all provinces, the published national figure
when there is one, and the green threshold.

Modules: data (what a brief shows), html (blocks and fit levels), svg (arrows, chart), fonts
(Sarabun inline), chromium (the one Chromium launcher), render (Chromium → PDF/PNG, ZIP),
cli (``python -m lib.brief``). No Streamlit here; lib.app.brief wraps these for the app.
"""

from lib.brief.chromium import chromium_problem
from lib.brief.render import brief_filename, brief_pdf, briefs_zip, figure_png, zip_filename

__all__ = ["brief_filename", "brief_pdf", "briefs_zip", "chromium_problem", "figure_png", "zip_filename"]
