from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "baclo.web.coverage"
    label = "coverage"
    verbose_name = "Craving coverage"
