"""HTML to PDF with WeasyPrint: the report template, its two figures, one self-contained file.

WeasyPrint needs Pango (``libpango-1.0-0``, ``libpangoft2-1.0-0``) and HarfBuzz's subsetter
(``libharfbuzz-subset0``); ``.ci/run`` installs them on a fresh machine. The figures are embedded
as data URIs and the stylesheet is inline, so rendering fetches nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from baclo.web.reports import figures

TEMPLATE = "reports/report.html"


def render_html(report: Mapping[str, Any]) -> str:
    """The report as HTML in the active language (figures drawn in that language too)."""
    plan = report["plan"]
    pk = report["pk"]
    context = {
        **report,
        "generated_at": timezone.localtime(),
        "staircase_svg": figures.staircase(
            report["rows"], None if plan is None else plan["ceiling_mg"]
        ),
        "pk_svg": None if pk is None else figures.concentration(pk, plan["craving_onset"]),
    }
    return render_to_string(TEMPLATE, context)


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``; fetching anything but a ``data:`` URI fails the rendering.

    The report embeds all it shows, so a file or a URL that found its way into the HTML (through
    a patient's text, say) can never make the server read a local file or call an address.
    """
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf


def render_pdf(report: Mapping[str, Any]) -> bytes:
    return html_to_pdf(render_html(report))
