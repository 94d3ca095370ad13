from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "talentbridge.notifications"
    label = "notifications"
