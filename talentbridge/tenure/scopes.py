"""The scope a user's tenure figures open on: England for those with national figures, else the
widest area they lead or analyse (a region, then a system, then an organisation)."""

from __future__ import annotations

from talentbridge.accounts.grants import grants_for
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.succession.scopes import ENGLAND


def _first_code(model, ids, field: str = "code") -> str:
    return (model.objects.filter(pk__in=list(ids)).order_by(field)
            .values_list(field, flat=True).first() or "")


def default_scope_code(user) -> str:
    grants = grants_for(user)
    analysts = grants.analyst_scopes
    if grants.is_administrator or grants.is_national_lead or ("england", None) in analysts:
        return ENGLAND
    regions = grants.lead_region_ids | {i for level, i in analysts if level == "region"}
    if regions:
        return _first_code(Region, regions)
    systems = grants.lead_system_ids | {i for level, i in analysts if level == "system"}
    if systems:
        return _first_code(IntegratedCareSystem, systems)
    organisations = grants.lead_organisation_ids | {
        i for level, i in analysts if level == "organisation"}
    return _first_code(Organisation, organisations, "ods_code") or ENGLAND
