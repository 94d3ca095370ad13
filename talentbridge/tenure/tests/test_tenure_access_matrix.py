"""The tenure access matrix: one row per rule, each failing when the rule is loosened
(scripts/check_policy_mutations.py loosens them one at a time)."""

from __future__ import annotations

import pytest

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.succession.scopes import resolve
from talentbridge.succession.tests.access_matrix_world import access_matrix_world
from talentbridge.tenure import policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    """The access matrices' world, with an organisation in the North West and analysts of the
    region, of RJ1 and of England."""
    w = access_matrix_world()
    w.nw_org = make_org("RW1", make_system("QOP", w.north_west))
    w.region_analyst = make_user("rana", role=Role.ANALYST, scope=w.region)
    w.org_analyst = make_user("oana", role=Role.ANALYST, scope=w.rj1)
    w.national_analyst = make_user("nana", role=Role.ANALYST)
    return w


#: (user, reads RJ1's named holdings, records RJ1's exits)
HOLDINGS_MATRIX = [
    ("bob", True, True),          # RJ1's organisation talent lead
    ("admin", True, True),        # administrator
    ("rita_lead", False, False),  # RJ2's talent lead: another organisation, same system
    ("sybil", True, False),       # system talent lead of RJ1's system
    ("other_system_lead", False, False),
    ("regional", True, False),    # regional talent lead of RJ1's region
    ("other_regional", False, False),
    ("national", True, False),    # national talent lead
    ("orla", False, False),       # RJ1's organisation administrator
    ("analyst", False, False),    # analysts see aggregates only
    ("national_analyst", False, False),
    ("programme", False, False),
    ("alice", False, False),
    ("charlie", False, False),
]


@pytest.mark.parametrize(("who", "reads", "records"), HOLDINGS_MATRIX)
def test_who_reads_holdings_and_who_records_exits(w, who, reads, records):
    user = getattr(w, who)
    assert policy.can_view_holdings(user, w.rj1.pk) is reads
    assert policy.can_record_exit(user, w.rj1.pk) is records


#: (user, sees tenure figures at all, England, region Y56, system QMJ, organisation RJ1,
#: organisation RX1 (other system, same region), organisation RW1 (another region))
FIGURES_MATRIX = [
    ("bob", True, False, False, False, True, False, False),
    ("admin", True, True, True, True, True, True, True),
    ("sybil", True, False, False, True, True, False, False),
    ("other_system_lead", True, False, False, False, False, True, False),
    ("regional", True, False, True, True, True, True, False),
    ("other_regional", True, False, False, False, False, False, True),
    ("national", True, True, True, True, True, True, True),
    ("analyst", True, False, False, True, True, False, False),
    ("region_analyst", True, False, True, True, True, True, False),
    ("org_analyst", True, False, False, False, True, False, False),
    ("national_analyst", True, True, True, True, True, True, True),
    ("orla", False, False, False, False, False, False, False),
    ("programme", False, False, False, False, False, False, False),
    ("alice", False, False, False, False, False, False, False),
]


@pytest.mark.parametrize(("who", "any_", "england", "region", "system", "rj1", "rx1", "rw1"),
                         FIGURES_MATRIX)
def test_who_sees_tenure_figures_for_which_scope(w, who, any_, england, region, system, rj1,
                                                 rx1, rw1):
    user = getattr(w, who)
    assert policy.can_view_figures(user) is any_
    assert policy.can_view_segments(user) is any_
    for code, expected in (("ENGLAND", england), ("Y56", region), ("QMJ", system),
                           ("RJ1", rj1), ("RX1", rx1), ("RW1", rw1)):
        assert policy.can_view_figures_for(user, resolve(code)) is expected, code


@pytest.mark.parametrize(("who", "imports"), [
    ("admin", True), ("national", False), ("national_analyst", False), ("bob", False),
    ("alice", False)])
def test_only_administrators_import_segments(w, who, imports):
    assert policy.can_import_segments(getattr(w, who)) is imports
