from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "talentbridge.insights"
    label = "insights"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.core import backup
        from talentbridge.core import work

        # the app registry is ready only now
        from . import storage
        from .models import EventFile
        from .models import ImportStatus
        from .models import WorkforceSnapshot

        backup.register_folder("insights", storage.root)

        # The upload is kept, so the import can be retried.
        for name, model in (("snapshot import", WorkforceSnapshot),
                            ("events import", EventFile)):
            work.register(work.WorkKind(
                name=name, model=model, running=ImportStatus.RUNNING,
                failed=ImportStatus.FAILED,
                failed_fields=lambda message, now: {"message": message, "finished_at": now}))
