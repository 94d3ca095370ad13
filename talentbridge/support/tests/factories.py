"""Factories for the support tests. `support_world()` builds on the tenure world (London,
region Y56: carol is RJ1's chief executive from 1 April 2022, a post holding opened with the
post) and adds:

    carol_user   carol's sign-in (the leader herself)
    regional     regional talent lead of London (carol's regional lead)
    north_west   region Y62, with system QOP and organisation RW3
    nina         chief executive of RW3 in the North West, with a sign-in (nina_user)
    other_regional  regional talent lead of the North West
    national     national talent lead
    analyst      an analyst for England
"""

from __future__ import annotations

import datetime as dt

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import make_post
from talentbridge.support.models import CheckIn
from talentbridge.support.models import OfferStatus
from talentbridge.support.models import SupportOffer
from talentbridge.tenure.tests.factories import tenure_world


def make_check_in(leader, held_on: dt.date, pressure: int = 2, **fields) -> CheckIn:
    return CheckIn.objects.create(leader=leader, held_on=held_on, pressure=pressure, **fields)


def make_offer(leader, kind: str, offered_on: dt.date, status: str = OfferStatus.PENDING,
               answered_on: dt.date | None = None, **fields) -> SupportOffer:
    return SupportOffer.objects.create(leader=leader, kind=kind, offered_on=offered_on,
                                       status=status, answered_on=answered_on, **fields)


def support_world():
    w = tenure_world()
    w.carol_user = make_user("carol", first_name="Carol", last_name="Chief")
    w.carol.user = w.carol_user
    w.carol.save(update_fields=["user"])
    w.regional = make_user("reg", role=Role.REGIONAL_LEAD, scope=w.region)
    w.north_west = make_region("Y62", "North West")
    w.nw_system = make_system("QOP", w.north_west, name="NHS Greater Manchester ICB")
    w.rw3 = make_org("RW3", w.nw_system, name="MANCHESTER UNIVERSITY NHS FOUNDATION TRUST")
    w.nina_user = make_user("nina", first_name="Nina", last_name="North")
    w.nina = make_person(w.rw3, user=w.nina_user, given_name="Nina", family_name="North",
                         job_title="Chief Executive", pay_band="vsm")
    w.nina_post = make_post(w.rw3, BoardPostKind.CHIEF_EXECUTIVE, incumbent=w.nina)
    w.other_regional = make_user("reg2", role=Role.REGIONAL_LEAD, scope=w.north_west)
    w.national = make_user("nat", role=Role.NATIONAL_LEAD)
    w.analyst = make_user("ana", role=Role.ANALYST)
    return w
