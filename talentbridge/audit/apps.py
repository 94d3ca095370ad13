from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "talentbridge.audit"
    label = "audit"
