"""360 anonymity against the person being assessed, played as that person (alice).

She invites the raters herself, the answers arrive one at a time, and after each step she
collects everything she can see: her assessment page, her talent page (rounds and strengths),
the round, its summary and her rounds through the API, and what a reminder answers. Before
the round closes none of it may change. After it closes, no one rater's answers may be
recoverable: the same raters with that rater's answers changed in every domain (swapped with
a colleague who answered differently, or one scale step off when everyone agreed) must give
her exactly the same pages and API answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from talentbridge.accounts.models import ApiToken
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import DomainRating
from talentbridge.talent.models import TalentProfile

API = "/api/v1/talent"
ANSWERS = list(LcfFrequency.values)  # almost_always ... rarely_or_never, no_chance
SCORES = ["rarely_or_never", "occasionally", "frequently", "almost_always"]
DOMAINS = range(1, 7)


@pytest.fixture
def w(db):
    w = conversation_world()
    _, key = ApiToken.issue(w.alice, "attacker")
    w.alice_api = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    return w


def _send(client, method, url, headers, body=None):
    return getattr(client, method)(url, data=json.dumps(body or {}),
                                   content_type="application/json", **headers)


def _without_ids(value):
    """API answers with the round's own id left out (a new round gets a new id)."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _tokens(tokens: dict[str, str]) -> None:
    """The newest link for each rater, from the e-mails sent so far."""
    for message in mail.outbox:
        found = re.search(r"/talent/rate/([\w-]+)/", message.body)
        if found:
            tokens[message.to[0]] = found.group(1)


def what_alice_sees(client, w, round_id: int) -> tuple:
    client.force_login(w.alice)
    page = page_text(client.get(f"/talent/assessments/{round_id}/"))
    mine = page_text(client.get("/talent/me/"))
    got = client.get(f"{API}/assessments/{round_id}", **w.alice_api).json()
    summary = client.get(f"{API}/assessments/{round_id}/summary", **w.alice_api).json()
    rounds = client.get(f"{API}/people/{w.alice_person.pk}/assessments", **w.alice_api).json()
    # A reminder, as often as she likes (the once-a-day limit is lifted each time).
    earlier = timezone.now() - dt.timedelta(days=2)
    Assessment.unscoped.filter(round_id=round_id).update(invited_at=earlier)
    AssessmentRound.unscoped.filter(pk=round_id).update(reminded_at=earlier)
    reminder = _send(client, "post", f"{API}/assessments/{round_id}/reminders", w.alice_api)
    reminded = (reminder.status_code, {k: v for k, v in reminder.json().items()
                                       if k != "reminded_at"})
    return (page, mine, json.dumps(_without_ids(got), sort_keys=True),
            json.dumps(summary, sort_keys=True), json.dumps(_without_ids(rounds), sort_keys=True),
            json.dumps(reminded, sort_keys=True))


def play(client, w, answers: list[dict[int, str]], *, check_open=True) -> tuple:
    """Alice runs a round with these raters' answers; what she sees after it closes."""
    AssessmentRound.unscoped.filter(person=w.alice_person).delete()
    TalentProfile.unscoped.filter(person=w.alice_person).update(strength_mask=0)
    mail.outbox.clear()
    closes = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    round_id = _send(client, "post", f"{API}/people/{w.alice_person.pk}/assessments",
                     w.alice_api, {"closes_on": closes}).json()["id"]
    emails = [f"colleague{i}@example.nhs.uk" for i in range(len(answers))]
    invited = _send(client, "post", f"{API}/assessments/{round_id}/invitations", w.alice_api,
                    {"invitations": [{"email": e, "rater_kind": "peer"} for e in emails]})
    assert invited.status_code == 201, invited.json()
    tokens: dict[str, str] = {}
    before = what_alice_sees(client, w, round_id) if check_open else None
    for email, given_answers in zip(emails, answers, strict=True):
        _tokens(tokens)
        done = _send(client, "post", f"{API}/rater/{tokens[email]}", {},
                     {"ratings": {str(d): a for d, a in given_answers.items()}})
        assert done.status_code == 201, done.json()
        if check_open:
            assert what_alice_sees(client, w, round_id) == before, (
                "what the person sees changed while the round was open")
    closed = _send(client, "post", f"{API}/assessments/{round_id}/close", w.alice_api)
    assert closed.status_code == 200, closed.json()
    return what_alice_sees(client, w, round_id)


def alternative(answers: list[dict[int, str]], rater: int) -> list[dict[int, str]]:
    """The same raters, with `rater`'s answer changed in every domain: swapped with the first
    colleague who answered that domain differently, or, where everyone agreed, one scale step
    away (a score for "no chance")."""
    changed = [dict(a) for a in answers]
    for domain in DOMAINS:
        mine = answers[rater][domain]
        other = next((i for i, a in enumerate(answers) if a[domain] != mine), None)
        if other is not None:
            changed[rater][domain], changed[other][domain] = answers[other][domain], mine
        elif mine in SCORES:
            step = SCORES.index(mine)
            changed[rater][domain] = SCORES[step + 1 if step < 3 else step - 1]
        else:
            changed[rater][domain] = "frequently"
    return changed


@st.composite
def raters(draw):
    """3 to 5 raters; in each domain most copy a common answer, so that everyone agreeing
    (the case where an exact average gives every answer away) comes up often."""
    n = draw(st.integers(min_value=3, max_value=5))
    common = {d: draw(st.sampled_from(ANSWERS)) for d in DOMAINS}
    return [{d: draw(st.sampled_from([common[d]] * 3 + ANSWERS)) for d in DOMAINS}
            for _ in range(n)]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(answers=raters(), data=st.data())
def test_the_person_learns_nothing_while_open_and_no_one_answer_after_close(
        client, w, answers, data):
    seen = play(client, w, answers)
    rater = data.draw(st.integers(min_value=0, max_value=len(answers) - 1), label="rater")
    changed = alternative(answers, rater)
    assert changed[rater] != answers[rater]
    assert play(client, w, changed, check_open=False) == seen, (
        f"rater {rater}'s answers can be told apart from what the person sees")


def test_when_everyone_agrees_one_rater_answering_a_step_lower_looks_the_same(client, w):
    """Others fixed: rater 0 answers "Frequently" everywhere instead of "Almost always"."""
    agree = [{d: "almost_always" for d in DOMAINS} for _ in range(3)]
    one_lower = [{d: "frequently" for d in DOMAINS}, *agree[1:]]
    seen = play(client, w, agree, check_open=False)
    assert "Almost always (4)" in seen[0]
    assert play(client, w, one_lower, check_open=False) == seen


def test_raters_the_person_invited_as_herself_never_make_a_result(client, w):
    """Two answers from her own addresses plus one colleague: refused at the invitation; and
    had they been recorded, they would not count towards the three."""
    AssessmentRound.unscoped.filter(person=w.alice_person).delete()
    closes = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    round_id = _send(client, "post", f"{API}/people/{w.alice_person.pk}/assessments",
                     w.alice_api, {"closes_on": closes}).json()["id"]
    w.alice.email = "alice.home@example.nhs.uk"
    w.alice.save()
    refused = _send(client, "post", f"{API}/assessments/{round_id}/invitations", w.alice_api,
                    {"invitations": [{"email": w.alice_person.work_email.upper(),
                                      "rater_kind": "peer"},
                                     {"email": "alice.home@example.nhs.uk",
                                      "rater_kind": "other"}]})
    assert refused.status_code == 400
    fields = {e["field"]: e for e in refused.json()["errors"]}
    assert fields["invitations.1.email"]["value"] == "alice.home@example.nhs.uk"
    assert "the person being assessed" in fields["invitations.1.email"]["message"]
    assert "invitations.0.email" in fields
    # Recorded anyway (say before her address was known): still not one of the three.
    r = AssessmentRound.unscoped.get(pk=round_id)
    now = timezone.now()
    for email in (w.alice_person.work_email, "alice.home@example.nhs.uk",
                  "colleague@example.nhs.uk"):
        answered = Assessment.objects.create(round=r, rater_kind="peer",
                                             invited_email=email.lower(), invited_at=now,
                                             submitted_at=now)
        DomainRating.objects.bulk_create(DomainRating(assessment=answered, domain=d,
                                                      frequency="almost_always")
                                         for d in DOMAINS)
    _send(client, "post", f"{API}/assessments/{round_id}/close", w.alice_api)
    summary = client.get(f"{API}/assessments/{round_id}/summary", **w.alice_api).json()
    assert {d["others"] for d in summary} == {"not_enough_answers"}
    got = client.get(f"{API}/assessments/{round_id}", **w.alice_api).json()
    assert got["answered"] is None
