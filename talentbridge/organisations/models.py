"""The shape of the NHS in England: regions, integrated care systems and organisations.

An organisation's membership of its integrated care board (ICB) and region is effective-dated,
because ICBs merged from April 2026 (see docs/adr/0002-effective-dated-membership.md).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from talentbridge.core.constraints import unique

from .codes import KindSource
from .codes import OrganisationKind


class Region(models.Model):
    """One of the seven NHS England regions (ODS Y-code)."""

    code = models.CharField("ODS code", max_length=3, unique=True)
    name = models.CharField(max_length=100)
    gss_code = models.CharField("ONS GSS code", max_length=9, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IntegratedCareSystem(models.Model):
    """An integrated care system, identified by the ODS code of its integrated care board."""

    code = models.CharField("ICB ODS code", max_length=5, unique=True)
    name = models.CharField(max_length=200)
    gss_code = models.CharField("ONS GSS code", max_length=9, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="systems")
    established_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "integrated care system"

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.name.removeprefix("NHS ").replace(" Integrated Care Board", "")

    def is_open_on(self, day: dt.date) -> bool:
        return self.closed_on is None or self.closed_on >= day


class OrganisationQuerySet(models.QuerySet):
    def open_on(self, day: dt.date | None = None) -> OrganisationQuerySet:
        day = day or timezone.localdate()
        return self.filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=day),
            Q(closed_on__isnull=True) | Q(closed_on__gte=day),
        )

    def in_system(self, system: IntegratedCareSystem, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(
            memberships__in=OrganisationMembership.objects.on(day).filter(system=system)
        )

    def in_region(self, region: Region, day: dt.date | None = None):
        day = day or timezone.localdate()
        return self.filter(
            memberships__in=OrganisationMembership.objects.on(day).filter(region=region)
        )


class Organisation(models.Model):
    """An NHS trust, ICB, national body or partner, keyed by its ODS code."""

    ods_code = models.CharField("ODS code", max_length=6, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    kind_source = models.CharField(
        max_length=20, choices=KindSource.choices, default=KindSource.DERIVED
    )
    is_nhs = models.BooleanField("NHS organisation", default=True)
    postcode = models.CharField(max_length=10, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """ODS names are in capitals; show them in title case with NHS kept upright."""
        words = []
        for word in self.name.split():
            upper = word.upper()
            if upper in {"NHS", "ICB", "UK", "ODS"}:
                words.append(upper)
            elif any(c.isdigit() for c in word):  # a code such as an ODS code ("S0E4D)")
                words.append(word)
            elif upper in {"AND", "OF", "THE", "FOR"} and words:
                words.append(word.lower())
            else:
                words.append(word.capitalize() if word.isupper() else word)
        return " ".join(words)

    def membership_on(self, day: dt.date | None = None) -> OrganisationMembership | None:
        day = day or timezone.localdate()
        return self.memberships.on(day).select_related("system", "region").first()


class MembershipQuerySet(models.QuerySet):
    def on(self, day: dt.date | None = None) -> MembershipQuerySet:
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class OrganisationMembership(models.Model):
    """Which system and region an organisation belonged to, from one date to another."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    system = models.ForeignKey(
        IntegratedCareSystem, on_delete=models.PROTECT, related_name="memberships"
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "valid_from"]
        constraints = [
            unique("organisation", "valid_from", name="one_membership_per_start_date"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "now"
        return f"{self.organisation.ods_code} in {self.system.code} ({self.valid_from}–{end})"
