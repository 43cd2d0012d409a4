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
        read_clearance_with(_declared_clearance)


def _declared_clearance(patient_id: int) -> float | None:
    """The clearance the patient declared in the health profile (the plan reads it)."""
    from baclo.web.safety.models import HealthProfile

    values = HealthProfile.objects.filter(patient_id=patient_id).values_list(
        "crcl_ml_min", flat=True
    )
    return next(iter(values), None)


def _run_rules_after_save(*, patient: Any, date: Any, today: Any, **_: Any) -> None:
    """The rules run in the request that saved the day, so the next page shows what they found."""
    from baclo.web.safety.services import run_rules_or_warn

    run_rules_or_warn(patient, today, source_date=date)
