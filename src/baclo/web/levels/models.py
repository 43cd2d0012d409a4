"""The individual estimate of a patient's pharmacokinetics, from measured levels.

Each row is one individualisation (:func:`baclo.pk.bayes.individualise`): the levels it used, the
whole result as json (MAP, Laplace covariance, fit, sources) and the three MAP values as columns
for other features to read (``latest_for(patient).summary()`` gives a
:class:`~baclo.pk.bayes.PosteriorSummary`: ``person()`` model, posterior draws). Rows are never
edited: a new level gives a new row, the latest one is the current estimate.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from baclo.pk.bayes import PosteriorSummary


class IndividualEstimate(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pk_estimates"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    model_id = models.CharField(max_length=40)
    #: The levels as entered: ``[{"taken_at": ISO local time, "value": N, "unit": "ng/mL"}]``.
    samples = models.JSONField()
    #: :meth:`baclo.pk.bayes.Individualisation.to_dict`.
    result = models.JSONField()
    ka_per_h = models.FloatField()
    cl_l_per_h = models.FloatField()
    v_l = models.FloatField()
    crcl_ml_min = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["patient", "-created_at"], name="levels_latest")]

    def __str__(self) -> str:
        return f"{self.patient_id} {self.created_at:%Y-%m-%d} CL/F {self.cl_l_per_h:.3g} L/h"

    def summary(self) -> PosteriorSummary:
        """The stored estimate as the core's value object (raises DataError if malformed)."""
        return PosteriorSummary.from_dict(self.result)

    @property
    def parameters(self) -> dict[str, Any]:
        result: dict[str, Any] = self.result["parameters"]
        return result


def latest_for(patient: Any) -> IndividualEstimate | None:
    """The patient's current individual estimate, or None."""
    return IndividualEstimate.objects.filter(patient=patient).first()
