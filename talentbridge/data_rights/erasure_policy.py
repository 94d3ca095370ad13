"""Who may erase a person's data on request: a pure function over the user's grants.

Only an administrator, and never their own record (someone else must erase an administrator,
so that no one removes their own account and trail of work by themselves). The daily erasure
of what passed its retention period has no user and needs no permission.
"""

from __future__ import annotations

from talentbridge.accounts.grants import Grants


def can_erase(grants: Grants, person) -> bool:
    """May these grants erase ``person`` (anything with ``pk`` and ``user_id``)?"""
    if not grants.is_administrator:
        return False
    is_self = (person.pk == grants.person_id
               or (person.user_id is not None and person.user_id == grants.user_id))
    return not is_self
