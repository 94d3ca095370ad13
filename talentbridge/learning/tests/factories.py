"""Factories for the learning log tests.

`learning_world()` builds on the people factories' world (alice and bob at RJ1, RJ2 in the same
system QMJ, charlie at RX1 in system QMF, an administrator) and adds:

    mo         alice's line manager at RJ1 (a leader)
    meg        a leader at RX1 who mentors alice (a running relationship)
    cora       a leader at RJ2 who was alice's coach (the relationship ended)
    sybil, reggie, nat   system, regional and national talent leads
    pam, ana, orla       programme manager, analyst, RJ1's organisation administrator
    entry      alice's reflection, with the marker text in every text field, shared with no one
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.learning.models import Entry
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import SupportKind
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import make_world

#: Text no page, file or answer may hold unless the entry's author or a current reader sees it.
MARKER = "Zanzibar-marmalade-7731"


def write_entry(person, marker: str = MARKER, **fields) -> Entry:
    values = {"happened_on": dt.date(2026, 3, 2), "title": f"Title {marker}",
              "what_happened": f"What happened {marker}", "what_i_learnt": f"Learnt {marker}",
              "do_differently": f"Differently {marker}", "tags": f"tag-{marker}",
              "lcf_domain": 5, **fields}
    return Entry.objects.create(person=person, **values)


def mentor(mentee, mentor_person, kind=SupportKind.MENTOR, *, ended: bool = False):
    today = timezone.localdate()
    return MentoringRelationship.objects.create(
        mentor=mentor_person, mentee=mentee, kind=kind,
        started_on=today - dt.timedelta(days=200),
        ended_on=today - dt.timedelta(days=1) if ended else None)


def learning_world():
    w = make_world()
    w.mo = make_user("mo", first_name="Mo", last_name="Manager")
    w.mo_person = make_person(w.rj1, user=w.mo, given_name="Mo", family_name="Manager")
    w.alice_person.line_manager = w.mo_person
    w.alice_person.save()
    w.meg = make_user("meg", first_name="Meg", last_name="Mentor")
    w.meg_person = make_person(w.rx1, user=w.meg, given_name="Meg", family_name="Mentor")
    w.relationship = mentor(w.alice_person, w.meg_person)
    w.cora = make_user("cora")
    w.cora_person = make_person(w.rj2, user=w.cora, given_name="Cora", family_name="Coach")
    mentor(w.alice_person, w.cora_person, SupportKind.COACH, ended=True)
    w.sybil = make_user("sybil", role=Role.SYSTEM_TALENT_LEAD, scope=w.system)
    w.reggie = make_user("reggie", role=Role.REGIONAL_LEAD, scope=w.region)
    w.nat = make_user("nat", role=Role.NATIONAL_LEAD)
    w.pam = make_user("pam", role=Role.PROGRAMME_MANAGER, scope=w.rj1)
    w.ana = make_user("ana", role=Role.ANALYST, scope=w.system)
    w.orla = make_user("orla", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1)
    for user in (w.sybil, w.reggie, w.nat, w.pam, w.ana, w.orla):
        make_person(w.rj1, user=user)
    w.entry = write_entry(w.alice_person)
    return w
