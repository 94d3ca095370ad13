from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talentbridge.people"
    label = "people"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.accounts.grants import register_profiles

        # the app registry is ready only now
        from talentbridge.audit.labels import register_person_names

        # the app registry is ready only now
        from talentbridge.core import work

        # the app registry is ready only now
        from .audit_names import PeopleNames

        # the app registry is ready only now
        from .moves import apply_due_moves_task

        # the app registry is ready only now
        from .profiles import PeopleProfiles

        # Grants read profiles through this source: accounts sits below people.
        register_profiles(PeopleProfiles())
        # The audit trail names people, as its viewer may see them, through this one.
        register_person_names(PeopleNames())
        work.register_daily("moves falling due", apply_due_moves_task.enqueue)
