from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "baclo.web.accounts"
    label = "accounts"
    verbose_name = "Accounts"
