"""Development plan services: adding actions with their links, progress updates, LCF gaps,
the notification to the person, the audit trail, and bad input refused with a message naming
the field and the value, with nothing changed."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.notifications.models import Notification
from talentbridge.opportunities.tests.factories import make_opportunity
from talentbridge.plans import gaps
from talentbridge.plans import services
from talentbridge.plans.models import ActionUpdate
from talentbridge.plans.models import DevelopmentPlan
from talentbridge.plans.models import PlanAction
from talentbridge.programmes.models import Programme

from .factories import assess
from .factories import plan_world
from .factories import recorded_conversation

pytestmark = pytest.mark.django_db


def _values(w, **overrides):
    return {"title": "Shadow the director of finance", "success": "Lead a budget review",
            "due_on": w.today + dt.timedelta(days=60), **overrides}


def _counts():
    return (DevelopmentPlan.unscoped.count(), PlanAction.unscoped.count(),
            ActionUpdate.unscoped.count())


def test_the_leader_adds_an_action_linked_to_a_gap_and_updates_it():
    w = plan_world()
    action = services.add_action(w.alice, w.alice_person, _values(w, lcf_domain=4))
    assert action.plan.person == w.alice_person and action.lcf_domain == 4
    assert action.plan.starts_on == w.today
    services.add_update(w.alice, action, {"progress": "in_progress", "percent": "40",
                                          "note": "Met the finance director"})
    action.refresh_from_db()
    assert (action.progress, action.percent) == ("in_progress", 40)
    services.add_update(w.alice, action, {"progress": "done", "percent": "", "note": ""})
    action.refresh_from_db()
    assert (action.progress, action.percent, action.finished_on) == ("done", 100, w.today)
    assert [u.progress for u in services.updates_of(w.alice, action)] == [
        "done", "in_progress"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE,
                                     target_type="plans.actionupdate").count() == 2


def test_the_line_manager_adds_an_action_and_the_person_is_told():
    w = plan_world()
    action = services.add_action(w.mo, w.alice_person, _values(w))
    told = Notification.objects.visible_to(w.alice).get()
    assert action.title in told.body and told.link == "/plans/me/"
    services.add_action(w.alice, w.alice_person, _values(w, title="Read the LCF"))
    assert Notification.objects.visible_to(w.alice).count() == 1  # not for her own


def test_someone_who_sees_but_may_not_hold_conversations_is_refused():
    w = plan_world()
    services.add_action(w.alice, w.alice_person, _values(w))
    before = _counts()
    with pytest.raises(PermissionDenied):
        services.add_action(w.admin, w.alice_person, _values(w))
    assert _counts() == before


@pytest.mark.parametrize("field,value,words", [
    ("title", "   ", "Enter the action"),
    ("percent", "101", "Per cent done must be from 0 to 100 (101)"),
    ("percent", "-1", "Per cent done must be from 0 to 100 (-1)"),
    ("lcf_domain", "9", 'LCF domain "9" is not one of the six domains'),
    ("due_on", "2026-02-30", 'Due date must be a real date, like 2027-03-31 ("2026-02-30")'),
])
def test_bad_values_are_named_and_nothing_changes(field, value, words):
    w = plan_world()
    with pytest.raises(ValidationError) as caught:
        services.add_action(w.alice, w.alice_person, _values(w, **{field: value}))
    assert words in " ".join(caught.value.message_dict[field])
    assert _counts() == (0, 0, 0)


def test_a_due_date_before_the_plan_started_or_over_five_years_ahead_is_refused():
    w = plan_world()
    action = services.add_action(w.alice, w.alice_person, _values(w))
    for due in (w.today - dt.timedelta(days=1), w.today + dt.timedelta(days=5 * 366 + 1)):
        with pytest.raises(ValidationError) as caught:
            services.change_action(w.alice, action, {"due_on": due})
        message = caught.value.message_dict["due_on"][0]
        assert f"{due.day} " in message and str(due.year) in message
    action.refresh_from_db()
    assert action.due_on == w.today + dt.timedelta(days=60)


def test_a_progress_update_out_of_range_changes_nothing():
    w = plan_world()
    action = services.add_action(w.alice, w.alice_person, _values(w))
    with pytest.raises(ValidationError) as caught:
        services.add_update(w.alice, action, {"progress": "in_progress", "percent": "150"})
    assert "150" in caught.value.message_dict["percent"][0]
    with pytest.raises(ValidationError) as caught:
        services.add_update(w.alice, action, {"progress": "finished"})
    assert '"finished"' in caught.value.message_dict["progress"][0]
    action.refresh_from_db()
    assert action.progress == "not_started" and ActionUpdate.unscoped.count() == 0


def test_links_to_a_conversation_an_opportunity_and_a_programme():
    w = plan_world()
    conversation = recorded_conversation(w)
    programme = Programme.objects.create(name="Aspiring Chief Executive")
    opportunity = make_opportunity(w.rj2, posted_by=w.admin)
    action = services.add_action(w.alice, w.alice_person, _values(
        w, conversation=conversation.pk, opportunity=opportunity.pk, programme=programme.pk))
    assert (action.conversation, action.opportunity, action.programme) == (
        conversation, opportunity, programme)


def test_a_conversation_of_someone_else_or_an_unseen_opportunity_is_refused():
    w = plan_world()
    conversation = recorded_conversation(w)
    far = make_opportunity(w.rj2, posted_by=w.admin)  # reaches RJ2's system only
    with pytest.raises(ValidationError) as caught:
        services.add_action(w.charlie, w.charlie_person,
                            _values(w, conversation=conversation.pk, opportunity=far.pk))
    errors = caught.value.message_dict
    assert f"Career conversation {conversation.pk} is not one" in errors["conversation"][0]
    assert f"Opportunity {far.pk} is not one" in errors["opportunity"][0]
    assert _counts() == (0, 0, 0)


def test_the_gaps_are_the_lowest_rated_domains_as_the_viewer_sees_them():
    w = plan_world()
    assess(w, w.alice, w.alice_person, d2="rarely_or_never", d5="occasionally",
           d1="almost_always")
    assert [g.domain for g in gaps.lcf_gaps(w.alice, w.alice_person)] == [2, 5]
    assert [g.domain for g in gaps.lcf_gaps(w.mo, w.alice_person)] == [2, 5]
    with pytest.raises(services.PersonNotFound):
        gaps.lcf_gaps(w.charlie, w.alice_person)


def test_waiting_counts_due_soon_and_reports_overdue():
    w = plan_world()
    soon = services.add_action(w.alice, w.alice_person, _values(w, due_on=w.today))
    services.add_action(w.alice, w.alice_person, _values(w, due_on=w.today + dt.timedelta(
        days=40)))
    PlanAction.unscoped.filter(pk=soon.pk).update(due_on=w.today - dt.timedelta(days=3))
    assert list(services.due_soon(w.alice, w.alice_person.pk, 14)) == [soon]
    assert list(services.reports_overdue(w.mo, w.mo_person.pk)) == [soon]
    assert list(services.reports_overdue(w.charlie, w.mo_person.pk)) == []
