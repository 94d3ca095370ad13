"""Factories for the succession tests (and the board tests built on its posts).

`make_post(org, kind, incumbent=...)` makes one board post; `make_successor(post, person)` names
a successor without the policy (tests of the policy go through the services instead).
`succession_world()` builds on the people factories' world (alice and bob at RJ1, RJ2 in the
same system QMJ, charlie at RX1 in system QMF, an administrator) and adds:

    ceo        RJ1's chief executive post, held substantively by carol (a leader at RJ1)
    rita       a leader at RJ2 (same system) who chose "system": RJ1's talent lead may see her
    otto       a leader at RJ2 who chose "organisation": RJ1's talent lead may not see him
    sybil      system talent lead for QMJ
    orla       organisation administrator of RJ1
"""

from __future__ import annotations

import datetime as dt

from talentbridge.accounts.models import Role
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor


def make_post(org, kind: str = BoardPostKind.CHIEF_EXECUTIVE, incumbent=None, **fields
              ) -> BoardPost:
    values = {
        "title": BoardPostKind(kind).label,
        "started_on": dt.date(2022, 4, 1) if incumbent is not None else None,
        **fields,
    }
    return BoardPost.objects.create(organisation=org, kind=kind, incumbent=incumbent, **values)


def make_successor(post: BoardPost, person, readiness: str = Readiness.NOW,
                   emergency_cover: bool = False, **fields) -> Successor:
    return Successor.objects.create(post=post, person=person, readiness=readiness,
                                    emergency_cover=emergency_cover, **fields)


def succession_world():
    w = make_world()
    w.carol = make_person(w.rj1, given_name="Carol", family_name="Chief",
                          job_title="Chief Executive", pay_band="vsm")
    w.ceo = make_post(w.rj1, BoardPostKind.CHIEF_EXECUTIVE, incumbent=w.carol)
    w.rita = make_person(w.rj2, given_name="Rita", family_name="Rowe",
                         visibility=Visibility.SYSTEM, job_title="Chief Operating Officer")
    w.otto = make_person(w.rj2, given_name="Otto", family_name="Owen",
                         visibility=Visibility.ORGANISATION)
    w.sybil = make_user("sybil", role=Role.SYSTEM_TALENT_LEAD, scope=w.system,
                        first_name="Sybil", last_name="Stone")
    w.orla = make_user("orla", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1,
                       first_name="Orla", last_name="Admin")
    return w
