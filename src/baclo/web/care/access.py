"""Who may see whose data, and the log of every access by someone other than the patient.

Views and API endpoints call :func:`patient_for` on their first line: it returns the patient or
raises ``Http404``, so that a forbidden patient is indistinguishable from one that does not exist
(docs/architecture.md (Contracts): ids leak nothing).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import AccessAction, AccessLog, CareLink, LinkStatus

__all__ = ["can_see", "linked_patients", "log_access", "patient_for"]


def linked_patients(prescriber: User) -> QuerySet[User]:
    """Patients who accepted ``prescriber`` and have not revoked them, by username."""
    return User.objects.filter(
        role=Role.PATIENT,
        is_active=True,
        prescriber_links__prescriber=prescriber,
        prescriber_links__status=LinkStatus.ACTIVE,
    ).order_by("username")


def can_see(user: User, patient: User) -> bool:
    """The patient themself, or a prescriber with an active care link."""
    if user.pk == patient.pk:
        return True
    return (
        user.role == Role.PRESCRIBER
        and CareLink.objects.filter(
            patient=patient, prescriber=user, status=LinkStatus.ACTIVE
        ).exists()
    )


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(
    actor: User, patient: User, action: AccessAction, request: HttpRequest | None = None
) -> None:
    """Append to the access log, unless the actor is the patient (their own reads are private)."""
    if actor.pk == patient.pk:
        return
    AccessLog.objects.create(
        actor=actor,
        actor_username=actor.get_username(),
        patient=patient,
        action=action,
        path=(request.get_full_path() if request is not None else "")[:500],
        ip=_client_ip(request),
    )


def patient_for(
    user: User,
    patient_id: int | str,
    *,
    action: AccessAction = AccessAction.VIEW,
    request: HttpRequest | None = None,
) -> User:
    """The patient ``patient_id`` if ``user`` may see them (and the access is logged), else 404."""
    try:
        patient = User.objects.get(pk=int(patient_id), role=Role.PATIENT, is_active=True)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("no such patient") from None
    if not can_see(user, patient):
        raise Http404("no such patient")
    log_access(user, patient, action, request)
    return patient
