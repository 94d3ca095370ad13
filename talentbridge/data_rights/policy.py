"""Who may do what with a leader's data rights (docs/data-rights.md says the same).

Pure functions over one `Grants` (and ids), so the access matrix tests them without a
database:

1. A person's copy of their data ("Download my data") and the list of who looked at their
   record are theirs alone: nobody else gets them, not their line manager, not a talent lead,
   not an administrator (who reads the audit trail itself, a different thing).
2. A correction is asked for by the person, about their own record only.
3. A correction request is seen by the person who made it and by whoever may deal with it.
4. It is dealt with (started, done or refused) by the organisation administrators of the
   organisation it was sent to (the person's employer when they asked), or by an
   administrator (they take the requests of organisations with no organisation administrator,
   and any other when needed). Never by the person who asked, even if they are one of those.
5. The queue of requests is offered to organisation administrators and administrators.
"""

from __future__ import annotations

from django.db.models import Q

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.grants import rows_filter


def is_own(grants: Grants, person_id: int | None) -> bool:
    return person_id is not None and grants.person_id is not None \
        and grants.person_id == person_id


def can_export(who, person_id: int | None) -> bool:
    """Rule 1: the copy of a person's data."""
    grants = grants_for(who)
    return grants.user_id is not None and is_own(grants, person_id)


def can_see_viewers(who, person_id: int | None) -> bool:
    """Rule 1: who looked at a person's record."""
    grants = grants_for(who)
    return grants.user_id is not None and is_own(grants, person_id)


def can_request_correction(who, person_id: int | None) -> bool:
    """Rule 2."""
    grants = grants_for(who)
    return grants.user_id is not None and is_own(grants, person_id)


def can_handle_correction(who, *, person_id: int | None, organisation_id: int | None) -> bool:
    """Rule 4."""
    grants = grants_for(who)
    if grants.user_id is None or is_own(grants, person_id):
        return False
    if grants.is_administrator:
        return True
    return organisation_id is not None and organisation_id in grants.administered_organisation_ids


def can_see_correction(who, *, person_id: int | None, organisation_id: int | None) -> bool:
    """Rule 3."""
    grants = grants_for(who)
    if grants.user_id is None:
        return False
    return is_own(grants, person_id) or can_handle_correction(
        grants, person_id=person_id, organisation_id=organisation_id)


def can_use_queue(who) -> bool:
    """Rule 5."""
    grants = grants_for(who)
    return grants.user_id is not None and (
        grants.is_administrator or bool(grants.administered_organisation_ids))


def corrections_filter(who) -> Q:
    """A filter on CorrectionRequest for the requests this user may see (rule 3)."""
    return rows_filter(who, _corrections_seen)


def _corrections_seen(grants: Grants) -> Q:
    allowed = Q(organisation_id__in=grants.administered_organisation_ids)
    if grants.person_id is not None:
        allowed |= Q(person_id=grants.person_id)
    return allowed


def queue_filter(who) -> Q:
    """A filter on CorrectionRequest for the requests this user may deal with (rule 4)."""
    grants = grants_for(who)
    if grants.user_id is None:
        return Q(pk__in=[])
    allowed = Q() if grants.is_administrator else Q(
        organisation_id__in=grants.administered_organisation_ids)
    if grants.person_id is not None:
        return allowed & ~Q(person_id=grants.person_id)
    return allowed


def correction_people_filter(who) -> Q:
    """For `CorrectionRequest.objects.visible_to`: a filter on Person for whose requests a user
    may read as rows: their own, their administered organisations' people, or everyone's for
    an administrator. (Requests are listed by the organisation they were sent to through
    `corrections_filter`.)"""
    return rows_filter(who, _people_with_corrections_seen)


def _people_with_corrections_seen(grants: Grants) -> Q:
    return Q(user_id=grants.user_id) | Q(organisation_id__in=grants.administered_organisation_ids)
