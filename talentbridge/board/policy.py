"""Who may see and do what with FPPT records and Board Member References (docs/board.md says
the same).

Pure functions over one `Grants` and the user's `Standing` on boards (which board posts their
person holds, which organisations named them a delegate), so the access matrix tests them
without a database:

1. An organisation's FPPT records and references are seen and kept by its "board readers":
   the incumbents of its chair and people director posts who have user accounts, and the
   delegates those two name. Nobody else: not talent leads, not administrators.
2. A board member makes their own annual self-attestation, and sees it; nobody attests for
   another.
3. Nobody records checks on, or signs off, their own record.
4. A member's record is signed off by the organisation's chair; the chair's own by the
   organisation's senior independent director, who therefore also reads the chair's record.
   Delegates and people directors do not sign off.
5. Delegates are named and removed by the chair or the people director only.
6. The annual submission summary of an organisation is seen by its board readers and by the
   regional talent leads of its region (counts per organisation, no names).
7. A Board Member Reference is requested by the chair or people director of another
   organisation than the one holding it; it is supplied by the holding organisation's board
   readers (never by the person it is about); the requester sees it once supplied.
8. The checklist's items are configured by administrators.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.db.models import Q

from talentbridge.accounts.grants import Grants
from talentbridge.accounts.grants import grants_for


@dataclass(frozen=True)
class Standing:
    """The organisations where a user's person holds each board post, and where they are a
    named delegate."""

    chair_of: frozenset[int] = field(default_factory=frozenset)
    people_director_of: frozenset[int] = field(default_factory=frozenset)
    senior_independent_director_of: frozenset[int] = field(default_factory=frozenset)
    delegate_for: frozenset[int] = field(default_factory=frozenset)

    @property
    def leads(self) -> frozenset[int]:
        """Where they are chair or people director."""
        return self.chair_of | self.people_director_of

    @property
    def reads(self) -> frozenset[int]:
        """Rule 1: where they are a board reader."""
        return self.leads | self.delegate_for


NO_STANDING = Standing()


def _own(grants: Grants, person_id: int | None) -> bool:
    return person_id is not None and grants.person_id == person_id


def can_read(who, standing: Standing, organisation_id: int | None) -> bool:
    """Rule 1."""
    grants = grants_for(who)
    return grants.signed_in and organisation_id in standing.reads


def can_read_record(who, standing: Standing, *, organisation_id: int | None,
                    member_is_chair: bool) -> bool:
    """Rules 1 and 4: the board readers, and the senior independent director for the chair's
    own record (which they sign off)."""
    grants = grants_for(who)
    return can_read(grants, standing, organisation_id) or (
        grants.signed_in and member_is_chair
        and organisation_id in standing.senior_independent_director_of)


def can_keep(who, standing: Standing, *, organisation_id: int | None,
             person_id: int | None) -> bool:
    """Rules 1 and 3: record checks and references of the organisation's members."""
    grants = grants_for(who)
    return can_read(grants, standing, organisation_id) and not _own(grants, person_id)


def can_attest(who, person_id: int | None) -> bool:
    """Rule 2."""
    grants = grants_for(who)
    return grants.signed_in and _own(grants, person_id)


def can_sign_off(who, standing: Standing, *, organisation_id: int | None,
                 person_id: int | None, member_is_chair: bool) -> bool:
    """Rules 3 and 4."""
    grants = grants_for(who)
    if not grants.signed_in or _own(grants, person_id):
        return False
    if member_is_chair:
        return organisation_id in standing.senior_independent_director_of
    return organisation_id in standing.chair_of


def can_name_delegates(who, standing: Standing, organisation_id: int | None) -> bool:
    """Rule 5."""
    grants = grants_for(who)
    return grants.signed_in and organisation_id in standing.leads


def can_see_submission(who, standing: Standing, *, organisation_id: int | None,
                       region_id: int | None) -> bool:
    """Rule 6."""
    grants = grants_for(who)
    if not grants.signed_in:
        return False
    return organisation_id in standing.reads or (
        region_id is not None and region_id in grants.lead_region_ids)


def requesting_organisations(who, standing: Standing, holding_organisation_id: int | None
                             ) -> frozenset[int]:
    """Rule 7: the organisations on whose behalf this user may request a reference held by
    ``holding_organisation_id``."""
    grants = grants_for(who)
    if not grants.signed_in:
        return frozenset()
    return frozenset(o for o in standing.leads if o != holding_organisation_id)


def can_request_reference(who, standing: Standing) -> bool:
    """Rule 7: offered to the chairs and people directors of any organisation."""
    grants = grants_for(who)
    return grants.signed_in and bool(standing.leads)


def can_supply_reference(who, standing: Standing, *, organisation_id: int | None,
                         person_id: int | None) -> bool:
    """Rule 7."""
    return can_keep(who, standing, organisation_id=organisation_id, person_id=person_id)


def can_configure_items(who) -> bool:
    """Rule 8."""
    return grants_for(who).is_administrator


def records_filter(who, standing: Standing) -> Q:
    """A filter on FpptRecord and BoardReference: the rows this user may read (rule 1)."""
    grants = grants_for(who)
    if not grants.signed_in:
        return Q(pk__in=[])
    return Q(organisation_id__in=sorted(standing.reads))


def chair_records_filter(who, standing: Standing) -> Q:
    """A filter on FpptRecord: the chair's own records a senior independent director signs
    off (rule 4)."""
    grants = grants_for(who)
    if not grants.signed_in:
        return Q(pk__in=[])
    return Q(organisation_id__in=sorted(standing.senior_independent_director_of),
             member_is_chair=True)


def own_records_filter(who) -> Q:
    """A filter on FpptRecord: the user's own records, for their attestation (rule 2)."""
    grants = grants_for(who)
    if grants.person_id is None:
        return Q(pk__in=[])
    return Q(person_id=grants.person_id)


def submission_scope(who, standing: Standing) -> tuple[frozenset[int], frozenset[int]]:
    """Whose submission summaries this user may see (rule 6): (organisation ids, region ids:
    every organisation in those regions)."""
    grants = grants_for(who)
    if not grants.signed_in:
        return frozenset(), frozenset()
    return standing.reads, frozenset(grants.lead_region_ids)


def can_read_supplied(who, *, requested_by_id: int | None, supplied: bool) -> bool:
    """Rule 7: the requester reads a reference once it is supplied."""
    grants = grants_for(who)
    return grants.signed_in and supplied and requested_by_id == grants.user_id


def uses_board(who, standing: Standing) -> bool:
    """Offered the board pages at all: board readers, chairs and people directors (who may
    request references), the regional talent leads (submissions) and administrators (the
    checklist)."""
    grants = grants_for(who)
    return grants.signed_in and bool(standing.reads or grants.lead_region_ids
                                     or grants.is_administrator)
