"""An administrator erases a person from their page or through the API: a confirmation naming
what will go, a reason, then nothing left; anyone else is refused and nothing changes."""

from __future__ import annotations

import pytest

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.data_rights.erasure import ErasureError
from talentbridge.data_rights.erasure import erase_person
from talentbridge.opportunities.tests.test_run_exports import api
from talentbridge.opportunities.tests.test_run_exports import web
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    make_career_entry(w.alice_person, w.rj2)
    return w


def erase_page(w) -> str:
    return f"/people/{w.alice_person.pk}/erase/"


def test_the_person_page_offers_erasure_to_administrators_only(w):
    person_page = f"/people/{w.alice_person.pk}/"
    assert "Erase this person" in page_text(web(w.admin).get(person_page))
    assert "Erase this person" not in page_text(web(w.bob).get(person_page))


def test_the_confirmation_names_what_will_be_erased(w):
    text = page_text(web(w.admin).get(erase_page(w)))
    assert "Erase this person" in text and "Alice Ashworth" in text
    assert "Career history entries 1" in text and "User accounts 1" in text
    assert Person.unscoped.filter(pk=w.alice_person.pk).exists()


def test_an_erasure_without_a_reason_changes_nothing(w):
    response = web(w.admin).post(erase_page(w), {"reason": "  "})
    assert "an erasure without a reason is not allowed" in error_summary(response)
    assert Person.unscoped.filter(pk=w.alice_person.pk).exists()
    with pytest.raises(ErasureError, match="without a reason"):
        erase_person(w.admin, w.alice_person, reason="")
    assert not AuditEvent.objects.filter(action=AuditAction.ERASE).exists()


def test_an_administrator_erases_with_a_reason(w):
    pk = w.alice_person.pk
    response = web(w.admin).post(erase_page(w), {"reason": "Her request, ref DR-12"})
    assert f"Person {pk} erased" in page_text(response)
    assert not Person.unscoped.filter(pk=pk).exists()
    # nothing else needed her account, so it went too
    assert not type(w.alice).objects.filter(pk=w.alice.pk).exists()
    event = AuditEvent.objects.get(action=AuditAction.ERASE)
    assert (event.target_id, event.reason, event.actor_id) == (str(pk), "Her request, ref DR-12",
                                                              w.admin.pk)
    assert web(w.admin).get(f"/people/{pk}/").status_code == 404


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_anyone_else_is_refused(w, who):
    status = web(getattr(w, who)).post(erase_page(w), {"reason": "because"}).status_code
    assert status in (403, 404)
    assert Person.unscoped.filter(pk=w.alice_person.pk).exists()


def test_an_administrator_cannot_erase_their_own_record(w):
    own = w.admin_person = Person.unscoped.create(
        user=w.admin, given_name="Ada", family_name="Admin", work_email="ada@nhs.net",
        organisation=w.rj1, job_title="Administrator", pay_band="8a", staff_group="AC",
        professional_background="other")
    assert web(w.admin).get(f"/people/{own.pk}/erase/").status_code == 403


def test_the_api_erases_with_a_reason(w):
    pk = w.alice_person.pk
    response = api(w.admin).post(f"/api/v1/people/{pk}/erase", {"reason": ""},
                                  content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "reason" and "without a reason" in error["message"]
    assert Person.unscoped.filter(pk=pk).exists()
    assert api(w.bob).post(f"/api/v1/people/{pk}/erase", {"reason": "x"},
                            content_type="application/json").status_code == 403
    response = api(w.admin).post(f"/api/v1/people/{pk}/erase", {"reason": "Her request"},
                                  content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["person_id"] == pk and body["counts"]["people"] == 1
    assert not Person.unscoped.filter(pk=pk).exists()
