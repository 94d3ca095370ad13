"""The world of the succession and tenure access matrices: the succession world with a user in
each role whose reach they test."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_user
from talentbridge.succession.tests.factories import succession_world


def access_matrix_world():
    """``succession_world()`` and: RJ2's talent lead, the regional leads of its region and of
    the North West, another system's talent lead, a national lead, an analyst of the system,
    a programme manager at RJ1, and someone not signed in."""
    w = succession_world()
    w.rita_lead = make_user("rhian", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rj2)
    w.regional = make_user("reg", role=Role.REGIONAL_LEAD, scope=w.region)
    w.north_west = make_region("Y62", "North West")
    w.other_regional = make_user("reg2", role=Role.REGIONAL_LEAD, scope=w.north_west)
    w.other_system_lead = make_user("sam", role=Role.SYSTEM_TALENT_LEAD, scope=w.other_system)
    w.national = make_user("nat", role=Role.NATIONAL_LEAD)
    w.analyst = make_user("ana", role=Role.ANALYST, scope=w.system)
    w.programme = make_user("pm", role=Role.PROGRAMME_MANAGER, scope=w.rj1)
    w.signed_out = AnonymousUser()
    return w
