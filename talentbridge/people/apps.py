from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talentbridge.people"
    label = "people"
