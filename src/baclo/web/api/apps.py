from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "baclo.web.api"
    label = "api"
    verbose_name = "API"
