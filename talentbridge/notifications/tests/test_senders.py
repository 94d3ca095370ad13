"""The capabilities tell people through notify(), each message with its kind: it is in the
recipient's list (when they have an account) as well as their e-mail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.models import EmailStatus
from talentbridge.notifications.models import Notification
from talentbridge.opportunities import services as opportunities
from talentbridge.opportunities.tests.factories import make_opportunity_world
from talentbridge.people import services as people
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations.tests.factories import conversation_world

pytestmark = pytest.mark.django_db


def _kinds(user) -> list[tuple[str, str]]:
    return [(n.kind, n.link) for n in Notification.objects.visible_to(user)]


def test_a_nomination_is_in_the_leaders_list_with_a_link_to_their_opportunities():
    w = make_opportunity_world()
    opportunities.nominate(w.system_lead, w.opportunity, w.alice_person, "Strong record")
    assert _kinds(w.alice) == [(Kind.NOMINATION, "/opportunities/mine/")]
    (told,) = Notification.objects.visible_to(w.alice)
    assert told.email_address == w.alice_person.work_email
    assert told.email_status == EmailStatus.SENT


def test_submitting_an_opportunity_asks_its_reviewers_for_approval():
    w = make_opportunity_world()
    w.opportunity.status = "draft"
    w.opportunity.save()
    opportunities.submit_opportunity(w.opportunity.posted_by, w.opportunity)
    assert _kinds(w.system_lead) == [(Kind.APPROVAL, f"/opportunities/{w.opportunity.pk}/")]


def test_raters_without_accounts_are_told_by_e_mail_only():
    w = conversation_world()
    assessment_round = assessment_services.open_round(
        w.alice, w.alice_person, closes_on=timezone.localdate() + dt.timedelta(days=14))
    assessment_services.invite_raters(w.alice, assessment_round, [("rater@nhs.net", "peer")])
    told = Notification.unscoped.get(email_address="rater@nhs.net")
    assert (told.kind, told.recipient, told.email_status) == (
        Kind.RATER_INVITATION, None, EmailStatus.SENT)


def test_a_visibility_reset_is_in_the_persons_list():
    w = conversation_world()
    w.alice_person.visibility = "national"
    w.alice_person.save()
    people.reset_visibility(w.admin, w.alice_person, reason="Alice asked the service desk")
    assert _kinds(w.alice) == [(Kind.VISIBILITY_RESET, "/people/me/")]
