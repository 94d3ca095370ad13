"""Waiting for a user in opportunities: offers to answer, opportunities to publish or send
back, placements to approve for their organisation, and match runs finished since they last
looked at the runs. Administrators may step in on any of these (docs/opportunities.md) but
their home does not list the talent leads' queues across England."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import last_looked
from talentbridge.core.waiting import waiting
from talentbridge.people.moves import moved_out_of_filter

from . import policy
from . import services
from .codes import Decision
from .codes import OpportunityStatus
from .codes import PlacementStatus
from .codes import RunStatus
from .models import MatchRun

#: The page whose opening counts as looking at finished match runs.
RUNS_PAGE = "opportunities:runs"


def _one_or_list(queryset, one_url: str, list_href: str) -> tuple[int, str]:
    """How many, and the link: straight to the one, or to the list of them."""
    # capped: two ids tell one from several; the count and the list link give the rest
    ids = list(queryset.values_list("pk", flat=True)[:2])
    if len(ids) == 1:
        return 1, reverse(one_url, args=[ids[0]])
    return (queryset.count() if ids else 0), list_href


def offers(user) -> list[WaitingItem]:
    offered = services.my_placements(user).filter(status=PlacementStatus.OFFERED)
    count, href = _one_or_list(offered, "opportunities:placement", reverse("opportunities:mine"))
    return waiting(count, "Offer of an opportunity to answer",
                   "Offers of opportunities to answer", href)


def to_publish(user) -> list[WaitingItem]:
    """Submitted opportunities this user reviews (policy rule 2), not their own."""
    g = policy.grants_for(user)
    if not (g.is_national_lead or g.lead_system_ids or g.lead_region_ids):
        return []
    submitted = (services.visible_opportunities(user)
                 .filter(status=OpportunityStatus.SUBMITTED).exclude(posted_by_id=g.user_id))
    if not g.is_national_lead:
        submitted = submitted.filter(Q(system_id__in=g.lead_system_ids)
                                     | Q(region_id__in=g.lead_region_ids))
    count, href = _one_or_list(submitted, "opportunities:detail",
                               reverse("opportunities:list"))
    return waiting(count, "Opportunity to publish or send back",
                   "Opportunities to publish or send back", href)


def to_approve(user) -> list[WaitingItem]:
    """Accepted placements waiting for this organisation talent lead's side (rules 7, 9)."""
    orgs = policy.grants_for(user).lead_organisation_ids
    if not orgs:
        return []
    home = (Q(home_decision=Decision.PENDING, home_organisation_id__in=orgs)
            & ~moved_out_of_filter("home_organisation_id"))
    host = (Q(host_decision=Decision.PENDING, opportunity__host_id__in=orgs)
            & ~moved_out_of_filter("opportunity__host_id"))
    accepted = (services.placements_for(user).filter(status=PlacementStatus.ACCEPTED)
                .filter(home | host))
    count, href = _one_or_list(accepted, "opportunities:placement",
                               reverse("opportunities:mine"))
    return waiting(count, "Placement to approve for your organisation",
                   "Placements to approve for your organisation", href)


def finished_runs(user) -> list[WaitingItem]:
    """Match runs this user may see that finished since they last opened the runs."""
    since = last_looked(user, RUNS_PAGE)
    count = MatchRun.objects.filter(
        policy.runs_filter(user), status__in=[RunStatus.SUCCEEDED, RunStatus.FAILED],
        finished_at__gt=since).count()
    return waiting(count, "Match run finished since you last looked",
                   "Match runs finished since you last looked", reverse("opportunities:runs"))


def waiting_for(user) -> list[WaitingItem]:
    return [*offers(user), *to_publish(user), *to_approve(user), *finished_runs(user)]
