"""Who may record, cancel and see moves between employers, and record mergers: pure functions
over one `Grants` (docs/access-policy.md, "Moves between employers").

1. An administrator records and cancels any move, and is the only one who records a merger.
2. An organisation administrator or organisation talent lead records and cancels a move of a
   person out of their organisation (releasing) or into it (receiving).
3. Nobody else: not line managers, system, regional or national talent leads, not the person.
4. A pending move is seen by whoever may see the person, and by those who may record it (the
   receiving organisation's administrators and talent leads see the moves coming to them).
"""

from __future__ import annotations

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import grants_for


def move_organisation_ids(grants: Grants) -> set[int]:
    """Organisations whose moves (out of or into) this user records: those they administer
    and those they are an organisation talent lead of."""
    return set(grants.administered_organisation_ids) | set(grants.lead_organisation_ids)


def may_record_move(who, from_organisation_id: int, to_organisation_id: int) -> bool:
    """May this user record (or cancel) a move from one organisation to another?"""
    grants = grants_for(who)
    if grants.user_id is None:
        return False
    if grants.is_administrator:
        return True
    return bool(move_organisation_ids(grants) & {from_organisation_id, to_organisation_id})


def may_record_merger(who) -> bool:
    """Mergers move everyone an organisation employs: administrators only."""
    grants = grants_for(who)
    return grants.user_id is not None and grants.is_administrator


def may_see_move(who, from_organisation_id: int, to_organisation_id: int, *,
                 sees_person: bool) -> bool:
    """May this user see a move (for example "Moving to X on date")? Whoever sees the person,
    and whoever may record that move."""
    return sees_person or may_record_move(who, from_organisation_id, to_organisation_id)


def has_moved_out_of(person, organisation_id: int | None) -> bool:
    """Has ``person`` moved out of this organisation (an applied move from it) and does not
    work there now? Its talent leads then keep only what the people policy (the person's
    visibility choice) allows: rules that reached the person through it (a placement it was
    home or host to) stop at the move."""
    if organisation_id is None or person.organisation_id == organisation_id:
        return False
    return person.moves.filter(from_organisation_id=organisation_id,
                               applied_at__isnull=False).exists()
