from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "baclo.web.reports"
    label = "reports"
    verbose_name = "Reports"
