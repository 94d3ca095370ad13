"""Programmes pages through Django's test client: what a programme manager, a panel member
and a leader see and do."""

from __future__ import annotations

import pytest

from talentbridge.core.tests.signing_in import password_client_for
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text
from talentbridge.programmes import services
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import CohortStatus
from talentbridge.programmes.models import Decision
from talentbridge.programmes.models import Score
from talentbridge.programmes.tests.factories import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def test_a_leader_applies_from_their_programmes_page(w):
    alice = password_client_for(w.alice)
    page = page_text(alice.get("/programmes/mine/"))
    assert "Aspiring chief executives: Cohort 5" in page
    response = alice.post(f"/programmes/cohorts/{w.cohort.pk}/apply/", {"statement": "I lead"})
    assert response.status_code == 302
    page = page_text(alice.get("/programmes/mine/"))
    assert "Awaiting decision" in page.replace("awaiting decision", "Awaiting decision")
    again = alice.post(f"/programmes/cohorts/{w.cohort.pk}/apply/", {"statement": "Again"})
    assert again.status_code == 400
    assert "already applied" in error_summary(again)
    assert Application.unscoped.count() == 1


def test_the_panel_scores_and_a_score_outside_1_to_5_changes_nothing(w):
    application = services.apply(w.alice, w.cohort, statement="I lead for equality")
    first, second = w.programme.criteria.all()
    pat = password_client_for(w.pat)
    bad = pat.post(f"/programmes/applications/{application.pk}/",
                   {f"criterion_{first.pk}": "3", f"criterion_{second.pk}": "6"})
    assert bad.status_code == 400
    assert "Setting direction must be from 1 to 5 (it was 6)" in error_summary(bad)
    assert not Score.unscoped.exists()
    ok = pat.post(f"/programmes/applications/{application.pk}/",
                  {f"criterion_{first.pk}": "3", f"criterion_{second.pk}": "5"})
    assert ok.status_code == 302
    cohort_page = page_text(password_client_for(w.pm).get(f"/programmes/cohorts/{w.cohort.pk}/"))
    # Alice's row: route, the panel's total (3 + 5) and mean, one panel member, no decision
    assert "Alice Ashworth Applied 8 4 1 Awaiting decision" in cohort_page


def test_the_programme_manager_selects_and_the_leader_sees_their_place(w):
    application = services.apply(w.alice, w.cohort, statement="S")
    pm = password_client_for(w.pm)
    response = pm.post(f"/programmes/applications/{application.pk}/decision/",
                       {"decision": Decision.SELECTED})
    assert response.status_code == 302
    assert "you have a place" in page_text(password_client_for(w.alice).get("/programmes/mine/"))


def test_the_applicant_does_not_see_the_panels_scores_and_others_see_nothing(w):
    application = services.apply(w.alice, w.cohort, statement="S")
    first, second = w.programme.criteria.all()
    services.score(w.pat, application, {first.pk: 5, second.pk: 5})
    alice = password_client_for(w.alice)
    page = page_text(alice.get(f"/programmes/applications/{application.pk}/"))
    assert "Your scores" not in page and "Panel total" not in page
    assert password_client_for(w.charlie).get(f"/programmes/applications/{application.pk}/"
                                              ).status_code == 404
    assert password_client_for(w.pm_elsewhere).get(f"/programmes/cohorts/{w.cohort.pk}/"
                                                   ).status_code == 404


def test_the_funnel_page_and_its_download(w):
    services.apply(w.alice, w.cohort, statement="S")
    w.cohort.status = CohortStatus.SELECTION
    w.cohort.save()
    response = password_client_for(w.analyst).get(f"/programmes/{w.programme.pk}/funnel/")
    assert response.status_code == 200
    page = page_text(response)
    # One applicant: every dimension would give her away, so none is shown
    assert "Not shown: the figures for ethnic group could not be shown" in page
    assert "Alice" not in page
    csv = password_client_for(w.pm).get(f"/programmes/{w.programme.pk}/funnel/download.csv")
    assert csv.status_code == 200
    assert b"Applied or nominated" in csv.content
    assert password_client_for(w.other_analyst).get(f"/programmes/{w.programme.pk}/funnel/"
                                                    ).status_code == 404
