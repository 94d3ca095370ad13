"""Who may be a 360 rater: colleagues at an NHS work address (nhs.net or nhs.uk, or the
address of a person or active user in TalentBridge), never the person's own addresses or their
line manager's; any other address waits for the line manager's approval before its link is
sent. The invitation states the anonymity rule exactly. Closing is audited and final."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations import assessment_services as services
from talentbridge.talent.conversations.tests.factories import alice_round
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound


@pytest.fixture
def w(db):
    return conversation_world()


def _round(w, by=None):
    return alice_round(w, by or w.alice)


def _refusal(call) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        call()
    return {k: v[0] for k, v in error.value.message_dict.items()}


def test_the_person_cannot_invite_their_own_addresses_or_their_line_manager(w):
    w.alice.email = "Alice.Home@example.nhs.uk"
    w.alice.save()
    r = _round(w)
    errors = _refusal(lambda: services.invite_raters(w.alice, r, [
        (w.alice_person.work_email.upper(), "peer"),
        ("alice.home@example.nhs.uk", "other"),
        (w.mo_person.work_email, "peer"),
    ]))
    assert errors["invitations.0.email"] == (
        f'"{w.alice_person.work_email}" is an address of Alice Ashworth, the person being '
        "assessed: they give the self-assessment instead")
    assert '"alice.home@example.nhs.uk" is an address of Alice Ashworth' in (
        errors["invitations.1.email"])
    assert f'"{w.mo_person.work_email}" is an address of Alice Ashworth\'s line manager' in (
        errors["invitations.2.email"])
    assert not Assessment.unscoped.exists() and not mail.outbox


def test_nhs_and_known_addresses_get_their_link_at_once(w):
    partner = make_user("pat", email="pat.partner@camden.gov.uk")  # an active user here
    make_person(w.rj1, given_name="Gill", work_email="gill@lewisham-council.example")
    r = _round(w)
    invited = services.invite_raters(w.alice, r, [
        ("someone@nhs.net", "peer"), ("a.colleague@gstt.nhs.uk", "direct_report"),
        (partner.email, "other"), ("GILL@lewisham-council.example", "other")])
    assert not any(a.awaiting_approval for a in invited)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a.colleague@gstt.nhs.uk", "gill@lewisham-council.example",
        "pat.partner@camden.gov.uk", "someone@nhs.net"]


def test_the_invitation_states_the_rule_exactly(w):
    r = _round(w)
    services.invite_raters(w.alice, r, [("someone@nhs.net", "peer")])
    body = " ".join(mail.outbox[0].body.split())
    assert ("Your answers are combined with those of at least 2 other colleagues and shown to "
            "Alice Ashworth only after the assessment closes") in body
    assert "at least 3 other" not in body


def test_other_addresses_wait_for_the_line_managers_approval(w):
    r = _round(w)
    invited = services.invite_raters(w.alice, r, [("alice.private@gmail.example", "peer"),
                                                  ("b@nhs.net", "peer")])
    assert [a.awaiting_approval for a in invited] == [True, False]
    waiting = invited[0]
    assert waiting.token_hash is None
    assert [m.to for m in mail.outbox] == [["b@nhs.net"], [w.mo_person.work_email]]
    assert "Approve feedback invitations for Alice Ashworth" in mail.outbox[1].subject
    assert services.get_round(w.alice, r.pk).invited == 1
    assert services.get_round(w.alice, r.pk).awaiting == 1
    # only the line manager approves; not the person, not their talent lead
    for user in (w.alice, w.bob, w.admin):
        assert services.awaiting_approval(user, r) == []
        with pytest.raises(PermissionDenied):
            services.decide_invitation(user, r, waiting.pk, True)
    assert [a.pk for a in services.awaiting_approval(w.mo, r)] == [waiting.pk]
    mail.outbox.clear()
    services.decide_invitation(w.mo, r, waiting.pk, True)
    assert mail.outbox[0].to == ["alice.private@gmail.example"]
    token = re.search(r"/talent/rate/([\w-]+)/", mail.outbox[0].body).group(1)
    assert services.rater_invitation(token).pk == waiting.pk
    assert AuditEvent.objects.filter(detail__invitation_approved=1, actor=w.mo).exists()


def test_a_refused_invitation_is_deleted_and_sends_nothing(w):
    r = _round(w)
    waiting = services.invite_raters(w.alice, r, [("x@gmail.example", "peer")])[0]
    mail.outbox.clear()
    services.decide_invitation(w.mo, r, waiting.pk, False)
    assert not Assessment.unscoped.exists() and not mail.outbox
    assert "There is no invitation" in _refusal(
        lambda: services.decide_invitation(w.mo, r, waiting.pk, True))["invitation"]


def test_the_line_managers_own_invitations_need_no_approval(w):
    r = _round(w, by=w.mo)
    invited = services.invite_raters(w.mo, r, [("partner@charity.example", "other")])
    assert not invited[0].awaiting_approval and mail.outbox[0].to == ["partner@charity.example"]


def test_without_a_line_manager_other_addresses_are_refused(w):
    w.alice_person.line_manager = None
    w.alice_person.save()
    r = _round(w)
    errors = _refusal(lambda: services.invite_raters(w.alice, r, [("me@gmail.example", "peer")]))
    assert errors["invitations.0.email"].startswith(
        '"me@gmail.example" is not an NHS work address (nhs.net or nhs.uk)')
    assert "has no line manager in TalentBridge to approve it" in errors["invitations.0.email"]


def test_nhs_lookalike_domains_are_not_nhs_addresses():
    assert services.is_nhs_address("a@nhs.net") and services.is_nhs_address("a@x.nhs.uk")
    for email in ("a@notnhs.net", "a@nhs.uk.example", "a@fakenhs.uk", "a@nhs.net.example"):
        assert not services.is_nhs_address(email)


def test_closing_is_audited_final_and_refuses_answers(w):
    r = _round(w)
    services.invite_raters(w.alice, r, [("b@nhs.net", "peer")])
    token = re.search(r"/talent/rate/([\w-]+)/", mail.outbox[0].body).group(1)
    with pytest.raises(PermissionDenied):
        services.close_round(w.charlie, r)
    services.close_round(w.alice, r)
    assert AssessmentRound.unscoped.get().status == "closed"
    assert AuditEvent.objects.filter(actor=w.alice, detail__status="closed").exists()
    with pytest.raises(services.RaterLinkRefused, match="has closed"):
        services.submit_rater(token, all_ratings())
    assert "already closed" in _refusal(lambda: services.close_round(w.mo, r))["round"]


def test_the_line_manager_approves_on_the_assessment_page(client, w):
    r = _round(w)
    services.invite_raters(w.alice, r, [("friend@gmail.example", "peer")])
    client.force_login(w.alice)
    text = page_text(client.get(f"/talent/assessments/{r.pk}/"))
    assert "1 invitation waits for the line manager's approval" in text
    assert "Invitations waiting for your approval" not in text
    client.force_login(w.mo)
    text = page_text(client.get(f"/talent/assessments/{r.pk}/"))
    assert "Invitations waiting for your approval" in text and "friend@gmail.example" in text
    invitation = Assessment.unscoped.get()
    mail.outbox.clear()
    response = client.post(
        f"/talent/assessments/{r.pk}/invitations/{invitation.pk}/approval/",
        {"decision": "approve"}, follow=True)
    assert "The invitation has been approved and the link sent" in page_text(response)
    assert mail.outbox[0].to == ["friend@gmail.example"]
    client.force_login(w.alice)
    assert client.post(f"/talent/assessments/{r.pk}/invitations/{invitation.pk}/approval/",
                       {"decision": "approve"}).status_code == 403


def test_the_invite_page_names_the_refused_address(client, w):
    r = _round(w)
    client.force_login(w.alice)
    response = client.post(f"/talent/assessments/{r.pk}/invite/",
                           {"emails": w.alice_person.work_email, "rater_kind": "peer"})
    assert response.status_code == 400
    assert f'"{w.alice_person.work_email}" is an address of Alice Ashworth' in (
        page_text(response))
    page = page_text(client.get(f"/talent/assessments/{r.pk}/invite/"))
    assert "at least 2 other colleagues and shown to Alice Ashworth only after" in page
