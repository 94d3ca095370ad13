from django.apps import AppConfig


class DataRightsConfig(AppConfig):
    name = "talentbridge.data_rights"
    label = "data_rights"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.core import work

        # the app registry is ready only now
        from .erasure import erase_expired_task

        work.register_daily("retention periods passed", erase_expired_task.enqueue)
