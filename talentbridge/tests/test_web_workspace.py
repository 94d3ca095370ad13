"""The home page as each role sees it: what is waiting for them (only work their role and the
policies give them), how many, and a link to the page where it is done."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from talentbridge.accounts.grants import forget
from talentbridge.accounts.models import Role
from talentbridge.config.workspace import waiting_for
from talentbridge.data_rights import corrections
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import mark_all_read
from talentbridge.notifications.services import notify
from talentbridge.opportunities.codes import Decision
from talentbridge.opportunities.codes import OpportunityStatus
from talentbridge.opportunities.codes import PlacementStatus
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.tests.factories import make_opportunity
from talentbridge.opportunities.tests.factories import make_opportunity_world
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import review_world

pytestmark = pytest.mark.django_db

#: A conversation cannot be saved with nothing prepared.
PREPARED = {"manager_preparation": "Her move into operations"}


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def items(user) -> dict[str, tuple[int, str]]:
    """What is waiting for ``user``: text -> (count, link)."""
    return {item.text: (item.count, item.href) for item in waiting_for(user)}


def test_signed_out_the_home_describes_the_service_and_promises_nothing_it_lacks(client):
    text = page_text(client.get("/"))
    assert "Find and develop NHS leaders" in text and "Sign in" in text
    assert "succession" not in text.lower() and "leadership posts" not in text.lower()
    assert "What is waiting for you" not in text


def test_a_home_lists_each_waiting_item_with_its_count_and_link(client):
    w = make_opportunity_world()
    submitted = make_opportunity(w.rj2, posted_by=w.host_lead, status=OpportunityStatus.SUBMITTED,
                                 title="Interim director of strategy")
    page = home(client, w.system_lead)
    assert re.search(rf'<a href="/opportunities/{submitted.pk}/">Opportunity to publish or send '
                     r"back</a></th>\s*<td[^>]*>1</td>", page)
    client.force_login(w.system_lead)
    assert client.get(f"/opportunities/{submitted.pk}/").status_code == 200
    assert "Publish" in page_text(client.get(f"/opportunities/{submitted.pk}/"))


def test_opportunities_to_publish_show_only_to_those_who_review_them(client):
    w = make_opportunity_world()
    make_opportunity(w.rj2, posted_by=w.host_lead, status=OpportunityStatus.SUBMITTED)
    make_opportunity(w.rj2, posted_by=w.host_lead, status=OpportunityStatus.SUBMITTED,
                     title="Second")
    assert items(w.system_lead)["Opportunities to publish or send back"] == (
        2, "/opportunities/")
    national = make_user("nat", role=Role.NATIONAL_LEAD)
    assert items(national)["Opportunities to publish or send back"][0] == 2
    # the poster (never a second pair of eyes on their own), an organisation talent lead, a
    # leader, an outsider and the administrator have nothing to publish
    for user in (w.host_lead, w.bob, w.alice, w.charlie, w.admin):
        assert "Opportunities to publish or send back" not in items(user), user
        assert "publish or send back" not in home(client, user)


def _placement(w, status: str, **fields) -> Placement:
    return Placement.objects.create(opportunity=w.opportunity, person=w.alice_person,
                                    home_organisation=w.rj1, status=status,
                                    offered_by=w.system_lead, **fields)


def test_placements_to_approve_show_to_each_side_until_it_has_decided(client):
    w = make_opportunity_world()
    placement = _placement(w, PlacementStatus.ACCEPTED)
    link = (1, f"/opportunities/placements/{placement.pk}/")
    assert items(w.bob)["Placement to approve for your organisation"] == link  # home
    assert items(w.host_lead)["Placement to approve for your organisation"] == link  # host
    for user in (w.system_lead, w.alice, w.charlie, w.admin):
        assert "Placement to approve for your organisation" not in items(user), user
    client.force_login(w.bob)
    assert "Record the home organisation's decision" in page_text(client.get(link[1]))
    Placement.unscoped.filter(pk=placement.pk).update(home_decision=Decision.APPROVED)
    assert "Placement to approve for your organisation" not in items(w.bob)
    assert items(w.host_lead)["Placement to approve for your organisation"] == link


def test_an_offer_waits_for_the_leader_alone(client):
    w = make_opportunity_world()
    placement = _placement(w, PlacementStatus.OFFERED)
    assert items(w.alice)["Offer of an opportunity to answer"] == (
        1, f"/opportunities/placements/{placement.pk}/")
    for user in (w.bob, w.host_lead, w.system_lead, w.charlie):
        assert "Offer of an opportunity to answer" not in items(user)
    client.force_login(w.alice)
    assert client.get(f"/opportunities/placements/{placement.pk}/").status_code == 200


def test_a_finished_match_run_waits_until_the_runs_are_opened(client):
    w = make_opportunity_world()
    MatchRun.objects.create(scope=RunScope.SYSTEM, system=w.system, created_by=w.system_lead,
                            status=RunStatus.SUCCEEDED, finished_at=timezone.now())
    assert items(w.system_lead)["Match run finished since you last looked"] == (
        1, "/opportunities/runs/")
    for user in (w.bob, w.alice, w.charlie):  # may not see the run
        assert "Match run finished since you last looked" not in items(user)
    client.force_login(w.system_lead)
    assert client.get("/opportunities/runs/").status_code == 200
    assert "Match run finished since you last looked" not in items(w.system_lead)


def test_conversations_wait_for_the_leader_and_for_the_manager_who_holds_them(client):
    w = conversation_world()
    conversation = conversation_services.start_conversation(w.mo, w.alice_person, PREPARED)
    assert items(w.alice)["Career conversation to prepare for"] == (
        1, f"/talent/conversations/{conversation.pk}/reflection/")
    assert items(w.mo)["Career conversation to record"] == (
        1, f"/talent/conversations/{conversation.pk}/record/")
    for user in (w.bob, w.charlie, w.sybil, w.analyst, w.admin):
        assert "Career conversation to record" not in items(user)
        assert "Career conversation to prepare for" not in items(user)
    client.force_login(w.mo)
    assert client.get(f"/talent/conversations/{conversation.pk}/record/").status_code == 200
    client.force_login(w.alice)
    assert client.get(f"/talent/conversations/{conversation.pk}/reflection/").status_code == 200


def test_a_conversation_falling_due_for_review_waits_for_the_leader_and_her_manager():
    w = conversation_world()
    today = timezone.localdate()
    conversation = conversation_services.start_conversation(
        w.mo, w.alice_person, record_values(w, next_review_on=today + dt.timedelta(days=3)),
        record_now=True)
    assert conversation.status == "recorded"
    assert items(w.alice)["Your career conversation is due for review"][0] == 1
    assert items(w.mo)["Career conversation with someone you manage due for review"] == (
        1, f"/talent/people/{w.alice_person.pk}/")
    assert "Career conversation with someone you manage due for review" not in items(w.bob)


def test_correction_requests_wait_for_the_organisation_administrator_only():
    w = conversation_world()
    org_admin = make_user("oa", role=Role.ORGANISATION_ADMINISTRATOR, scope=w.rj1)
    corrections.request_correction(w.alice, area="job_title",
                                   requested_correction="Director of Nursing")
    assert items(org_admin)["Correction request to deal with"] == (
        1, "/my-data/corrections/queue/")
    assert items(w.admin)["Correction request to deal with"][0] == 1
    for user in (w.alice, w.bob, w.mo, w.charlie):
        assert "Correction request to deal with" not in items(user)


def test_unread_notifications_wait_until_read():
    w = conversation_world()
    for n in range(3):
        notify(kind=Kind.APPROVAL, subject=f"Look {n}", body="Please look", to_user=w.alice)
    assert items(w.alice)["Unread notifications"] == (3, "/notifications/")
    assert "Unread notifications" not in items(w.bob)
    mark_all_read(w.alice)
    assert "Unread notifications" not in items(w.alice)


def test_a_role_with_nothing_waiting_is_told_so_and_given_its_usual_links(client):
    w = conversation_world()
    page = home(client, w.analyst)
    text = page_text(client.get("/"))
    assert "Nothing is waiting for you" in text and "What you do most" in text
    assert 'href="/insights/"' in page
    assert 'href="/talent/search/"' not in page  # an analyst never searches for people
    assert 'href="/opportunities/"' not in page.split("What you do most")[1].split("</ul>")[0]


def test_assessments_wait_for_the_leader_and_her_line_manager_until_they_answer(client):
    w = conversation_world()
    round_ = assessment_services.open_round(
        w.alice, w.alice_person, closes_on=timezone.localdate() + dt.timedelta(days=14))
    own = (1, f"/talent/assessments/{round_.pk}/rate/self/")
    managers = (1, f"/talent/assessments/{round_.pk}/rate/line-manager/")
    assert items(w.alice)["Self-assessment to give"] == own
    assert items(w.mo)["Line manager assessment to give"] == managers
    for user in (w.bob, w.sybil, w.charlie, w.admin):
        assert "Self-assessment to give" not in items(user)
        assert "Line manager assessment to give" not in items(user)
    client.force_login(w.mo)
    assert client.get(managers[1]).status_code == 200
    assessment_services.submit_ratings(w.alice, round_, "self", all_ratings())
    assert "Self-assessment to give" not in items(w.alice)
    assert "Line manager assessment to give" in items(w.mo)


def _queries(user) -> int:
    forget(user)  # each request starts from fresh grants
    with CaptureQueriesContext(connection) as queries:
        waiting_for(user)
    return len(queries)


def conversation_world_for(w):
    """Mo, alice's line manager, holding a conversation with her."""
    w.mo = make_user("mo")
    w.mo_person = make_person(w.rj1, user=w.mo, given_name="Mo")
    w.alice_person.line_manager = w.mo_person
    w.alice_person.save()
    return conversation_services.start_conversation(w.mo, w.alice_person, PREPARED)


def _more_work(w, conversation, start: int, end: int) -> None:
    """Placements to approve, opportunities to publish and conversations to record."""
    for n in range(start, end):
        other = make_opportunity(w.rj2, posted_by=w.host_lead, title=f"Secondment {n}")
        Placement.objects.create(opportunity=other, person=w.alice_person,
                                 home_organisation=w.rj1, status=PlacementStatus.ACCEPTED,
                                 offered_by=w.system_lead)
        make_opportunity(w.rj2, posted_by=w.host_lead, status=OpportunityStatus.SUBMITTED,
                         title=f"Submitted {n}")
        conversation_services.start_conversation(w.mo, conversation.person, PREPARED)


def test_counting_the_waiting_work_does_not_read_it_row_by_row():
    w = make_opportunity_world()
    conversation = conversation_world_for(w)
    _more_work(w, conversation, 0, 2)
    few = {user: _queries(user) for user in (w.bob, w.system_lead, w.mo)}
    _more_work(w, conversation, 2, 20)
    assert items(w.bob)["Placements to approve for your organisation"][0] == 20
    assert items(w.system_lead)["Opportunities to publish or send back"][0] == 20
    assert items(w.mo)["Career conversations to record"][0] == 21
    assert {user: _queries(user) for user in few} == few


def test_a_talent_review_in_progress_waits_for_its_facilitator_and_participants_until_locked():
    w = review_world()
    review = make_review(w)
    text = f"Talent review in progress: {review.name} (placing people)"
    assert items(review.facilitator)[text] == (1, f"/talent/reviews/{review.pk}/")
    review.participants.add(w.charlie)
    assert text in items(w.charlie)
    assert text not in items(w.alice) and text not in items(w.admin)
    TalentReview.objects.filter(pk=review.pk).update(status=ReviewStatus.LOCKED)
    assert text not in items(review.facilitator)


def test_pool_nominations_wait_for_those_who_manage_the_pool_not_for_the_nominee(client):
    w = review_world()
    pool = pool_services.create_pool(
        w.bob, name="Aspiring directors", purpose="Develop future directors",
        entry_criteria="Band 8c or above", scope_level="organisation", organisation=w.rj1)
    pool_services.nominate(w.alice, pool, person_id=w.alice_person.pk,
                           statement="I lead the winter plan")
    text = "Nomination to decide for Aspiring directors"
    assert items(w.bob)[text] == (1, f"/talent/pools/{pool.pk}/#nominations")
    for user in (w.alice, w.charlie, w.mo, w.admin):
        assert text not in items(user), user
    client.force_login(w.bob)
    assert "Nominations awaiting a decision" in page_text(client.get(f"/talent/pools/{pool.pk}/"))
