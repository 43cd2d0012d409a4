"""The published report as a PDF (WeasyPrint): the same numbers as the dashboard and its CSV.

The page is rendered from the stats core's publishable JSON only (see :mod:`report`), with two
matplotlib figures (dose histogram, Kaplan-Meier curve) embedded as SVG data URIs, so rendering
fetches nothing. WeasyPrint needs Pango; ``.ci/run`` installs it (see reports/pdf.py).
"""

from __future__ import annotations

import base64
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from matplotlib import rc_context
from matplotlib.figure import Figure
from weasyprint import HTML

from baclo.web.reports.figures import BRAND, STYLE, WIDTH_IN

TEMPLATE = "survey/report_pdf.html"


def _data_uri(figure: Figure) -> str:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _histogram(bins: list[dict[str, Any]]) -> str | None:
    shown = [b for b in bins if b["count"] is not None]
    if not shown:
        return None
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, 2.4), layout="constrained")
        ax = figure.subplots()
        ax.bar(
            [b["from_mg"] for b in shown],
            [b["count"] for b in shown],
            width=18,
            align="edge",
            color=BRAND,
        )
        ax.set_xlabel(_("Effective dose (mg/day)"))
        ax.set_ylabel(_("People"))
        return _data_uri(figure)


def _km(curve: list[dict[str, Any]]) -> str | None:
    if not curve:
        return None
    with rc_context(STYLE):
        figure = Figure(figsize=(WIDTH_IN, 2.4), layout="constrained")
        ax = figure.subplots()
        ax.step(
            [p["day"] for p in curve],
            [100 * p["reached"] for p in curve],
            where="post",
            color=BRAND,
        )
        ax.set_ylim(0, 100)
        ax.set_xlabel(_("Days since the start"))
        ax.set_ylabel(_("Reached their effective dose (%)"))
        return _data_uri(figure)


def render_html(report: dict[str, Any], *, title: str, k: int) -> str:
    dose = report.get("effective_dose_mg") or {}
    km = report.get("time_to_effective") or {}
    context = {
        "report": report,
        "title": title,
        "k": k,
        "generated_at": timezone.localtime(),
        "histogram_svg": _histogram(dose.get("histogram") or []),
        "km_svg": _km(km.get("curve") or []),
        "subgroups": [
            (dimension.removeprefix("by_"), name, group)
            for dimension, members in report.get("subgroups", {}).items()
            for name, group in members.items()
        ],
    }
    return render_to_string(TEMPLATE, context)


def render_pdf(report: dict[str, Any], *, title: str, k: int) -> bytes:
    pdf: bytes = HTML(string=render_html(report, title=title, k=k)).write_pdf()
    return pdf
