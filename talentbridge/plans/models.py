"""A leader's development plan: actions, each linked to what it develops (a Leadership
Competency Framework domain) or what it came from (a career conversation, an opportunity, a
development programme), with dated progress updates (docs/development-plans.md).

Every row is about a named person, so each model's `objects` reads only through
`visible_to(user)`; the plans services read `unscoped` after the plans policy decided.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link
from talentbridge.talent.frameworks import LcfDomain

from .codes import Progress

#: Actions still to do (overdue when their due date has passed).
OPEN_PROGRESS = (Progress.NOT_STARTED, Progress.IN_PROGRESS)


class DevelopmentPlan(Timestamped):
    """One per leader, made when the first action is added."""

    person = person_link("development_plan", field=models.OneToOneField)
    starts_on = models.DateField("plan started on")

    unscoped, objects = person_managers("person")

    def __str__(self) -> str:
        return f"Development plan of person {self.person_id}"


class PlanAction(Timestamped):
    """One action of a plan: what to do, what success looks like, by when, and how it goes."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField("action", max_length=200)
    success = models.TextField("what success looks like", max_length=2000, blank=True)
    due_on = models.DateField("due date")
    progress = models.CharField(max_length=20, choices=Progress.choices,
                                default=Progress.NOT_STARTED)
    percent = models.PositiveSmallIntegerField(
        "per cent done", null=True, blank=True, validators=[MaxValueValidator(100)])
    lcf_domain = models.PositiveSmallIntegerField(
        "LCF domain it develops", choices=LcfDomain.choices, null=True, blank=True)
    conversation = one_way_link("talent.CareerConversation", models.SET_NULL)
    opportunity = one_way_link("opportunities.Opportunity", models.SET_NULL)
    programme = one_way_link("programmes.Programme", models.SET_NULL)
    added_by = by_user()
    finished_on = models.DateField("done or dropped on", null=True, blank=True)

    unscoped, objects = person_managers("plan__person")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["progress", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(percent__isnull=True) | Q(percent__lte=100),
                                   name="plan_action_percent_0_to_100"),
        ]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(models.Model):
    """A dated progress note on an action, by the person or their line manager."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="updates")
    written_by = by_user()
    written_on = models.DateField()
    progress = models.CharField(max_length=20, choices=Progress.choices)
    percent = models.PositiveSmallIntegerField(null=True, blank=True,
                                               validators=[MaxValueValidator(100)])
    note = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = person_managers("action__plan__person")

    class Meta:
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"Update on action {self.action_id}"
