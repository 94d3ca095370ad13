"""Workforce snapshots and WRES/WDES event files, imported from ESR-style exports.

The rows themselves never enter the relational database: a validated file is written once
as Parquet (by the insights engine) under ``settings.INSIGHTS_STORAGE_DIR`` and only its
summary lives here. A snapshot or event file is usable only when its status is ``ready``;
anything else (queued, running, rejected, failed, duplicate) is invisible to the figures,
so nothing is ever half-imported.

Every import declares its scope (``england``, ``region:Y62``, ``system:QOP`` or
``organisation:R0A``) and is ready only if it covers every NHS trust in that scope on its date;
figures for a scope come only from imports whose declared scope contains it (see
``services.snapshots_covering``).
"""

from __future__ import annotations

from django.db import models

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import UploadJob
from talentbridge.core.model_fields import one_way_link

from .codes import FINISHED
from .codes import EventKind
from .codes import ImportStatus


class ImportQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(status=ImportStatus.READY)


class ImportRecord(UploadJob):
    """What every import has: who, which file, its progress and what was wrong with it.

    Its ``errors`` are [{"line", "field", "value", "reason"}] (values redacted where they could
    hold a protected characteristic); its upload is deleted once the task has run."""

    #: The area the file is for and covers completely: ``england``, ``region:Y62``,
    #: ``system:QOP`` or ``organisation:R0A`` (see talentbridge.insights.scopes).
    scope_key = models.CharField("scope", max_length=40, default="england", db_index=True)
    #: SHA-256 of the validated rows in a canonical order (engine): same data, same hash.
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    #: Our column name -> the file's header, for files whose headers differ from ours.
    column_mapping = models.JSONField(default=dict, blank=True)
    organisations = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=ImportStatus.choices,
                              default=ImportStatus.QUEUED)
    #: Every rejected row as CSV, relative to settings.INSIGHTS_STORAGE_DIR (large files).
    errors_path = models.CharField(max_length=500, blank=True)
    #: The validated data, as Parquet, relative to settings.INSIGHTS_STORAGE_DIR.
    parquet_path = models.CharField(max_length=500, blank=True)
    #: Rows per organisation, {"RJ1": 1234, ...}: which organisations the file covers.
    per_organisation = models.JSONField(default=dict, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def scope_text(self) -> str:
        """The declared scope as shown in lists: England, or its key (``system:QOP``)."""
        return "England" if self.scope_key == "england" else self.scope_key


class WorkforceSnapshot(ImportRecord):
    """An ESR-style staff snapshot on one day: one row per member of staff."""

    as_of = models.DateField("as of", db_index=True)
    duplicate_of = one_way_link("self", models.SET_NULL)

    class Meta:
        ordering = ["-as_of", "-created_at"]
        get_latest_by = "as_of"
        constraints = [
            unique("scope_key", "as_of", condition=models.Q(status="ready"),
                   name="one_ready_snapshot_per_scope_and_day"),
        ]

    def __str__(self) -> str:
        return f"Workforce snapshot as of {self.as_of.isoformat()} ({self.source_filename})"


class EventFile(ImportRecord):
    """Recruitment, disciplinary or training events over a period (usually 12 months)."""

    kind = models.CharField(max_length=20, choices=EventKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    duplicate_of = one_way_link("self", models.SET_NULL)

    class Meta:
        ordering = ["-period_end", "kind", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="event_period_ends_after_it_starts",
            ),
            unique("kind", "scope_key", "period_start", "period_end",
                   condition=models.Q(status="ready"),
                   name="one_ready_event_file_per_scope_and_period"),
        ]

    def __str__(self) -> str:
        return (f"{self.get_kind_display()} events {self.period_start.isoformat()} to "
                f"{self.period_end.isoformat()} ({self.source_filename})")
