"""Append-only audit events. Nothing in the app updates or deletes one; the database refuses
to as well (triggers created in migration 0002)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .codes import AuditAction


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=30, choices=AuditAction.choices, db_index=True)
    target_type = models.CharField(max_length=60, blank=True, db_index=True)
    target_id = models.CharField(max_length=40, blank=True, db_index=True)
    target_label = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    #: The client's IP address (talentbridge.core.addresses.client_address); none outside a
    #: web request (the command line, background tasks).
    client_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=10, blank=True, help_text="web, api or cli")
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        when = f"{self.occurred_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.actor_label} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")
