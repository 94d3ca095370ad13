"""The access matrix before and after a move: for the talent leads of the organisation a person
leaves (old) and the one they join (new), for each visibility choice, for a move within the
system, to another system in the region, and to a system in another region.

The rule (docs/access-policy.md, "Moves between employers"): the new organisation's talent
leads see the person as their employee from the move date; the former organisation's talent
leads keep only what the person's visibility choice allows from that date on. Their profile,
talent records (conversations, assessments, placement history) and placements follow the same
rule, since they are keyed on the person.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.accounts.grants import forget
from talentbridge.accounts.models import Role
from talentbridge.opportunities import policy as opportunity_policy
from talentbridge.opportunities import services as opportunity_services
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.tests.factories import make_opportunity
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Person
from talentbridge.people.move_policy import may_see_move
from talentbridge.people.moves import apply_due_moves
from talentbridge.people.moves import move_person
from talentbridge.people.policy import Action
from talentbridge.people.policy import can
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.conversations import policy as conversation_policy
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import TalentPool
from talentbridge.talent.reviews import policy as review_policy
from talentbridge.talent.reviews import pool_services

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
#: where the person moves to, relative to where they work now (A, in system S1, North West)
DESTINATIONS = {"same_system": "B", "other_system": "C", "other_region": "D"}


@pytest.fixture
def nhs():
    north_west, london = make_region("Y62", "North West"), make_region("Y56", "London")
    s1, s2, s3 = (make_system("QAA", north_west), make_system("QBB", north_west),
                  make_system("QCC", london))
    orgs = {"A": make_org("TA1", s1), "B": make_org("TB1", s1), "C": make_org("TC1", s2),
            "D": make_org("TD1", s3), "H": make_org("TH1", s3)}
    leads = {code: make_user(f"lead_{code}", Role.ORGANISATION_TALENT_LEAD, org)
             for code, org in orgs.items()}
    admin = make_user("admin", Role.ADMINISTRATOR)
    return orgs, leads, admin


def sees(user, person: Person) -> bool:
    """Everything a viewer sees of the person agrees: profile, list, talent records."""
    forget(user)
    person = Person.unscoped.get(pk=person.pk)
    answers = {
        can(user, Action.VIEW_PROFILE, person),
        Person.objects.visible_to(user).filter(pk=person.pk).exists(),
        conversation_policy.can_view_conversations(user, person),
        conversation_policy.can_view_assessment(user, person),
        review_policy.can_see_placement_history(user, person),
    }
    assert len(answers) == 1, "the profile and the talent records disagree"
    return answers.pop()


def expected_after(where: str, visibility: str) -> bool:
    """What the old organisation's talent lead sees after the move."""
    return visibility == Visibility.NATIONAL or (
        where == "same_system" and visibility == Visibility.SYSTEM)


@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("where", DESTINATIONS)
def test_the_old_and_new_organisations_talent_leads_before_and_after_a_move(
        nhs, where, visibility):
    orgs, leads, admin = nhs
    new = DESTINATIONS[where]
    person = make_person(orgs["A"], visibility=visibility,
                         started_in_post=TODAY - dt.timedelta(days=900))
    # Before: the old organisation employs them; the new one sees what the choice allows.
    assert sees(leads["A"], person) is True
    assert sees(leads[new], person) is expected_after(where, visibility)
    assert can(leads["A"], Action.EDIT_PROFILE, person)

    move_person(admin, person, to_organisation=orgs[new], effective_on=TODAY)

    assert sees(leads[new], person) is True
    forget(leads[new])
    assert can(leads[new], Action.EDIT_PROFILE, Person.unscoped.get(pk=person.pk))
    assert sees(leads["A"], person) is expected_after(where, visibility)
    forget(leads["A"])
    person = Person.unscoped.get(pk=person.pk)
    assert not can(leads["A"], Action.EDIT_PROFILE, person)
    assert not conversation_policy.can_hold_conversation(leads["A"], person)
    assert not conversation_policy.can_open_assessment(leads["A"], person)


@pytest.mark.parametrize("visibility", Visibility.values)
def test_a_pending_move_changes_no_access_until_its_date(nhs, visibility):
    orgs, leads, admin = nhs
    person = make_person(orgs["A"], visibility=visibility,
                         started_in_post=TODAY - dt.timedelta(days=900))
    day = TODAY + dt.timedelta(days=10)
    move = move_person(admin, person, to_organisation=orgs["D"], effective_on=day)
    assert sees(leads["A"], person) is True
    assert sees(leads["D"], person) is (visibility == Visibility.NATIONAL)
    # The receiving lead sees the move coming (they may record or cancel it) ...
    assert may_see_move(leads["D"], move.from_organisation_id, move.to_organisation_id,
                        sees_person=False)
    # ... and a lead of neither organisation does not, unless they see the person.
    assert not may_see_move(leads["C"], move.from_organisation_id, move.to_organisation_id,
                            sees_person=False)
    apply_due_moves(day)
    assert sees(leads["D"], person) is True
    assert sees(leads["A"], person) is (visibility == Visibility.NATIONAL)


@pytest.mark.parametrize("visibility", Visibility.values)
@pytest.mark.parametrize("side", ["home", "host"])
def test_a_placement_at_the_old_organisation_is_seen_after_the_move_only_as_the_choice_allows(
        nhs, visibility, side):
    orgs, leads, admin = nhs
    person = make_person(orgs["A"], visibility=visibility,
                         started_in_post=TODAY - dt.timedelta(days=900))
    if side == "home":  # A was home, H hosted it
        opportunity, home = make_opportunity(orgs["H"]), orgs["A"]
    else:  # A hosted it while the person was at B; then they worked at A; now they leave A
        person.organisation = orgs["B"]
        person.save()
        opportunity, home = make_opportunity(orgs["A"]), orgs["B"]
        move_person(admin, person, to_organisation=orgs["A"],
                    effective_on=TODAY - dt.timedelta(days=30))
    placement = Placement.objects.create(opportunity=opportunity, person=person,
                                         home_organisation=home)
    assert opportunity_policy.can_view_placement(leads["A"], placement)
    move_person(admin, Person.unscoped.get(pk=person.pk), to_organisation=orgs["D"],
                effective_on=TODAY)
    forget(leads["A"])
    placement = Placement.objects.visible_to(admin).select_related(
        "person", "opportunity").get(pk=placement.pk)
    assert opportunity_policy.can_view_placement(leads["A"], placement) is (
        visibility == Visibility.NATIONAL)
    assert opportunity_services.placements_for(leads["A"]).filter(pk=placement.pk).exists() is (
        visibility == Visibility.NATIONAL)
    approve = (opportunity_policy.can_approve_home if side == "home"
               else opportunity_policy.can_approve_host)
    assert not approve(leads["A"], placement)
    # The host, which never employed them, keeps its rights; B, which they also left, does not.
    other = "H" if side == "home" else "B"
    forget(leads[other])
    assert opportunity_policy.can_view_placement(leads[other], placement) is (
        side == "home" or visibility == Visibility.NATIONAL)
    assert opportunity_services.placements_for(leads[other]).filter(
        pk=placement.pk).exists() is (side == "home" or visibility == Visibility.NATIONAL)


@pytest.mark.parametrize("visibility", Visibility.values)
def test_a_nomination_by_the_old_organisations_lead_is_theirs_only_as_the_choice_allows(
        nhs, visibility):
    orgs, leads, admin = nhs
    person = make_person(orgs["A"], visibility=visibility,
                         started_in_post=TODAY - dt.timedelta(days=900))
    pool = TalentPool.objects.create(name="Aspiring directors", purpose="Test",
                                     entry_criteria="Test", scope_level="organisation",
                                     organisation=orgs["A"], owner=leads["A"])
    nomination = PoolNomination.objects.create(pool=pool, person=person, route="talent_lead",
                                               nominated_by=leads["A"], statement="Ready")
    assert review_policy.can_see_nomination(leads["A"], nomination)
    move_person(admin, person, to_organisation=orgs["D"], effective_on=TODAY)
    forget(leads["A"])
    nomination = PoolNomination.objects.visible_to(admin).select_related("person").get(
        pk=nomination.pk)
    national = visibility == Visibility.NATIONAL
    assert review_policy.can_see_nomination(leads["A"], nomination) is national
    assert review_policy.can_withdraw(leads["A"], nomination) is national
    assert pool_services.my_nominations(leads["A"]).filter(pk=nomination.pk).exists() is national
