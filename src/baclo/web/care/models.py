"""The prescriber side: invitations, care links, the treatment plan and the access log.

Consent flow (docs/architecture.md): the patient creates a one-time :class:`Invitation` code and
gives it to the prescriber; the prescriber enters it, which creates a *pending* :class:`CareLink`;
the patient accepts (*active*) and may revoke at any time (*revoked*). Only an active link lets a
prescriber see the patient, and every such read or change is written to :class:`AccessLog`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# docs/architecture.md, Product rules: default ceiling 80 mg/day (Baclocur label, ANSM 2017-2018);
# only a prescriber may raise it, with a recorded acknowledgement, and never above 300 mg/day (RTU
# 2014 maximum, ANSM 2021: no data beyond).
DEFAULT_CEILING_MG = 80
HARD_MAX_CEILING_MG = 300


class Invitation(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    code = models.CharField(max_length=16, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    def is_usable(self, now: dt.datetime) -> bool:
        return self.used_at is None and now < self.expires_at


class LinkStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class CareLink(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prescriber_links"
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="patient_links"
    )
    status = models.CharField(max_length=8, choices=LinkStatus.choices, default=LinkStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # A revoked link stays as history; a new invitation may create a new link.
            models.UniqueConstraint(
                fields=["patient", "prescriber"],
                condition=~Q(status="revoked"),
                name="care_one_live_link_per_pair",
            ),
        ]


class SplitMode(models.TextChoices):
    TARGETED = "targeted", _("Targeted")
    FRACTIONATED = "fractionated", _("Fractionated")


def default_tablets() -> list[float]:
    """One scored 10 mg tablet, the strength every French baclofen product has
    (``baclo.protocols.tablets.DEFAULT_TABLETS``)."""
    return [10]


class Plan(models.Model):
    """One plan per patient: protocol, start, ceiling and how a daily dose is split."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan"
    )
    protocol = models.CharField(max_length=32)
    start_date = models.DateField()
    ceiling_mg = models.PositiveSmallIntegerField(default=DEFAULT_CEILING_MG)
    # Who set the ceiling: a prescriber's ceiling overrides the patient's (docs/architecture.md).
    ceiling_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ceiling_ack_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ceiling_ack_at = models.DateTimeField(null=True, blank=True)
    params = models.JSONField(default=dict, blank=True)
    craving_onset = models.TimeField(null=True, blank=True)
    wake_time = models.TimeField(default=dt.time(7, 0))
    sleep_time = models.TimeField(default=dt.time(23, 0))
    split_mode = models.CharField(
        max_length=16, choices=SplitMode.choices, default=SplitMode.TARGETED
    )
    # The patient's tablet strengths in mg (scored), checked by baclo.protocols.tablets.TabletSet.
    tablets = models.JSONField(default=default_tablets)
    events = models.JSONField(default=list, blank=True)
    # The tapers in date order, each the input of baclo.protocols.taper.build_taper plus who
    # started it and the day it was stopped (see baclo.protocols.course); the last one is current.
    tapers = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ceiling_mg__gt=0, ceiling_mg__lte=HARD_MAX_CEILING_MG),
                name="care_plan_ceiling_within_hard_max",
            ),
            models.CheckConstraint(
                condition=Q(ceiling_mg__lte=DEFAULT_CEILING_MG)
                | Q(ceiling_ack_by__isnull=False, ceiling_ack_at__isnull=False),
                name="care_plan_high_ceiling_acknowledged",
            ),
        ]


class AccessAction(models.TextChoices):
    VIEW = "view", _("View")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    EXPORT = "export", _("Export")


class AccessLog(models.Model):
    """Append-only record of every read or change of a patient's data by someone else.

    The patient's own accesses are not logged: the log answers "who else saw my data".
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_username = models.CharField(max_length=150)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_logs"
    )
    action = models.CharField(max_length=8, choices=AccessAction.choices)
    path = models.CharField(max_length=500)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    @property
    def actor_name(self) -> str:
        """Who it was, by the name they chose; the login recorded once the account is gone."""
        return self.actor_username if self.actor is None else self.actor.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("the access log is append-only")
