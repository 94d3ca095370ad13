"""The succession access matrix: one row per rule, each failing when the rule is loosened
(scripts/check_policy_mutations.py loosens them one at a time)."""

from __future__ import annotations

import pytest

from talentbridge.people.codes import Visibility
from talentbridge.people.tests.factories import make_person
from talentbridge.succession import policy
from talentbridge.succession.tests.access_matrix_world import access_matrix_world

pytestmark = pytest.mark.django_db


w = pytest.fixture(access_matrix_world, name="w")


#: (user, owns the RJ1 chief executive's plan, may read it)
PLAN_MATRIX = [
    ("bob", True, True),          # RJ1's organisation talent lead: owner
    ("admin", True, True),        # administrator: owner
    ("rita_lead", False, False),  # RJ2's talent lead: another organisation, same system
    ("sybil", False, True),       # system talent lead of RJ1's system: reads
    ("other_system_lead", False, False),
    ("regional", False, True),    # regional talent lead of RJ1's region: reads
    ("other_regional", False, False),
    ("national", False, True),    # national talent lead: reads
    ("orla", False, False),       # RJ1's organisation administrator: no talent data
    ("analyst", False, False),
    ("programme", False, False),
    ("alice", False, False),      # a leader
    ("charlie", False, False),
    ("signed_out", False, False),
]


@pytest.mark.parametrize(("who", "owns", "reads"), PLAN_MATRIX)
def test_who_owns_and_who_reads_a_succession_plan(w, who, owns, reads):
    user = getattr(w, who)
    assert policy.owns_plan(user, w.ceo) is owns
    assert policy.can_override_risk(user, w.ceo) is owns
    assert policy.can_see_notes(user, w.ceo) is owns
    assert policy.can_view_plan(user, w.ceo) is reads


#: (user, sees board posts and system maps, sees bench strength)
FIGURES_MATRIX = [
    ("bob", True, True), ("admin", True, True), ("sybil", True, True),
    ("regional", True, True), ("national", True, True), ("rita_lead", True, True),
    ("analyst", False, True),     # counts only
    ("orla", False, False), ("programme", False, False), ("alice", False, False),
    ("charlie", False, False), ("signed_out", False, False),
]


@pytest.mark.parametrize(("who", "posts", "bench"), FIGURES_MATRIX)
def test_who_sees_posts_and_bench_strength(w, who, posts, bench):
    user = getattr(w, who)
    assert policy.can_view_posts(user) is posts
    assert policy.can_view_bench_strength(user) is bench


#: (where the candidate works, their visibility choice, may they be named for RJ1's post)
CANDIDATE_MATRIX = [
    ("rj1", Visibility.ORGANISATION, True),   # employed by the post's organisation
    ("rj2", Visibility.ORGANISATION, False),  # same system, chose their organisation only
    ("rj2", Visibility.SYSTEM, True),         # same system, chose their system
    ("rj2", Visibility.NATIONAL, True),
    ("rx1", Visibility.SYSTEM, False),        # another system, chose their own system
    ("rx1", Visibility.NATIONAL, True),       # another system, chose England
]


@pytest.mark.parametrize(("where", "visibility", "allowed"), CANDIDATE_MATRIX)
def test_a_candidate_s_own_choice_decides_whether_the_plan_s_scope_sees_them(
        w, where, visibility, allowed):
    person = make_person(getattr(w, where), visibility=visibility)
    post_system = policy.place_of(w.rj1.pk)[0]
    person_system = policy.place_of(person.organisation_id)[0]
    assert policy.plan_scope_sees(w.ceo, person, post_system, person_system) is allowed

