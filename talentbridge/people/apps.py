from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talentbridge.people"
    label = "people"

    def ready(self) -> None:
        from talentbridge.accounts.grants import register_profiles

        from .profiles import PeopleProfiles

        # Grants read profiles through this source: accounts sits below people.
        register_profiles(PeopleProfiles())
