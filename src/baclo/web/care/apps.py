from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "baclo.web.care"
    label = "care"
    verbose_name = "Care"
