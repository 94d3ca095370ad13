"""Who may do what with support for chief executives and board members, and the leadership
compact (docs/support.md and docs/access-policy.md say the same). The rules, in plain words:

1. The leaders supported are the chief executives and board members: the incumbents of board
   posts. A leader's regional lead is a regional talent lead of the region of the leader's
   organisation today.
2. A check-in (with its private notes) and a support offer are read by the leader and by
   their regional leads only: not by other talent leads, national leads, administrators or
   analysts.
3. Only a leader's regional lead records a check-in with them or offers them support; the
   leader, or their regional lead, says whether an offer was taken up or declined.
4. Early warnings are read by regional leads, for the leaders and organisations of their
   region, and by national leads, for England.
5. The compact's commitments are managed by national leads (those for England, and every
   region's) and by regional leads (their region's). National leads open pulse rounds.
6. A pulse answer is the leader's own: only a chief executive or board member answers, for
   themselves, and only they ever see their answers.
7. The compact's figures (aggregates, with small numbers suppressed) are read by leaders,
   talent leads, analysts and administrators.
"""

from __future__ import annotations

from django.db.models import Q

from talentbridge.accounts.grants import grants_for
from talentbridge.organisations.scopes import organisation_ids_in_region
from talentbridge.organisations.scopes import placements_on
from talentbridge.succession.models import BoardPost


def region_of(organisation_id: int | None) -> int | None:
    placement = placements_on().get(organisation_id) if organisation_id else None
    return placement.region_id if placement else None


def is_board_leader(person_id: int | None) -> bool:
    """Rule 1: is this person a chief executive or board member now?"""
    return person_id is not None and BoardPost.objects.filter(incumbent_id=person_id).exists()


def is_regional_lead_of(user, person) -> bool:
    """Rule 1: does the user lead the region of the person's organisation?"""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    region_id = region_of(person.organisation_id)
    return region_id is not None and region_id in grants.lead_region_ids


def is_self(user, person) -> bool:
    grants = grants_for(user)
    return grants.user_id is not None and grants.person_id == person.pk


def can_view_support(user, person) -> bool:
    """Rule 2: the leader's check-ins (with notes) and offers."""
    return is_self(user, person) or is_regional_lead_of(user, person)


def can_record_support(user, person) -> bool:
    """Rule 3: record a check-in, make an offer."""
    return is_regional_lead_of(user, person)


def can_answer_offer(user, offer) -> bool:
    """Rule 3: say whether an offer was taken up or declined."""
    return is_self(user, offer.leader) or is_regional_lead_of(user, offer.leader)


def supports_anyone(user) -> bool:
    """Regional leads, who hold check-ins and make offers."""
    return bool(grants_for(user).lead_region_ids)


def warning_region_ids(user) -> set[int] | None:
    """Rule 4: the regions whose warnings the user reads; None for England (national
    leads); an empty set for nobody."""
    grants = grants_for(user)
    if grants.user_id is None:
        return set()
    if grants.is_national_lead:
        return None
    return set(grants.lead_region_ids)


def can_view_warnings(user) -> bool:
    return warning_region_ids(user) != set()


def can_manage_commitment(user, region_id: int | None) -> bool:
    """Rule 5: national leads any commitment; regional leads those of their region."""
    grants = grants_for(user)
    return grants.everywhere_or_at(grants.is_national_lead, region_id, grants.lead_region_ids)


def can_manage_compact(user) -> bool:
    grants = grants_for(user)
    return grants.user_id is not None and (grants.is_national_lead
                                           or bool(grants.lead_region_ids))


def can_open_pulse(user) -> bool:
    """Rule 5: national leads open pulse rounds."""
    grants = grants_for(user)
    return grants.user_id is not None and grants.is_national_lead


def can_answer_pulse(user) -> bool:
    """Rule 6: chief executives and board members, for themselves."""
    grants = grants_for(user)
    return grants.user_id is not None and is_board_leader(grants.person_id)


def can_view_compact(user) -> bool:
    """Rule 7: the compact and its figures."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    return bool(grants.is_talent_lead or grants.analyst_scopes or grants.is_administrator
                or is_board_leader(grants.person_id))


def supported_people_filter(who) -> Q:
    """Rule 2 as a filter on Person: the user themselves and the people employed in the
    regions they lead (check-ins and offers exist only for board leaders)."""
    grants = grants_for(who)
    if grants.user_id is None:
        return Q(pk__in=[])
    people = Q(pk=grants.person_id) if grants.person_id else Q(pk__in=[])
    organisations = [o for region_id in sorted(grants.lead_region_ids)
                     for o in organisation_ids_in_region(region_id)]
    if organisations:
        people |= Q(organisation_id__in=organisations)
    return people


def own_person_filter(who) -> Q:
    """Rule 6 as a filter on Person: the user themselves only."""
    grants = grants_for(who)
    if grants.user_id is None or grants.person_id is None:
        return Q(pk__in=[])
    return Q(pk=grants.person_id)


def organisations_in(region_id: int) -> list[int]:
    return organisation_ids_in_region(region_id)
