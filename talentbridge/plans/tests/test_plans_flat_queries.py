"""Every development plan list runs as many queries with 100 rows as with 10: a plan's
actions (the leader's own, their line manager's view and the API) and an action's progress
updates (page and API). Each action links to a career conversation, an opportunity and a
programme, so a lookup per action would show."""

from __future__ import annotations

import datetime as dt

import pytest

from talentbridge.core.tests.queries import assert_flat
from talentbridge.core.tests.queries import flat_test
from talentbridge.core.tests.queries import signed_in
from talentbridge.opportunities.tests.factories import make_opportunity
from talentbridge.plans import services
from talentbridge.plans.tests.factories import plan_world
from talentbridge.plans.tests.factories import recorded_conversation
from talentbridge.programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = plan_world()
    w.conversation = recorded_conversation(w)
    w.programme = Programme.objects.create(name="Aspiring Chief Executive")
    w.opportunity = make_opportunity(w.rj1, posted_by=w.admin)
    return w


def _actions(w):
    """``add_rows``: actions on alice's plan, each developing a domain of the LCF and
    linked to her conversation, an opportunity and a programme."""
    def add(n):
        for i in range(n):
            services.add_action(w.alice, w.alice_person, {
                "title": "Shadow the director of finance", "success": "Lead a budget review",
                "due_on": w.today + dt.timedelta(days=1 + i), "lcf_domain": 1 + i % 6,
                "conversation": w.conversation.pk, "opportunity": w.opportunity.pk,
                "programme": w.programme.pk})
    return add


test_a_plans_actions_stay_flat = flat_test(_actions, [
    ("alice", "/plans/me/", lambda text: text.count("Shadow the director of finance")),
    ("mo", "/plans/people/{alice}/", lambda text: text.count("Shadow the director of finance")),
    ("alice", "/api/v1/plans/me/actions?limit=100", None),
    ("mo", "/api/v1/plans/people/{alice}/actions?limit=100", None),
], path_args=lambda w: {"alice": w.alice_person.pk})


@pytest.mark.parametrize("path, marker", [
    ("/plans/actions/{action}/", lambda text: text.count("Met the finance team")),
    ("/api/v1/plans/actions/{action}", lambda text: text.count("Met the finance team")),
])
def test_an_actions_updates_stay_flat(client, w, path, marker):
    action = services.add_action(w.alice, w.alice_person, {
        "title": "Shadow the director of finance", "success": "Lead a budget review",
        "due_on": w.today + dt.timedelta(days=60)})

    def add(n):
        for i in range(n):
            services.add_update(w.mo if i % 2 else w.alice, action, {
                "progress": "in_progress", "percent": str(i % 100),
                "note": "Met the finance team"})
    path = path.format(action=action.pk)
    assert_flat(signed_in(client, w.mo, path), path, add, row_marker=marker)
