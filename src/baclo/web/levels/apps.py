from django.apps import AppConfig


class LevelsConfig(AppConfig):
    name = "baclo.web.levels"
    label = "levels"
    verbose_name = "Measured levels"
