from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


def _revoke_pooling(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted account takes its pooled summary with it (the consent alone would cascade and
    leave the anonymous row behind)."""
    from baclo.web.survey.pooling import revoke

    revoke(instance)


class SurveyConfig(AppConfig):
    name = "baclo.web.survey"
    label = "survey"
    verbose_name = "Surveys"

    def ready(self) -> None:
        pre_delete.connect(
            _revoke_pooling, sender=settings.AUTH_USER_MODEL, dispatch_uid="survey-revoke-pooling"
        )
