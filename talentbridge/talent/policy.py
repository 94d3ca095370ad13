"""Talent access rules, built on the one people policy.

A person's talent records (conversations, assessments, placements, pool memberships) are seen
by whoever may see their profile (`people.policy`), with these narrowings:
- private notes of a conversation: only the person and the person who held it;
- individual multi-rater answers: nobody (only aggregates of at least 3 raters);
- analysts, programme managers: no individual talent records.
The parts of the app add their own rules in conversation_policy.py and review_policy.py.
"""

from __future__ import annotations

from talentbridge.accounts.grants import grants_for
from talentbridge.people.policy import Action
from talentbridge.people.policy import can


def can_see_talent_record(user, person) -> bool:
    return can(user, Action.VIEW_PROFILE, person)


def is_self(user, person) -> bool:
    user_id = grants_for(user).user_id
    return user_id is not None and person.user_id == user_id


def is_line_manager_of(user, person) -> bool:
    grants = grants_for(user)
    return grants.person_id is not None and person.line_manager_id == grants.person_id
