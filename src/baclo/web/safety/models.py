"""What the safety rules found, questionnaire answers, and the health facts the rules need.

An :class:`Alert` copies everything of a :class:`baclo.safety.Alert` that a page shows (messages
in both languages, actions, crisis and no-driving flags), so that a stored alert reads the same
even after the rules' wording changes. ``key`` is the core's evidence key (rule id and the date or
value that triggered it): one alert per patient and key, so running the rules on every save does
not repeat an alert, and one open alert per rule, which new evidence updates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from baclo.safety import CoMedication, Severity, crisis_resources_to_dicts
from baclo.safety.medications import DeclaredMedication

SEVERITY_RANK = {s.value: s.rank for s in Severity}


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Alert(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_alerts"
    )
    rule = models.CharField(max_length=40)
    key = models.CharField(max_length=120)
    severity = models.CharField(max_length=8, choices=[(s.value, s.value) for s in Severity])
    title = models.JSONField()
    patient_message = models.JSONField()
    prescriber_message = models.JSONField()
    advice = models.JSONField()
    source = models.TextField()
    dates = models.JSONField(default=list)
    actions = models.JSONField(default=list)
    crisis = models.BooleanField(default=False)
    no_driving = models.BooleanField(default=False)
    #: The journal day whose save ran the rules (none when a questionnaire did).
    source_date = models.DateField(null=True, blank=True)
    #: The local day the rules raised it, or last updated it with new evidence.
    raised_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True)
    #: The patient has read it ("OK") or applied one of its actions: the banner stops showing it.
    patient_done_at = models.DateTimeField(null=True, blank=True)
    applied_action = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "key"], name="safety_one_alert_per_key"),
        ]
        indexes = [models.Index(fields=["patient", "status"])]

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    def to_dict(self) -> dict[str, Any]:
        """The core's JSON shape (``baclo.safety.Alert.to_dict``) plus what the database adds."""
        body = {
            "id": self.pk,
            "rule": self.rule,
            "severity": self.severity,
            "key": self.key,
            "title": self.title,
            "patient_message": self.patient_message,
            "prescriber_message": self.prescriber_message,
            "advice": self.advice,
            "source": self.source,
            "dates": self.dates,
            "actions": self.actions,
            "crisis": self.crisis,
            "no_driving": self.no_driving,
            "status": self.status,
            "created_at": self.created_at.isoformat(),
        }
        if self.crisis:
            body["crisis_resources"] = crisis_resources_to_dicts()
        return body


class QuestionnaireResponse(models.Model):
    """One scored questionnaire; only valid answers are ever stored (core validation first)."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaires"
    )
    instrument = models.CharField(max_length=16)
    answers = models.JSONField()
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=32)
    date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["patient", "instrument", "date"])]


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


class HealthProfile(models.Model):
    """Facts the safety rules need and the account does not hold, declared by the patient."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_profile"
    )
    #: :class:`baclo.safety.CoMedication` values.
    co_medications = models.JSONField(default=list, blank=True)
    #: Medicines declared by name, as written: ``[{"name": ..., "since": "YYYY-MM-DD"}]``, the day
    #: each was first declared (a new NSAID or diuretic matters for two weeks).
    medications = models.JSONField(default=list, blank=True)
    crcl_ml_min = models.FloatField(null=True, blank=True)
    #: AUDIT-C thresholds differ by sex.
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def declared_medications(self) -> list[DeclaredMedication]:
        """The stored names with their first day; a malformed row keeps its name, date unknown."""
        rows = self.medications if isinstance(self.medications, list) else []
        declared = []
        for row in rows:
            if not isinstance(row, dict) or not isinstance(row.get("name"), str):
                continue
            try:
                since = dt.date.fromisoformat(str(row.get("since")))
            except ValueError:
                since = None
            declared.append(DeclaredMedication(name=row["name"], since=since))
        return declared

    def co_medication_set(self) -> frozenset[CoMedication]:
        known = {m.value for m in CoMedication}
        declared = self.co_medications if isinstance(self.co_medications, list) else []
        return frozenset(CoMedication(v) for v in declared if isinstance(v, str) and v in known)
