from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "privacyreq.accounts"
    label = "accounts"
    verbose_name = "Accounts"
