from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "talentbridge.board"
    label = "board"
    verbose_name = "Board members: FPPT and references"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.core import work

        # the app registry is ready only now
        from . import signals  # noqa: F401  (connects the departure receivers)

        # the app registry is ready only now
        from .reminders import send_fppt_reminders_task

        work.register_daily("FPPT items due reminders", send_fppt_reminders_task.enqueue)
