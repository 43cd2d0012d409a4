"""The consent flow between a patient and a prescriber, as use cases shared by pages and API.

The patient creates a one-time code and hands it over (in person, by phone); the prescriber
enters it, which creates a *pending* link; only when the patient accepts does the link become
*active* and the prescriber see anything; the patient may revoke it at any time. A code is
8 characters from an alphabet without look-alikes (31^8, about 8.5e11 codes), lives 7 days and
works once, so guessing one is not a practical way in.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from baclo.errors import FieldError
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, Invitation, LinkStatus

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "INVITATION_LIFETIME",
    "accept_link",
    "create_invitation",
    "format_code",
    "links_of_patient",
    "normalise_code",
    "redeem_code",
    "revoke_link",
]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
INVITATION_LIFETIME = dt.timedelta(days=7)


def format_code(code: str) -> str:
    """``ABCD2345`` shown as ``ABCD-2345``, easier to read aloud."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str:
    """What a person typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def create_invitation(patient: User, *, now: dt.datetime | None = None) -> Invitation:
    """A new one-time code for ``patient``; their older unused codes stop working."""
    now = now or timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(patient=patient, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with transaction.atomic():
                    return Invitation.objects.create(
                        patient=patient, code=code, expires_at=now + INVITATION_LIFETIME
                    )
            except IntegrityError:
                continue  # the same code already exists: draw again


def redeem_code(prescriber: User, text: str, *, now: dt.datetime | None = None) -> CareLink:
    """The prescriber enters a patient's code: a pending link, waiting for the patient."""
    now = now or timezone.now()
    code = normalise_code(text)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise FieldError(
            "code", f"{text!r} is not a code of {CODE_LENGTH} characters", code="format"
        )
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(code=code).first()
        if invitation is None or not invitation.is_usable(now):
            raise FieldError("code", f"{text!r} is unknown, used or expired", code="invalid")
        live = CareLink.objects.filter(patient=invitation.patient, prescriber=prescriber).exclude(
            status=LinkStatus.REVOKED
        )
        if live.exists():
            raise FieldError("code", "this patient is already linked to you", code="duplicate")
        invitation.used_at, invitation.used_by = now, prescriber
        invitation.save(update_fields=["used_at", "used_by"])
        return CareLink.objects.create(
            patient=invitation.patient, prescriber=prescriber, status=LinkStatus.PENDING
        )


def links_of_patient(patient: User) -> QuerySet[CareLink]:
    """The patient's pending and active links, newest first (revoked ones are history)."""
    return (
        CareLink.objects.filter(patient=patient)
        .exclude(status=LinkStatus.REVOKED)
        .select_related("prescriber")
        .order_by("-created_at")
    )


def _own_link(patient: User, link_id: int, *statuses: LinkStatus) -> CareLink:
    link = (
        CareLink.objects.select_for_update()
        .filter(pk=link_id, patient=patient, status__in=statuses, prescriber__role=Role.PRESCRIBER)
        .first()
    )
    if link is None:
        raise Http404("no such link")
    return link


def accept_link(patient: User, link_id: int, *, now: dt.datetime | None = None) -> CareLink:
    """The patient lets this prescriber see their data from now on."""
    with transaction.atomic():
        link = _own_link(patient, link_id, LinkStatus.PENDING)
        link.status, link.accepted_at = LinkStatus.ACTIVE, now or timezone.now()
        link.save(update_fields=["status", "accepted_at"])
        return link


def revoke_link(patient: User, link_id: int, *, now: dt.datetime | None = None) -> CareLink:
    """The patient ends a link (pending or active); the prescriber loses access at once."""
    with transaction.atomic():
        link = _own_link(patient, link_id, LinkStatus.PENDING, LinkStatus.ACTIVE)
        link.status, link.revoked_at = LinkStatus.REVOKED, now or timezone.now()
        link.save(update_fields=["status", "revoked_at"])
        return link
