"""A person's own data: export everything, delete everything (privacy is not optional).

The export is one JSON document with every row that concerns the user: account, plan, journal,
care links, invitations and the access log of who else saw their data. Deleting the account
deletes all of it in one transaction (database cascades); the access log keeps, for other
patients, only the username of a deleted prescriber who had seen them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from baclo import __version__
from baclo.errors import FieldError
from baclo.web.accounts.models import User
from baclo.web.care.models import AccessLog, CareLink, Invitation, Plan
from baclo.web.care.services import get_plan, plan_payload, spec_dict
from baclo.web.care.unreadable import UnreadablePlanError
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today
from baclo.web.levels.models import IndividualEstimate
from baclo.web.phone.models import CalendarFeed, ReminderSettings, SentReminder, StockCount
from baclo.web.safety.models import Alert, HealthProfile, QuestionnaireResponse
from baclo.web.safety.services import entries_payload
from baclo.web.survey.models import PoolConsent

__all__ = ["EXPORTED_MODELS", "EXPORT_FORMAT", "delete_account", "export_user_data"]

EXPORT_FORMAT = "baclo-export/1"

# Every model that points at a user and what the export does with it; a test fails when a new
# model points at users without being listed here, so that nothing is left out of an export.
EXPORTED_MODELS = {
    "accounts.ApiToken": "account.api_tokens (dates only, never the key)",
    "accounts.UserSession": "not exported: browser sessions, deleted with the account",
    "accounts.User": "account (a prescriber's RPPS number and when it was verified)",
    "care.Plan": "plan",
    "journal.JournalEntry": "journal",
    "care.CareLink": "care_links",
    "care.Invitation": "invitations",
    "care.AccessLog": "access_log (as patient); as actor it is the other patient's record",
    "safety.Alert": "alerts",
    "safety.QuestionnaireResponse": "questionnaires",
    "safety.HealthProfile": "health_profile",
    "survey.PoolConsent": "pool_consent",
    "survey.Survey": "not personal data: a survey an association member wrote",
    "admin.LogEntry": "staff actions in the admin site, not personal health data",
    "phone.CalendarFeed": "reminders.calendar_feed (its date; the address is a credential)",
    "phone.ReminderSettings": "reminders.email",
    "phone.SentReminder": "reminders.sent",
    "phone.StockCount": "stock_counts",
    "levels.IndividualEstimate": "pk_estimates (as patient); as author it is the patient's record",
}


def _when(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _links(user: User) -> list[dict[str, Any]]:
    links = CareLink.objects.filter(patient=user) | CareLink.objects.filter(prescriber=user)
    return [
        {
            "patient": link.patient.get_username(),
            "prescriber": link.prescriber.get_username(),
            "status": link.status,
            "created_at": _when(link.created_at),
            "accepted_at": _when(link.accepted_at),
            "revoked_at": _when(link.revoked_at),
        }
        for link in links.select_related("patient", "prescriber").order_by("created_at")
    ]


def _health_profile(user: User) -> dict[str, Any] | None:
    profile = HealthProfile.objects.filter(patient=user).first()
    if profile is None:
        return None
    return {
        "co_medications": profile.co_medications,
        "medications": profile.medications,
        "crcl_ml_min": profile.crcl_ml_min,
        "sex": profile.sex,
        "updated_at": _when(profile.updated_at),
    }


def _pool_consent(user: User) -> dict[str, Any] | None:
    consent = PoolConsent.objects.filter(patient=user).first()
    if consent is None:
        return None
    return {"answer": consent.answer_id, "consented_at": _when(consent.consented_at)}


def _reminders(user: User) -> dict[str, Any]:
    feed = CalendarFeed.objects.filter(patient=user).first()
    settings = ReminderSettings.objects.filter(patient=user).first()
    return {
        "calendar_feed": None if feed is None else {"created_at": _when(feed.created_at)},
        "email": None
        if settings is None
        else {"enabled": settings.email_enabled, "minutes_before": settings.minutes_before},
        "sent": [
            {"date": r.date.isoformat(), "intake": r.planned_time.strftime("%H:%M")}
            for r in SentReminder.objects.filter(patient=user).order_by("date", "planned_time")
        ],
    }


def _stored_plan(plan: Plan) -> dict[str, Any]:
    """Every field of the plan's row as it is stored, whatever the current rules think of it."""

    def clock(value: dt.time | None) -> str | None:
        return None if value is None else value.strftime("%H:%M")

    return {
        **spec_dict(plan),
        "tapers": plan.tapers,
        "split": {
            "craving_onset": clock(plan.craving_onset),
            "wake": clock(plan.wake_time),
            "sleep": clock(plan.sleep_time),
            "mode": plan.split_mode,
        },
        "updated_at": _when(plan.updated_at),
    }


def _plan(plan: Plan | None) -> dict[str, Any] | None:
    """The plan with its days; one that the current rules refuse is exported as stored, with a
    note saying why (an export never fails: the data is the person's whatever its state)."""
    if plan is None:
        return None
    try:
        return plan_payload(plan, local_today())
    except UnreadablePlanError as error:
        return {"stored": _stored_plan(plan), "unreadable": error.explanation}


def export_user_data(user: User) -> dict[str, Any]:
    """Everything baclo stores about ``user``, as JSON-ready data."""
    plan = get_plan(user)
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "software": f"baclo {__version__}",
        "account": {
            "id": user.pk,
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "role": user.role,
            "language": user.language,
            "rpps": user.rpps,
            "verified_at": _when(user.verified_at),
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "api_tokens": [
                {"created_at": _when(t.created_at), "last_used_at": _when(t.last_used_at)}
                for t in user.api_tokens.order_by("created_at")
            ],
        },
        "plan": _plan(plan),
        "journal": entries_payload(
            user, JournalEntry.objects.filter(patient=user).order_by("date")
        ),
        "care_links": _links(user),
        "invitations": [
            {
                "code": i.code,
                "created_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "used_at": _when(i.used_at),
            }
            for i in Invitation.objects.filter(patient=user).order_by("created_at")
        ],
        "alerts": [a.to_dict() for a in Alert.objects.filter(patient=user).order_by("created_at")],
        "questionnaires": [
            {
                "instrument": q.instrument,
                "date": q.date.isoformat(),
                "answers": q.answers,
                "score": q.score,
                "band": q.band,
            }
            for q in QuestionnaireResponse.objects.filter(patient=user).order_by("date", "pk")
        ],
        "health_profile": _health_profile(user),
        "pool_consent": _pool_consent(user),
        "reminders": _reminders(user),
        "stock_counts": [
            {"counted_at": _when(c.counted_at), "half_tablets_by_strength_mg": c.halves}
            for c in StockCount.objects.filter(patient=user).order_by("counted_at", "pk")
        ],
        "pk_estimates": [
            {"created_at": _when(e.created_at), "levels": e.samples, "estimate": e.result}
            for e in IndividualEstimate.objects.filter(patient=user).order_by("created_at", "pk")
        ],
        "access_log": [
            {
                "who": log.actor_username,
                "action": log.action,
                "path": log.path,
                "ip": log.ip,
                "at": _when(log.at),
            }
            for log in AccessLog.objects.filter(patient=user).order_by("at", "pk")
        ],
    }


@transaction.atomic
def delete_account(user: User, password: Any) -> None:
    """Delete ``user`` and all their data, after checking their password again.

    The password is asked again so that a stolen session or token cannot erase a patient's
    record in one request.
    """
    if not isinstance(password, str) or not password:
        raise FieldError(
            "password", "your password is required to delete the account", code="required"
        )
    if not user.check_password(password):
        raise FieldError("password", "the password is not correct", code="mismatch")
    user.delete()
