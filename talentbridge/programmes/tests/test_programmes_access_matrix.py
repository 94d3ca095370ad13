"""The programmes access matrix: one row per rule, each failing when the rule is loosened
(scripts/check_policy_mutations.py loosens them one at a time)."""

from __future__ import annotations

import pytest

from talentbridge.people.tests.factories import make_person
from talentbridge.programmes import policy
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import CohortStatus
from talentbridge.programmes.models import Decision
from talentbridge.programmes.models import Outcome
from talentbridge.programmes.tests.factories import programme_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = programme_world()
    w.application = Application.objects.create(cohort=w.cohort, person=w.alice_person,
                                               statement="I lead for equality")
    return w


#: (user, runs the programme, sees alice's application, scores it, reads the funnel)
MATRIX = [
    ("pm", True, True, False, True),              # programme manager for QMJ: rule 1
    ("admin", True, True, False, True),           # administrator
    ("pm_elsewhere", False, False, False, False),  # programme manager for RX1
    ("pm_region", True, True, False, True),       # for the region that holds QMJ
    ("pm_other_region", False, False, False, False),
    ("pm_other_system", False, False, False, False),  # for QMF
    ("pat", False, True, True, False),            # panel member: rule 2
    ("alice", False, True, False, False),         # the applicant: rule 3, not her own scores
    ("bob", False, False, False, False),          # RJ1's talent lead: RJ1 does not hold QMJ
    ("analyst", False, False, False, True),       # analyst for the region: funnel only
    ("other_analyst", False, False, False, False),
    ("charlie", False, False, False, False),      # a leader elsewhere
]


@pytest.mark.parametrize(("who", "runs", "sees", "scores", "funnel"), MATRIX)
def test_who_may_do_what_with_a_programme(w, who, runs, sees, scores, funnel):
    user = getattr(w, who)
    assert policy.manages(user, w.programme) is runs
    assert policy.can_decide(user, w.application) is runs
    assert policy.can_see_all_scores(user, w.programme) is runs
    assert policy.can_view_application(user, w.application) is sees
    assert policy.can_score(user, w.application) is scores
    assert policy.can_view_funnel(user, w.programme) is funnel


def test_a_panel_member_never_scores_their_own_application(w):
    own = Application.objects.create(cohort=w.cohort, person=w.bob_person, statement="Me")
    w.cohort.panel.add(w.bob)
    assert policy.can_score(w.bob, own) is False
    assert policy.can_score(w.bob, w.application) is True


def test_scoring_ends_when_the_cohort_runs(w):
    w.cohort.status = CohortStatus.RUNNING
    w.cohort.save()
    assert policy.can_score(w.pat, w.application) is False


#: (user, may apply to the QMJ programme's open cohort): employer in the scope (rule 4)
APPLY = [("alice", True), ("bob", True), ("charlie", False), ("pat", False)]


@pytest.mark.parametrize(("who", "applies"), APPLY)
def test_who_may_apply(w, who, applies):
    assert policy.can_apply(getattr(w, who), w.cohort) is applies


def test_nobody_applies_to_a_closed_cohort(w):
    w.cohort.status = CohortStatus.SELECTION
    w.cohort.save()
    assert policy.can_apply(w.alice, w.cohort) is False


def test_who_may_nominate(w):
    # Rule 5: bob (RJ1's talent lead) sees alice; charlie sees nobody; the panel member is
    # neither a talent lead nor a line manager; alice may not nominate herself.
    assert policy.can_nominate(w.bob, w.cohort, w.alice_person) is True
    assert policy.can_nominate(w.charlie, w.cohort, w.alice_person) is False
    assert policy.can_nominate(w.pat, w.cohort, w.alice_person) is False
    assert policy.can_nominate(w.bob, w.cohort, w.charlie_person) is False
    assert policy.can_nominate(w.alice, w.cohort, w.alice_person) is False
    assert policy.can_nominate(w.bob, w.cohort, w.bob_person) is False  # not himself
    # An administrator sees everyone but is neither a talent lead nor a line manager
    assert policy.can_nominate(w.admin, w.cohort, w.alice_person) is False
    # Someone at RJ2 (in the programme's system) who chose "my organisation only": bob may
    # not see them, so may not nominate them.
    assert policy.can_nominate(w.bob, w.cohort, make_person(w.rj2)) is False


def test_feedback_only_from_the_participant_after_the_end(w):
    # Rule 7.
    assert policy.can_give_feedback(w.alice, w.application) is False  # not a place
    w.application.decision = Decision.SELECTED
    w.application.save()
    assert policy.can_give_feedback(w.alice, w.application) is False  # still on it
    w.application.outcome = Outcome.COMPLETED
    w.application.save()
    assert policy.can_give_feedback(w.alice, w.application) is True
    assert policy.can_give_feedback(w.pm, w.application) is False
