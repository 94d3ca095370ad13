"""Who may import an organisation's leaders' feed and answer its "Left or moved?" list. The one
place that decides, as functions over the user's grants (``accounts.grants``):

| role (held at)                                        | manages the staff record of     |
|-------------------------------------------------------|---------------------------------|
| administrator (England)                               | every organisation              |
| organisation administrator (an organisation)          | that organisation               |
| everyone else (talent leads, analysts, leaders, ...)  | no organisation                 |

"Manages" covers uploading a feed, seeing its imports and their rejected rows, retrying a
failed import, and recording whether a person missing from the feed left the NHS. Ended role
assignments and inactive users grant nothing (the grants see to that).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import grants_for

REFUSED = "Only an administrator or this organisation's administrator can manage its staff record."


def _grants(who) -> Grants:
    return who if isinstance(who, Grants) else grants_for(who)


def can_manage(who, organisation_id: int | None) -> bool:
    """May ``who`` import feeds for (and answer the missing list of) this organisation?"""
    grants = _grants(who)
    if not grants.signed_in or organisation_id is None:
        return False
    return grants.is_administrator or organisation_id in grants.administered_organisation_ids


def require_manage(who, organisation_id: int | None) -> None:
    if not can_manage(who, organisation_id):
        raise PermissionDenied(REFUSED)


def uses_staff_record(who) -> bool:
    """Does ``who`` manage any organisation's staff record (the navigation's link)?"""
    grants = _grants(who)
    return grants.signed_in and (grants.is_administrator
                                 or bool(grants.administered_organisation_ids))


def managed_organisation_ids(who) -> set[int] | None:
    """The organisations ``who`` manages: None for every one (administrators)."""
    grants = _grants(who)
    if not grants.signed_in:
        return set()
    if grants.is_administrator:
        return None
    return set(grants.administered_organisation_ids)
