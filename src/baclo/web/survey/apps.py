from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "baclo.web.survey"
    label = "survey"
    verbose_name = "Surveys"
