from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "talentbridge.learning"
    label = "learning"
    verbose_name = "Learning log"
