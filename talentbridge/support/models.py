"""Support for chief executives and board members: check-ins with their regional lead,
support offers, and the leadership compact with its pulse (docs/support.md).

Check-ins, offers and pulse answers are about a named leader: their ``objects`` managers read
only through ``visible_to`` with the support policy's own rules (a check-in or offer: the
leader and the regional leads of their region; a pulse answer: the leader alone).
Commitments and pulse rounds are about bodies, not people.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import NamedByNumber
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from .codes import Agreement
from .codes import CommitmentStatus
from .codes import OfferKind
from .codes import OfferStatus
from .codes import Pressure

LEADER_RULE = "talentbridge.support.policy.supported_people_filter"
OWN_RULE = "talentbridge.support.policy.own_person_filter"


class CheckIn(models.Model):
    """A conversation between a chief executive or board member and their regional lead."""

    leader = person_link("support_check_ins")
    held_on = models.DateField("date of the check-in")
    pressure = models.PositiveSmallIntegerField("pressure", choices=Pressure.choices)
    support_wanted = models.TextField("what support they want", max_length=4000, blank=True)
    notes = models.TextField("private notes", max_length=8000, blank=True,
                             help_text="Seen only by the leader and their regional lead.")
    recorded_by = by_user()
    recorded_at = models.DateTimeField(auto_now_add=True)

    # unscoped: support.services and the demo only (core/scoping.py)
    unscoped, objects = person_managers("leader", rule=LEADER_RULE)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["leader", "held_on"])]
        constraints = [models.CheckConstraint(condition=Q(pressure__gte=1, pressure__lte=5),
                                              name="support_check_in_pressure_1_to_5")]

    def __str__(self) -> str:
        return f"Check-in {self.pk} on {self.held_on}"


class SupportOffer(models.Model):
    """Support the regional lead offered a leader, and whether they took it up."""

    leader = person_link("support_offers")
    kind = models.CharField("kind of support", max_length=20, choices=OfferKind.choices)
    offered_on = models.DateField("offered on")
    status = models.CharField(max_length=10, choices=OfferStatus.choices,
                              default=OfferStatus.PENDING)
    answered_on = models.DateField("taken up or declined on", null=True, blank=True)
    details = models.TextField("details", max_length=2000, blank=True)
    offered_by = by_user()
    created_at = models.DateTimeField(auto_now_add=True)

    # unscoped: support.services and the demo only (core/scoping.py)
    unscoped, objects = person_managers("leader", rule=LEADER_RULE)

    class Meta:
        ordering = ["-offered_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=Q(status="pending", answered_on__isnull=True)
            | (~Q(status="pending") & Q(answered_on__isnull=False)),
            name="support_offer_answered_has_date")]

    def __str__(self) -> str:
        return f"Support offer {self.pk} ({self.kind})"


class Commitment(models.Model):
    """A promise of the leadership compact, made by a national or regional body to senior
    leaders. National when ``region`` is empty."""

    title = models.CharField("commitment", max_length=200)
    owner = models.CharField("owner (the body that made it)", max_length=150)
    region = one_way_link("organisations.Region", models.PROTECT,
                          help_text="Empty for a commitment to leaders across England.")
    measure = models.CharField("how it is measured", max_length=300)
    due_on = models.DateField("due by")
    status = models.CharField(max_length=12, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.NOT_STARTED)
    evidence = models.TextField("evidence", max_length=4000, blank=True)
    updated_by = by_user()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class PulseRound(models.Model):
    """A short periodic pulse: leaders say whether they see each commitment in practice."""

    name = models.CharField(max_length=100, unique=True)
    opens_on = models.DateField("opens on")
    closes_on = models.DateField("closes on")
    created_by = by_user()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="support_pulse_closes_after_it_opens")]

    def __str__(self) -> str:
        return self.name


class PulseAnswer(NamedByNumber):
    """One leader's answer about one commitment in one round. Never shown to anyone else."""

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="answers")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="answers")
    leader = person_link("pulse_answers")
    agreement = models.PositiveSmallIntegerField(choices=Agreement.choices)
    answered_at = models.DateTimeField(auto_now_add=True)

    # unscoped: support.compact and the demo only (core/scoping.py)
    unscoped, objects = person_managers("leader", rule=OWN_RULE)

    class Meta:
        ordering = ["round", "commitment", "pk"]
        constraints = [
            unique("round", "commitment", "leader", name="support_one_answer_per_leader"),
            models.CheckConstraint(condition=Q(agreement__gte=1, agreement__lte=5),
                                   name="support_pulse_agreement_1_to_5"),
        ]
