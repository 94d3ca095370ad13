"""POST /api/v1/people/{id}/erase: an administrator erases a person, with a reason."""

from __future__ import annotations

from ninja import Field
from ninja import Router
from ninja import Schema

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import remember_input
from talentbridge.core.api import text
from talentbridge.people import services as people_services

from . import erasure

router = Router()
Reason = text(max_length=1000)


class ErasureIn(Schema):
    reason: Reason = Field(
        description="Why (e.g. their request under Article 17 of the UK GDPR); required, "
                    "recorded in the audit trail.")


class ErasureOut(Schema):
    person_id: int
    counts: dict[str, int] = Field(description="What was erased, per kind of record.")
    files_rewritten: list[str]
    files_to_review: list[str] = Field(
        description="Stored files that still mention them and cannot be rewritten here.")


@router.post("/people/{id}/erase", response={200: ErasureOut, **ERRORS},
             summary="Erase a person (administrators)")
def erase_person(request, id: Id, payload: ErasureIn):
    """Removes the person's record, everything hanging off it, their account, and their name,
    e-mail and NHS identifier wherever another record mentions them. Administrators only,
    never their own record. Cannot be undone; the audit trail keeps the person's id only."""
    person = people_services.get_person(request.auth, id, request=request)
    values = payload.model_dump()
    remember_input(request, values)
    return erasure.erase_person(request.auth, person, reason=values["reason"], request=request)
