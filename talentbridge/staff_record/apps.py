from django.apps import AppConfig


class StaffRecordConfig(AppConfig):
    name = "talentbridge.staff_record"
    label = "staff_record"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.core import backup
        from talentbridge.core import work

        # the app registry is ready only now
        from . import services
        from .models import FeedImport
        from .models import FeedStatus

        backup.register_folder("staff-record", services.storage_folder)

        # The upload is kept, so the import can be retried.
        work.register(work.WorkKind(
            name="leaders' feed import", model=FeedImport, running=FeedStatus.RUNNING,
            failed=FeedStatus.FAILED,
            failed_fields=lambda message, now: {"message": message, "finished_at": now}))
