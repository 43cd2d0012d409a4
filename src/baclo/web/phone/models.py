"""Reminders of a patient: the private calendar feed, e-mail settings, reminders already sent."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

#: The latest an e-mail reminder may come before its intake.
MAX_MINUTES_BEFORE = 120


def new_token() -> str:
    """192 random bits, URL-safe: the feed's URL is its only credential."""
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A patient's private calendar address (``/calendar/<token>.ics``).

    The token is kept readable, unlike API tokens, so that the patient can see the address
    and its QR code again to subscribe another device; revoking deletes the row, and a new
    address replaces the token (the old one answers 404 from then on).
    """

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)


class ReminderSettings(models.Model):
    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    email_enabled = models.BooleanField(default=False)
    minutes_before = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_before__lte=MAX_MINUTES_BEFORE),
                name="phone_reminder_lead_at_most_two_hours",
            )
        ]


class SentReminder(models.Model):
    """One e-mail reminder sent for one planned intake: the row is written before the message
    is sent, and its uniqueness is what keeps two runs of ``send-reminders`` from both sending."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    date = models.DateField()
    planned_time = models.TimeField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "date", "planned_time"], name="phone_one_reminder_per_intake"
            )
        ]


class StockCount(models.Model):
    """What a patient counted at home: half tablets of each strength (``{"10": 120}``), at a
    moment; the intakes logged after it count it down (:mod:`baclo.protocols.stock`)."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stock_counts"
    )
    counted_at = models.DateTimeField()
    halves = models.JSONField()

    class Meta:
        ordering = ["-counted_at", "-pk"]
