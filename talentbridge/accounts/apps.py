from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "talentbridge.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the start-up checks)
