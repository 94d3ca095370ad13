"""Leaders' feeds from the staff record (ESR), one organisation at a time.

A :class:`FeedImport` is one uploaded file and what came of it: checked and applied in one
transaction, or rejected with every problem listed, or failed (to be retried). Its state,
progress and heartbeat are those of every upload (``core.model_bases.UploadJob``, ``core.work``).
A :class:`FeedAbsence` is a current person of the organisation whom an applied feed did not
list: the organisation administrator says whether they left the NHS, moved, or are still here.
"""

from __future__ import annotations

from django.db import models

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import UploadJob
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import person_link

from .codes import FINISHED
from .codes import Answer
from .codes import FeedStatus


class FeedImport(UploadJob):
    """One organisation's uploaded leaders' feed. Its ``errors`` are [{"row", "column", "value",
    "reason"}]; its upload is kept after a failure, for a retry."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(max_length=20, choices=FeedStatus.choices,
                              default=FeedStatus.QUEUED)
    #: What applying it did: {"created", "updated", "moved", "unchanged", "missing"}.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Leaders' feed {self.source_filename} for {self.organisation_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def changed_nothing(self) -> bool:
        s = self.summary or {}
        return (self.status == FeedStatus.APPLIED
                and not any(s.get(k) for k in ("created", "updated", "moved")))


class FeedAbsence(models.Model):
    """A current person of the organisation whom an applied feed did not list."""

    feed = models.ForeignKey(FeedImport, on_delete=models.CASCADE, related_name="absences")
    person = person_link("+")
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    answered_by = by_user()
    answered_at = models.DateTimeField(null=True, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["feed", "person"]
        constraints = [unique("feed", "person", name="one_absence_per_feed_and_person")]

    def __str__(self) -> str:
        return f"Absent from feed {self.feed_id}: person {self.person_id}"
