"""Factories for the board tests. `board_world()` builds on the succession world (carol is
RJ1's chief executive, without an account) and adds, at RJ1:

    chris   the chair (a user, Chris Chair)
    petra   the people director (a user, Petra People)
    sid     a non-executive director, the senior independent director (a user)
    fay     the finance director (a user): a board member who is neither chair nor people director
    dora    a user Chris named delegate

and at RX1 (another system): rex, its chair (a user), who requests references; and a
regional talent lead, rhona, for the region of both.
"""

from __future__ import annotations

import datetime as dt

from talentbridge.accounts.models import Role
from talentbridge.board import fppt
from talentbridge.board.checklist import add_default_items
from talentbridge.board.fppt import CONCLUSION_ITEM
from talentbridge.board.models import BoardDelegate
from talentbridge.board.models import CheckOutcome
from talentbridge.board.models import FpptCheck
from talentbridge.board.models import FpptItem
from talentbridge.board.models import FpptRecord
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import succession_world

YEAR = 2026


def member(org, username: str, first: str, last: str, kind: str, **post_fields):
    user = make_user(username, first_name=first, last_name=last)
    person = make_person(org, user=user, given_name=first, family_name=last,
                         job_title=BoardPostKind(kind).label)
    post = make_post(org, kind, incumbent=person, **post_fields)
    return user, person, post


def board_world():
    add_default_items(FpptItem)  # a transactional test's flush empties the migration's rows
    w = succession_world()
    w.chris, w.chris_person, w.chair_post = member(w.rj1, "chris", "Chris", "Chair",
                                                   BoardPostKind.CHAIR)
    w.petra, w.petra_person, w.people_post = member(w.rj1, "petra", "Petra", "People",
                                                    BoardPostKind.PEOPLE)
    w.sid, w.sid_person, w.ned_post = member(w.rj1, "sid", "Sid", "Senior",
                                             BoardPostKind.NON_EXECUTIVE,
                                             senior_independent_director=True)
    w.fay, w.fay_person, w.finance_post = member(w.rj1, "fay", "Fay", "Finance",
                                                 BoardPostKind.FINANCE)
    w.rex, w.rex_person, w.rx1_chair = member(w.rx1, "rex", "Rex", "Rivers",
                                              BoardPostKind.CHAIR)
    w.dora = make_user("dora", first_name="Dora", last_name="Delegate")
    BoardDelegate.objects.create(organisation=w.rj1, user=w.dora, named_by=w.chris)
    w.rhona = make_user("rhona", role=Role.REGIONAL_LEAD, scope=w.region,
                        first_name="Rhona", last_name="Regional")
    return w


def start_records(w, year: int = YEAR, due_on: dt.date | None = None):
    """The year's records of RJ1's board, started by the chair."""
    fppt.start_year(w.chris, w.rj1, year=year, due_on=due_on or dt.date(year, 12, 31))
    return {r.person_id: r for r in FpptRecord.unscoped.filter(organisation=w.rj1, year=year)}


def complete_checks(fppt_record, user, day: dt.date = dt.date(2026, 3, 1)):
    """Every check but the conclusion done, satisfactorily."""
    FpptCheck.unscoped.filter(record=fppt_record).exclude(item__code=CONCLUSION_ITEM).update(
        date_completed=day, outcome=CheckOutcome.SATISFACTORY, evidence_ref="HR/FPPT/1",
        checked_by=user)
