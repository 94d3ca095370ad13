"""The data rights access matrix: who × whose record × action, decided by
talentbridge.data_rights.policy over grants alone, against expected values written out
independently below (docs/data-rights.md, "Who may do what").

The subject is P (person 10, employed at organisation 1, the user 100). Each viewer is a
`Grants` as `grants_for` would build it, so no database is needed.
"""

from __future__ import annotations

import pytest

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import Held
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.data_rights import policy
from talentbridge.data_rights.models import CorrectionRequest

SUBJECT, SUBJECT_USER, HOME, ELSEWHERE = 10, 100, 1, 2


def _held(role: str, organisation_id: int | None = None) -> Held:
    level = ScopeLevel.ORGANISATION if organisation_id else ScopeLevel.ENGLAND
    return Held(role=role, scope_level=level, organisation_id=organisation_id)


VIEWERS = {
    "the person": Grants(user_id=SUBJECT_USER, person_id=SUBJECT, person_organisation_id=HOME),
    "the person, an organisation administrator at home": Grants(
        user_id=SUBJECT_USER, person_id=SUBJECT, person_organisation_id=HOME,
        held=(_held(Role.ORGANISATION_ADMINISTRATOR, HOME),)),
    "the person, an administrator": Grants(
        user_id=SUBJECT_USER, person_id=SUBJECT, person_organisation_id=HOME,
        held=(_held(Role.ADMINISTRATOR),)),
    "another leader": Grants(user_id=200, person_id=20, person_organisation_id=HOME),
    "their line manager": Grants(user_id=300, person_id=30, person_organisation_id=HOME,
                                 known_reports=(frozenset({SUBJECT}), frozenset())),
    "their organisation talent lead": Grants(
        user_id=400, person_id=40, person_organisation_id=HOME,
        held=(_held(Role.ORGANISATION_TALENT_LEAD, HOME),)),
    "a national talent lead": Grants(user_id=450, held=(_held(Role.NATIONAL_LEAD),)),
    "organisation administrator at home": Grants(
        user_id=500, held=(_held(Role.ORGANISATION_ADMINISTRATOR, HOME),)),
    "organisation administrator elsewhere": Grants(
        user_id=600, held=(_held(Role.ORGANISATION_ADMINISTRATOR, ELSEWHERE),)),
    "administrator": Grants(user_id=700, held=(_held(Role.ADMINISTRATOR),)),
    "signed out": Grants(user_id=None),
}
ACTIONS = ("export", "see_viewers", "request_correction", "see_correction", "handle_correction",
           "use_queue")
#: Where the request was sent: the subject's employer, or (after a move) an organisation
#: whose administrators keep it, or none (administrators deal with it).
SENT_TO = {"home": HOME, "elsewhere": ELSEWHERE, "nowhere": None}


def expected(viewer: str, action: str, sent_to: str) -> bool:
    """The rules, written independently of the policy code."""
    is_person = viewer.startswith("the person")
    if action in ("export", "see_viewers", "request_correction"):
        return is_person
    if action == "use_queue":
        return "administrator" in viewer  # of an organisation, or of England
    handles = (not is_person) and (
        viewer == "administrator"
        or (viewer == "organisation administrator at home" and sent_to == "home")
        or (viewer == "organisation administrator elsewhere" and sent_to == "elsewhere"))
    if action == "handle_correction":
        return handles
    if action == "see_correction":
        return is_person or handles
    raise AssertionError(action)


def decide(grants: Grants, action: str, sent_to: str) -> bool:
    organisation_id = SENT_TO[sent_to]
    return {
        "export": lambda: policy.can_export(grants, SUBJECT),
        "see_viewers": lambda: policy.can_see_viewers(grants, SUBJECT),
        "request_correction": lambda: policy.can_request_correction(grants, SUBJECT),
        "see_correction": lambda: policy.can_see_correction(
            grants, person_id=SUBJECT, organisation_id=organisation_id),
        "handle_correction": lambda: policy.can_handle_correction(
            grants, person_id=SUBJECT, organisation_id=organisation_id),
        "use_queue": lambda: policy.can_use_queue(grants),
    }[action]()


CASES = [(v, a, s) for v in VIEWERS for a in ACTIONS for s in SENT_TO]


@pytest.mark.parametrize(("viewer", "action", "sent_to"), CASES)
def test_matrix(viewer, action, sent_to):
    assert decide(VIEWERS[viewer], action, sent_to) == expected(viewer, action, sent_to), (
        f"{viewer} / {action} / request sent to {sent_to}")


def _matches(q, request: CorrectionRequest) -> bool:
    """Evaluate a filter on CorrectionRequest against one unsaved request, in Python."""
    if not q.children:
        return not q.negated
    results = []
    for child in q.children:
        if hasattr(child, "children"):
            results.append(_matches(child, request))
            continue
        lookup, value = child
        field, _, op = lookup.partition("__")
        actual = getattr(request, field if field.endswith("_id") or field == "pk" else field)
        results.append(actual in value if op == "in" else actual == value)
    result = all(results) if q.connector == "AND" else any(results)
    return not result if q.negated else result


@pytest.mark.parametrize(("viewer", "sent_to"), [(v, s) for v in VIEWERS for s in SENT_TO])
def test_the_list_filters_agree_with_the_decisions(viewer, sent_to):
    """What the queue and the lists show is exactly what the decisions allow."""
    grants = VIEWERS[viewer]
    request = CorrectionRequest(pk=1, person_id=SUBJECT, organisation_id=SENT_TO[sent_to])
    assert _matches(policy.corrections_filter(grants), request) == expected(
        viewer, "see_correction", sent_to)
    assert _matches(policy.queue_filter(grants), request) == expected(
        viewer, "handle_correction", sent_to)
