"""What many apps' models share: abstract bases and the managers of person-level tables.

Abstract bases add no table and leave each model's migrations as they were: a model's own
``class Meta`` still says its ordering, constraints and names.
"""

from __future__ import annotations

from django.db import models
from django.utils.text import capfirst

from talentbridge.core.model_fields import by_user
from talentbridge.core.scoping import ScopedManager


def person_managers(person_path: str = "person", *, scoped: type[ScopedManager] = ScopedManager,
                    **options) -> tuple[models.Manager, ScopedManager]:
    """``unscoped, objects`` of a model holding rows about named people (core/scoping.py):
    ``unscoped`` reads every row, for the allowlisted modules only (``UNSCOPED_MODULES``);
    ``objects`` (a ``scoped`` manager, given ``person_path`` and ``options`` such as its
    ``rule``) reads only through ``visible_to``.

    ``unscoped`` is made first, so it is the model's default manager."""
    unscoped = models.Manager()
    objects = scoped(person_path, **options)
    return unscoped, objects


class Timestamped(models.Model):
    """A row that keeps when it was made and when it last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class NamedByNumber(models.Model):
    """A row whose text (``str()``) is only its model's name and number ("Goal 12"), so that
    naming it (in a log, an error) shows nothing it holds."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{capfirst(self._meta.verbose_name)} {self.pk}"


class Tagged(models.Model):
    """A row with free-text ``tags`` separated by commas; the model declares the ``tags``
    field itself (plain or encrypted)."""

    class Meta:
        abstract = True

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


class UploadJob(models.Model):
    """An uploaded file that a background task checks and applies (``talentbridge.core.work``):
    who uploaded which file, the task's progress and claim on it, and the rows it rejected.
    Each model adds its own ``status`` (queued, running, then its finished states)."""

    source_filename = models.CharField(max_length=255)
    #: SHA-256 of the uploaded bytes: the same file uploaded again is recognised at once.
    file_hash = models.CharField(max_length=64, db_index=True)
    rows = models.PositiveIntegerField(default=0)
    uploaded_by = by_user()
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: 0-100 while running.
    progress = models.PositiveSmallIntegerField(default=0)
    #: Every rejected row, as a dict saying where and why.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    #: Where the upload waits for the background task.
    upload_path = models.CharField(max_length=500, blank=True)
    message = models.CharField(max_length=500, blank=True)
    #: Written regularly while the task runs; an old one means its worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    #: Which task is running it; only that task may finish it.
    work_token = models.CharField(max_length=32, blank=True)

    class Meta:
        abstract = True
