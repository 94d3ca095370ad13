from django.apps import AppConfig


class TenureConfig(AppConfig):
    name = "talentbridge.tenure"
    label = "tenure"
    verbose_name = "Tenure and exits"

    def ready(self) -> None:
        # the app registry is ready only now
        from . import signals  # noqa: F401  (connects the holder-change receivers)
