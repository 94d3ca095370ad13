"""Factories for opportunity tests, on top of the people factories.

    w = make_opportunity_world()   # the people world plus a system lead, a host lead and
                                   # a published opportunity at RJ2 that alice may apply for
    opp = make_opportunity(w.rj2, posted_by=w.host_lead, status="published")
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.opportunities.codes import InterestSource
from talentbridge.opportunities.codes import OpportunityKind
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import Reach
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import Opportunity
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile


def future(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_opportunity(host, posted_by=None, status: str = OpportunityStatus.PUBLISHED,
                     **fields) -> Opportunity:
    where = placements_on().get(host.pk)
    values = {
        "title": f"Secondment at {host.ods_code}",
        "kind": OpportunityKind.SECONDMENT,
        "summary": "Lead a service improvement programme across the system.",
        "time_percent": 60,
        "develops_mask": 0b000011,
        "band_min": "8a",
        "band_max": "9",
        "seats": 1,
        "starts_on": future(60),
        "ends_on": future(240),
        "closes_on": future(30),
        "reach": Reach.SYSTEM,
        "system_id": where.system_id if where else None,
        "region_id": where.region_id if where else None,
        **fields,
    }
    return Opportunity.objects.create(host=host, posted_by=posted_by, status=status, **values)


def make_interest(opportunity, person, rank: int | None = 1, **fields) -> Interest:
    return Interest.objects.create(opportunity=opportunity, person=person,
                                   preference_rank=rank, **fields)


def make_opportunity_world() -> SimpleNamespace:
    """The people world (alice at RJ1, bob RJ1's talent lead, charlie at RX1 in another
    system, admin) plus:

    host_lead    organisation talent lead at RJ2 (the host)
    system_lead  system talent lead for QMJ (RJ1 and RJ2)
    opportunity  published at RJ2, reach system, bands 8a–9, one seat
    alice chose "system" visibility so the system lead may see her.
    """
    w = make_world()
    w.alice_person.visibility = Visibility.SYSTEM
    w.alice_person.save()
    w.host_lead = make_user("hana", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rj2,
                            email="hana@example.nhs.uk")
    w.host_lead_person = make_person(w.rj2, user=w.host_lead, given_name="Hana")
    w.system_lead = make_user("sam", role=Role.SYSTEM_TALENT_LEAD, scope=w.system,
                              email="sam@example.nhs.uk")
    w.bob.email = "bob@example.nhs.uk"
    w.bob.save()
    w.opportunity = make_opportunity(w.rj2, posted_by=w.host_lead,
                                     title="Deputy chief operating officer secondment")
    return w


def nominate_row(opportunity, person, by) -> Interest:
    return make_interest(opportunity, person, rank=None, source=InterestSource.NOMINATED,
                         nominated_by=by)


def talent_profile(person, readiness: str | None = None, **fields) -> TalentProfile:
    """The person's talent profile with these fields (readiness by its code, e.g.
    "ready_now"), as a recorded career conversation would leave it."""
    if readiness is not None:
        fields["readiness"] = ReadinessLevel.objects.get(code=readiness)
    return TalentProfile.unscoped.update_or_create(person=person, defaults=fields)[0]
