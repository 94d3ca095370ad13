"""The demo's development plans: the demo leader has done, in-progress and overdue actions and
one for their lowest-rated LCF domain; the demo manager's reports have plans; actions link to
domains, conversations and opportunities; building again changes nothing."""


import pytest
from django.utils import timezone

from talentbridge.demo import conversations as demo_conversations
from talentbridge.demo import opportunities as demo_opportunities
from talentbridge.demo import plans as demo_plans
from talentbridge.demo.generator import demo_people
from talentbridge.demo.tests.building import built_again
from talentbridge.demo.tests.building import demo_fixture
from talentbridge.plans import gaps
from talentbridge.plans.models import ActionUpdate
from talentbridge.plans.models import DevelopmentPlan
from talentbridge.plans.models import PlanAction
from talentbridge.talent.conversations.tests.factories import ensure_readiness

demo = demo_fixture(ensure_readiness, 600, demo_conversations, demo_opportunities, demo_plans)


pytestmark = pytest.mark.django_db


def _person(username):
    return demo_people().select_related("user").get(user__username=username)


def test_the_demo_leader_has_done_in_progress_overdue_and_gap_actions(demo):
    assert "Built" in demo
    leader = _person("leader")
    actions = list(PlanAction.unscoped.filter(plan__person=leader))
    today = timezone.localdate()
    progress = {a.progress for a in actions}
    assert {"done", "in_progress", "not_started"} <= progress
    assert any(a.progress in ("not_started", "in_progress") and a.due_on < today
               for a in actions)
    found = gaps.lcf_gaps(leader.user, leader)
    assert found and found[0].domain in {a.lcf_domain for a in actions}
    assert ActionUpdate.unscoped.filter(action__plan__person=leader).exists()


def test_the_manager_s_reports_and_many_leaders_have_linked_plans(demo):
    manager = _person("manager")
    reports = set(demo_people().filter(line_manager=manager).values_list("pk", flat=True))
    planned = set(DevelopmentPlan.unscoped.values_list("person_id", flat=True))
    assert reports and reports <= planned
    assert len(planned) > 20
    actions = PlanAction.unscoped.all()
    assert actions.filter(lcf_domain__isnull=False).exists()
    assert actions.filter(conversation__isnull=False).exists()
    assert actions.filter(opportunity__isnull=False).exists()
    for action in actions.select_related("plan"):
        assert action.due_on >= action.plan.starts_on


def test_building_again_changes_nothing(demo):
    def actions():
        return sorted(PlanAction.unscoped.values_list("plan__person_id", "title", "due_on"))

    assert "already exist" in built_again(demo_plans, actions)
