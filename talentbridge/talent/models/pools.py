"""Talent pools: named groups at a scope, nominations, decisions and membership."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from talentbridge.core.constraints import scope_matches_level
from talentbridge.core.constraints import unique
from talentbridge.core.model_bases import person_managers
from talentbridge.core.model_fields import one_way_link
from talentbridge.core.model_fields import person_link

from ..codes import NominationRoute
from ..codes import NominationStatus
from ..codes import PoolScope
from ..codes import PoolStatus


class TalentPool(models.Model):
    name = models.CharField(max_length=150)
    purpose = models.TextField(max_length=2000)
    entry_criteria = models.TextField(max_length=2000)
    scope_level = models.CharField(max_length=20, choices=PoolScope.choices)
    organisation = one_way_link("organisations.Organisation", models.PROTECT)
    system = one_way_link("organisations.IntegratedCareSystem", models.PROTECT)
    region = one_way_link("organisations.Region", models.PROTECT)
    status = models.CharField(max_length=10, choices=PoolStatus.choices,
                              default=PoolStatus.OPEN)
    review_interval_months = models.PositiveSmallIntegerField(default=12)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="pool_scope_matches_level",
                condition=scope_matches_level(),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PoolNomination(models.Model):
    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="nominations")
    person = person_link("pool_nominations")
    route = models.CharField(max_length=20, choices=NominationRoute.choices)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    statement = models.TextField(max_length=2000)
    status = models.CharField(max_length=20, choices=NominationStatus.choices,
                              default=NominationStatus.PENDING)
    decided_by = one_way_link(settings.AUTH_USER_MODEL, models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            unique("pool", "person", condition=Q(status="pending"),
                   name="one_pending_nomination_per_pool")
        ]

    def __str__(self) -> str:
        return f"{self.person} for {self.pool} ({self.status})"


class PoolMembership(models.Model):
    pool = models.ForeignKey(TalentPool, on_delete=models.CASCADE, related_name="memberships")
    person = person_link("pool_memberships")
    nomination = one_way_link(PoolNomination, models.SET_NULL)
    joined_on = models.DateField()
    review_on = models.DateField()
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=300, blank=True)

    unscoped, objects = person_managers("person")

    class Meta:
        ordering = ["pool", "person"]
        constraints = [
            unique("pool", "person", condition=Q(exited_on__isnull=True),
                   name="one_current_membership_per_pool")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.pool}"
