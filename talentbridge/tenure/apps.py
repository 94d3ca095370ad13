from django.apps import AppConfig


class TenureConfig(AppConfig):
    name = "talentbridge.tenure"
    label = "tenure"
    verbose_name = "Tenure and exits"
