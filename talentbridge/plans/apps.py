from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "talentbridge.plans"
    label = "plans"
    verbose_name = "Development plans"
