"""``{% load phone %}``: what the base layout needs for the installable, offline-capable app.

``{% offline_pages %}`` lists, for a logged-in patient, the pages kept on the phone so that they
can be read without a network: today, the plan and the journal of the last
:data:`OFFLINE_JOURNAL_DAYS` days.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse

from baclo.web.journal.services import local_today
from baclo.web.phone.pwa import OFFLINE_PAGES

register = template.Library()

OFFLINE_JOURNAL_DAYS = 14


@register.simple_tag(takes_context=True)
def offline_pages(context: template.Context) -> str:
    """Space-separated paths for ``data-offline-pages``; empty for anyone but a patient."""
    user: Any = context.get("user")
    if user is None or not user.is_authenticated or not user.is_patient:
        return ""
    today = local_today()
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
