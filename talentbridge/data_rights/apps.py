from django.apps import AppConfig


class DataRightsConfig(AppConfig):
    name = "talentbridge.data_rights"
    label = "data_rights"
