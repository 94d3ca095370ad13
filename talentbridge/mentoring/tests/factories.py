"""A small North West for the mentoring tests.

Region Y62 (North West): system QOP (Greater Manchester) with R0A and RM3 and the ICB's own
organisation QOP; system QYG (Cheshire and Merseyside) with RBL. A national body X26 (no
system). Region Y56 (London): system QMJ with RJ1.

lena   leader at R0A, line managed by mark; asks for a mentor (strategy and culture)
mark   lena's line manager at R0A, offers mentoring (a line relationship: never paired)
mo     at RBL (another system), offers mentoring in strategy and culture
mia    at R0A (lena's own organisation), offers mentoring in strategy
ivy    at the QOP integrated care board (lena's commissioner), offers mentoring
nat    at the national body X26 (a regulator), offers mentoring
olly   at RBL, asks for a coach (governance)
cara   at RJ1 in London, offers coaching in governance
pm     programme manager for the North West; pm_qop for QOP; pm_london for London
lead   organisation talent lead at R0A; admin administrator
"""

from __future__ import annotations

from types import SimpleNamespace

from talentbridge.accounts.models import Role
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.organisations.models import OrganisationKind
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.frameworks import LcfDomain

STRATEGY, CULTURE, GOVERNANCE = LcfDomain.STRATEGY, LcfDomain.CULTURE, LcfDomain.GOVERNANCE


def offer(person, domains=(STRATEGY, CULTURE), **fields) -> MentoringOffer:
    return MentoringOffer.objects.create(person=person, lcf_domains=list(domains), **fields)


def ask(person, needs=(STRATEGY, CULTURE), **fields) -> MentoringRequest:
    return MentoringRequest.objects.create(person=person, needs=list(needs), **fields)


def leader(w, name: str, org, **fields):
    user = make_user(name, first_name=name.capitalize(), last_name="Test")
    setattr(w, name, user)
    person = make_person(org, user=user, given_name=name.capitalize(), **fields)
    setattr(w, f"{name}_person", person)
    return person


def mentoring_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.north_west = make_region("Y62", "North West")
    w.london = make_region("Y56", "London")
    w.qop = make_system("QOP", w.north_west, name="NHS Greater Manchester Integrated Care Board")
    w.qyg = make_system("QYG", w.north_west,
                        name="NHS Cheshire and Merseyside Integrated Care Board")
    w.qmj = make_system("QMJ", w.london)
    w.r0a = make_org("R0A", w.qop, name="MANCHESTER UNIVERSITY NHS FOUNDATION TRUST")
    w.rm3 = make_org("RM3", w.qop, name="NORTHERN CARE ALLIANCE NHS FOUNDATION TRUST")
    w.icb = make_org("QOP", w.qop, kind=OrganisationKind.ICB,
                     name="NHS GREATER MANCHESTER INTEGRATED CARE BOARD")
    w.rbl = make_org("RBL", w.qyg, name="WIRRAL UNIVERSITY TEACHING HOSPITAL NHS FOUNDATION TRUST")
    w.national = make_org("X26", None, kind=OrganisationKind.NATIONAL, name="NHS ENGLAND")
    w.rj1 = make_org("RJ1", w.qmj)
    leader(w, "mark", w.r0a)
    leader(w, "lena", w.r0a, line_manager=w.mark_person)
    leader(w, "mo", w.rbl)
    leader(w, "mia", w.r0a)
    leader(w, "ivy", w.icb)
    leader(w, "nat", w.national)
    leader(w, "olly", w.rbl)
    leader(w, "cara", w.rj1)
    w.pm = make_user("pm", role=Role.PROGRAMME_MANAGER, scope=w.north_west)
    w.pm_qop = make_user("pm_qop", role=Role.PROGRAMME_MANAGER, scope=w.qop)
    w.pm_london = make_user("pm_london", role=Role.PROGRAMME_MANAGER, scope=w.london)
    w.lead = make_user("lead", role=Role.ORGANISATION_TALENT_LEAD, scope=w.r0a)
    w.admin = make_user("admin", role=Role.ADMINISTRATOR)
    return w
