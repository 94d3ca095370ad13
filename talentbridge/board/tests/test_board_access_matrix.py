"""The board access matrix: who × action on FPPT records and Board Member References of one
organisation (HOME), decided by talentbridge.board.policy over grants and board standing
alone, against expected values written out independently below (docs/board.md, "Who may
see and do what").

MEMBER (person 10) is a board member at HOME who is neither chair nor people director; CHAIR
(person 20) is HOME's chair. Each viewer is a `Grants` and a `Standing` as the services would
build them, so no database is needed.
"""

from __future__ import annotations

import pytest

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import Held
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.board import policy
from talentbridge.board.policy import Standing

HOME, ELSEWHERE, REGION, OTHER_REGION = 1, 2, 5, 6
MEMBER, CHAIR = 10, 20
S = frozenset


def _held(role: str, *, organisation_id=None, region_id=None) -> Held:
    level = (ScopeLevel.ORGANISATION if organisation_id else
             ScopeLevel.REGION if region_id else ScopeLevel.ENGLAND)
    return Held(role=role, scope_level=level, organisation_id=organisation_id,
                region_id=region_id)


VIEWERS: dict[str, tuple[Grants, Standing]] = {
    "the member": (Grants(user_id=100, person_id=MEMBER, person_organisation_id=HOME),
                   Standing()),
    "the chair": (Grants(user_id=200, person_id=CHAIR, person_organisation_id=HOME),
                  Standing(chair_of=S({HOME}))),
    "the people director": (Grants(user_id=300, person_id=30, person_organisation_id=HOME),
                            Standing(people_director_of=S({HOME}))),
    "the senior independent director": (
        Grants(user_id=400, person_id=40, person_organisation_id=HOME),
        Standing(senior_independent_director_of=S({HOME}))),
    "a delegate": (Grants(user_id=500), Standing(delegate_for=S({HOME}))),
    "the chair elsewhere": (Grants(user_id=600, person_id=60, person_organisation_id=ELSEWHERE),
                            Standing(chair_of=S({ELSEWHERE}))),
    "a delegate elsewhere": (Grants(user_id=650), Standing(delegate_for=S({ELSEWHERE}))),
    "organisation talent lead at home": (
        Grants(user_id=700, person_id=70, person_organisation_id=HOME,
               held=(_held(Role.ORGANISATION_TALENT_LEAD, organisation_id=HOME),)), Standing()),
    "organisation administrator at home": (
        Grants(user_id=750, held=(_held(Role.ORGANISATION_ADMINISTRATOR, organisation_id=HOME),)),
        Standing()),
    "regional talent lead": (Grants(user_id=800, held=(_held(Role.REGIONAL_LEAD,
                                                             region_id=REGION),)), Standing()),
    "regional talent lead elsewhere": (
        Grants(user_id=850, held=(_held(Role.REGIONAL_LEAD, region_id=OTHER_REGION),)),
        Standing()),
    "administrator": (Grants(user_id=900, held=(_held(Role.ADMINISTRATOR),)), Standing()),
    "signed out": (Grants(user_id=None), Standing(chair_of=S({HOME}))),
}
ACTIONS = ("read", "read_member_record", "read_chair_record", "keep_member",
           "keep_own", "attest_member", "sign_off_member", "sign_off_chair", "name_delegates",
           "see_submission", "request_reference", "supply_member_reference", "configure_items",
           "read_supplied_as_requester", "offered_reference_requests", "uses_board")
READERS = {"the chair", "the people director", "a delegate"}
LEADS = {"the chair", "the people director"}


def expected(viewer: str, action: str) -> bool:
    """The rules, written independently of the policy code."""
    if viewer == "signed out":
        return False
    if action in ("read", "read_member_record", "keep_member", "supply_member_reference"):
        return viewer in READERS
    if action == "read_chair_record":
        return viewer in READERS or viewer == "the senior independent director"
    if action == "keep_own":  # a reader on a record of their own: never
        return False
    if action == "attest_member":
        return viewer == "the member"
    if action == "sign_off_member":
        return viewer == "the chair"
    if action == "sign_off_chair":
        return viewer == "the senior independent director"
    if action == "name_delegates":
        return viewer in LEADS
    if action == "see_submission":
        return viewer in READERS or viewer == "regional talent lead"
    if action == "request_reference":  # of a reference HOME holds
        return viewer == "the chair elsewhere"
    if action == "offered_reference_requests":  # any chair or people director
        return viewer in LEADS | {"the chair elsewhere"}
    if action == "configure_items":
        return viewer == "administrator"
    if action == "read_supplied_as_requester":
        return viewer == "the chair elsewhere"
    if action == "uses_board":
        return viewer in READERS | {"a delegate elsewhere", "the chair elsewhere",
                                    "regional talent lead", "regional talent lead elsewhere",
                                    "administrator"}
    raise AssertionError(action)


def actual(viewer: str, action: str) -> bool:
    grants, standing = VIEWERS[viewer]
    if action == "read":
        return policy.can_read(grants, standing, HOME)
    if action in ("read_member_record", "read_chair_record"):
        return policy.can_read_record(grants, standing, organisation_id=HOME,
                                      member_is_chair=action == "read_chair_record")
    if action == "keep_member":
        return policy.can_keep(grants, standing, organisation_id=HOME, person_id=MEMBER)
    if action == "keep_own":
        return policy.can_keep(grants, standing, organisation_id=HOME,
                               person_id=grants.person_id or -1) and grants.person_id is not None
    if action == "attest_member":
        return policy.can_attest(grants, MEMBER)
    if action == "sign_off_member":
        return policy.can_sign_off(grants, standing, organisation_id=HOME, person_id=MEMBER,
                                   member_is_chair=False)
    if action == "sign_off_chair":
        return policy.can_sign_off(grants, standing, organisation_id=HOME, person_id=CHAIR,
                                   member_is_chair=True)
    if action == "name_delegates":
        return policy.can_name_delegates(grants, standing, HOME)
    if action == "see_submission":
        return policy.can_see_submission(grants, standing, organisation_id=HOME,
                                         region_id=REGION)
    if action == "request_reference":
        return policy.can_request_reference(grants, standing) and bool(
            policy.requesting_organisations(grants, standing, HOME))
    if action == "offered_reference_requests":
        return policy.can_request_reference(grants, standing)
    if action == "supply_member_reference":
        return policy.can_supply_reference(grants, standing, organisation_id=HOME,
                                           person_id=MEMBER)
    if action == "configure_items":
        return policy.can_configure_items(grants)
    if action == "read_supplied_as_requester":
        return policy.can_read_supplied(grants, requested_by_id=600, supplied=True)
    return policy.uses_board(grants, standing)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_access_matrix(viewer, action):
    assert actual(viewer, action) == expected(viewer, action), (viewer, action)


def test_a_requester_reads_only_once_supplied_and_only_their_own_request():
    grants, _ = VIEWERS["the chair elsewhere"]
    assert not policy.can_read_supplied(grants, requested_by_id=600, supplied=False)
    assert not policy.can_read_supplied(grants, requested_by_id=601, supplied=True)


def test_the_people_director_cannot_sign_off_their_own_record_even_as_chair():
    grants = Grants(user_id=200, person_id=CHAIR, person_organisation_id=HOME)
    standing = Standing(chair_of=S({HOME}), senior_independent_director_of=S({HOME}))
    assert not policy.can_sign_off(grants, standing, organisation_id=HOME, person_id=CHAIR,
                                   member_is_chair=True)
    assert not policy.can_keep(grants, standing, organisation_id=HOME, person_id=CHAIR)


def _ids(q) -> set[int] | None:
    """The organisation ids a filter allows (None: every row)."""
    if not q.children:
        return None
    (_, value), = q.children
    return set(value)


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_the_records_filter_matches_the_rule(viewer):
    grants, standing = VIEWERS[viewer]
    allowed = _ids(policy.records_filter(grants, standing))
    assert (HOME in allowed) == expected(viewer, "read")
    chair = policy.chair_records_filter(grants, standing)
    sid = viewer == "the senior independent director"
    assert ("organisation_id__in", [HOME]) in chair.children if sid else \
        not any(v for _, v in chair.children if isinstance(v, list))


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_own_records_are_the_members_alone(viewer):
    grants, _ = VIEWERS[viewer]
    q = policy.own_records_filter(grants)
    assert (("person_id", MEMBER) in q.children) == (viewer == "the member")


@pytest.mark.parametrize("viewer", list(VIEWERS))
def test_submission_scope(viewer):
    grants, standing = VIEWERS[viewer]
    orgs, regions = policy.submission_scope(grants, standing)
    assert (HOME in orgs or REGION in regions) == expected(viewer, "see_submission")

