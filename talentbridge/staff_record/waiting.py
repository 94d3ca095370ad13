"""Waiting for a user in the staff record: leaders' feeds of the organisations they administer
(or that they uploaded) that finished since they last opened the staff record, and the people
on each of those organisations' "Left or moved?" list. An administrator may manage every
organisation's feed, but their home does not list every organisation's queue."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from talentbridge.accounts.grants import grants_for
from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import last_looked
from talentbridge.core.waiting import waiting

from . import policy
from . import services
from .models import FINISHED
from .models import FeedStatus

#: The page whose opening counts as looking at finished feeds.
HOME_PAGE = "staff_record:home"


def finished_feeds(user) -> list[WaitingItem]:
    since = last_looked(user, HOME_PAGE)
    theirs = (Q(organisation_id__in=grants_for(user).administered_organisation_ids)
              | Q(uploaded_by_id=user.pk))
    count = services.imports_for(user).filter(theirs, status__in=FINISHED,
                                              finished_at__gt=since).count()
    return waiting(count, "Leaders' feed finished since you last looked",
                   "Leaders' feeds finished since you last looked", reverse("staff_record:home"))


def left_or_moved(user) -> list[WaitingItem]:
    """One item per organisation with people to answer for (organisations with an applied
    feed only: the list comes from the latest one)."""
    with_feeds = services.imports_for(user).filter(status=FeedStatus.APPLIED).values(
        "organisation_id")
    items = []
    administered = grants_for(user).administered_organisation_ids
    organisations = list(services.managed_organisations(user)
                         .filter(pk__in=with_feeds).filter(pk__in=administered))
    missing = services.latest_and_missing(user, organisations)
    for organisation in organisations:
        items += waiting(missing[organisation.pk][1],
                         f"Person to answer for on {organisation.display_name}'s "
                         "\"Left or moved?\" list",
                         f"People to answer for on {organisation.display_name}'s "
                         "\"Left or moved?\" list",
                         reverse("staff_record:missing", args=[organisation.ods_code]))
    return items


def waiting_for(user) -> list[WaitingItem]:
    if not policy.uses_staff_record(user):
        return []
    return [*finished_feeds(user), *left_or_moved(user)]
