"""Talent pool pages: composition as suppressed aggregates (never per person), nominations by
form, a closed pool refusing self-nomination, decisions and exits."""

import pytest

from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import review_world


@pytest.fixture
def w(db):
    return review_world()


def make_pool(w, **fields):
    values = {"name": "Aspiring directors — RJ1", "purpose": "Develop future directors",
              "entry_criteria": "Band 8c or above", "scope_level": "organisation",
              "organisation": w.rj1, **fields}
    return pool_services.create_pool(w.bob, **values)


def test_a_talent_lead_creates_a_pool_with_a_form(client, w):
    client.force_login(w.bob)
    response = client.post("/talent/pools/new/", {
        "name": "Aspiring chief nurses", "purpose": "Chief nurse pipeline",
        "entry_criteria": "Deputy chief nurse or equivalent",
        "scope": f"organisation:{w.rj1.pk}", "status": "open", "review_interval_months": "12"})
    pool = TalentPool.objects.get()
    assert response.status_code == 302 and response.url == f"/talent/pools/{pool.pk}/"
    response = client.post("/talent/pools/new/", {"name": "x" * 151, "purpose": "",
                                                  "entry_criteria": "c", "scope": "england:",
                                                  "status": "open",
                                                  "review_interval_months": "0"})
    summary = error_summary(response)
    assert "150 characters or fewer" in summary and "Enter purpose" in summary
    assert TalentPool.objects.count() == 1


def test_composition_shows_aggregates_with_small_numbers_suppressed(client, w):
    pool = make_pool(w)
    for i in range(10):
        person = make_person(w.rj1, given_name=f"Member{i}")
        ProtectedCharacteristics.objects.create(person=person,
                                                ethnic_category="A" if i < 8 else "H",
                                                sex="2", disability="N")
        PoolMembership.objects.create(pool=pool, person=person, joined_on="2026-01-01",
                                      review_on="2027-01-01")
    client.force_login(w.bob)
    response = client.get(f"/talent/pools/{pool.pk}/")
    assert_csp_safe(response.content.decode(), header_nonce(response))
    text = page_text(response)
    assert "Current members: 10 you can see" in text
    assert "Not shown: fewer than 20 members" in text and "Ethnic minority" not in text
    assert "Member0" in text  # managers see the members (names, not characteristics)
    assert "Asian" not in text and "White – British" not in text
    client.force_login(w.alice)  # a leader sees what the pool is for, not who is in it
    text = page_text(client.get(f"/talent/pools/{pool.pk}/"))
    assert "Develop future directors" in text and "Member0" not in text
    assert "Current members" not in text


def test_self_nomination_to_a_closed_pool_is_refused_with_a_message(client, w):
    pool = make_pool(w, status="closed")
    client.force_login(w.alice)
    response = client.post(f"/talent/pools/{pool.pk}/nominate/",
                           {"person_id": str(w.alice_person.pk), "statement": "Please"})
    assert response.status_code == 400
    assert "closed to nominations" in error_summary(response)
    assert not PoolNomination.unscoped.exists()


def test_nominate_decide_and_exit_with_forms(client, w):
    pool = make_pool(w)
    client.force_login(w.alice)
    response = client.post(f"/talent/pools/{pool.pk}/nominate/",
                           {"person_id": str(w.alice_person.pk), "statement": "I am ready"})
    assert response.status_code == 302
    nomination = PoolNomination.unscoped.get()
    assert "Awaiting decision" in page_text(client.get("/talent/pools/mine/"))
    client.force_login(w.bob)
    response = client.post(f"/talent/pools/nominations/{nomination.pk}/decide/",
                           {"decision": "approve", "reason": ""})
    assert "Enter reason for the decision" in error_summary(response)
    response = client.post(f"/talent/pools/nominations/{nomination.pk}/decide/",
                           {"decision": "approve", "reason": "Meets the criteria"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED
    membership = PoolMembership.unscoped.get()
    response = client.post(f"/talent/pools/memberships/{membership.pk}/exit/",
                           {"reason": "Appointed director of nursing"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.exited_on is not None
    client.force_login(w.alice)
    assert client.get(f"/talent/pools/nominations/{nomination.pk}/decide/").status_code == 403
    client.force_login(w.charlie)
    assert client.get(f"/talent/pools/nominations/{nomination.pk}/decide/").status_code == 404
    assert client.get(f"/talent/pools/memberships/{membership.pk}/exit/").status_code == 404


def test_pool_export_for_managers_only(client, w):
    pool = make_pool(w)
    client.force_login(w.bob)
    assert client.get(f"/talent/pools/{pool.pk}/export.csv").status_code == 200
    client.force_login(w.alice)
    assert client.get(f"/talent/pools/{pool.pk}/export.csv").status_code == 403


def test_withdrawing_a_nomination_asks_first_and_only_the_confirmation_withdraws(client, w):
    pool = make_pool(w)
    nomination = pool_services.nominate(w.bob, pool, person_id=w.alice_person.pk,
                                        statement="Ready to grow")
    url = f"/talent/pools/nominations/{nomination.pk}/withdraw/"
    client.force_login(w.bob)
    assert_asks_first(client, url, button="Withdraw the nomination",
                      back="/talent/pools/mine/",
                      question="withdraw the nomination of Alice Ashworth to "
                               "Aspiring directors — RJ1")
    assert PoolNomination.unscoped.get().status == NominationStatus.PENDING
    client.post(url)
    assert PoolNomination.unscoped.get().status == NominationStatus.WITHDRAWN
