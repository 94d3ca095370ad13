"""Who may see and do what in mentoring and coaching (docs/mentoring.md and
docs/access-policy.md say the same). Functions over the user's `Grants`; the models' scoped
``objects`` use the ``*_rows`` filters below. The rules, in plain words:

1. A leader's offer, requests and declared conflicts are theirs: they see and change them.
2. The pair (mentor and mentee) see their relationship, its goals, its meetings with their
   notes, and both sides' end reviews; either of them records goals, meetings and the end.
3. A programme manager sees the offers and requests of leaders employed in their scope (an
   organisation, a system, a region or England), runs matchings there and confirms them, and
   sees the relationships with a side employed in their scope and their meeting dates; never
   meeting notes, goals' text or end reviews' comments.
4. Declared conflicts are seen only by the leader who declared them (matching reads them
   without showing them).
5. Nobody else: talent leads, line managers, analysts and administrators see nothing of
   mentoring (a leader's support is theirs to share; the learning log shares with a current
   mentor or coach by the leader's choice).
"""

from __future__ import annotations

from django.db.models import Q

from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.organisations.scopes import organisation_ids_in_region
from talentbridge.organisations.scopes import organisation_ids_in_system

NOTHING = Q(pk__in=[])


def managed_organisation_ids(who) -> set[int] | None:
    """Rule 3: the organisations of a programme manager's scopes; None for England."""
    ids: set[int] = set()
    for held in grants_for(who).scopes_of(Role.PROGRAMME_MANAGER):
        if held.scope_level == ScopeLevel.ENGLAND:
            return None
        if held.scope_level == ScopeLevel.REGION:
            ids.update(organisation_ids_in_region(held.region_id))
        elif held.scope_level == ScopeLevel.SYSTEM:
            ids.update(organisation_ids_in_system(held.system_id))
        else:
            ids.add(held.organisation_id)
    return ids


def is_programme_manager(who) -> bool:
    grants = grants_for(who)
    return grants.signed_in and grants.holds(Role.PROGRAMME_MANAGER)


def uses_mentoring(who) -> bool:
    """Leaders (for their own) and programme managers."""
    grants = grants_for(who)
    return grants.signed_in and (grants.person_id is not None or is_programme_manager(grants))


def _managed(grants, *people: str) -> Q:
    """Rule 3: rows with any of ``people`` (lookups to a Person) employed in the scope."""
    if not is_programme_manager(grants):
        return NOTHING
    ids = managed_organisation_ids(grants)
    if ids is None:
        return ~NOTHING
    found = NOTHING
    for path in people:
        found |= Q(**{f"{path}__organisation_id__in": ids})
    return found


def _own(grants, path: str) -> Q:
    return Q(**{f"{path}_id": grants.person_id}) if grants.person_id else NOTHING


def offer_rows(who) -> Q:
    grants = grants_for(who)
    if not grants.signed_in:
        return NOTHING
    return _own(grants, "person") | _managed(grants, "person")


def request_rows(who) -> Q:
    grants = grants_for(who)
    if not grants.signed_in:
        return NOTHING
    return _own(grants, "person") | _managed(grants, "person")


def conflict_rows(who) -> Q:
    """Rule 4: only the leader who declared them."""
    grants = grants_for(who)
    return _own(grants, "person") if grants.signed_in else NOTHING


def proposal_rows(who) -> Q:
    grants = grants_for(who)
    if not grants.signed_in:
        return NOTHING
    return _managed(grants, "request__person", "offer__person")


def _pair(grants, prefix: str = "") -> Q:
    if not grants.person_id:
        return NOTHING
    return (Q(**{f"{prefix}mentor_id": grants.person_id})
            | Q(**{f"{prefix}mentee_id": grants.person_id}))


def _pair_or_managed(grants, prefix: str = "") -> Q:
    """Relationships (through `prefix`) a signed-in user is one of the pair of, or that have a
    side employed in their programme manager's scope."""
    if not grants.signed_in:
        return NOTHING
    return _pair(grants, prefix) | _managed(grants, f"{prefix}mentee", f"{prefix}mentor")


def relationship_rows(who) -> Q:
    return _pair_or_managed(grants_for(who))


def managed_rows(who) -> Q:
    """Rule 3 alone: relationships with a side employed in the programme manager's scope."""
    grants = grants_for(who)
    return _managed(grants, "mentee", "mentor") if grants.signed_in else NOTHING


def goal_rows(who) -> Q:
    """Rule 2: goals are the pair's."""
    grants = grants_for(who)
    return _pair(grants, "relationship__") if grants.signed_in else NOTHING


def meeting_rows(who) -> Q:
    """Rules 2 and 3: the pair; programme managers for the dates (notes blanked)."""
    return _pair_or_managed(grants_for(who), "relationship__")


def review_rows(who) -> Q:
    """Rules 2 and 3: the pair; programme managers for the answers (comments blanked)."""
    return meeting_rows(who)


def is_pair(who, relationship) -> bool:
    grants = grants_for(who)
    return grants.signed_in and grants.person_id is not None and grants.person_id in (
        relationship.mentor_id, relationship.mentee_id)


def can_see_notes(who, relationship) -> bool:
    """Rule 2: meeting notes and end reviews' comments are for the pair only."""
    return is_pair(who, relationship)


def can_record(who, relationship) -> bool:
    """Rule 2: goals, meetings, end reviews and ending are for the pair only."""
    return is_pair(who, relationship)


def can_match(who, organisation_ids: tuple[int, ...] | None) -> bool:
    """Rule 3: a programme manager whose scope covers every organisation of the scope."""
    if not is_programme_manager(who):
        return False
    managed = managed_organisation_ids(who)
    if managed is None:
        return True
    return organisation_ids is not None and set(organisation_ids) <= managed
