"""What core keeps in the database: when a user last looked at a page of finished work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from talentbridge.core.constraints import unique


class LastLook(models.Model):
    """When a user last opened a list of background work (match runs, imports), so that their
    home can say what finished since (talentbridge.core.waiting)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    page = models.CharField(max_length=60)
    looked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [unique("user", "page", name="one_last_look_per_user_and_page")]

    def __str__(self) -> str:
        return f"{self.page} looked at by user {self.user_id} at {self.looked_at}"
