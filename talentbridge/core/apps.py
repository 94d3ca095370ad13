from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared NHS design system layer: layout, form rendering, generic pages."""

    name = "talentbridge.core"
    label = "core"
    verbose_name = "TalentBridge core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the start-up checks)
