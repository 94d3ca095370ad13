from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "talentbridge.insights"
    label = "insights"
