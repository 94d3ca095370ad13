"""The learning log: a leader's private, reflective entries, who each is shared with, and the
library of anonymised lessons (docs/learning-log.md).

An `Entry` is read only by its author and by the people it is currently shared with
(`policy.py`); its text is encrypted at rest (`crypto.EncryptedTextField`). Neither the entry
nor its share ever says what it holds in ``str()`` or ``repr()``.

A `Lesson` is published anonymously: it holds no author, no entry and no time finer than the
month; its key is random, so neither its key nor the order of keys says when it was written.
"""

from __future__ import annotations

import uuid

from django.db import models

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import NamedByNumber
from talentbridge.core.model_bases import Tagged
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link
from talentbridge.talent.frameworks import LcfDomain

from .codes import EntryKind
from .codes import ShareRoute
from .crypto import EncryptedTextField

OWN_ENTRIES = "talentbridge.learning.policy.own_entries_filter"


class Entry(Timestamped, NamedByNumber, Tagged):
    """One entry of a leader's learning log. Every text field is encrypted at rest."""

    person = person_link("learning_entries")
    kind = models.CharField(max_length=20, choices=EntryKind.choices,
                            default=EntryKind.REFLECTION)
    happened_on = models.DateField("date")
    lcf_domain = models.PositiveSmallIntegerField("Leadership Competency Framework domain",
                                                  choices=LcfDomain.choices, null=True,
                                                  blank=True)
    title = EncryptedTextField("title", blank=True)
    what_happened = EncryptedTextField("what happened", blank=True)
    what_i_learnt = EncryptedTextField("what I learnt", blank=True)
    do_differently = EncryptedTextField("what I would do differently", blank=True)
    tags = EncryptedTextField("tags", blank=True)
    # A learning review's questions about the system around the person (EntryKind.LEARNING_REVIEW)
    circumstances = EncryptedTextField("what was happening around you", blank=True)
    pressures = EncryptedTextField("pressures", blank=True)
    information = EncryptedTextField("information available", blank=True)
    system_factors = EncryptedTextField("what the system made easy or hard", blank=True)
    choices_made = EncryptedTextField("my own choices", blank=True)

    unscoped, objects = person_managers("person", rule=OWN_ENTRIES)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = "learning log entry"
        verbose_name_plural = "learning log entries"

    def __repr__(self) -> str:
        return f"<Entry {self.pk}>"


class Share(models.Model):
    """An entry shared by its author with one named person: their mentor or coach (while the
    mentoring relationship runs) or their line manager (while they manage the author)."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="shares")
    person = person_link("learning_shares_received")
    route = models.CharField(max_length=20, choices=ShareRoute.choices)
    relationship = one_way_link("mentoring.MentoringRelationship", models.CASCADE)
    shared_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = person_managers("entry__person", rule=OWN_ENTRIES)

    class Meta:
        ordering = ["entry", "pk"]
        constraints = [
            unique("entry", "person", name="learning_share_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"Learning log share {self.pk}"

    def __repr__(self) -> str:
        return f"<Share {self.pk}>"


class Lesson(Tagged):
    """An anonymised lesson in the library: no author, no entry, the month only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField("title", max_length=150)
    text = models.TextField("the lesson", max_length=6000)
    lcf_domain = models.PositiveSmallIntegerField("Leadership Competency Framework domain",
                                                  choices=LcfDomain.choices, null=True,
                                                  blank=True)
    tags = models.CharField("tags", max_length=300, blank=True)
    published_month = models.DateField("month published",
                                       help_text="Always the first day of the month.")

    class Meta:
        ordering = ["-published_month", "title", "id"]

    def __str__(self) -> str:
        return f"Lesson: {self.title}"


class LessonReport(models.Model):
    """A reader's report that a lesson may identify someone, for an administrator to act on."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="reports")
    reason = models.TextField("why", max_length=2000)
    reported_by = by_user(blank=False)
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return f"Report {self.pk} of a lesson"
