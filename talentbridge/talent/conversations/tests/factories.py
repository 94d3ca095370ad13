"""Factories for the conversation, assessment and search tests (no tests here; the name keeps
it beside them).

`conversation_world()` builds on the people factories' world (alice at RJ1, bob RJ1's
organisation talent lead, charlie the outsider at RX1, an administrator) and adds:

    mo       alice's line manager at RJ1 (a leader with no talent role)
    sybil    system talent lead for QMJ (RJ1 and RJ2)
    analyst  an analyst for the region
    readiness  the seeded readiness levels by code
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.frameworks import DEFAULT_READINESS
from talentbridge.talent.models import ReadinessLevel

TODAY = dt.date.today


def ensure_readiness() -> dict[str, ReadinessLevel]:
    """The readiness levels the migration seeds (a transactional test's flush removes them)."""
    for code, label, order in DEFAULT_READINESS:
        ReadinessLevel.objects.update_or_create(code=code, defaults={"label": label,
                                                                     "order": order,
                                                                     "is_active": True})
    return {r.code: r for r in ReadinessLevel.objects.all()}


def conversation_world():
    readiness = ensure_readiness()
    w = make_world()
    w.readiness = readiness
    w.mo = make_user("mo", first_name="Mo", last_name="Manager")
    w.mo_person = make_person(w.rj1, user=w.mo, given_name="Mo", family_name="Manager")
    w.alice_person.line_manager = w.mo_person
    w.alice_person.save()
    w.sybil = make_user("sybil", role=Role.SYSTEM_TALENT_LEAD, scope=w.system,
                        first_name="Sybil", last_name="Stone")
    w.analyst = make_user("ann", role=Role.ANALYST, scope=w.region)
    return w


def alice_round(w, by):
    """An assessment round about alice, opened by ``by``, closing in two weeks."""
    return assessment_services.open_round(by, w.alice_person,
                                          closes_on=timezone.localdate() + dt.timedelta(days=14))


def record_values(w, **overrides) -> dict:
    """A complete, valid conversation record."""
    today = timezone.localdate()
    values = {
        "held_on": today - dt.timedelta(days=1),
        "impact_level": "established",
        "growth_category": "stretch",
        "aspiration": "To lead a directorate across the system",
        "aspiration_role": "Director of Nursing",
        "readiness": "1_2_years",
        "open_to_other_organisations": True,
        "open_to_other_sectors": False,
        "travel_reach": "region",
        "open_to_relocation": False,
        "development_needs": [3, 4],
        "development_plan": "Board observer placement; finance for non-finance directors",
        "next_review_on": today + dt.timedelta(days=180),
        "manager_preparation": "Strong year; led the winter plan",
        "private_notes": "Mentioned caring responsibilities; keep travel modest",
    }
    values.update(overrides)
    return values


def all_ratings(answer: str = "frequently", **overrides) -> dict:
    ratings = {str(d): answer for d in range(1, 7)}
    ratings.update({k.removeprefix("d"): v for k, v in overrides.items()})
    return ratings
