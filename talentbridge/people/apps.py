from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talentbridge.people"
    label = "people"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.accounts.grants import register_profiles

        # the app registry is ready only now
        from .profiles import PeopleProfiles

        # Grants read profiles through this source: accounts sits below people.
        register_profiles(PeopleProfiles())
