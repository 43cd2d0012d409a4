"""``{% load phone %}``: what the base layout needs for the installable, offline-capable app.

``{% offline_pages %}`` lists, for a logged-in patient, the pages kept on the phone so that they
can be read without a network: today, the plan and the journal of the last
:data:`OFFLINE_JOURNAL_DAYS` days. ``{% offline_panel %}`` shows the journal's offline queue;
``{% stock_card patient %}`` and ``{% stock_report patient %}`` the tablets left.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse

from baclo.web.journal.services import local_today
from baclo.web.phone.pwa import OFFLINE_PAGES
from baclo.web.phone.stock import stock_status

register = template.Library()

OFFLINE_JOURNAL_DAYS = 14


@register.simple_tag(takes_context=True)
def offline_pages(context: template.Context) -> str:
    """Space-separated paths for ``data-offline-pages``; empty for anyone but a patient."""
    user: Any = context.get("user")
    if user is None or not user.is_authenticated or not user.is_patient:
        return ""
    return _offline_paths(local_today(), get_script_prefix())


@functools.lru_cache(maxsize=8)
def _offline_paths(today: dt.date, prefix: str) -> str:
    """The paths of :func:`offline_pages` on ``today`` under ``prefix`` (where the site is
    mounted): about twenty reversed addresses that change once a day, on every patient page."""
    days = [
        reverse("journal:day", args=[(today - dt.timedelta(days=back)).isoformat()])
        for back in range(OFFLINE_JOURNAL_DAYS)
    ]
    return " ".join([*(reverse(name) for name in OFFLINE_PAGES), *days])


@register.inclusion_tag("phone/_offline_panel.html", takes_context=True)
def offline_panel(context: template.Context) -> dict[str, Any]:
    """The place where the journal's offline queue shows what waits on the phone (patients)."""
    user: Any = context.get("user")
    return {"show": user is not None and user.is_authenticated and user.is_patient}


@register.inclusion_tag("phone/_stock_card.html", takes_context=True)
def stock_card(context: template.Context, patient: Any) -> dict[str, Any]:
    """The tablets left and the days they last, for the patient's Today page (``own``) or the
    prescriber's patient page."""
    user: Any = context.get("user")
    return {
        "status": stock_status(patient, local_today()),
        "own": user is not None and user.pk == patient.pk,
    }


@register.inclusion_tag("phone/_stock_report.html")
def stock_report(patient: Any) -> dict[str, Any]:
    """The same for the treatment report (PDF)."""
    return {"status": stock_status(patient, local_today())}
