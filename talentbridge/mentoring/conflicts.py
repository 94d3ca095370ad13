"""Conflicts of interest: pairs that are never proposed (docs/mentoring.md, "Conflicts of
interest"). Read after the mentoring policy let a programme manager run a matching; only the
pairs in conflict leave this module, never who declared what.

1. the same person on both sides;
2. a line relationship two levels deep: either is the other's line manager, or their line
   manager's line manager;
3. relationships between organisations, chosen by ``TALENTBRIDGE_MENTORING_CONFLICT_KINDS``:
   ``commissioner`` (one side works for the integrated care board of the other's system) and
   ``regulator`` (one side works for a national body: the ODS data does not say which national
   bodies regulate, so every national body counts);
4. conflicts either side declared: the other's work e-mail address or organisation;
5. a pair already in a current relationship of the same kind.
(The same organisation when the mentee wants someone from outside is left to the engine,
which drops those pairs and counts them.)
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person

from .models import DeclaredConflict
from .models import MentoringRelationship

DEFAULT_KINDS = ("commissioner", "regulator")


def conflict_kinds() -> tuple[str, ...]:
    return tuple(getattr(settings, "TALENTBRIDGE_MENTORING_CONFLICT_KINDS", DEFAULT_KINDS))


def _people(person_ids) -> dict[int, dict]:
    return {row["pk"]: row for row in Person.unscoped.filter(pk__in=person_ids).values(
        "pk", "organisation_id", "line_manager_id", "line_manager__line_manager_id",
        "work_email")}


def _line(a: dict, b: dict) -> bool:
    return (a["pk"] in (b["line_manager_id"], b["line_manager__line_manager_id"])
            or b["pk"] in (a["line_manager_id"], a["line_manager__line_manager_id"]))


class OrganisationRules:
    """Rule 3 over the organisations involved, looked up once."""

    def __init__(self, organisation_ids):
        self.kinds = conflict_kinds()
        self.kind_of = dict(Organisation.objects.filter(pk__in=organisation_ids)
                            .values_list("pk", "kind"))
        self.placements = placements_on()

    def _system(self, organisation_id):
        place = self.placements.get(organisation_id)
        return place.system_id if place else None

    def _commissions(self, icb: int, other: int) -> bool:
        return (self.kind_of.get(icb) == OrganisationKind.ICB and icb != other
                and self._system(icb) is not None and self._system(icb) == self._system(other))

    def conflict(self, a: int, b: int) -> bool:
        if "commissioner" in self.kinds and (self._commissions(a, b) or self._commissions(b, a)):
            return True
        return "regulator" in self.kinds and a != b and OrganisationKind.NATIONAL in (
            self.kind_of.get(a), self.kind_of.get(b))


def _declared(person_ids, people) -> set[tuple[int, int]]:
    """(declarer, other) person pairs from declarations naming the other or their employer."""
    by_email = {row["work_email"].lower(): pk for pk, row in people.items()}
    found = set()
    for declarer, email, organisation_id in DeclaredConflict.unscoped.filter(
            person_id__in=person_ids).values_list("person_id", "with_email", "organisation_id"):
        if email and email.lower() in by_email:
            found.add((declarer, by_email[email.lower()]))
        if organisation_id:
            found.update((declarer, pk) for pk, row in people.items()
                         if row["organisation_id"] == organisation_id)
    return found


def _current(mentee_ids, mentor_ids) -> set[tuple[int, int, str]]:
    today = timezone.localdate()
    return set(MentoringRelationship.unscoped.filter(
        mentee_id__in=mentee_ids, mentor_id__in=mentor_ids, started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)).values_list(
        "mentee_id", "mentor_id", "kind"))


def in_conflict(mentees, mentors) -> set[tuple[str, str]]:
    """The (mentee key, mentor key) pairs of scoring `Side`s that must never be paired."""
    person_ids = {s.person_id for s in mentees} | {s.person_id for s in mentors}
    people = _people(person_ids)
    rules = OrganisationRules({s.organisation_id for s in (*mentees, *mentors)})
    declared = _declared(person_ids, people)
    current = _current({s.person_id for s in mentees}, {s.person_id for s in mentors})
    found = set()
    for mentee in mentees:
        a = people[mentee.person_id]
        for mentor in mentors:
            b = people[mentor.person_id]
            if (a["pk"] == b["pk"] or _line(a, b)
                    or rules.conflict(a["organisation_id"], b["organisation_id"])
                    or (a["pk"], b["pk"]) in declared or (b["pk"], a["pk"]) in declared
                    or any((a["pk"], b["pk"], k) in current for k in mentee.support)):
                found.add((mentee.key, mentor.key))
    return found
