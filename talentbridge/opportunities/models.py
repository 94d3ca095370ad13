"""Cross-organisation opportunities, interest in them, match runs and placements.

- `Opportunity`: posted by a talent lead of the host, reviewed (draft → submitted → published
  → closed).
- `Interest`: a leader's interest in an opportunity (or a talent lead's nomination).
- `ConflictOfInterest`: declared person / organisation pairs never matched.
- `MatchRun` and `Proposal`: one optimal match over a scope, stored with its parameters,
  weights, merit totals, greedy comparison and aggregate fairness table.
- `Placement`: an offer and everything after it (accept, two approvals, dates, completion).

A leader's mobility, readiness, aspiration and development needs are not here: matching reads
them from their talent profile (`talentbridge.talent.models.TalentProfile`), the one source.

Person-level reads go through `talentbridge.opportunities.services`, which applies
`Person.objects.visible_to(user)` and `talentbridge.opportunities.policy`.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models import Q

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link
from talentbridge.people.codes import PayBand

from .codes import BAND_RANK
from .codes import Aspiration
from .codes import Decision
from .codes import InterestSource
from .codes import InterestStatus
from .codes import OpportunityKind
from .codes import OpportunityStatus
from .codes import PlacementStatus
from .codes import PositiveActionGroup
from .codes import Reach
from .codes import RunScope
from .codes import RunStatus
from .codes import mask_to_domains

STATEMENT_MAX_LENGTH = 1000
MAX_PREFERENCE_RANK = 20


class Opportunity(Timestamped):
    title = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=OpportunityKind.choices)
    summary = models.TextField(max_length=2000)
    host = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                             related_name="hosted_opportunities",
                             verbose_name="host organisation")
    #: Where the opportunity is, fixed when it is posted from the host's membership that day.
    system = one_way_link("organisations.IntegratedCareSystem", models.PROTECT)
    region = one_way_link("organisations.Region", models.PROTECT)
    remote_possible = models.BooleanField("can be done remotely", default=False)
    time_percent = models.PositiveSmallIntegerField(
        "share of working time (%)", default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="100 for full time; less for part time.",
    )
    develops_mask = models.PositiveSmallIntegerField(
        "LCF domains it develops (bit mask)", default=0,
        validators=[MaxValueValidator(63)],
    )
    builds_towards = models.CharField(max_length=30, choices=Aspiration.choices, blank=True)
    band_min = models.CharField("lowest band", max_length=20, choices=PayBand.choices)
    band_max = models.CharField("highest band", max_length=20, choices=PayBand.choices)
    seats = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1),
                                                                     MaxValueValidator(500)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    closes_on = models.DateField("closing date")
    reach = models.CharField("who may see it", max_length=20, choices=Reach.choices,
                             default=Reach.SYSTEM)
    status = models.CharField(max_length=20, choices=OpportunityStatus.choices,
                              default=OpportunityStatus.DRAFT)
    posted_by = by_user(blank=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_by = by_user()
    published_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True,
                                   help_text="Why the reviewer sent it back, if they did.")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["closes_on", "title", "pk"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["status", "closes_on"]),
                   models.Index(fields=["host", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="opportunity_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(time_percent__gte=1, time_percent__lte=100),
                                   name="opportunity_time_percent_1_to_100"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="opportunity_has_a_seat"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def develops(self) -> list[int]:
        return mask_to_domains(self.develops_mask)

    @property
    def band_range(self) -> tuple[int, int]:
        return BAND_RANK[self.band_min], BAND_RANK[self.band_max]


class Interest(Timestamped):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE,
                                    related_name="interests")
    person = person_link("opportunity_interests")
    source = models.CharField(max_length=20, choices=InterestSource.choices,
                              default=InterestSource.SELF)
    statement = models.TextField(max_length=STATEMENT_MAX_LENGTH, blank=True)
    preference_rank = models.PositiveSmallIntegerField(
        null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PREFERENCE_RANK)])
    nominated_by = by_user()
    status = models.CharField(max_length=20, choices=InterestStatus.choices,
                              default=InterestStatus.ACTIVE)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["opportunity", "preference_rank", "pk"]
        constraints = [unique("opportunity", "person",
                              name="one_interest_per_person_per_opportunity")]
        indexes = [models.Index(fields=["opportunity", "status"])]

    def __str__(self) -> str:
        return f"Interest of person {self.person_id} in opportunity {self.opportunity_id}"


class ConflictOfInterest(models.Model):
    """A declared conflict: this person is never matched to this organisation."""

    person = person_link("conflicts_of_interest")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    declared_by = by_user(blank=False)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = person_managers("person")

    class Meta:
        verbose_name_plural = "conflicts of interest"
        constraints = [unique("person", "organisation",
                              name="one_conflict_per_person_organisation")]

    def __str__(self) -> str:
        return f"Conflict: person {self.person_id} / organisation {self.organisation_id}"


class MatchRun(models.Model):
    scope = models.CharField(max_length=20, choices=RunScope.choices)
    system = one_way_link("organisations.IntegratedCareSystem", models.PROTECT)
    region = one_way_link("organisations.Region", models.PROTECT)
    created_by = by_user(blank=False)
    created_at = models.DateTimeField(auto_now_add=True)
    #: engine.matching.scoring.Weights as a dict (points per part), fixed for the run.
    weights = models.JSONField(default=dict)
    release_cap = models.PositiveSmallIntegerField(
        "most leaders one organisation releases at once", null=True, blank=True)
    positive_action_group = models.CharField(max_length=20, blank=True,
                                             choices=PositiveActionGroup.choices)
    status = models.CharField(max_length=20, choices=RunStatus.choices,
                              default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: Written regularly while the run runs; an old one means its worker died
    #: (talentbridge.core.work).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    #: Which task is running it; only that task may finish it.
    work_token = models.CharField(max_length=32, blank=True)
    #: What went in and what came out (counts, merit totals, greedy comparison, seconds).
    #: Totals are merit points only: the solver's objective with the positive-action
    #: tie-break (merit × (candidates + 1) + people in the group) is never stored.
    candidates = models.PositiveIntegerField(default=0)
    opportunities = models.PositiveIntegerField(default=0)
    seats = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    exclusions = models.JSONField(default=dict, help_text="Pairs set aside, by hard rule.")
    merit_total = models.BigIntegerField(
        null=True, blank=True, help_text="Sum of the proposals' merit points.")
    placements = models.PositiveIntegerField(default=0)
    greedy_merit_total = models.BigIntegerField(
        null=True, blank=True, help_text="Sum of the merit points of the greedy pass's pairs.")
    greedy_placements = models.PositiveIntegerField(null=True, blank=True)
    solve_seconds = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    #: Aggregate, suppressed proposal rates by group (engine.matching.fairness); never per person.
    fairness = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="match_run_scope_has_its_target",
                condition=(Q(scope="system", system__isnull=False, region__isnull=True)
                           | Q(scope="region", region__isnull=False, system__isnull=True)
                           | Q(scope="national", system__isnull=True, region__isnull=True)),
            )
        ]

    def __str__(self) -> str:
        return f"Match run {self.pk} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.scope == RunScope.SYSTEM and self.system_id:
            return str(self.system)
        if self.scope == RunScope.REGION and self.region_id:
            return str(self.region)
        return "England"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)


class Proposal(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE,
                                    related_name="proposals")
    person = person_link("proposals")
    score = models.BigIntegerField(
        help_text="Merit points, as merit (the positive-action tie-break is never in it).")
    merit = models.IntegerField()
    #: Points per part (engine.matching.scoring.PART_NAMES), positive action left out.
    parts = models.JSONField(default=dict)
    #: Shown only to the person themselves (it reveals a protected characteristic).
    positive_action = models.BooleanField(default=False)
    explanation = models.TextField()

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["run", "opportunity", "-merit", "pk"]
        constraints = [unique("run", "person", name="one_proposal_per_person_per_run")]

    def __str__(self) -> str:
        return f"Proposal {self.pk} in run {self.run_id}"


class Placement(models.Model):
    """From the offer to completion. Both organisations must approve before it is agreed."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT,
                                    related_name="placements")
    #: Deleting a person (erasure, or the demo reset) deletes their placements with them.
    person = person_link("placements")
    proposal = models.OneToOneField(Proposal, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="placement")
    home_organisation = models.ForeignKey("organisations.Organisation",
                                          on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=PlacementStatus.choices,
                              default=PlacementStatus.OFFERED)
    offered_by = by_user(blank=False)
    offered_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_reason = models.CharField(max_length=500, blank=True)
    home_decision = models.CharField(max_length=20, choices=Decision.choices,
                                     default=Decision.PENDING)
    home_decided_by = by_user()
    home_reason = models.CharField(max_length=500, blank=True)
    home_decided_at = models.DateTimeField(null=True, blank=True)
    host_decision = models.CharField(max_length=20, choices=Decision.choices,
                                     default=Decision.PENDING)
    host_decided_by = by_user()
    host_reason = models.CharField(max_length=500, blank=True)
    host_decided_at = models.DateTimeField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    reflection = models.TextField("leader's reflection", max_length=3000, blank=True)
    host_feedback = models.TextField("host's feedback", max_length=3000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["-offered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="placement_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"Placement {self.pk}: person {self.person_id} at {self.opportunity_id}"

    @property
    def host_id(self) -> int:
        return self.opportunity.host_id


__all__ = [
    "ConflictOfInterest", "Interest", "InterestSource", "InterestStatus", "MatchRun",
    "Opportunity", "Placement", "Proposal", "RunInstance",
]


class RunInstance(models.Model):
    """The exact instance a run solved, as the zip of the engine's CSV files (for export)."""

    run = models.OneToOneField(MatchRun, on_delete=models.CASCADE, primary_key=True,
                               related_name="instance")
    archive = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Instance of match run {self.run_id}"
