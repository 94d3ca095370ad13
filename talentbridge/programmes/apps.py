from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "talentbridge.programmes"
    label = "programmes"
    verbose_name = "Development programmes"
