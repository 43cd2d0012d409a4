"""``{% timing_card patient %}``: the timing card, on any page that shows a patient."""

from __future__ import annotations

from typing import Any

from django import template

from baclo.web import clock
from baclo.web.accounts.models import User
from baclo.web.coverage import services

register = template.Library()


@register.inclusion_tag("coverage/_timing_card.html", takes_context=True)
def timing_card(context: template.Context, patient: User) -> dict[str, Any]:
    """The card of ``patient``; "apply to my plan" only when the patient is the one reading.

    The page that includes it has already checked that the reader may see ``patient``.
    """
    request = context["request"]
    return {
        "card": services.card_of(patient, clock.local_today()),
        "can_apply": request.user.pk == patient.pk,
        "csrf_token": context.get("csrf_token"),
    }
