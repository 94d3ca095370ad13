"""Organisations and systems as display-ready rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Self

from django.urls import reverse

from talentbridge.core.forms import nhs_date

from .models import IntegratedCareSystem
from .models import Organisation
from .models import OrganisationMembership

NO_SYSTEM = "Not part of a system"
NO_REGION = "Not in a region"


def status_text(closed_on: dt.date | None, today: dt.date) -> str:
    if closed_on is None:
        return "Open"
    return f"Closed on {nhs_date(closed_on)}" if closed_on < today else \
        f"Open (closes on {nhs_date(closed_on)})"


@dataclass(frozen=True)
class OrganisationRow:
    ods_code: str
    name: str
    href: str
    kind: str
    system: str
    system_href: str
    region: str
    status: str

    @classmethod
    def of(cls, org: Organisation, today: dt.date) -> Self:
        """The row of an organisation carrying `current_memberships` (see organisation_rows)."""
        membership = org.current_memberships[0] if org.current_memberships else None
        return cls(
            ods_code=org.ods_code,
            name=org.display_name,
            href=reverse("organisations:detail", args=[org.ods_code]),
            kind=org.get_kind_display(),
            system=membership.system.short_name if membership else NO_SYSTEM,
            system_href=(reverse("organisations:system", args=[membership.system.code])
                         if membership else ""),
            region=membership.region.name if membership else NO_REGION,
            status=status_text(org.closed_on, today),
        )


def organisation_rows(organisations: Iterable[Organisation], today: dt.date
                      ) -> list[OrganisationRow]:
    """Rows for the organisations table. Each organisation must carry `current_memberships`
    (a prefetch of its memberships on `today` with system and region)."""
    return [OrganisationRow.of(org, today) for org in organisations]


def organisation_summary(org: Organisation, membership: OrganisationMembership | None,
                         today: dt.date) -> list[dict]:
    def row(key, value):
        return {"key": {"text": key}, "value": {"text": value or "Not known"}}

    system = membership.system if membership else None
    return [
        row("ODS code", org.ods_code),
        row("Kind", org.get_kind_display()),
        row("Integrated care system", system.name if system else f"{NO_SYSTEM} today"),
        row("Region", membership.region.name if membership else f"{NO_REGION} today"),
        row("Postcode", org.postcode),
        row("Opened", nhs_date(org.opened_on)),
        row("Status", status_text(org.closed_on, today)),
    ]


@dataclass(frozen=True)
class MembershipRow:
    organisation: str
    organisation_href: str
    system: str
    system_href: str
    region: str
    valid_from: str
    valid_to: str
    is_current: bool


def membership_rows(memberships: Iterable[OrganisationMembership], today: dt.date
                    ) -> list[MembershipRow]:
    """Membership history rows (memberships must select_related organisation, system and
    region)."""
    return [
        MembershipRow(
            organisation=m.organisation.display_name,
            organisation_href=reverse("organisations:detail", args=[m.organisation.ods_code]),
            system=m.system.name,
            system_href=reverse("organisations:system", args=[m.system.code]),
            region=m.region.name,
            valid_from=nhs_date(m.valid_from),
            valid_to=nhs_date(m.valid_to) if m.valid_to else "Now",
            is_current=m.valid_from <= today and (m.valid_to is None or m.valid_to >= today),
        )
        for m in memberships
    ]


@dataclass(frozen=True)
class SystemRow:
    code: str
    name: str
    href: str
    status: str
    is_open: bool


@dataclass
class RegionGroup:
    name: str
    systems: list[SystemRow] = field(default_factory=list)


def system_status(system: IntegratedCareSystem, today: dt.date) -> str:
    if system.is_open_on(today):
        return "Open" if system.closed_on is None else \
            f"Open (closes on {nhs_date(system.closed_on)})"
    if system.merged_into_id:
        return f"Merged into {system.merged_into.short_name} on {nhs_date(system.closed_on)}"
    return f"Closed on {nhs_date(system.closed_on)}"


def systems_by_region(systems: Iterable[IntegratedCareSystem], today: dt.date
                      ) -> list[RegionGroup]:
    """Systems grouped by region (alphabetical), open ones first within each region.
    Systems must select_related region and merged_into."""
    groups: dict[str, RegionGroup] = {}
    for system in systems:
        group = groups.setdefault(system.region.name, RegionGroup(system.region.name))
        group.systems.append(SystemRow(
            code=system.code, name=system.short_name,
            href=reverse("organisations:system", args=[system.code]),
            status=system_status(system, today), is_open=system.is_open_on(today),
        ))
    for group in groups.values():
        group.systems.sort(key=lambda row: (not row.is_open, row.name))
    return [groups[name] for name in sorted(groups)]
