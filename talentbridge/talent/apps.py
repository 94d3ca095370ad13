from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "talentbridge.talent"
    label = "talent"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.core import work

        # the app registry is ready only now
        from .reminders import send_due_reminders_task

        work.register_daily("reviews due reminders", send_due_reminders_task.enqueue)
