from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "talentbridge.opportunities"
    label = "opportunities"
