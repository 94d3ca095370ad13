"""Tenure and exits of chief executives and board members, and each organisation's NHS
Oversight Framework segment over time (docs/tenure.md).

A `PostHolding` is one person's time in one board post. Holdings open and close as the
succession app's posts change holder (signals.py); the exit reason is recorded afterwards on the
tenure pages. A holding is about a named person, so it is read only through the tenure services
after the tenure policy decided (or `PostHolding.objects.visible_to(user)`).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.succession.models import BoardPostKind

from .codes import ExitReason

#: Words in a career-history role title that make it a chief executive post.
CHIEF_EXECUTIVE_WORDS = "chief executive"


class PostHolding(Timestamped):
    """One person's time in one board post: from ``started_on`` until ``ended_on`` (empty
    while they are in post), interim or substantive, and why they left.

    ``first_time`` is True when a chief executive holding is the person's first chief
    executive post: on save, when it is not set, it is worked out from the person's earlier
    chief executive holdings and their career history (a role titled "chief executive" that
    started earlier). Holdings of other kinds of post are never first-time."""

    post = models.ForeignKey("succession.BoardPost", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="holdings")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="post_holdings")
    kind = models.CharField("kind of post", max_length=20, choices=BoardPostKind.choices)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="post_holdings",
        help_text="Empty once the person is erased: the holding's dates and reason stay for "
                  "the tenure figures, without a name.")
    started_on = models.DateField("started on")
    ended_on = models.DateField("left on", null=True, blank=True,
                                help_text="Empty while they are in post.")
    interim = models.BooleanField("interim", default=False)
    exit_reason = models.CharField("reason for leaving", max_length=20,
                                   choices=ExitReason.choices, blank=True)
    interim_followed = models.BooleanField(
        "an interim followed", null=True, blank=True,
        help_text="Did an interim hold the post after they left? Empty until known.")
    first_time = models.BooleanField("first chief executive post", null=True, blank=True)
    exit_recorded_by = by_user()

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["organisation", "kind", "-started_on", "pk"]
        indexes = [models.Index(fields=["organisation", "kind", "started_on"]),
                   models.Index(fields=["kind", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="holding_ends_after_it_starts"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=False) | Q(exit_reason=""),
                name="holding_in_post_has_no_exit_reason"),
            unique("post", condition=Q(ended_on__isnull=True), name="one_open_holding_per_post"),
        ]

    def __str__(self) -> str:
        return f"Holding {self.pk} of {self.kind} at {self.organisation_id} by {self.person_id}"

    def save(self, *args, **kwargs):
        if self.first_time is None:
            self.first_time = self._is_first_chief_executive_post()
        super().save(*args, **kwargs)

    @property
    def in_post(self) -> bool:
        return self.ended_on is None

    def _is_first_chief_executive_post(self) -> bool:
        if self.kind != BoardPostKind.CHIEF_EXECUTIVE or self.person_id is None:
            return False
        earlier = PostHolding.unscoped.filter(
            person_id=self.person_id, kind=BoardPostKind.CHIEF_EXECUTIVE,
            started_on__lt=self.started_on).exclude(pk=self.pk or 0)
        if earlier.exists():
            return False
        person = self.person
        return not person.career_history.filter(
            started_on__lt=self.started_on,
            role_title__icontains=CHIEF_EXECUTIVE_WORDS).exists()


class OversightSegment(models.Model):
    """An organisation's NHS Oversight Framework segment from the start of a quarter: 1 to 4
    (2021/22 to 2024/25; 2026/27 by fixed thresholds), or 5 (2025/26: intensive support)."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="oversight_segments")
    effective_from = models.DateField("effective from",
                                      help_text="The first day of the quarter.")
    segment = models.PositiveSmallIntegerField(
        "segment", validators=[MinValueValidator(1), MaxValueValidator(5)])
    framework_year = models.CharField("framework year", max_length=7,
                                      help_text='For example "2025/26".')
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "effective_from"]
        constraints = [
            unique("organisation", "effective_from", name="one_segment_per_organisation_quarter"),
            models.CheckConstraint(condition=Q(segment__gte=1) & Q(segment__lte=5),
                                   name="segment_between_1_and_5"),
        ]

    def __str__(self) -> str:
        return f"Segment {self.segment} from {self.effective_from} ({self.organisation_id})"
