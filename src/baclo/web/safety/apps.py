from typing import Any

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "baclo.web.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from baclo.web.journal.services import entry_saved

        entry_saved.connect(_run_rules_after_save, dispatch_uid="safety.run_rules_after_save")


def _run_rules_after_save(*, patient: Any, date: Any, today: Any, **_: Any) -> None:
    """The rules run in the request that saved the day, so the next page shows what they found."""
    from baclo.web.safety.services import run_rules_or_warn

    run_rules_or_warn(patient, today, source_date=date)
