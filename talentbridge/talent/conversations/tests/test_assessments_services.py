"""LCF competency assessments: self, line manager and multi-rater answers through a one-time
e-mailed link, anonymity (a domain's others' result only from 3 scored answers; "No chance to
demonstrate" not counted), gaps, strengths on the talent profile, and bad ratings refused."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils import timezone

from talentbridge.talent.conversations import assessment_services as services
from talentbridge.talent.conversations.tests.factories import alice_round
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import DomainRating
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.assessments import RoundStatus


@pytest.fixture
def w(db):
    return conversation_world()


def _round(w, by=None):
    return alice_round(w, by or w.mo)


def _tokens() -> list[str]:
    return [re.search(r"/talent/rate/([\w-]+)/", m.body).group(1) for m in mail.outbox]


def _invite(w, r, n=4):
    services.invite_raters(w.mo, r, [(f"rater{i}@example.nhs.uk", "peer") for i in range(n)])
    return _tokens()


def test_raters_are_invited_by_email_and_only_the_hash_is_stored(w):
    r = _round(w)
    tokens = _invite(w, r, 3)
    assert len(mail.outbox) == 3 and mail.outbox[0].to == ["rater0@example.nhs.uk"]
    assert "Alice Ashworth" in mail.outbox[0].subject
    stored = set(Assessment.unscoped.values_list("token_hash", flat=True))
    assert not stored & set(tokens)
    assert stored == {Assessment.hash_token(t) for t in tokens}


def test_the_link_works_once(w):
    r = _round(w)
    token = _invite(w, r, 1)[0]
    assert services.rater_invitation(token).round == r
    services.submit_rater(token, all_ratings())
    with pytest.raises(services.RaterLinkRefused, match="already given your feedback"):
        services.rater_invitation(token)
    with pytest.raises(services.RaterLinkRefused, match="only be used once"):
        services.submit_rater(token, all_ratings())
    assert DomainRating.unscoped.count() == 6


def test_closed_and_expired_rounds_refuse_with_a_clear_message(w):
    r = _round(w)
    first, second = _invite(w, r, 2)
    AssessmentRound.unscoped.filter(pk=r.pk).update(closes_on=dt.date(2026, 1, 31))
    with pytest.raises(services.RaterLinkRefused, match="closed on 31 January 2026"):
        services.submit_rater(first, all_ratings())
    AssessmentRound.unscoped.filter(pk=r.pk).update(closes_on=timezone.localdate(),
                                                   status=RoundStatus.CLOSED)
    with pytest.raises(services.RaterLinkRefused, match="has closed"):
        services.submit_rater(second, all_ratings())
    with pytest.raises(services.RaterLinkRefused, match="not valid"):
        services.rater_invitation("made-up-token")
    assert not DomainRating.unscoped.exists()


def test_summary_shows_others_only_after_close_from_three_scored_answers(w):
    r = _round(w)
    services.submit_ratings(w.alice, r, "self", all_ratings("almost_always"))
    services.submit_ratings(w.mo, r, "line_manager", all_ratings("occasionally"))
    tokens = _invite(w, r, 4)
    # Domain 1: three scores (4, 3, 3 → 3.33 → "Frequently") and one "no chance" that counts
    # for nothing. Domain 2: only two scores (the others said "no chance") → not enough.
    # Domain 5: 4, 3, 3, 4 → 3.5 → "Almost always", a strength.
    services.submit_rater(tokens[0], all_ratings("almost_always", d2="no_chance"))
    services.submit_rater(tokens[1], all_ratings("frequently", d2="no_chance"))
    services.submit_rater(tokens[2], all_ratings("frequently"))
    services.submit_rater(tokens[3], all_ratings("no_chance", d2="almost_always",
                                                 d5="almost_always"))
    # Open: self and line manager only; nothing of the others, for anyone.
    for user in (w.alice, w.mo, w.bob):
        results = services.summary(user, AssessmentRound.unscoped.get())
        assert {d.others for d in results} == {services.Others.AFTER_CLOSE}
        assert all(d.others_band is None and not d.is_strength for d in results)
    assert services.published_answers(services.get_round(w.alice, r.pk)) is None
    assert not TalentProfile.unscoped.filter(person=w.alice_person,
                                            strength_mask__gt=0).exists()

    services.close_round(w.alice, r)
    results = {d.domain: d for d in services.summary(w.bob, AssessmentRound.unscoped.get())}
    one = results[1]
    assert one.self_score == 4 and one.manager_score == 2
    assert one.others == services.Others.SHOWN
    assert one.others_band == 3 and one.others_label == "Frequently"
    assert one.self_minus_others == 1 and one.self_minus_manager == 2
    assert results[2].others_band is None
    assert results[2].others == services.Others.NOT_ENOUGH
    assert results[5].others_band == 4 and results[5].is_strength
    assert not any(hasattr(d, "others_average") or hasattr(d, "others_scored")
                   for d in results.values())
    assert services.published_answers(services.get_round(w.alice, r.pk)) == 4
    profile = TalentProfile.unscoped.get(person=w.alice_person)
    assert profile.strengths == [5]


def test_nobody_sees_individual_rater_answers(w):
    from talentbridge.talent.conversations import policy as conversation_policy

    r = _round(w)
    for user in (w.alice, w.mo, w.bob, w.admin, w.sybil, w.charlie):
        assert not conversation_policy.can_see_individual_rater_answers(user, r)
    summary = services.summary(w.alice, r)
    assert not any(hasattr(d, "raters") for d in summary)


@pytest.mark.parametrize("ratings,field,message", [
    (all_ratings(d3="sometimes"), "ratings.3",
     '"sometimes" is not on the LCF scale for domain 3'),
    ({**all_ratings(), "7": "frequently"}, "ratings.7", '"7" is not an LCF domain'),
    ({**all_ratings(), "\u00b3": "frequently"}, "ratings.\u00b3", '"\u00b3" is not an LCF domain'),
    ({k: v for k, v in all_ratings().items() if k != "6"}, "ratings.6", "Answer domain 6"),
])
def test_a_rating_outside_the_scale_is_refused_and_changes_nothing(w, ratings, field, message):
    r = _round(w)
    token = _invite(w, r, 1)[0]
    for submit in (lambda: services.submit_ratings(w.alice, r, "self", ratings),
                   lambda: services.submit_rater(token, ratings)):
        with pytest.raises(ValidationError) as error:
            submit()
        assert message in error.value.message_dict[field][0]
    assert not DomainRating.unscoped.exists()
    assert Assessment.unscoped.filter(submitted_at__isnull=False).count() == 0
    services.rater_invitation(token)  # still usable


def test_who_rates_and_who_opens(w):
    r = _round(w)
    with pytest.raises(PermissionDenied):
        services.submit_ratings(w.mo, r, "self", all_ratings())
    with pytest.raises(PermissionDenied):
        services.submit_ratings(w.alice, r, "line_manager", all_ratings())
    with pytest.raises(PermissionDenied):
        services.submit_ratings(w.bob, r, "line_manager", all_ratings())
    with pytest.raises(ValidationError):
        services.submit_ratings(w.mo, r, "peer", all_ratings())
    _round(w, by=w.alice)  # the person themselves
    _round(w, by=w.bob)  # their organisation's talent lead
    for user in (w.sybil, w.charlie, w.admin, w.analyst):
        with pytest.raises(PermissionDenied):
            _round(w, by=user)
        with pytest.raises(PermissionDenied):
            services.invite_raters(user, r, [("x@example.nhs.uk", "peer")])


def test_self_answers_can_be_changed_while_open(w):
    r = _round(w)
    services.submit_ratings(w.alice, r, "self", all_ratings("rarely_or_never"))
    services.submit_ratings(w.alice, r, "self", all_ratings("almost_always"))
    assert set(DomainRating.unscoped.values_list("frequency", flat=True)) == {"almost_always"}


def test_bad_invitations_invite_nobody(w):
    r = _round(w)
    with pytest.raises(ValidationError) as error:
        services.invite_raters(w.mo, r, [("good@example.nhs.uk", "peer"),
                                         ("not-an-email", "peer"),
                                         ("x@example.nhs.uk", "boss"),
                                         (w.alice_person.work_email, "peer")])
    errors = error.value.message_dict
    assert '"not-an-email" is not an e-mail address' in errors["invitations.1.email"][0]
    assert 'Rater kind "boss"' in errors["invitations.2.rater_kind"][0]
    assert "the person being assessed" in errors["invitations.3.email"][0]
    assert not mail.outbox and not Assessment.unscoped.exists()
    _invite(w, r, 1)
    with pytest.raises(ValidationError, match="already been invited"):
        services.invite_raters(w.mo, r, [("rater0@example.nhs.uk", "peer")])


def test_a_closing_date_in_the_past_is_refused(w):
    with pytest.raises(ValidationError) as error:
        services.open_round(w.mo, w.alice_person, closes_on=dt.date(2020, 5, 1))
    assert "Closing date (1 May 2020) must be today or in the future" in (
        error.value.message_dict["closes_on"][0])


def test_pure_summary_ignores_no_chance_and_gives_only_the_nearest_scale_point():
    others = [{1: "almost_always"}, {1: "no_chance"}, {1: "rarely_or_never"},
              {1: "occasionally"}]
    results = services.summarise({1: "frequently"}, {}, others, released=True)
    assert results[0].others_band == 2  # 7 / 3 = 2.33
    assert results[1].self_answer is None and results[1].others_band is None
    hidden = services.summarise({1: "frequently"}, {}, others, released=False)
    assert hidden[0].others == services.Others.AFTER_CLOSE and hidden[0].others_band is None


@pytest.mark.parametrize("scores,shown", [
    ([1, 1, 1], 1), ([1, 1, 2], 1), ([1, 2, 2], 2), ([4, 4, 3], 4), ([3, 4], 4),
    ([3, 3, 4, 4], 4), ([2, 2, 3, 3], 3), ([1, 2, 3, 4], 3), ([2, 3, 3, 3, 3, 3], 3),
])
def test_the_band_is_the_nearest_scale_point_halves_up(scores, shown):
    assert services.band(scores) == shown


def test_fewer_than_three_qualifying_raters_show_nothing_after_close():
    two = [{d: "almost_always" for d in range(1, 7)}] * 2
    results = services.summarise({}, {}, two, released=True)
    assert {d.others for d in results} == {services.Others.NOT_ENOUGH}
    assert not any(d.is_strength for d in results)


# ---- reminders --------------------------------------------------------------------------


def _a_day_later(r):
    earlier = timezone.now() - services.REMINDER_INTERVAL - dt.timedelta(minutes=1)
    Assessment.unscoped.filter(round=r).update(invited_at=earlier)
    AssessmentRound.unscoped.filter(pk=r.pk, reminded_at__isnull=False).update(
        reminded_at=earlier)


def test_a_reminder_sends_only_the_raters_who_have_not_answered_a_new_link(w):
    from talentbridge.audit.models import AuditEvent

    r = _round(w)
    tokens = _invite(w, r, 3)
    services.submit_rater(tokens[0], all_ratings())
    _a_day_later(r)
    mail.outbox.clear()
    services.remind_raters(w.mo, r)
    assert sorted(m.to[0] for m in mail.outbox) == ["rater1@example.nhs.uk",
                                                    "rater2@example.nhs.uk"]
    assert all(m.subject.startswith("Reminder: feedback for Alice") for m in mail.outbox)
    assert "earlier link" in mail.outbox[0].body
    new = _tokens()
    # the old links stop working; the new ones work, once
    for old in tokens[1:]:
        with pytest.raises(services.RaterLinkRefused, match="not valid"):
            services.rater_invitation(old)
    services.submit_rater(new[0], all_ratings())
    assert services.rater_invitation(new[1]).round == r
    event = AuditEvent.objects.filter(detail__reminded=2).get()  # kept for the audit only
    assert event.actor_id == w.mo.pk


def test_reminders_go_at_most_once_a_day(w):
    r = _round(w)
    _invite(w, r, 2)
    mail.outbox.clear()
    with pytest.raises(ValidationError, match="less than a day ago"):
        services.remind_raters(w.mo, r)
    assert mail.outbox == []
    _a_day_later(r)
    services.remind_raters(w.mo, r)
    with pytest.raises(ValidationError, match="less than a day ago"):
        services.remind_raters(w.mo, r)
    assert len(mail.outbox) == 2


def test_the_reminder_says_the_same_whether_or_not_anyone_is_left_to_remind(w):
    """Whether everyone has answered is itself an answer count: the sender learns nothing."""
    outcomes = []
    for answered in (0, 1, 2):
        mail.outbox.clear()
        r = _round(w)
        tokens = _invite(w, r, 2)
        for token in tokens[:answered]:
            services.submit_rater(token, all_ratings())
        _a_day_later(r)
        first = services.remind_raters(w.mo, r)
        with pytest.raises(ValidationError) as again:  # the limit lifts at the same time
            services.remind_raters(w.mo, r)
        outcomes.append((type(first), again.value.message_dict["round"][0]
                         .split(" (at ")[0]))
    assert outcomes[0] == outcomes[1] == outcomes[2]


def test_no_reminder_before_anyone_is_invited_or_once_the_round_is_closed(w):
    r = _round(w)
    with pytest.raises(ValidationError, match="No raters have been sent an invitation yet"):
        services.remind_raters(w.mo, r)
    r2 = _round(w)
    _invite(w, r2, 1)
    _a_day_later(r2)
    AssessmentRound.unscoped.filter(pk=r2.pk).update(status=RoundStatus.CLOSED)
    with pytest.raises(ValidationError, match="closed"):
        services.remind_raters(w.mo, r2)


def test_only_those_who_may_invite_may_remind(w):
    r = _round(w)
    _invite(w, r, 1)
    _a_day_later(r)
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.remind_raters(w.analyst, r)
    assert mail.outbox == []
