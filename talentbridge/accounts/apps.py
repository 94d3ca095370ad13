from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talentbridge.accounts"
    label = "accounts"
