from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "talentbridge.support"
    label = "support"
    verbose_name = "Support for chief executives"
