"""Career conversations (Scope for Growth) and each person's current talent profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from talentbridge.core.model_bases import Timestamped
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from ..codes import ConversationStatus
from ..frameworks import GrowthCategory  # noqa: F401  (mask helpers re-exported for callers)
from ..frameworks import ImpactLevel  # noqa: F401  (mask helpers re-exported for callers)
from ..frameworks import TravelReach  # noqa: F401  (mask helpers re-exported for callers)
from ..frameworks import domains_to_mask  # noqa: F401  (mask helpers re-exported for callers)
from ..frameworks import mask_to_domains  # noqa: F401  (mask helpers re-exported for callers)


class ReadinessLevel(models.Model):
    """How soon a person could take a next role. Labels are data, editable by administrators."""

    code = models.SlugField(max_length=30, unique=True)
    label = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class CareerConversation(Timestamped):
    """One career conversation: preparation by both sides, the record, and the plan."""

    person = person_link("career_conversations")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        help_text="The line manager or coach who holds the conversation.",
    )
    held_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ConversationStatus.choices, default=ConversationStatus.PREPARING
    )
    individual_reflection = models.TextField(blank=True, max_length=5000)
    manager_preparation = models.TextField(blank=True, max_length=5000)
    impact_level = models.CharField(max_length=20, choices=ImpactLevel.choices, blank=True)
    growth_category = models.CharField(max_length=20, choices=GrowthCategory.choices, blank=True)
    aspiration = models.TextField("aspiration", blank=True, max_length=2000)
    aspiration_role = models.CharField("next role wanted", max_length=150, blank=True)
    readiness = one_way_link(ReadinessLevel, models.PROTECT)
    open_to_other_organisations = models.BooleanField(default=False)
    open_to_other_sectors = models.BooleanField(default=False)
    travel_reach = models.CharField(
        max_length=20, choices=TravelReach.choices, default=TravelReach.WITHIN_ORGANISATION
    )
    open_to_relocation = models.BooleanField(default=False)
    development_needs = models.JSONField(
        default=list, blank=True, help_text="LCF domain numbers (1–6) to develop."
    )
    development_plan = models.TextField("aspirational development plan", blank=True,
                                        max_length=5000)
    next_review_on = models.DateField(null=True, blank=True)
    private_notes = models.TextField(
        blank=True, max_length=5000,
        help_text="Seen only by the person and the person who held the conversation.",
    )

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"Career conversation with {self.person} on {self.held_on or 'a date to agree'}"


class TalentProfile(models.Model):
    """A person's current talent position, kept from their latest recorded conversation and
    assessments, so that talent search needs no joins over history."""

    person = person_link("talent", field=models.OneToOneField, primary_key=True)
    readiness = one_way_link(ReadinessLevel, models.PROTECT)
    impact_level = models.CharField(max_length=20, choices=ImpactLevel.choices, blank=True)
    growth_category = models.CharField(max_length=20, choices=GrowthCategory.choices, blank=True)
    aspiration_role = models.CharField(max_length=150, blank=True)
    open_to_other_organisations = models.BooleanField(default=False)
    open_to_other_sectors = models.BooleanField(default=False)
    travel_reach = models.CharField(
        max_length=20, choices=TravelReach.choices, default=TravelReach.WITHIN_ORGANISATION
    )
    open_to_relocation = models.BooleanField(default=False)
    development_need_mask = models.PositiveSmallIntegerField(default=0)
    strength_mask = models.PositiveSmallIntegerField(default=0)
    last_conversation_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    unscoped, objects = person_managers("person")

    class Meta:
        indexes = [
            models.Index(fields=["readiness", "open_to_other_organisations"]),
            models.Index(fields=["aspiration_role"]),
        ]

    def __str__(self) -> str:
        return f"Talent profile of {self.person}"

    @property
    def development_needs(self) -> list[int]:
        return mask_to_domains(self.development_need_mask)

    @property
    def strengths(self) -> list[int]:
        return mask_to_domains(self.strength_mask)
