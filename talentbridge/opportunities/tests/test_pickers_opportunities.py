"""Choosing on the opportunity pages with pickers: the host organisation by name or ODS code
among those the talent lead may post for, and the person nominated by name (or work email)
among those they may see — no more typed ODS codes and e-mail addresses only."""

from __future__ import annotations

import json

import pytest

from talentbridge.opportunities import policy
from talentbridge.opportunities.codes import InterestSource
from talentbridge.opportunities.models import Interest
from talentbridge.organisations.models import Organisation
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

from .factories import make_opportunity_world
from .test_web_opportunities import client_for

pytestmark = pytest.mark.django_db


def _suggested_ids(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    return {match["id"] for match in json.loads(response.content)["results"]}


def test_the_host_picker_offers_only_organisations_the_lead_may_post_for():
    w = make_opportunity_world()
    ids = {str(o.pk) for o in (w.rj1, w.rj2)}
    assert _suggested_ids(client_for(w.system_lead), "/opportunities/hosts/?q=R") == ids
    assert _suggested_ids(client_for(w.host_lead), "/opportunities/hosts/?q=R") == {
        str(w.rj2.pk)}
    assert str(w.rx1.pk) in _suggested_ids(client_for(w.admin), "/opportunities/hosts/?q=RX")
    answer = json.loads(client_for(w.host_lead).get("/opportunities/hosts/?q=rj2").content)
    assert answer["results"] == [{"id": str(w.rj2.pk), "name": w.rj2.display_name,
                                  "detail": "ODS code RJ2"}]


@pytest.mark.parametrize("who", ["host_lead", "system_lead", "bob", "alice", "admin"])
def test_the_host_picker_agrees_with_who_may_post_for_each_organisation(who):
    """Fails if the picker's set is loosened (or narrowed) beyond ``can_post_for``."""
    w = make_opportunity_world()
    user = getattr(w, who)
    ids = policy.host_organisation_ids(user)
    for organisation in Organisation.objects.all():
        offered = ids is None or organisation.pk in ids
        assert offered == policy.can_post_for(user, organisation.pk), (who, organisation)


def test_a_lead_nominates_someone_by_name_and_cannot_pick_someone_hidden():
    w = make_opportunity_world()
    client = client_for(w.system_lead)
    path = f"/opportunities/{w.opportunity.pk}/nominate/"
    page = client.get(path).content.decode()
    assert 'data-picker-url="/people/suggestions/"' in page and "Work email" not in page
    response = client.post(path, {"person": "ash", "statement": "Ready"})
    assert response.status_code == 400 and "Alice Ashworth" in page_text(response)
    response = client.post(path, {"person_id": str(w.charlie_person.pk), "statement": "x"})
    assert f'Choose who you are nominating from the list ("{w.charlie_person.pk}" is not ' \
           "one of the options)" in error_summary(response)
    assert str(w.charlie_person.pk) not in _suggested_ids(client, "/people/suggestions/?q=c")
    response = client.post(path, {"person": "ash", "person_id": str(w.alice_person.pk),
                                  "statement": "Ready"})
    assert response.status_code == 302
    interest = Interest.unscoped.get()
    assert interest.person == w.alice_person and interest.source == InterestSource.NOMINATED


def test_a_work_email_still_names_the_person_directly():
    w = make_opportunity_world()
    client = client_for(w.system_lead)
    response = client.post(f"/opportunities/{w.opportunity.pk}/nominate/",
                           {"person": w.alice_person.work_email.upper(), "statement": ""})
    assert response.status_code == 302
    assert Interest.unscoped.get().person == w.alice_person
    response = client.post(f"/opportunities/{w.opportunity.pk}/nominate/",
                           {"person": "nobody@example.nhs.uk", "statement": ""})
    assert 'No person you can choose for who you are nominating matches ' \
           '"nobody@example.nhs.uk"' in error_summary(response)
