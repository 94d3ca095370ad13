from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talentbridge.people"
    label = "people"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.accounts.grants import register_profiles
        from talentbridge.core import work

        # the app registry is ready only now
        from .moves import apply_due_moves_task

        # the app registry is ready only now
        from .profiles import PeopleProfiles

        # Grants read profiles through this source: accounts sits below people.
        register_profiles(PeopleProfiles())
        work.register_daily("moves falling due", apply_due_moves_task.enqueue)
