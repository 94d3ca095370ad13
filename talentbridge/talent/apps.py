from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "talentbridge.talent"
    label = "talent"
