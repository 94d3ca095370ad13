"""Critical posts (every board post of an organisation) and their succession plans.

A `BoardPost` belongs to its organisation; who holds it is public (NHS bodies publish their
boards), so posts are read without a viewer. A `Successor` row is about a named person and is
read only through `Successor.objects.visible_to(user)` or the succession services after the
succession policy decided (docs/succession.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import person_link

from .codes import BoardPostKind
from .codes import Readiness
from .codes import VacancyReason
from .codes import VacancyRisk


class BoardPost(Timestamped):
    """One board post of an organisation (a critical post), its incumbent and its risk."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="board_posts")
    kind = models.CharField("kind of post", max_length=20, choices=BoardPostKind.choices)
    title = models.CharField("post title", max_length=150)
    incumbent = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="board_posts", help_text="Empty when the post is vacant.")
    started_on = models.DateField("incumbent started on", null=True, blank=True)
    interim = models.BooleanField("interim", default=False,
                                  help_text="Held by an interim rather than substantively.")
    expected_vacancy_on = models.DateField("expected vacancy date", null=True, blank=True)
    vacancy_reason = models.CharField("reason for the expected vacancy", max_length=20,
                                      choices=VacancyReason.choices, blank=True)
    senior_independent_director = models.BooleanField(
        "senior independent director", default=False,
        help_text="This non-executive post is the board's senior independent director.")
    risk_override = models.CharField("vacancy risk (set by hand)", max_length=10,
                                     choices=VacancyRisk.choices, blank=True)
    risk_override_reason = models.TextField("reason for setting the risk", max_length=2000,
                                            blank=True)
    risk_overridden_by = by_user()
    risk_overridden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "kind", "title", "pk"]
        indexes = [models.Index(fields=["organisation", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(risk_override="") | ~Q(risk_override_reason=""),
                name="board_post_risk_override_has_reason"),
            models.CheckConstraint(
                condition=Q(vacancy_reason="") | Q(expected_vacancy_on__isnull=False),
                name="board_post_vacancy_reason_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.organisation}"

    @property
    def is_vacant(self) -> bool:
        return self.incumbent_id is None


class Successor(models.Model):
    """A person named in a post's succession plan, how ready they are, and whether they are
    the post's emergency cover (at most one per post)."""

    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="successors")
    person = person_link("succession_entries")
    readiness = models.CharField(max_length=3, choices=Readiness.choices)
    emergency_cover = models.BooleanField("emergency cover", default=False)
    talent_pool = models.ForeignKey("talent.TalentPool", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="successors")
    notes = models.TextField("notes", max_length=4000, blank=True,
                             help_text="Seen only by the plan's owners.")
    added_by = by_user()
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["post", "readiness", "pk"]
        constraints = [
            unique("post", "person", name="one_entry_per_successor"),
            unique("post", condition=Q(emergency_cover=True), name="one_emergency_cover_per_post"),
        ]

    def __str__(self) -> str:
        return f"Successor {self.person_id} for post {self.post_id} ({self.readiness})"
