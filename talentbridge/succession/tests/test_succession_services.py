"""Naming successors, setting a post's risk by hand, and what each user sees of a plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.succession import services
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> dict:
    return {field: " ".join(messages) for field, messages in error.message_dict.items()}


def test_a_talent_lead_names_a_successor_from_another_organisation_in_the_system():
    w = succession_world()
    successor = services.add_successor(w.bob, w.ceo, person_id=w.rita.pk,
                                       readiness=Readiness.NOW, emergency_cover=True,
                                       notes="Covered as COO in 2025")
    assert (successor.person, successor.readiness, successor.emergency_cover) == (
        w.rita, "now", True)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, target_type="succession.successor")
    assert event.detail["person"] == w.rita.pk
    [view] = services.post_views(w.bob, [w.ceo])
    assert view.covered and view.risk == "low"
    assert [(s.person, s.source, s.notes) for s in view.successors] == [
        (w.rita, "same system", "Covered as COO in 2025")]


@pytest.mark.parametrize(("case", "field", "message"), [
    ("incumbent", "person", "Carol Chief holds this post (Chief executive), so cannot be its "
                            "successor"),
    ("not allowed", "person", "Otto Owen has not allowed Guy's and St Thomas' NHS Foundation "
                              "Trust to see their profile"),
    ("twice", "person", "Rita Rowe is already in the succession plan for Chief executive"),
    ("readiness", "readiness", '"soon" is not one of them'),
    ("second emergency", "emergency_cover", "already has an emergency-cover successor"),
    ("no pool", "talent_pool", "There is no talent pool 999999"),
])
def test_bad_successors_are_refused_naming_the_field_and_value_and_nothing_changes(
        case, field, message):
    w = succession_world()
    make_successor(w.ceo, w.rita, emergency_cover=True)
    person = {"incumbent": w.carol, "not allowed": w.otto, "twice": w.rita}.get(
        case, w.alice_person)
    values = {"person_id": person.pk, "readiness": "soon" if case == "readiness" else "now",
              "emergency_cover": case == "second emergency",
              "talent_pool_id": 999999 if case == "no pool" else None}
    by = w.admin if case == "not allowed" else w.bob  # the administrator may see Otto
    with pytest.raises(ValidationError) as refused:
        services.add_successor(by, w.ceo, **values)
    assert message in _messages(refused.value)[field]
    assert list(Successor.unscoped.values_list("person_id", flat=True)) == [w.rita.pk]
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_someone_the_lead_may_not_see_is_not_named_and_not_revealed():
    w = succession_world()
    with pytest.raises(ValidationError) as refused:
        services.add_successor(w.bob, w.ceo, person_id=w.otto.pk, readiness="now")
    assert _messages(refused.value) == {"person": f"There is no person {w.otto.pk} you may "
                                                  "choose"}


def test_only_the_plan_s_owners_change_it():
    w = succession_world()
    with pytest.raises(PermissionDenied):
        services.add_successor(w.sybil, w.ceo, person_id=w.rita.pk, readiness="now")
    successor = make_successor(w.ceo, w.rita)
    with pytest.raises(PermissionDenied):
        services.remove_successor(w.sybil, successor)
    services.remove_successor(w.bob, successor)
    assert not Successor.unscoped.exists()


def test_readers_see_successors_they_may_see_without_the_owners_notes():
    w = succession_world()
    make_successor(w.ceo, w.rita, notes="Private to the owners")
    make_successor(w.ceo, w.otto, readiness=Readiness.THREE_OR_MORE_YEARS)
    [bob_view] = services.post_views(w.bob, [w.ceo])
    [sybil_view] = services.post_views(w.sybil, [w.ceo])
    # bob may not see otto (RJ2, "organisation only"); both count towards the post's plan
    assert [s.person for s in bob_view.successors] == [w.rita]
    assert bob_view.successor_count == sybil_view.successor_count == 2
    assert [s.notes for s in sybil_view.successors] == [""]
    assert bob_view.successors[0].notes == "Private to the owners"


def test_a_lead_of_another_organisation_sees_the_post_and_its_cover_but_not_its_plan():
    w = succession_world()
    rj2_lead = make_user("rhian", role=Role.ORGANISATION_TALENT_LEAD, scope=w.rj2)
    make_successor(w.ceo, w.rita)
    [view] = services.post_views(rj2_lead, [w.ceo])
    assert view.covered and view.successor_count == 1
    assert not view.plan_visible and view.successors == []


def test_the_vacancy_risk_is_derived_and_can_be_set_by_hand_with_a_reason():
    w = succession_world()
    today = dt.date.today()
    post = make_post(w.rj1, BoardPostKind.FINANCE, incumbent=w.alice_person,
                     expected_vacancy_on=today + dt.timedelta(days=500),
                     vacancy_reason="retirement")
    assert services.risk_of(post) == "medium"
    with pytest.raises(ValidationError) as refused:
        services.override_risk(w.bob, post, risk="high")
    assert "reason" in refused.value.message_dict
    post.refresh_from_db()
    assert post.risk_override == ""
    services.override_risk(w.bob, post, risk="high", reason="Two bids for the post fell through")
    post.refresh_from_db()
    assert services.risk_of(post) == "high"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, target_type="succession.boardpost")
    assert event.reason == "Two bids for the post fell through"
    assert event.detail == {"risk_override": "high", "derived_risk": "medium"}
    with pytest.raises(PermissionDenied):
        services.override_risk(w.sybil, post, risk="low", reason="No")
    services.override_risk(w.bob, post, risk="")
    post.refresh_from_db()
    assert services.risk_of(post) == "medium"


def test_the_chooser_finds_only_people_the_lead_may_see():
    w = succession_world()
    make_person(w.rj2, given_name="Rita", family_name="Hidden", visibility=Visibility.ORGANISATION)
    found = services.candidates(w.bob, w.ceo, "rita")
    assert found == [w.rita]
    assert services.candidates(w.bob, w.ceo, "otto") == []  # RJ2, "my organisation only"


def test_a_post_s_details_change_its_derived_risk_and_bad_details_change_nothing():
    w = succession_world()
    today = dt.date.today()
    with pytest.raises(ValidationError) as refused:
        services.update_post(w.bob, w.ceo, interim=False, started_on=w.ceo.started_on,
                             expected_vacancy_on=None, vacancy_reason="retirement")
    assert _messages(refused.value) == {
        "expected_vacancy_on": "Give the date the post is expected to fall vacant, or no reason"}
    with pytest.raises(ValidationError) as refused:
        services.update_post(w.bob, w.ceo, interim=False, started_on=dt.date(2022, 4, 1),
                             expected_vacancy_on=dt.date(2021, 1, 1), vacancy_reason="other")
    assert "(2021-01-01) must not be before the incumbent started (2022-04-01)" in _messages(
        refused.value)["expected_vacancy_on"]
    w.ceo.refresh_from_db()
    assert (w.ceo.expected_vacancy_on, w.ceo.vacancy_reason) == (None, "")
    with pytest.raises(PermissionDenied):
        services.update_post(w.sybil, w.ceo, interim=True, started_on=None,
                             expected_vacancy_on=None)
    services.update_post(w.bob, w.ceo, interim=False, started_on=w.ceo.started_on,
                         expected_vacancy_on=today + dt.timedelta(days=200),
                         vacancy_reason="retirement")
    assert services.risk_of(w.ceo) == "high"
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, target_type="succession.boardpost")
    assert set(event.detail["changed"]) == {"expected_vacancy_on", "vacancy_reason"}
