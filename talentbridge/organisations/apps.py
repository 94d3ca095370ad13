from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "talentbridge.organisations"
    label = "organisations"
