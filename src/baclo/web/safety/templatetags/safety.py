"""Template tags of the safety app: the alert banner of every page and the patient home panel.

``{% load safety %}{% safety_banner %}`` in the base layout shows, to a logged-in patient, the
alerts they have not handled yet: the crisis panel for dark thoughts (3114, 15, 112), "do not
drive or use machines" for sleep attacks, and one-tap suggestions. ``{% safety_home %}`` adds the
questionnaire reminders on the patient's home page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from baclo.safety import CRISIS_RESOURCES
from baclo.web import wording
from baclo.web.journal import services as journal_services
from baclo.web.safety import services

register = template.Library()


def _language() -> str:
    return "fr" if (get_language() or "fr").startswith("fr") else "en"


@register.filter
def localized(text: Any) -> str:
    """A core ``Text`` (or its stored ``{"en": ..., "fr": ...}``) in the page's language."""
    return wording.localized(text)


@register.filter
def protocol_name(protocol: str) -> str:
    """A protocol id as people name it: ``"rtu-2014"`` shows "RTU 2014"."""
    return wording.protocol_title(protocol)


@register.filter
def instrument_name(instrument_id: str) -> str:
    """A questionnaire id as people name it: ``"phq9"`` shows "PHQ-9"."""
    return wording.instrument_name(instrument_id)


@register.filter
def refusal(error: Any) -> str:
    """A refusal of the core (``FieldError``) as a sentence in the page's language."""
    return wording.error_message(error)


@register.filter
def co_medication(value: str) -> str:
    """A co-medication class in words: ``"z_drugs"`` shows "Somnifères (zolpidem, zopiclone)"."""
    return wording.co_medication_label(value)


@register.simple_tag
def band_name(instrument_id: str, band_id: str) -> str:
    """A score band in words: ``"zone_2"`` of the AUDIT shows its label, never the id."""
    return wording.band_name(instrument_id, band_id)


def _is_patient(context: template.Context) -> Any:
    user = context.get("user")
    return user is not None and user.is_authenticated and user.is_patient and user


#: The parts of the banner: ``all`` on every page; on Today, ``crisis`` (the crisis panel and
#: "do not drive") above the dose of the day and ``cards`` (the alerts) below it.
BANNER_PARTS = ("all", "crisis", "cards")


@register.inclusion_tag("safety/_banner.html", takes_context=True)
def safety_banner(context: template.Context, part: str = "all") -> dict[str, Any]:
    if part not in BANNER_PARTS:
        raise template.TemplateSyntaxError(
            f"safety_banner part {part!r} is not one of {BANNER_PARTS}"
        )
    patient = _is_patient(context)
    alerts = services.banner_alerts(patient, journal_services.local_today()) if patient else []
    language = _language()
    user = context.get("user")
    return {
        # Alert styles serve the prescriber's pages too (severity pills in the triage).
        "styled": user is not None and user.is_authenticated,
        "alerts": alerts,
        # Info suggestions fold into one line, so that today's dose stays near the top.
        "suggestions": [a for a in alerts if a.severity == "info"],
        "crisis": any(a.crisis for a in alerts),
        "no_driving": any(a.no_driving for a in alerts),
        "resources": [
            {
                "number": r.number,
                "label": r.label.get(language),
                "hours": r.hours.get(language),
            }
            for r in CRISIS_RESOURCES
        ],
        "show_crisis": part in ("all", "crisis"),
        "show_cards": part in ("all", "cards"),
        "csrf_token": context.get("csrf_token"),
        "next": context["request"].get_full_path() if "request" in context else "",
    }


@register.inclusion_tag("safety/_home.html", takes_context=True)
def safety_home(context: template.Context) -> dict[str, Any]:
    patient = _is_patient(context)
    return {
        "due": services.questionnaire_due(patient, journal_services.local_today())
        if patient
        else []
    }


@register.simple_tag
def open_alert_count(patient: Any) -> int:
    return len(services.open_alerts(patient))
