"""Development plan pages through Django's test client: the leader's own plan in My profile
with suggested actions for their gaps, adding an action, progress updates, the manager's view
of a report's plan, overdue actions highlighted, and bad input shown on the form with nothing
changed."""

import datetime as dt
import io
import zipfile

import pytest

from talentbridge.core.tests.signing_in import client_for
from talentbridge.data_rights import export
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.plans import services
from talentbridge.plans.models import PlanAction

from .factories import assess
from .factories import plan_world

pytestmark = pytest.mark.django_db


def _date(prefix: str, day: dt.date) -> dict:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month),
            f"{prefix}_year": str(day.year)}


def test_my_plan_is_in_my_profile_and_suggests_actions_for_the_gaps():
    w = plan_world()
    assess(w, w.alice, w.alice_person, d4="rarely_or_never")
    page = client_for(w.alice).get("/plans/me/")
    text = page_text(page)
    assert page.status_code == 200
    assert "My development plan" in text and "Providing robust governance and assurance" in text
    assert 'aria-current="page"' in page.content.decode()
    assert f"/plans/people/{w.alice_person.pk}/actions/add/?domain=4" in page.content.decode()
    assert "There are no actions in this plan yet" in text


def test_the_leader_adds_an_action_for_a_gap_and_updates_its_progress():
    w = plan_world()
    client = client_for(w.alice)
    add = f"/plans/people/{w.alice_person.pk}/actions/add/"
    form = client.get(add + "?domain=4")
    assert 'value="4" selected' in form.content.decode()
    assert "Add the action" in page_text(form)
    due = w.today + dt.timedelta(days=30)
    response = client.post(add, {"title": "Chair the audit committee once", "success": "",
                                 "lcf_domain": "4", **_date("due_on", due)}, follow=True)
    assert "“Chair the audit committee once” has been added" in page_text(response)
    assert "Develops: Governance" in page_text(response)
    action = PlanAction.objects.visible_to(w.alice).get()
    response = client.post(f"/plans/actions/{action.pk}/progress/",
                           {"progress": "in_progress", "percent": "50",
                            "note": "Observed twice"}, follow=True)
    assert "In progress (50%)" in page_text(response)
    assert "Observed twice" in page_text(response)


def test_bad_input_names_the_field_and_the_value_and_changes_nothing():
    w = plan_world()
    client = client_for(w.alice)
    far = w.today + dt.timedelta(days=6 * 366)
    response = client.post(f"/plans/people/{w.alice_person.pk}/actions/add/",
                           {"title": "Far away", **_date("due_on", far)})
    assert response.status_code == 400
    assert f"Due date ({far.day} " in error_summary(response)
    assert "must be within 5 years" in error_summary(response)
    action = services.add_action(w.alice, w.alice_person, {
        "title": "Read the LCF", "due_on": w.today + dt.timedelta(days=9)})
    response = client.post(f"/plans/actions/{action.pk}/progress/",
                           {"progress": "in_progress", "percent": "250"})
    assert response.status_code == 400
    assert "Per cent done must be from 0 to 100 (250)" in error_summary(response)
    response = client.post(f"/plans/people/{w.alice_person.pk}/actions/add/",
                           {"title": "Linked", "opportunity": "999",
                            **_date("due_on", w.today)})
    assert '"999" is not one of the options' in error_summary(response)
    action.refresh_from_db()
    assert action.progress == "not_started" and PlanAction.objects.visible_to(
        w.alice).count() == 1


def test_the_manager_sees_a_report_s_plan_with_overdue_actions_highlighted():
    w = plan_world()
    action = services.add_action(w.alice, w.alice_person, {
        "title": "Finish the finance course", "due_on": w.today + dt.timedelta(days=2)})
    PlanAction.unscoped.filter(pk=action.pk).update(due_on=w.today - dt.timedelta(days=1))
    person_page = client_for(w.mo).get(f"/people/{w.alice_person.pk}/")
    assert f"/plans/people/{w.alice_person.pk}/" in person_page.content.decode()
    page = client_for(w.mo).get(f"/plans/people/{w.alice_person.pk}/")
    assert "Finish the finance course" in page_text(page)
    assert "Overdue" in page_text(page) and "tb-overdue" in page.content.decode()
    home = page_text(client_for(w.mo).get("/"))
    assert "Overdue development plan action of someone you manage" in home
    assert "Development plan action due soon or overdue" in page_text(
        client_for(w.alice).get("/"))


def test_someone_who_may_not_see_the_person_gets_not_found():
    w = plan_world()
    action = services.add_action(w.alice, w.alice_person, {
        "title": "Secret", "due_on": w.today + dt.timedelta(days=2)})
    client = client_for(w.charlie)
    assert client.get(f"/plans/people/{w.alice_person.pk}/").status_code == 404
    assert client.get(f"/plans/actions/{action.pk}/").status_code == 404
    assert client.post(f"/plans/actions/{action.pk}/progress/",
                       {"progress": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.progress == "not_started"


def test_the_data_export_holds_the_plan():
    w = plan_world()
    services.add_action(w.alice, w.alice_person, {
        "title": "Mentor a new director", "due_on": w.today + dt.timedelta(days=20)})
    data = export.collect(w.alice, w.alice_person)
    assert [row["action"] for row in data["development plan"]] == ["Mentor a new director"]
    with zipfile.ZipFile(io.BytesIO(export.build_zip(w.alice))) as archive:
        html = archive.read("index.html").decode()
    assert "My development plan" in html and "Mentor a new director" in html
