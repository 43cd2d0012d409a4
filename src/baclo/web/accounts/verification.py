"""Verified prescribers: anyone may register as a prescriber, only the association's staff may
vouch for one, after checking the RPPS number they entered against the public directory.

An unverified prescriber may still ask a patient for a link (the patient sees "unverified" on
the request and decides), and may set a plan up to the label maximum (80 mg/day); raising a
ceiling above it takes a verified prescriber (``care.services``). Verification is done on the
staff page (``/staff/prescribers/``) or with ``baclo manage verify_prescriber``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from baclo.errors import FieldError
from baclo.identifiers import parse_rpps
from baclo.web.accounts.models import Role, User

__all__ = ["revoke_verification", "verify_prescriber"]


@transaction.atomic
def verify_prescriber(
    prescriber: User, *, by: User | None, rpps: str | None = None, now: dt.datetime | None = None
) -> User:
    """Mark ``prescriber`` verified by ``by`` (a staff member; ``None`` from the command line).

    ``rpps`` replaces the number they entered (a typo fixed by staff). Refused with a
    ``FieldError`` for an account that is not a prescriber's, a missing or malformed number, or
    a number another verified account already holds.
    """
    if prescriber.role != Role.PRESCRIBER:
        raise FieldError("user", f"{prescriber.get_username()} is not a prescriber", code="role")
    number = parse_rpps("rpps", prescriber.rpps if rpps is None else rpps)
    holder = (
        User.objects.filter(rpps=number, verified_at__isnull=False)
        .exclude(pk=prescriber.pk)
        .first()
    )
    if holder is not None:
        raise FieldError(
            "rpps", f"{number} is already verified for {holder.get_username()}", code="duplicate"
        )
    prescriber.rpps = number
    prescriber.verified_at = now or timezone.now()
    prescriber.verified_by = by
    prescriber.save(update_fields=["rpps", "verified_at", "verified_by"])
    return prescriber


def revoke_verification(prescriber: User) -> User:
    """Back to unverified (a number found wrong later); links and plans stay as they are."""
    prescriber.verified_at = None
    prescriber.verified_by = None
    prescriber.save(update_fields=["verified_at", "verified_by"])
    return prescriber
