from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "baclo.web.journal"
    label = "journal"
    verbose_name = "Journal"
