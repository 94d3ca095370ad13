"""The cast of the account administration tests: `make_world()` (alice, bob, charlie, admin)
and olive, the organisation administrator of RJ1; dan, employed at RJ1 with an account; Nia
Newton, employed at RJ1 without one; Emeka Eze, employed at RX1 without one."""

from __future__ import annotations

from types import SimpleNamespace

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world


def accounts_world() -> SimpleNamespace:
    w = make_world()
    w.olive = make_user("olive", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1,
                        first_name="Olive", last_name="Osei")
    make_person(w.rj1, user=w.olive, given_name="Olive", family_name="Osei")
    w.dan = make_user("dan", first_name="Dan", last_name="Dawes")
    make_person(w.rj1, user=w.dan, given_name="Dan", family_name="Dawes")
    w.newcomer = make_person(w.rj1, given_name="Nia", family_name="Newton",
                             work_email="Nia.Newton@example.nhs.uk")
    w.elsewhere = make_person(w.rx1, given_name="Emeka", family_name="Eze")
    return w
