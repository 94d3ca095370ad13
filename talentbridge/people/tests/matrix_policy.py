"""The policy-and-services test shared by the access matrices built on the people matrix's
world (access_world.py): every action, for each persona × relationship × visibility choice.

A test module makes its own test from its table and its way of deciding:

    test_policy_and_services = policy_and_services_test(
        CASES, ACTIONS, expected, _target, _decide, _fresh)

pytest collects it under that name, and the module's own `world` fixture serves it. Likewise
`own_record_test` makes the test of what the leader decides on their own record.
"""

from collections.abc import Callable
from collections.abc import Sequence

import pytest


def policy_and_services_test(cases: Sequence[tuple[str, str, str]], actions: Sequence[str],
                             expected: Callable, target: Callable, decide: Callable,
                             fresh: Callable) -> Callable:
    """A test, run for each (persona, relationship, visibility) of `cases`, that decides
    every action with `decide(fresh(viewer), person, action, world)` on the person
    `target(world, persona, relationship, visibility)` and fails on any decision that is
    not `expected(persona, relationship, visibility, action)`."""

    @pytest.mark.django_db
    @pytest.mark.parametrize("persona,relationship,visibility", cases)
    def test_policy_and_services(world, persona, relationship, visibility):
        person = target(world, persona, relationship, visibility)
        wrong = []
        for action in actions:
            want = expected(persona, relationship, visibility, action)
            got = decide(fresh(world.viewers[persona]), person, action, world)
            if got is not want:
                wrong.append(f"{action}: expected {want}, got {got}")
        assert not wrong, f"{persona} → a person ({relationship}, chose {visibility}): {wrong}"

    return test_policy_and_services


def own_record_test(actions: Sequence[str], decide: Callable, fresh: Callable,
                    expected: dict[str, bool]) -> Callable:
    """A test that the world's leader, deciding every action on their own record
    (`world.self_person`) with `decide(fresh(leader), person, action, world)`, gets
    `expected` (action: decision)."""

    @pytest.mark.django_db
    def test_own_record(world):
        me = fresh(world.viewers["leader"])
        got = {a: decide(me, world.self_person, a, world) for a in actions}
        assert got == expected

    return test_own_record
