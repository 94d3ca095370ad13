"""Who may see and change a leader's development plan (docs/development-plans.md says the
same in plain words). The plan mirrors the career conversations policy, because a plan is
the working copy of what career conversations agree:

1. Seeing a person's plan, its actions and their updates: whoever may see their career
   conversations (`conversations.policy.can_view_conversations`): the person, their line
   managers (two levels up), the talent leads their visibility choice lets see them, and
   administrators. Analysts, programme managers and organisation administrators: nobody's.
2. Adding an action to a plan: the person themselves, or whoever may hold a career
   conversation with them (`can_hold_conversation`: their direct line manager, or a talent
   lead of their employing organisation acting as their coach). Not a second-level manager,
   not an administrator, not a talent lead of another organisation.
3. Changing an action (its title, what success looks like, due date, progress) and writing a
   progress update on it: the same people as rule 2, for that action's plan.
4. What an action links to must be something the person doing it may see: a conversation
   of the plan's person (rule 1 of the conversations policy), an opportunity the opportunities
   policy lets them see and that is open to the person; the services check it.
"""

from __future__ import annotations

from talentbridge.people.models import Person
from talentbridge.talent.conversations import policy as conversation_policy
from talentbridge.talent.policy import is_self


def can_view_plan(user, person: Person) -> bool:
    """Rule 1."""
    return conversation_policy.can_view_conversations(user, person)


def can_add_action(user, person: Person) -> bool:
    """Rule 2 (signed-out users are neither the person nor hold conversations)."""
    return is_self(user, person) or conversation_policy.can_hold_conversation(user, person)


def can_change_action(user, action) -> bool:
    """Rule 3."""
    person = action.plan.person
    return (is_self(user, person)
            or conversation_policy.can_hold_conversation(user, person))


def is_the_person(user, person: Person) -> bool:
    """For wording ("your plan") and for who is told about an action someone else added."""
    return is_self(user, person)
