from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "talentbridge.opportunities"
    label = "opportunities"

    def ready(self) -> None:
        # the app registry is ready only now
        from talentbridge.core import work

        # the app registry is ready only now
        from .codes import RunStatus

        # the app registry is ready only now
        from .models import MatchRun

        work.register(work.WorkKind(
            name="match run", model=MatchRun, running=RunStatus.RUNNING,
            failed=RunStatus.FAILED, started_field="started_at",
            failed_fields=lambda message, now: {"error": message, "finished_at": now,
                                                "progress_message": "Failed"}))
