"""The scope of a matching run: an organisation (ODS code), an integrated care system (its
ICB's ODS code), a region (its ODS Y-code) or ENGLAND."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import organisation_ids_in_region
from talentbridge.organisations.scopes import organisation_ids_in_system

ENGLAND = "ENGLAND"


@dataclass(frozen=True)
class Scope:
    code: str
    name: str
    #: the organisations in the scope today; None for England (every organisation)
    organisation_ids: tuple[int, ...] | None

    def filter(self, field: str) -> dict:
        """Keyword arguments narrowing a queryset to people employed in the scope."""
        return {} if self.organisation_ids is None else {
            f"{field}__organisation_id__in": self.organisation_ids}


def resolve(code: str) -> Scope:
    """The scope a code names; a ValidationError on "scope" naming the value otherwise."""
    value = (code or "").strip().upper()
    if value == ENGLAND:
        return Scope(ENGLAND, "England", None)
    region = Region.objects.filter(code=value).first() if value else None
    if region is not None:
        return Scope(region.code, region.name, tuple(organisation_ids_in_region(region.pk)))
    system = IntegratedCareSystem.objects.filter(code=value).first() if value else None
    if system is not None:
        return Scope(system.code, system.short_name,
                     tuple(organisation_ids_in_system(system.pk)))
    organisation = Organisation.objects.filter(ods_code=value).first() if value else None
    if organisation is not None:
        return Scope(organisation.ods_code, organisation.display_name, (organisation.pk,))
    raise ValidationError({"scope": (
        f'"{code}" is not the ODS code of an organisation, integrated care system or region, '
        "nor ENGLAND")})
