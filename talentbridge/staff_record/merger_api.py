"""The organisation merger API: a Router of its own (mounted by the staff record's API, under
/api/v1/staff-record/). Administrators only; the service is
`talentbridge.staff_record.mergers.apply_merger`."""

from __future__ import annotations

import datetime as dt

from ninja import Field
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import ERRORS
from talentbridge.core.api import InputSchema
from talentbridge.core.api import remember_input
from talentbridge.people.api import organisation_for_field

from .mergers import apply_merger

router = Router()


class MergerIn(InputSchema):
    merged: str = Field(min_length=1, max_length=10,
                        description="ODS code of the organisation that merges.")
    into: str = Field(min_length=1, max_length=10,
                      description="ODS code of the organisation it merges into.")
    effective_on: dt.date = Field(description="The first day everyone works for `into`.")


class MergerOut(Schema):
    merged: str
    into: str
    effective_on: dt.date
    people: int = Field(description="How many people move.")
    applied: bool = Field(description="Whether they have moved already (dated today or "
                                      "earlier) or will move on the date.")


@router.post("/mergers", response={201: MergerOut, **ERRORS},
             summary="Merge an organisation into another")
def record_merger(request, payload: MergerIn):
    """Everyone `merged` employs moves to `into` on `effective_on`, with their job details and
    line managers; all or nothing (400 names each person who cannot move). Administrators
    only."""
    values = payload.model_dump()
    remember_input(request, values)
    merged = organisation_for_field("merged", values["merged"], request)
    into = organisation_for_field("into", values["into"], request)
    moves = apply_merger(request.auth, merged, into, effective_on=values["effective_on"],
                         request=request)
    return Status(201, {"merged": merged.ods_code, "into": into.ods_code,
                        "effective_on": values["effective_on"], "people": len(moves),
                        "applied": all(m.applied_at is not None for m in moves)})
