from django.apps import AppConfig


class PhoneConfig(AppConfig):
    name = "baclo.web.phone"
    label = "phone"
    verbose_name = "Phone companion"
