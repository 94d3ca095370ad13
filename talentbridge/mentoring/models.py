"""Mentoring and coaching across organisations: who offers support, who asks for it, the
matching runs that pair them, and each relationship's goals, meetings and end reviews.

Every row here is about named people and is read only through ``Model.objects.visible_to(user)``
(the mentoring policy's row rules, `policy.py`) or by the mentoring services after the policy
decided (docs/mentoring.md).
"""

from __future__ import annotations

from django.db import models

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import NamedByNumber
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link
from talentbridge.core.scoping import ScopedManager

from .codes import GoalsMet
from .codes import GoalStatus
from .codes import MatchMethod
from .codes import RequestStatus
from .codes import SupportKind


class RowScopedManager(ScopedManager):
    """A scoped ``objects`` whose rule gives a filter on this model's own rows (the pair of a
    relationship, or its programme managers), not on Person: mentoring is narrower than the
    people policy."""

    def visible_to(self, who):
        return self._every_row().filter(self._rule()(who))


def _rows(rule: str) -> tuple[models.Manager, RowScopedManager]:
    """``unscoped, objects`` of a mentoring table, ``objects`` read by the policy's ``rule``."""
    return person_managers("", scoped=RowScopedManager,
                           rule=f"talentbridge.mentoring.policy.{rule}")


MAX_CAPACITY = 10


class MentoringOffer(Timestamped, NamedByNumber):
    """A leader's offer to mentor or coach: how many at once, the LCF domains and kinds of
    organisation they can help with, whether they will support leaders of other
    organisations, and whether the offer is active."""

    person = person_link("mentoring_offer", field=models.OneToOneField)
    as_mentor = models.BooleanField("as a mentor", default=True)
    as_coach = models.BooleanField("as a coach", default=False)
    capacity = models.PositiveSmallIntegerField(
        "how many leaders at once", default=1,
        help_text=f"From 1 to {MAX_CAPACITY}, counting the leaders you support now.")
    lcf_domains = models.JSONField("LCF domains you can help with", default=list)
    organisation_kinds = models.JSONField("kinds of organisation you know", default=list)
    across_organisations = models.BooleanField(
        "will support leaders of other organisations", default=True)
    active = models.BooleanField("active", default=True,
                                 help_text="Paused offers are left out of matching.")

    unscoped, objects = _rows("offer_rows")

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(
            condition=models.Q(capacity__gte=1, capacity__lte=MAX_CAPACITY),
            name="mentoring_offer_capacity_1_to_10")]

    @property
    def kinds(self) -> list[str]:
        return [k for k, on in ((SupportKind.MENTOR, self.as_mentor),
                                (SupportKind.COACH, self.as_coach)) if on]


class MentoringRequest(Timestamped, NamedByNumber):
    """A leader's request for a mentor or a coach: the LCF domains they need help with and
    their preferences."""

    person = person_link("mentoring_requests")
    kind = models.CharField("mentor or coach", max_length=10, choices=SupportKind.choices,
                            default=SupportKind.MENTOR)
    needs = models.JSONField("LCF domains you want help with", default=list)
    organisation_kinds = models.JSONField("kinds of organisation they should know",
                                          default=list, blank=True)
    wants_outside = models.BooleanField("someone from outside my organisation", default=True)
    preferences = models.TextField("anything else", max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)

    unscoped, objects = _rows("request_rows")

    class Meta:
        ordering = ["created_at", "pk"]


class DeclaredConflict(NamedByNumber):
    """Someone (by work e-mail) or an organisation a leader must never be paired with."""

    person = person_link("mentoring_conflicts")
    with_email = models.EmailField("their work e-mail address", blank=True)
    organisation = one_way_link("organisations.Organisation", models.CASCADE)
    reason = models.CharField("why (optional)", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = _rows("conflict_rows")

    class Meta:
        ordering = ["pk"]
        constraints = [models.CheckConstraint(
            condition=~models.Q(with_email="") | models.Q(organisation__isnull=False),
            name="mentoring_conflict_names_someone")]


class MatchingRun(models.Model):
    """A programme manager's matching over the open requests and active offers of a scope:
    both methods' proposals, until one method's are confirmed."""

    run_by = by_user(blank=False)
    scope_code = models.CharField("scope", max_length=10)
    scope_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict)
    confirmed_method = models.CharField(max_length=10, choices=MatchMethod.choices, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Mentoring matching run {self.pk}"


class MatchingProposal(models.Model):
    """One pair a method proposed in a run."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    method = models.CharField(max_length=10, choices=MatchMethod.choices)
    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(MentoringOffer, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    unscoped, objects = _rows("proposal_rows")

    class Meta:
        ordering = ["run", "method", "-score", "pk"]

    def __str__(self) -> str:
        return f"Proposal {self.pk} ({self.method}) of run {self.run_id}"


class MentoringRelationship(models.Model):
    """A mentor or coach and the leader they support, from the day it started until it ended."""

    mentor = person_link("mentoring_as_mentor")
    mentee = person_link("mentoring_as_mentee")
    kind = models.CharField(max_length=10, choices=SupportKind.choices,
                            default=SupportKind.MENTOR)
    started_on = models.DateField("started on")
    ended_on = models.DateField("ended on", null=True, blank=True)
    request = models.ForeignKey(MentoringRequest, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="relationships")
    run = models.ForeignKey(MatchingRun, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="relationships")

    unscoped, objects = _rows("relationship_rows")

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")),
                                   name="mentoring_nobody_mentors_themselves"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="mentoring_relationship_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} relationship {self.pk}"


class Goal(NamedByNumber):
    relationship = models.ForeignKey(MentoringRelationship, on_delete=models.CASCADE,
                                     related_name="goals")
    text = models.CharField("goal", max_length=500)
    status = models.CharField(max_length=10, choices=GoalStatus.choices,
                              default=GoalStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = _rows("goal_rows")

    class Meta:
        ordering = ["created_at", "pk"]


class Meeting(NamedByNumber):
    """A meeting of the pair: its date, and notes only if the pair write them (seen only by
    the pair)."""

    relationship = models.ForeignKey(MentoringRelationship, on_delete=models.CASCADE,
                                     related_name="meetings")
    met_on = models.DateField("date of the meeting")
    notes = models.TextField("notes (seen only by the two of you)", max_length=4000,
                             blank=True)
    written_by = models.ForeignKey("people.Person", null=True, on_delete=models.SET_NULL,
                                   related_name="+")

    unscoped, objects = _rows("meeting_rows")

    class Meta:
        ordering = ["met_on", "pk"]


class EndReview(NamedByNumber):
    """One side's review at the end of a relationship."""

    relationship = models.ForeignKey(MentoringRelationship, on_delete=models.CASCADE,
                                     related_name="end_reviews")
    by = person_link("+")
    goals_met = models.CharField("were the goals met?", max_length=10,
                                 choices=GoalsMet.choices)
    would_recommend = models.BooleanField("would you recommend this to a colleague?")
    comments = models.TextField("comments (seen only by the two of you)", max_length=2000,
                                blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = _rows("review_rows")

    class Meta:
        ordering = ["pk"]
        constraints = [unique("relationship", "by", name="one_end_review_per_side")]
