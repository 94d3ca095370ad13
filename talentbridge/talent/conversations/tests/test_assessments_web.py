"""Assessment pages: a line manager starts a round and invites raters by e-mail; raters answer
through the link without signing in, once; a used, closed or expired link gives a plain
message; a rating outside the scale is refused naming the value and changes nothing; the
summary shows self, line manager and others (only from 3 answers) with the gaps."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.conversations.tests.factories import conversation_world
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import DomainRating


@pytest.fixture
def w(db):
    return conversation_world()


def _answers(answer="frequently", **overrides) -> dict:
    data = {f"domain_{d}": answer for d in range(1, 7)}
    data.update({f"domain_{k.removeprefix('d')}": v for k, v in overrides.items()})
    return data


def _start(client, w) -> AssessmentRound:
    client.force_login(w.mo)
    closes = timezone.localdate() + dt.timedelta(days=14)
    response = client.post(f"/talent/people/{w.alice_person.pk}/assessments/new/", {
        "closes_on_day": closes.day, "closes_on_month": closes.month,
        "closes_on_year": closes.year})
    assessment_round = AssessmentRound.unscoped.get()
    assert response.status_code == 302
    assert response.url == f"/talent/assessments/{assessment_round.pk}/"
    return assessment_round


def _links(client, w, r, n) -> list[str]:
    emails = "\n".join(f"colleague{i}@example.nhs.uk" for i in range(n))
    response = client.post(f"/talent/assessments/{r.pk}/invite/",
                           {"emails": emails, "rater_kind": "peer"})
    assert response.status_code == 302
    return [re.search(r"http://testserver(/talent/rate/[\w-]+/)", m.body).group(1)
            for m in mail.outbox]


def test_a_round_from_start_to_summary(client, w):
    r = _start(client, w)
    links = _links(client, w, r, 4)
    assert len(links) == 4
    assert client.post(f"/talent/assessments/{r.pk}/rate/line-manager/",
                       _answers("occasionally")).status_code == 302
    client.force_login(w.alice)
    assert client.post(f"/talent/assessments/{r.pk}/rate/self/",
                       _answers("almost_always")).status_code == 302
    client.logout()
    page = client.get(links[0])
    assert page.status_code == 200
    assert_csp_safe(page.content.decode(), header_nonce(page))
    assert "Feedback for Alice Ashworth" in page_text(page)
    for link in links[:3]:
        response = client.post(link, _answers("almost_always", d6="no_chance"))
        assert "Feedback sent" in page_text(response)
    again = client.get(links[0])
    assert again.status_code == 410
    assert "already given your feedback" in page_text(again)

    client.force_login(w.bob)  # the organisation's talent lead sees the summary
    text = page_text(client.get(f"/talent/assessments/{r.pk}/"))
    assert "4 invited; others' answers are shown after the assessment closes" in text
    for live_count in ("3 of 4", "from 3", "3 raters", "Result from"):  # no live count
        assert live_count not in text
    assert "Shown after the assessment closes" in text
    assert "Almost always (4)" in text and "Occasionally (2)" in text  # self, line manager
    assert "+2" in text  # self minus line manager
    assert "Give my self-assessment" not in text

    client.force_login(w.alice)
    assert client.post(f"/talent/assessments/{r.pk}/close/").status_code == 302
    client.force_login(w.bob)
    text = page_text(client.get(f"/talent/assessments/{r.pk}/"))
    assert "Result from 3 colleagues" in text
    assert "Almost always (4)" in text.split("Others (nearest scale point)")[1]  # domain 1
    assert "Not enough answers" in text  # domain 6: everyone said "no chance"
    assert "4.0" not in text and "from 3 raters" not in text  # never the average
    assert "colleague0@example.nhs.uk" not in text  # who answered is never shown


def test_a_rating_outside_the_scale_is_refused_and_changes_nothing(client, w):
    r = _start(client, w)
    link = _links(client, w, r, 1)[0]
    client.logout()
    response = client.post(link, _answers(d3="sometimes"))
    assert response.status_code == 400
    assert 'Choose an answer for domain 3 ("sometimes" is not on the LCF scale)' in (
        error_summary(response))
    client.force_login(w.alice)
    response = client.post(f"/talent/assessments/{r.pk}/rate/self/", _answers(d5="always"))
    assert response.status_code == 400
    assert '"always" is not on the LCF scale' in error_summary(response)
    assert not DomainRating.unscoped.exists()
    assert not Assessment.unscoped.filter(submitted_at__isnull=False).exists()


def test_expired_closed_and_unknown_links_say_why(client, w):
    r = _start(client, w)
    first, second = _links(client, w, r, 2)
    client.logout()
    AssessmentRound.unscoped.filter(pk=r.pk).update(closes_on=dt.date(2026, 2, 1))
    assert "closed on 1 February 2026" in page_text(client.get(first))
    assert client.post(first, _answers()).status_code == 410
    AssessmentRound.unscoped.filter(pk=r.pk).update(closes_on=timezone.localdate(),
                                                   status="closed")
    assert "This assessment has closed" in page_text(client.get(second))
    assert "This link is not valid" in page_text(client.get("/talent/rate/nonsense/"))
    assert not DomainRating.unscoped.exists()


def test_closing_the_round(client, w):
    r = _start(client, w)
    assert client.post(f"/talent/assessments/{r.pk}/close/").status_code == 302
    assert AssessmentRound.unscoped.get().status == "closed"
    assert client.get(f"/talent/assessments/{r.pk}/invite/").status_code == 200
    response = client.post(f"/talent/assessments/{r.pk}/invite/",
                           {"emails": "x@example.nhs.uk", "rater_kind": "peer"})
    assert response.status_code == 400
    assert "This assessment is closed" in error_summary(response)


def test_who_sees_and_does_what(client, w):
    r = _start(client, w)
    client.force_login(w.charlie)
    assert client.get(f"/talent/assessments/{r.pk}/").status_code == 404
    client.force_login(w.analyst)
    assert client.get(f"/talent/assessments/{r.pk}/").status_code == 404
    client.force_login(w.admin)
    assert client.get(f"/talent/assessments/{r.pk}/").status_code == 200
    assert client.get(f"/talent/assessments/{r.pk}/invite/").status_code == 403
    assert client.get(f"/talent/assessments/{r.pk}/rate/self/").status_code == 403
    client.force_login(w.bob)
    assert client.get(f"/talent/assessments/{r.pk}/rate/line-manager/").status_code == 403
    assert client.get(f"/talent/assessments/{r.pk}/rate/peer/").status_code == 404


def test_reminding_raters_from_the_page(client, w):
    r = _start(client, w)
    client.post(f"/talent/assessments/{r.pk}/invite/",
                {"emails": "a@example.nhs.uk\nb@example.nhs.uk", "rater_kind": "peer"})
    page = page_text(client.get(f"/talent/assessments/{r.pk}/"))
    assert "Send a reminder" in page and "You are not told who they are" in page
    response = client.post(f"/talent/assessments/{r.pk}/remind/", follow=True)
    assert "less than a day ago" in page_text(response)
    Assessment.unscoped.update(invited_at=timezone.now() - dt.timedelta(days=2))
    mail.outbox.clear()
    response = client.post(f"/talent/assessments/{r.pk}/remind/", follow=True)
    assert "sent to everyone invited who had not answered yet" in page_text(response)
    assert len(mail.outbox) == 2
    assert "a@example.nhs.uk" not in page_text(response)


def test_closing_asks_first_and_only_the_confirmation_closes(client, w):
    r = _start(client, w)
    url = f"/talent/assessments/{r.pk}/close/"
    assert f'href="{url}"' in client.get(f"/talent/assessments/{r.pk}/").content.decode()
    assert_asks_first(client, url, button="Close the assessment",
                      back=f"/talent/assessments/{r.pk}/",
                      question="close the assessment of Alice Ashworth")
    assert AssessmentRound.unscoped.get().status != "closed"
    client.post(url)
    assert AssessmentRound.unscoped.get().status == "closed"
