"""Who may do what with opportunities, match runs and placements (docs/opportunities.md).

Person-level reads are not decided here: they go through `Person.objects.visible_to(user)` and
`talentbridge.people.policy`. This module decides opportunity-level actions:

1. **Post** (create, edit a draft, submit for review, close): a talent lead whose scope
   contains the host organisation (the host's organisation talent lead; the system talent lead
   of the host's system; the regional lead of its region; a national lead) or an administrator.
2. **Publish** (or send back): a talent lead of the host's *system* (system talent lead),
   its region (regional lead), a national lead or an administrator, but never the person who
   posted it (a second pair of eyes).
3. **See**: a published or closed opportunity is seen by every talent lead and administrator,
   and by a leader whose employer is within its reach (the host's system, region, or England).
   A draft or submitted one is seen only by those who may post or publish it.
4. **Express interest**: a leader (someone with a talent profile) who may see it, while it is
   published and open, whose band is within its range and who does not work for the host.
5. **Nominate**: a talent lead or administrator who may see the opportunity, for a person
   they may see (people policy) and who is eligible as in 4.
6. **Run a match** at a scope: a system talent lead for their system; a regional lead for
   their region or a system in it; a national lead or administrator anywhere. The same people
   may see the run; everyone sees only the proposals of people they may see.
   **Download its instance** (the engine's CSV files): someone who may see the run, and only
   while every person in the instance is someone they may see now (people policy). A run only
   ever holds people its runner could see when it ran, so the runner and administrators
   normally may; a lead who cannot see some of its people may not (nothing is filtered out:
   the file stays the exact instance, so it solves to the run's merit total).
7. **Approve** a placement for the *home* organisation: that organisation's talent lead or an
   administrator; for the *host*: the host's organisation talent lead or an administrator.
8. **See a placement**: the leader, the talent leads of the home and host organisations, the
   person who made the offer, and administrators.
9. **After a move**: once the person has moved out of the home or host organisation (an
   applied move, docs/moves.md), that organisation's talent leads no longer approve or see the
   placement through rule 7 or 8: they see it only if the people policy lets them see the
   person (the person's visibility choice).
Programme managers and analysts have no opportunity rights beyond those of a leader.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from talentbridge.accounts.grants import Grants  # noqa: F401 (forget)
from talentbridge.accounts.grants import forget  # noqa: F401 (forget)
from talentbridge.accounts.grants import grants_for  # noqa: F401 (forget)
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.people.move_policy import has_moved_out_of
from talentbridge.people.policy import Action
from talentbridge.people.policy import can as can_person

from .codes import BAND_RANK
from .codes import OpportunityStatus
from .codes import Reach
from .codes import RunScope


def sees_all_published(g: Grants) -> bool:
    """Every talent lead and administrator sees every published or closed opportunity."""
    return g.is_administrator or g.is_talent_lead


def _where(organisation_id: int | None, day: dt.date | None = None) -> tuple[int | None,
                                                                               int | None]:
    """(system id, region id) of an organisation today."""
    if organisation_id is None:
        return None, None
    placement = placements_on(day).get(organisation_id)
    return (placement.system_id, placement.region_id) if placement else (None, None)


# --------------------------------------------------------------------------------------
# Opportunities
# --------------------------------------------------------------------------------------


def can_post_for(user, host_id: int) -> bool:
    """May the user post (and manage) opportunities hosted by this organisation?"""
    g = grants_for(user)
    if g.user_id is None:
        return False
    if g.is_administrator or g.is_national_lead or host_id in g.lead_organisation_ids:
        return True
    system_id, region_id = _where(host_id)
    return system_id in g.lead_system_ids or region_id in g.lead_region_ids


def host_organisation_ids(user) -> set[int] | None:
    """The organisations the user may post for (as ``can_post_for``), None for every one:
    what the host picker offers."""
    g = grants_for(user)
    if g.user_id is None:
        return set()
    if g.is_administrator or g.is_national_lead:
        return None
    ids = set(g.lead_organisation_ids)
    if g.lead_system_ids or g.lead_region_ids:
        ids |= {organisation_id for organisation_id, placement in placements_on().items()
                if placement.system_id in g.lead_system_ids
                or placement.region_id in g.lead_region_ids}
    return ids


def can_manage(user, opportunity) -> bool:
    return can_post_for(user, opportunity.host_id)


def can_review(user, opportunity) -> bool:
    """Publish or send back a submitted opportunity."""
    g = grants_for(user)
    if g.user_id is None or opportunity.posted_by_id == g.user_id:
        return False
    if g.is_administrator or g.is_national_lead:
        return True
    return (opportunity.system_id in g.lead_system_ids
            or opportunity.region_id in g.lead_region_ids)


def reach_includes(opportunity, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    if opportunity.reach == Reach.NATIONAL:
        return True
    system_id, region_id = _where(organisation_id)
    if opportunity.reach == Reach.REGION:
        return region_id is not None and region_id == opportunity.region_id
    return system_id is not None and system_id == opportunity.system_id


def can_view(user, opportunity) -> bool:
    g = grants_for(user)
    if g.user_id is None:
        return False
    if opportunity.status in (OpportunityStatus.DRAFT, OpportunityStatus.SUBMITTED):
        return can_manage(user, opportunity) or (
            opportunity.status == OpportunityStatus.SUBMITTED and can_review(user, opportunity))
    if sees_all_published(g):
        return True
    return reach_includes(opportunity, g.person_organisation_id)


def is_open(opportunity, day: dt.date | None = None) -> bool:
    day = day or timezone.localdate()
    return opportunity.status == OpportunityStatus.PUBLISHED and opportunity.closes_on >= day


def band_in_range(opportunity, band: str) -> bool:
    low, high = opportunity.band_range
    rank = BAND_RANK.get(band)
    return rank is not None and low <= rank <= high


def eligibility_problem(opportunity, person) -> str:
    """Why this person cannot be considered for this opportunity ("" if they can)."""
    if not is_open(opportunity):
        return "This opportunity is not open for interest"
    if person.organisation_id == opportunity.host_id:
        return "Opportunities hosted by your own employer are not offered here"
    if not band_in_range(opportunity, person.pay_band):
        return (f"This opportunity is for {opportunity.get_band_min_display()} to "
                f"{opportunity.get_band_max_display()}; the band on the profile is "
                f"{person.get_pay_band_display()}")
    if not reach_includes(opportunity, person.organisation_id):
        return f"This opportunity is open to {opportunity.get_reach_display().lower()} only"
    return ""


def can_express_interest(user, opportunity) -> bool:
    g = grants_for(user)
    if g.person_id is None or not can_view(user, opportunity):
        return False

    person = Person.objects.visible_to(g).get(pk=g.person_id)
    return eligibility_problem(opportunity, person) == ""


def can_nominate(user, opportunity) -> bool:
    """May nominate someone (each person is then checked against the people policy)."""
    g = grants_for(user)
    return ((g.is_talent_lead or g.is_administrator) and can_view(user, opportunity)
            and is_open(opportunity))


# --------------------------------------------------------------------------------------
# Match runs
# --------------------------------------------------------------------------------------


def can_run_match(user, scope: str, system=None, region=None) -> bool:
    g = grants_for(user)
    if g.user_id is None:
        return False
    if g.is_administrator or g.is_national_lead:
        return True
    if scope == RunScope.SYSTEM and system is not None:
        system_id = getattr(system, "pk", system)
        region_id = getattr(system, "region_id", None)
        if region_id is None:
            region_id = (IntegratedCareSystem.objects.filter(pk=system_id)
                         .values_list("region_id", flat=True).first())
        return system_id in g.lead_system_ids or region_id in g.lead_region_ids
    if scope == RunScope.REGION and region is not None:
        return getattr(region, "pk", region) in g.lead_region_ids
    return False


def can_retry_run(user, run) -> bool:
    """Retrying a failed run is starting it again: only who may start a run at its scope."""
    return can_run_match(user, run.scope, run.system, run.region)


def can_view_run(user, run) -> bool:
    g = grants_for(user)
    if g.user_id is None:
        return False
    return run.created_by_id == g.user_id or can_run_match(user, run.scope, run.system,
                                                           run.region)


def runs_filter(user) -> Q:
    """`can_view_run` as a filter of MatchRun, for the list of runs."""
    g = grants_for(user)
    if g.user_id is None:
        return Q(pk__in=[])
    if g.is_administrator or g.is_national_lead:
        return Q()
    return (Q(created_by_id=g.user_id)
            | Q(scope=RunScope.SYSTEM, system_id__in=g.lead_system_ids)
            | Q(scope=RunScope.SYSTEM, system__region_id__in=g.lead_region_ids)
            | Q(scope=RunScope.REGION, region_id__in=g.lead_region_ids))


def can_export_run(user, run, person_ids) -> bool:
    """May the user download the run's instance, whose candidates are ``person_ids``?"""
    if not can_view_run(user, run):
        return False

    wanted = {int(pk) for pk in person_ids}
    ids = sorted(wanted)
    seen = 0
    for start in range(0, len(ids), EXPORT_CHECK_BATCH):
        chunk = ids[start:start + EXPORT_CHECK_BATCH]
        seen += Person.objects.visible_to(user).filter(pk__in=chunk).count()
    return seen == len(wanted)


#: Person ids checked per query by `can_export_run` (well below SQLite's variable limit).
EXPORT_CHECK_BATCH = 5000


# --------------------------------------------------------------------------------------
# Placements
# --------------------------------------------------------------------------------------


def _leads_side(g: Grants, placement, organisation_id: int) -> bool:
    """Is the user a talent lead of this side (home or host) of the placement, and has the
    person not moved out of it since (rule 9)?"""
    return (organisation_id in g.lead_organisation_ids
            and not has_moved_out_of(placement.person, organisation_id))


def can_approve_home(user, placement) -> bool:
    g = grants_for(user)
    return g.user_id is not None and (
        g.is_administrator or _leads_side(g, placement, placement.home_organisation_id))


def can_approve_host(user, placement) -> bool:
    g = grants_for(user)
    return g.user_id is not None and (
        g.is_administrator or _leads_side(g, placement, placement.opportunity.host_id))


def is_the_leader(user, placement) -> bool:
    g = grants_for(user)
    return g.person_id is not None and placement.person_id == g.person_id


def can_view_placement(user, placement) -> bool:
    g = grants_for(user)
    if g.user_id is None:
        return False
    if (is_the_leader(user, placement) or g.is_administrator
            or placement.offered_by_id == g.user_id):
        return True
    sides = {placement.home_organisation_id, placement.opportunity.host_id}
    if not sides & g.lead_organisation_ids:
        return False
    return (any(_leads_side(g, placement, side) for side in sides)
            or can_person(g, Action.VIEW_PROFILE, placement.person))


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionDenied(f"You do not have permission to {what}.")
