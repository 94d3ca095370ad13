"""Where an organisation sits today: its system and region, from effective-dated memberships."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from .models import OrganisationMembership


@dataclass(frozen=True)
class Placement:
    system_id: int
    region_id: int


def placements_on(day: dt.date | None = None) -> dict[int, Placement]:
    """Organisation id → its system and region on `day` (today by default). One query."""
    rows = OrganisationMembership.objects.on(day or timezone.localdate()).values_list(
        "organisation_id", "system_id", "region_id"
    )
    return {org: Placement(system, region) for org, system, region in rows}


def organisation_ids_in_system(system_id: int, day: dt.date | None = None) -> list[int]:
    return list(
        OrganisationMembership.objects.on(day).filter(system_id=system_id)
        .values_list("organisation_id", flat=True)
    )


def organisation_ids_in_region(region_id: int, day: dt.date | None = None) -> list[int]:
    return list(
        OrganisationMembership.objects.on(day).filter(region_id=region_id)
        .values_list("organisation_id", flat=True)
    )


def system_id_of(organisation_id: int, day: dt.date | None = None) -> int | None:
    return (
        OrganisationMembership.objects.on(day).filter(organisation_id=organisation_id)
        .values_list("system_id", flat=True).first()
    )
