"""Programme services: what a user would notice, and bad input changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from talentbridge.notifications.models import Notification
from talentbridge.people.codes import CareerRoleKind
from talentbridge.people.codes import PayBand
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.programmes import funnel
from talentbridge.programmes import services
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import Attendance
from talentbridge.programmes.models import CohortStatus
from talentbridge.programmes.models import Decision
from talentbridge.programmes.models import Outcome
from talentbridge.programmes.models import Score
from talentbridge.programmes.tests.factories import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return programme_world()


def test_apply_score_decide_and_the_place_shows_in_programmes_of(w):
    application = services.apply(w.alice, w.cohort, statement="I lead for equality")
    criteria = list(w.programme.criteria.all())
    services.score(w.pat, application, {criteria[0].pk: 4, criteria[1].pk: 5})
    row = services.applications_of(w.pm, w.cohort)[0]
    assert (row.name, row.total, row.mean) == ("Alice Ashworth", 9, 4.5)
    services.decide(w.pm, application, decision=Decision.SELECTED)
    places = services.programmes_of(w.alice_person.pk)
    assert [(p.programme, p.cohort, p.outcome) for p in places] == [
        ("Aspiring chief executives", "Cohort 5", "On the programme")]
    subjects = list(Notification.objects.visible_to(w.alice).values_list("subject", flat=True))
    assert any("Selected" in s for s in subjects)
    assert any("Application received" in s for s in subjects)


def test_a_score_outside_1_to_5_is_refused_and_nothing_is_saved(w):
    application = services.apply(w.alice, w.cohort, statement="Statement")
    first, second = w.programme.criteria.all()
    with pytest.raises(ValidationError) as refused:
        services.score(w.pat, application, {first.pk: 3, second.pk: 6})
    assert "Setting direction must be from 1 to 5 (it was 6)" in str(refused.value)
    assert not Score.unscoped.exists()


def test_applying_twice_is_refused(w):
    services.apply(w.alice, w.cohort, statement="Statement")
    with pytest.raises(ValidationError, match="already applied"):
        services.apply(w.alice, w.cohort, statement="Again")
    assert Application.unscoped.count() == 1


def test_a_cohort_cannot_go_over_its_places(w):
    people = [make_person(w.rj1, user=make_user(f"l{i}")) for i in range(3)]
    applications = [services.apply(p.user, w.cohort, statement="S") for p in people]
    for a in applications[:2]:
        services.decide(w.pm, a, decision=Decision.SELECTED)
    with pytest.raises(ValidationError, match="has 2 places and all 2 are taken"):
        services.decide(w.pm, applications[2], decision=Decision.SELECTED)
    applications[2].refresh_from_db()
    assert applications[2].decision == Decision.PENDING


def test_attendance_for_a_non_member_is_refused_and_nothing_is_saved(w):
    member = services.apply(w.alice, w.cohort, statement="S")
    other = services.apply(w.bob, w.cohort, statement="S")
    services.decide(w.pm, member, decision=Decision.SELECTED)
    session = services.add_session(w.pm, w.cohort, title="Board simulation",
                                   held_on=dt.date(2027, 2, 1))
    with pytest.raises(ValidationError, match="is not a place on"):
        services.record_attendance(w.pm, session, {member.pk: "attended", other.pk: "absent"})
    assert not Attendance.unscoped.exists()
    assert services.record_attendance(w.pm, session, {member.pk: "apologies"}) == 1


def test_feedback_is_shown_only_as_aggregates_from_eight_responses(w):
    application = services.apply(w.alice, w.cohort, statement="S")
    services.decide(w.pm, application, decision=Decision.SELECTED)
    services.set_outcome(w.pm, application, outcome=Outcome.COMPLETED, on=dt.date(2027, 12, 1))
    with pytest.raises(ValidationError, match="Rating must be from 1 to 5"):
        services.give_feedback(w.alice, application, rating=0)
    services.give_feedback(w.alice, application, rating=5, comments="Changed how I lead")
    summary = services.feedback_summary(w.pm, w.cohort)
    assert (summary.responses, summary.mean_rating, summary.comments) == ("*", None, [])


def test_moved_up_needs_a_new_role_within_two_years_and_a_more_senior_band(w):
    application = services.apply(w.alice, w.cohort, statement="S")
    services.decide(w.pm, application, decision=Decision.SELECTED)
    services.set_outcome(w.pm, application, outcome=Outcome.COMPLETED, on=dt.date(2027, 12, 1))
    application = Application.unscoped.select_related("person").get(pk=application.pk)
    assert funnel.moved_up_ids([application]) == set()  # no new role yet
    make_career_entry(w.alice_person, w.rj2, role_title="Chief operating officer",
                      kind=CareerRoleKind.SUBSTANTIVE, started_on=dt.date(2028, 6, 1),
                      ended_on=None)
    w.alice_person.pay_band = PayBand.VSM
    w.alice_person.save()
    application = Application.unscoped.select_related("person").get(pk=application.pk)
    assert funnel.moved_up_ids([application]) == {application.pk}


def test_an_application_to_an_open_cohort_changes_no_published_funnel(w):
    # Differencing: a funnel before and after one applicant is added must not differ.
    before = funnel.programme_funnel(w.pm, w.programme)
    services.apply(w.alice, w.cohort, statement="S")
    after = funnel.programme_funnel(w.pm, w.programme)
    assert before.stages == after.stages
    w.cohort.status = CohortStatus.SELECTION
    w.cohort.save()
    closed = funnel.programme_funnel(w.pm, w.programme)
    assert closed.stages[0].total == "*"
