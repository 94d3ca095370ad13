"""Posting and review, interest, nominations, and the road from proposal to placement."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditEvent
from talentbridge.opportunities import services
from talentbridge.opportunities.codes import Decision
from talentbridge.opportunities.codes import InterestStatus
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import PlacementStatus
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.models import Placement
from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.talent.models import TalentProfile

from .factories import future
from .factories import make_interest
from .factories import make_opportunity_world
from .factories import talent_profile

pytestmark = pytest.mark.django_db


def values(w, **overrides) -> dict:
    return {
        "title": "Board observer at Lewisham", "kind": "board_observer",
        "summary": "Observe the board for six months.", "host": w.rj2,
        "remote_possible": False, "time_percent": 10, "develops": [4, 6],
        "builds_towards": "executive_director", "band_min": "8c", "band_max": "vsm",
        "seats": 2, "starts_on": future(90), "ends_on": future(270), "closes_on": future(45),
        "reach": "region", **overrides,
    }


def test_post_submit_publish_by_someone_else_then_close():
    w = make_opportunity_world()
    opportunity = services.create_opportunity(w.host_lead, values(w))
    assert opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.system == w.system and opportunity.region == w.region
    assert opportunity.develops == [4, 6]
    services.submit_opportunity(w.host_lead, opportunity)
    assert "sam@example.nhs.uk" in mail.outbox[-1].to  # the system lead reviews
    with pytest.raises(PermissionDenied):
        services.publish_opportunity(w.host_lead, opportunity)  # not the poster
    services.publish_opportunity(w.system_lead, opportunity)
    assert opportunity.status == OpportunityStatus.PUBLISHED
    services.close_opportunity(w.host_lead, opportunity)
    assert opportunity.status == OpportunityStatus.CLOSED
    events = AuditEvent.objects.filter(target_type="opportunities.opportunity",
                                       target_id=str(opportunity.pk))
    assert {e.detail.get("event") for e in events} >= {"submitted", "published", "closed"}


def test_a_reviewer_sends_it_back_with_a_note():
    w = make_opportunity_world()
    opportunity = services.create_opportunity(w.host_lead, values(w))
    services.submit_opportunity(w.host_lead, opportunity)
    with pytest.raises(ValidationError) as error:
        services.send_back_opportunity(w.system_lead, opportunity, "  ")
    assert "note" in error.value.message_dict
    services.send_back_opportunity(w.system_lead, opportunity, "Say who the sponsor is")
    assert opportunity.status == OpportunityStatus.DRAFT
    assert opportunity.review_note == "Say who the sponsor is"


@pytest.mark.parametrize("overrides,field,fragment", [
    ({"band_min": "9", "band_max": "8a"}, "band_max", '"8a"'),
    ({"ends_on": future(10), "starts_on": future(90)}, "ends_on", "must be on or after"),
    ({"closes_on": future(100), "starts_on": future(90)}, "closes_on", "on or before"),
    ({"time_percent": 0}, "time_percent", ""),
    ({"seats": 0}, "seats", ""),
    ({"develops": [7]}, "develops", '"[7]"'),
])
def test_bad_opportunity_values_name_the_field_and_change_nothing(overrides, field, fragment):
    w = make_opportunity_world()
    before = Opportunity.objects.count()
    with pytest.raises(ValidationError) as error:
        services.create_opportunity(w.host_lead, values(w, **overrides))
    assert field in error.value.message_dict
    assert fragment in " ".join(error.value.message_dict[field])
    assert Opportunity.objects.count() == before


def test_only_talent_leads_whose_scope_holds_the_host_may_post():
    w = make_opportunity_world()
    with pytest.raises(PermissionDenied):
        services.create_opportunity(w.bob, values(w))          # RJ1's lead, host is RJ2
    with pytest.raises(PermissionDenied):
        services.create_opportunity(w.alice, values(w))        # a leader
    assert services.create_opportunity(w.system_lead, values(w)).pk


def test_a_leader_expresses_interest_changes_it_and_withdraws():
    w = make_opportunity_world()
    interest = services.express_interest(w.alice, w.opportunity, "I led a merger.", 2)
    assert interest.preference_rank == 2 and interest.status == InterestStatus.ACTIVE
    interest = services.express_interest(w.alice, w.opportunity, "Changed.", 1)
    assert Interest.unscoped.count() == 1 and interest.statement == "Changed."
    services.withdraw_interest(w.alice, w.opportunity)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.withdraw_interest(w.alice, w.opportunity)


@pytest.mark.parametrize("statement,rank,field", [
    ("x" * 1001, 1, "statement"), ("ok", 0, "preference_rank"), ("ok", 21, "preference_rank"),
    ("ok", "first", "preference_rank"),
])
def test_bad_interest_is_refused_with_the_field_named(statement, rank, field):
    w = make_opportunity_world()
    with pytest.raises(ValidationError) as error:
        services.express_interest(w.alice, w.opportunity, statement, rank)
    assert field in error.value.message_dict
    assert not Interest.unscoped.exists()


def test_leaders_cannot_apply_at_their_own_employer_or_outside_band_or_reach():
    w = make_opportunity_world()
    host_staff = make_person(w.rj2, user=None)
    assert "own employer" in services.policy.eligibility_problem(w.opportunity, host_staff)
    w.alice_person.pay_band = "7"
    w.alice_person.save()
    with pytest.raises(ValidationError) as error:
        services.express_interest(w.alice, w.opportunity)
    assert "Band 7" in error.value.message_dict["opportunity"][0]
    with pytest.raises(services.NotFound):  # charlie's system is outside the reach
        services.express_interest(w.charlie, w.opportunity)


def test_a_talent_lead_nominates_only_people_they_can_see():
    w = make_opportunity_world()
    person = services.person_for_nomination(w.system_lead, w.alice_person.work_email)
    services.nominate(w.system_lead, w.opportunity, person, "Strong operational record")
    assert w.alice_person.work_email in mail.outbox[-1].to
    hidden = make_person(w.rj1, visibility=Visibility.ORGANISATION)
    with pytest.raises(ValidationError) as error:
        services.person_for_nomination(w.system_lead, hidden.work_email)
    assert hidden.work_email in error.value.message_dict["work_email"][0]
    with pytest.raises(PermissionDenied):
        services.nominate(w.alice, w.opportunity, w.alice_person)


def _offer(w):
    make_interest(w.opportunity, w.alice_person, rank=1)
    run = services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system)
    proposal = run.proposals.get()
    return services.offer(w.system_lead, proposal)


def test_from_offer_to_completed_placement_with_emails_and_audit():
    w = make_opportunity_world()
    placement = _offer(w)
    assert placement.status == PlacementStatus.OFFERED
    assert mail.outbox[-1].to == [w.alice_person.work_email]
    with pytest.raises(PermissionDenied):
        services.respond(w.bob, placement, True)
    sent = len(mail.outbox)
    placement = services.respond(w.alice, placement, True)
    assert placement.status == PlacementStatus.ACCEPTED
    assert {to for m in mail.outbox[sent:] for to in m.to} == {"bob@example.nhs.uk",
                                                             "hana@example.nhs.uk"}
    with pytest.raises(PermissionDenied):
        services.decide(w.host_lead, placement, "home", True)  # host lead is not home
    placement = services.decide(w.bob, placement, "home", True)
    assert placement.status == PlacementStatus.ACCEPTED and placement.home_decision == "approved"
    assert mail.outbox[-1].to == ["hana@example.nhs.uk"]
    sent = len(mail.outbox)
    placement = services.decide(w.host_lead, placement, "host", True,
                                starts_on=future(70), ends_on=future(200))
    assert placement.status == PlacementStatus.PLACED and placement.starts_on == future(70)
    assert w.alice_person.work_email in {to for m in mail.outbox[sent:] for to in m.to}
    placement = services.complete(w.alice, placement, reflection="I learnt to chair.")
    assert placement.status == PlacementStatus.PLACED
    placement = services.complete(w.host_lead, placement, host_feedback="Excellent.")
    assert placement.status == PlacementStatus.COMPLETED
    events = AuditEvent.objects.filter(target_type="opportunities.placement")
    assert [e.detail["event"] for e in events.order_by("pk")] == [
        "offered", "accepted", "home_approved", "host_approved", "reflection", "host_feedback"]


def test_refusal_needs_a_reason_and_ends_the_placement():
    w = make_opportunity_world()
    placement = services.respond(w.alice, _offer(w), True)
    with pytest.raises(ValidationError) as error:
        services.decide(w.bob, placement, "home", False, "")
    assert "reason" in error.value.message_dict
    placement.refresh_from_db()
    assert placement.home_decision == Decision.PENDING
    placement = services.decide(w.bob, placement, "home", False, "Winter pressures")
    assert placement.status == PlacementStatus.NOT_APPROVED


def test_a_seat_is_never_offered_twice():
    w = make_opportunity_world()
    placement = _offer(w)
    with pytest.raises(ValidationError) as error:
        services.offer(w.system_lead, placement.proposal)
    assert "already been offered" in error.value.message_dict["proposal"][0]
    assert Placement.unscoped.count() == 1


def test_a_leader_declines():
    w = make_opportunity_world()
    placement = services.respond(w.alice, _offer(w), False, "Not now")
    assert placement.status == PlacementStatus.DECLINED
    with pytest.raises(ValidationError):
        services.respond(w.alice, placement, True)


def test_preferences_are_saved_with_conflicts():
    w = make_opportunity_world()
    talent_profile(w.alice_person, readiness="ready_now", development_need_mask=0b101)
    services.save_preferences(w.alice, {"travel_reach": "region", "open_to_relocation": True,
                                        "conflicts": [w.rx1]})
    profile, conflicts = services.preferences_of(w.alice_person)
    assert profile.pk is not None and TalentProfile.unscoped.get(person=w.alice_person) == profile
    assert (profile.travel_reach, profile.open_to_relocation) == ("region", True)
    assert profile.development_needs == [1, 3] and profile.readiness.code == "ready_now"
    assert [c.organisation for c in conflicts] == [w.rx1]
    event = AuditEvent.objects.filter(detail__event="opportunity_preferences").get()
    assert event.target_type == "talent.talentprofile"
    assert event.detail["fields"] == ["conflicts", "open_to_relocation", "travel_reach"]
    with pytest.raises(ValidationError) as error:
        services.save_preferences(w.alice, {"travel_reach": "mars", "open_to_relocation": "x",
                                            "readiness": "ready_now", "colour": "blue"})
    assert set(error.value.message_dict) == {"travel_reach", "open_to_relocation", "readiness",
                                             "colour"}
    assert '"mars"' in error.value.message_dict["travel_reach"][0]
    assert "career conversation" in error.value.message_dict["readiness"][0]
    assert TalentProfile.unscoped.get(person=w.alice_person).travel_reach == "region"


def test_a_leader_without_a_talent_profile_gets_one_when_saving_mobility():
    w = make_opportunity_world()
    profile, _ = services.preferences_of(w.alice_person)
    assert profile._state.adding and not profile.open_to_other_organisations
    assert not TalentProfile.unscoped.filter(person=w.alice_person).exists()
    services.save_preferences(w.alice, {"open_to_other_organisations": True})
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.open_to_other_organisations and profile.readiness is None
