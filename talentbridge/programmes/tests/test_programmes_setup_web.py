"""Setting-up pages through Django's test client: a programme manager creates a programme,
adds a cohort and chooses its panel; a talent lead nominates someone to an open cohort. Bad
input names the field and the value and changes nothing; someone outside scope is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.signing_in import password_client_for
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.programmes import setup
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import Cohort
from talentbridge.programmes.models import Programme
from talentbridge.programmes.models import Route
from talentbridge.programmes.tests.factories import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def programme_post(w, **changes) -> dict:
    return {"name": "Clinical leaders of tomorrow", "description": "For clinical directors",
            "scope": f"system:{w.system.pk}", "eligibility": "Clinical directors",
            "criteria": "Leading for equality\nCompassionate leadership\n", **changes}


def cohort_post(**changes) -> dict:
    return {"name": "Cohort 1", "starts_on_day": "10", "starts_on_month": "1",
            "starts_on_year": "2028", "ends_on_day": "10", "ends_on_month": "12",
            "ends_on_year": "2028", "places": "12",
            "status": "open", **changes}


def test_a_programme_manager_creates_a_programme_with_its_criteria(w):
    pm = password_client_for(w.pm)
    form = pm.get("/programmes/new/").content.decode()
    assert f'value="system:{w.system.pk}"' in form
    assert f'value="system:{w.other_system.pk}"' not in form
    response = pm.post("/programmes/new/", programme_post(w))
    assert response.status_code == 302
    programme = Programme.objects.get(name="Clinical leaders of tomorrow")
    page = page_text(pm.get(f"/programmes/{programme.pk}/"))
    assert "Leading for equality (1 to 5)" in page
    assert "Compassionate leadership (1 to 5)" in page
    assert "Clinical directors" in page
    assert AuditEvent.objects.filter(action="create", target_type="programmes.programme",
                                     target_id=str(programme.pk)).exists()


def test_a_programme_outside_their_scope_is_refused_and_nothing_is_created(w):
    pm = password_client_for(w.pm)
    outside = pm.post("/programmes/new/", programme_post(w, scope=f"system:{w.other_system.pk}"))
    assert outside.status_code == 400
    assert f'"system:{w.other_system.pk}"' in error_summary(outside)
    england = pm.post("/programmes/new/", programme_post(w, scope="england:"))
    assert england.status_code == 400
    assert '"england:" is not one of the options' in error_summary(england)
    assert not Programme.objects.filter(name="Clinical leaders of tomorrow").exists()


def test_the_service_refuses_a_scope_outside_theirs_even_when_posted_past_the_form(w):
    with pytest.raises(ValidationError) as refused:
        setup.create_programme(w.pm, name="Elsewhere", scope=f"system:{w.other_system.pk}",
                               criteria=["Setting direction"])
    assert refused.value.message_dict == {"scope": [
        f'"system:{w.other_system.pk}" is outside the scope you run programmes for']}
    assert not Programme.objects.filter(name="Elsewhere").exists()


def test_bad_programme_input_names_the_field_and_the_value(w):
    pm = password_client_for(w.pm)
    taken = pm.post("/programmes/new/", programme_post(w, name="aspiring chief executives"))
    assert taken.status_code == 400
    assert 'already a programme called "aspiring chief executives"' in error_summary(taken)
    twice = pm.post("/programmes/new/", programme_post(
        w, criteria="Setting direction\nsetting direction"))
    assert twice.status_code == 400
    assert '"Setting direction" is there more than once' in error_summary(twice)
    assert Programme.objects.count() == 1


def test_someone_who_runs_no_programmes_may_not_create_one(w):
    assert password_client_for(w.alice).get("/programmes/new/").status_code == 403
    assert password_client_for(w.alice).post("/programmes/new/",
                                             programme_post(w)).status_code == 403
    assert Programme.objects.count() == 1


def test_a_programme_manager_adds_a_cohort_with_its_panel(w):
    pm = password_client_for(w.pm)
    response = pm.post(f"/programmes/{w.programme.pk}/cohorts/add/",
                       cohort_post(panel=[str(w.pat.pk), str(w.bob.pk)]))
    assert response.status_code == 302
    cohort = Cohort.objects.get(programme=w.programme, name="Cohort 1")
    assert set(cohort.panel.all()) == {w.pat, w.bob}
    page = page_text(pm.get(f"/programmes/cohorts/{cohort.pk}/"))
    assert "12 places" in page
    assert "Open for applications" in page
    # the panel member now sees the cohort
    assert password_client_for(w.bob).get(f"/programmes/cohorts/{cohort.pk}/").status_code == 200


def test_bad_cohort_input_names_the_field_and_the_value_and_adds_nothing(w):
    pm = password_client_for(w.pm)
    url = f"/programmes/{w.programme.pk}/cohorts/add/"
    backwards = pm.post(url, cohort_post(ends_on_year="2027"))
    assert backwards.status_code == 400
    assert "The end date (10/12/2027) must be on or after the start date (10/01/2028)" in (
        error_summary(backwards))
    no_places = pm.post(url, cohort_post(places="0"))
    assert no_places.status_code == 400
    assert "Places must be a whole number from 1 to 500 (it was 0)" in error_summary(no_places)
    words = pm.post(url, cohort_post(places="a dozen"))
    assert "(it was a dozen)" in error_summary(words)
    same_name = pm.post(url, cohort_post(name="cohort 5"))
    assert same_name.status_code == 400
    assert 'already has a cohort called "cohort 5"' in error_summary(same_name)
    assert list(Cohort.objects.values_list("name", flat=True)) == ["Cohort 5"]


def test_a_programme_manager_outside_scope_may_not_add_a_cohort_or_change_the_panel(w):
    other = password_client_for(w.pm_other_system)
    assert other.post(f"/programmes/{w.programme.pk}/cohorts/add/",
                      cohort_post()).status_code == 404
    assert other.post(f"/programmes/cohorts/{w.cohort.pk}/panel/",
                      {"panel": [str(w.pm_other_system.pk)]}).status_code == 404
    # a panel member sees the cohort but may not choose its panel
    assert password_client_for(w.pat).post(f"/programmes/cohorts/{w.cohort.pk}/panel/",
                                           {"panel": [str(w.pat.pk)]}).status_code == 403
    assert Cohort.objects.count() == 1
    assert list(w.cohort.panel.all()) == [w.pat]


def test_a_programme_manager_chooses_the_panel_by_name(w):
    pm = password_client_for(w.pm)
    url = f"/programmes/cohorts/{w.cohort.pk}/panel/"
    # typing a name and pressing "Add" lists the match, saving nothing
    added = pm.post(url, {"panel": [str(w.pat.pk)], "panel_add": "bob",
                          "panel_adding": "1"})
    assert added.status_code == 200
    assert list(w.cohort.panel.all()) == [w.pat]
    saved = pm.post(url, {"panel": [str(w.pat.pk), str(w.bob.pk)]})
    assert saved.status_code == 302
    assert set(w.cohort.panel.all()) == {w.pat, w.bob}
    empty = pm.post(url, {})
    assert empty.status_code == 400
    assert "Add at least one panel member" in error_summary(empty)
    assert set(w.cohort.panel.all()) == {w.pat, w.bob}


def test_a_talent_lead_nominates_someone_they_may_see(w):
    bob = password_client_for(w.bob)
    assert "Nominate someone for Aspiring chief executives: Cohort 5" in page_text(
        bob.get("/programmes/mine/"))
    response = bob.post(f"/programmes/cohorts/{w.cohort.pk}/nominate/",
                        {"person": "Alice Ashworth", "statement": "Leads for equality"})
    assert response.status_code == 302
    application = Application.unscoped.get(person=w.alice_person)
    assert application.route == Route.NOMINATED
    assert application.nominated_by == w.bob
    assert "Nominated" in page_text(password_client_for(w.alice).get("/programmes/mine/"))


def test_a_nomination_of_someone_they_may_not_see_is_refused(w):
    bob = password_client_for(w.bob)
    url = f"/programmes/cohorts/{w.cohort.pk}/nominate/"
    outside = bob.post(url, {"person": "Charlie Carter", "statement": "S"})
    assert outside.status_code == 400
    assert 'matches "Charlie Carter"' in error_summary(outside)
    by_id = bob.post(url, {"person_id": str(w.charlie_person.pk), "statement": "S"})
    assert by_id.status_code == 400
    assert f'"{w.charlie_person.pk}" is not one of the options' in error_summary(by_id)
    no_statement = bob.post(url, {"person": "Alice Ashworth", "statement": ""})
    assert no_statement.status_code == 400
    assert not Application.unscoped.exists()


def test_someone_who_may_nominate_no_one_is_refused(w):
    charlie = password_client_for(w.charlie)
    assert "Nominate someone" not in page_text(charlie.get("/programmes/mine/"))
    url = f"/programmes/cohorts/{w.cohort.pk}/nominate/"
    assert charlie.get(url).status_code == 403
    assert charlie.post(url, {"person_id": str(w.alice_person.pk),
                              "statement": "S"}).status_code == 403
    assert password_client_for(w.charlie).get(f"{url}people/?q=ali").status_code == 403
    assert not Application.unscoped.exists()


def test_the_nomination_picker_suggests_only_people_they_may_nominate(w):
    answer = password_client_for(w.bob).get(
        f"/programmes/cohorts/{w.cohort.pk}/nominate/people/?q=a").json()
    names = [r["name"] for r in answer["results"]]
    assert "Alice Ashworth" in names
    assert "Charlie Carter" not in names
    assert "Bob Bennett" not in names  # not themselves
