"""A world for the data rights tests (no tests here).

`rights_world()` builds on the conversation world (alice at RJ1 with mo as her line manager,
bob RJ1's organisation talent lead, charlie the outsider at RX1, sybil the QMJ system talent
lead, an administrator) and gives alice data in every section of her export, and adds:

    olga     organisation administrator of RJ1
    oscar    organisation administrator of RX1
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.tests.factories import make_interest
from talentbridge.opportunities.tests.factories import make_opportunity
from talentbridge.people import services as people_services
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.models import TalentPool
from talentbridge.talent.reviews.tests.factories import ensure_reference_data
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place

REFLECTION = "I want to lead urgent and emergency care across the system"
PRIVATE_NOTES = "Mentioned caring responsibilities; keep travel modest"
BOB_NOTES = "Bob's own note from the coaching session"


def add_staff(w) -> None:
    w.olga = make_user("olga", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1,
                       email="olga@example.nhs.uk", first_name="Olga", last_name="Orr")
    w.oscar = make_user("oscar", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rx1,
                        email="oscar@example.nhs.uk")
    w.admin.email = "admin@example.nhs.uk"
    w.admin.save()


def give_alice_talent_records(w) -> None:
    """Conversations (one with mo, one with bob), an assessment with her self-assessment, a
    review placement, a pool membership."""
    alice = w.alice_person
    w.conversation = conversation_services.start_conversation(
        w.mo, alice, record_values(w, private_notes=PRIVATE_NOTES), record_now=True)
    conversation_services.update_conversation(w.alice, w.conversation,
                                              {"individual_reflection": REFLECTION})
    conversation_services.start_conversation(w.bob, alice, {"private_notes": BOB_NOTES})
    w.round = assessment_services.open_round(
        w.alice, alice, closes_on=timezone.localdate() + dt.timedelta(days=14))
    assessment_services.submit_ratings(w.alice, w.round, "self", all_ratings("frequently"))
    ensure_reference_data()
    _place_in_review(w)
    pool = TalentPool.objects.create(name="Aspiring directors", purpose="Develop directors",
                                     entry_criteria="Band 8d and above",
                                     scope_level="organisation", organisation=w.rj1,
                                     owner=w.bob)
    PoolMembership.objects.create(pool=pool, person=alice, joined_on=dt.date(2026, 1, 5),
                                  review_on=dt.date(2027, 1, 5))


def _place_in_review(w) -> None:
    w.grid = ReviewGrid.objects.get(code="nine_box")
    w.cells = {(c.column, c.row): c for c in GridCell.objects.filter(grid=w.grid)}
    w.readiness = {r.code: r for r in ReadinessLevel.objects.all()}
    review = make_review(w, name="RJ1 annual talent review")
    place(w, review, w.alice_person, rationale="Led the winter plan across two sites")


def give_alice_opportunities(w) -> None:
    opportunity = make_opportunity(w.rj2, title="Chief operating officer secondment")
    make_interest(opportunity, w.alice_person, statement="I led the winter plan")
    other = make_opportunity(w.rj2, title="Board observer programme")
    Placement.objects.create(opportunity=other, person=w.alice_person, home_organisation=w.rj1,
                             offered_by=w.bob, home_reason="Supported by her director")


def rights_world():
    w = conversation_world()
    add_staff(w)
    alice = w.alice_person
    alice.nhs_identifier = "ESR-0001"
    alice.save()
    ProtectedCharacteristics.objects.create(person=alice, sex="2", ethnic_category="M",
                                            date_of_birth=dt.date(1980, 5, 17))
    make_career_entry(alice, w.rj2, role_title="Deputy Director of Operations")
    give_alice_talent_records(w)
    give_alice_opportunities(w)
    people_services.get_person(w.bob, alice.pk)  # bob looked at her profile
    return w


def add_bulk_data(w, *, entries: int, conversations: int, views: int) -> None:
    """Lots of synthetic data about alice: career entries, recorded conversations, and looks
    at her record by bob."""
    alice = w.alice_person
    CareerHistoryEntry.objects.bulk_create(
        CareerHistoryEntry(person=alice, organisation_name=f"Employer {i}", sector="nhs",
                           role_title=f"Role {i}", kind="substantive",
                           started_on=dt.date(1990, 1, 1) + dt.timedelta(days=30 * i))
        for i in range(entries))
    CareerConversation.objects.bulk_create(
        CareerConversation(person=alice, held_by=w.mo, status="recorded",
                           held_on=dt.date(2020, 1, 1) + dt.timedelta(days=7 * i),
                           aspiration=f"Aspiration {i}", private_notes=f"Note {i}")
        for i in range(conversations))
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=w.bob, actor_label="bob", action=AuditAction.VIEW,
                   target_type="people.person", target_id=str(alice.pk), channel="web")
        for _ in range(views))
