from collections.abc import Collection
from typing import Any

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "baclo.web.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from baclo.web.care.services import read_clearance_with
        from baclo.web.journal.services import entry_saved

        entry_saved.connect(_run_rules_after_save, dispatch_uid="safety.run_rules_after_save")
        read_clearance_with(_declared_clearances)


def _declared_clearances(patient_ids: Collection[int]) -> dict[int, float]:
    """The clearances these patients declared in their health profile (the plan reads them)."""
    from baclo.web.safety.models import HealthProfile

    rows = HealthProfile.objects.filter(
        patient_id__in=patient_ids, crcl_ml_min__isnull=False
    ).values_list("patient_id", "crcl_ml_min")
    return dict(rows)


def _run_rules_after_save(*, patient: Any, date: Any, today: Any, **_: Any) -> None:
    """The rules run in the request that saved the day, so the next page shows what they found."""
    from baclo.web.safety.services import run_rules_or_warn

    run_rules_or_warn(patient, today, source_date=date)
