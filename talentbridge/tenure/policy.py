"""Who may do what with post holdings, exits and tenure figures (docs/tenure.md says the same).

It mirrors the succession policy (`talentbridge.succession.policy`), whose board posts the
holdings follow. The rules, in plain words:

1. An organisation's holdings, named (who held which board post, when, and why they left),
   are read by those who may read the organisation's succession plans: its talent leads, the
   talent leads of its system and region, national talent leads, and administrators.
2. An exit (the date, the reason and whether an interim followed) is recorded by whoever may
   change the post's holder: the organisation's talent leads and administrators.
3. Tenure figures (survival curves, turnover and interim rates, chief executives per
   organisation, tenure against oversight segment) are aggregates through the disclosure
   rules, read by talent leads, analysts and administrators for a scope they hold: an
   organisation, system or region they lead or analyse, or England for national talent leads,
   national analysts and administrators.
4. Oversight segments are published facts: every talent lead, analyst and administrator reads
   them; administrators import them.
"""

from __future__ import annotations

from talentbridge.accounts.grants import grants_for
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.succession import policy as succession_policy


def place_of_scope(scope) -> tuple[int | None, int | None, int | None]:
    """(organisation id, system id, region id) a sub-national scope sits in, today."""
    if scope.level == "organisation":
        return (scope.pk, *succession_policy.place_of(scope.pk))
    if scope.level == "system":
        region_id = (IntegratedCareSystem.objects.filter(pk=scope.pk)
                     .values_list("region_id", flat=True).first())
        return None, scope.pk, region_id
    if scope.level == "region":
        return None, None, scope.pk
    return None, None, None


def can_view_holdings(user, organisation_id: int,
                      place: tuple[int | None, int | None] | None = None) -> bool:
    """Rule 1: as the succession plans of the organisation's posts."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    if grants.is_administrator or grants.is_national_lead:
        return True
    if organisation_id in grants.lead_organisation_ids:
        return True
    system_id, region_id = place or succession_policy.place_of(organisation_id)
    return bool((system_id is not None and system_id in grants.lead_system_ids)
                or (region_id is not None and region_id in grants.lead_region_ids))


def can_record_exit(user, organisation_id: int) -> bool:
    """Rule 2: the organisation's talent leads and administrators."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    return grants.is_administrator or organisation_id in grants.lead_organisation_ids


def can_view_figures(user) -> bool:
    """Rule 3, before a scope is chosen: talent leads, analysts and administrators."""
    grants = grants_for(user)
    return grants.user_id is not None and (
        grants.is_administrator or grants.is_talent_lead or bool(grants.analyst_scopes))


def can_view_figures_for(user, scope) -> bool:
    """Rule 3: the figures of one scope (a `succession.scopes.Scope`)."""
    grants = grants_for(user)
    if not can_view_figures(grants):
        return False
    if grants.is_administrator or grants.is_national_lead or ("england", None) in \
            grants.analyst_scopes:
        return True
    if scope.national:
        return False
    organisation_id, system_id, region_id = place_of_scope(scope)
    analyst = grants.analyst_scopes
    return bool(
        (region_id is not None and (region_id in grants.lead_region_ids
                                    or ("region", region_id) in analyst))
        or (system_id is not None and (system_id in grants.lead_system_ids
                                       or ("system", system_id) in analyst))
        or (organisation_id is not None and (organisation_id in grants.lead_organisation_ids
                                             or ("organisation", organisation_id) in analyst)))


def can_view_segments(user) -> bool:
    """Rule 4: reading segments."""
    return can_view_figures(user)


def can_import_segments(user) -> bool:
    """Rule 4: importing segments."""
    grants = grants_for(user)
    return grants.user_id is not None and grants.is_administrator
