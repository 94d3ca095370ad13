"""Who may do what with career conversations, competency assessments and talent search
(docs/talent-conversations.md says the same, in plain words).

Built on the one people policy (`people.policy`): whoever may see a person's profile may see
their talent records, with these rules on top:

Career conversations
1. Seeing a person's conversation records: anyone who may see their profile (VIEW_PROFILE),
   so analysts and programme managers see none.
2. Private notes: only the person and the person who held the conversation. Not their
   organisation's talent lead, not a line manager who did not hold it, not an administrator.
3. Holding (starting, preparing for, recording) a conversation: the person's direct line
   manager, or a talent lead of the organisation that employs them (who may edit their
   profile) acting as their coach. Not the person themselves, not an administrator (who keeps
   reference data, not careers), not a second-level manager.
4. The individual's reflection is written only by the person; the manager's preparation and
   the record only by the person who holds the conversation (while they may still hold one).

Competency assessments (LCF)
5. Opening a round and inviting raters: the person themselves, their direct line manager, or a
   talent lead of their employing organisation.
6. The self-assessment is the person's; the line manager's assessment is their direct line
   manager's. Multi-raters answer through an emailed link, without signing in.
7. The summary is seen by whoever may see the person's profile. Others' results (and how many
   answered) are seen by nobody while the round is open, and afterwards only as one scale
   point per domain from at least 3 raters other than the person and their line manager.
   Individual multi-rater answers are seen by nobody.
7a. Closing a round: whoever may invite raters to it. Approving an invitation to an address
   that is not an NHS work address: only the person's direct line manager.

Talent search
8. Line managers (people with at least one direct report), talent leads and administrators
   search, and find only people `Person.objects.visible_to(user)` lets them see. Leaders with
   no reports, analysts and programme managers get no individual results.

Readiness levels
9. Administrators edit the readiness labels, their order and whether they are in use.
"""

from __future__ import annotations

from talentbridge.accounts.grants import grants_for
from talentbridge.people.models import Person
from talentbridge.people.policy import Action
from talentbridge.people.policy import can
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.policy import can_see_talent_record
from talentbridge.talent.policy import is_line_manager_of
from talentbridge.talent.policy import is_self


def _leads_employer(user, person: Person) -> bool:
    return person.organisation_id in grants_for(user).lead_organisation_ids


# --------------------------------------------------------------------------------------
# Career conversations
# --------------------------------------------------------------------------------------


def can_view_conversations(user, person: Person) -> bool:
    return can_see_talent_record(user, person)


def can_see_private_notes(user, conversation: CareerConversation) -> bool:
    user_id = grants_for(user).user_id
    if user_id is None:
        return False
    return is_self(user, conversation.person) or conversation.held_by_id == user_id


def can_hold_conversation(user, person: Person) -> bool:
    """Start, prepare for and record a career conversation with this person."""
    if grants_for(user).user_id is None or is_self(user, person):
        return False
    if is_line_manager_of(user, person):
        return True
    return _leads_employer(user, person) and can(user, Action.EDIT_PROFILE, person)


def can_write_reflection(user, conversation: CareerConversation) -> bool:
    return grants_for(user).user_id is not None and is_self(user, conversation.person)


def can_record(user, conversation: CareerConversation) -> bool:
    """Write the manager's preparation, the record and the private notes."""
    user_id = grants_for(user).user_id
    return (user_id is not None and conversation.held_by_id == user_id
            and can_hold_conversation(user, conversation.person))


# --------------------------------------------------------------------------------------
# Assessments
# --------------------------------------------------------------------------------------


def can_open_assessment(user, person: Person) -> bool:
    if grants_for(user).user_id is None:
        return False
    return (is_self(user, person) or is_line_manager_of(user, person)
            or (_leads_employer(user, person) and can(user, Action.EDIT_PROFILE, person)))


def can_invite_raters(user, assessment_round: AssessmentRound) -> bool:
    return can_open_assessment(user, assessment_round.person)


def can_close_assessment(user, assessment_round: AssessmentRound) -> bool:
    return can_invite_raters(user, assessment_round)


def can_approve_raters(user, assessment_round: AssessmentRound) -> bool:
    """Invitations to addresses that are not NHS work addresses wait for the line manager."""
    return (grants_for(user).user_id is not None and not is_self(user, assessment_round.person)
            and is_line_manager_of(user, assessment_round.person))


def can_rate_as_self(user, assessment_round: AssessmentRound) -> bool:
    return grants_for(user).user_id is not None and is_self(user, assessment_round.person)


def can_rate_as_line_manager(user, assessment_round: AssessmentRound) -> bool:
    return grants_for(user).user_id is not None and is_line_manager_of(
        user, assessment_round.person)


def can_view_assessment(user, person: Person) -> bool:
    return can_see_talent_record(user, person)


def can_see_individual_rater_answers(user, assessment_round: AssessmentRound) -> bool:
    """Never: multi-rater answers are anonymous; only closed rounds' aggregates of at least 3
    are shown."""
    return False


# --------------------------------------------------------------------------------------
# Search and reference data
# --------------------------------------------------------------------------------------


def can_search_talent(user) -> bool:
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    if grants.is_administrator or grants.is_talent_lead:
        return True
    return bool(grants.direct_report_ids)


def can_edit_readiness_levels(user) -> bool:
    return grants_for(user).is_administrator
