from django.apps import AppConfig


class SuccessionConfig(AppConfig):
    name = "talentbridge.succession"
    label = "succession"
    verbose_name = "Succession"
