"""One journal entry per patient and day.

``data`` holds the validated API shape (``baclo.journal.entry_to_dict``), so that what was saved
is exactly what is served back; the denormalised columns feed charts and lists without parsing
JSON in the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class JournalEntry(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    date = models.DateField()
    data = models.JSONField()
    dose_mg = models.FloatField(default=0.0)
    craving_intensity = models.PositiveSmallIntegerField(null=True, blank=True)
    alcohol_g = models.FloatField(default=0.0)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="journal_one_entry_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} {self.date.isoformat()}"
