from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "baclo.web.safety"
    label = "safety"
    verbose_name = "Safety"
