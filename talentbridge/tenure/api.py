"""/api/v1/tenure: survival in post, turnover and interim rates, chief executives per
organisation, tenure against oversight segment (aggregates through the disclosure rules); an
organisation's holdings (named) and segments; recording an exit; importing segments.

The same services, figures and policy as the pages. ``scope`` is an organisation's ODS code, a
system (ICB) code, a region code or ENGLAND; an unknown one is 400 naming the value, one the
caller does not lead or analyse is 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Query
from ninja import Router
from ninja import Schema

from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import PageOut
from talentbridge.core.api import remember_input
from talentbridge.core.api import text
from talentbridge.organisations.models import Organisation
from talentbridge.succession import scopes

from . import figures
from . import policy
from . import segments
from . import services
from .models import ExitReason
from .presenters import person_name

router = Router()

ScopeCode = text(min_length=1, max_length=10)
Shown = int | str
Population = Literal["chief_executives", "board_members"]
Grouping = Literal["all", "organisation_kind", "region", "segment", "experience"]
Reason = Literal[tuple(ExitReason.values)]


class TenureScopeQuery(Schema):
    scope: ScopeCode
    population: Population = "chief_executives"


class SurvivalQuery(TenureScopeQuery):
    group: Grouping = "all"


class GroupOut(Schema):
    label: str
    holdings: Shown
    exits: Shown
    in_post: Shown
    median_years: float | None
    in_post_at_years: dict[str, float | None]


class SurvivalOut(Schema):
    scope: str
    population: Population
    group: Grouping
    groups: list[GroupOut]


class YearOut(Schema):
    year: int
    in_post_at_start: Shown
    exits: Shown
    turnover: float | None
    appointments: Shown
    interim_appointments: Shown
    interim_rate: float | None


class BandOut(Schema):
    chief_executives: str
    organisations: Shown


class ChiefExecutivesOut(Schema):
    scope: str
    since: dt.date
    organisations: Shown
    bands: list[BandOut]


class HoldingOut(Schema):
    id: int
    person_id: int | None
    person: str
    kind: str
    started_on: dt.date
    ended_on: dt.date | None
    interim: bool
    first_time: bool | None
    exit_reason: str
    interim_followed: bool | None


class HoldingPage(PageOut):
    items: list[HoldingOut]


class HoldingsQuery(Schema):
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


class SegmentOut(Schema):
    effective_from: dt.date
    segment: int
    framework_year: str


class PostExitIn(InputSchema):
    ended_on: dt.date
    reason: Reason
    interim_followed: bool | None = None


class ImportIn(InputSchema):
    csv: text(min_length=1, max_length=2_000_000)


class SegmentImportOut(Schema):
    saved: int
    created: int


def _scope(request, code: str) -> scopes.Scope:
    remember_input(request, {"scope": code})
    scope = scopes.resolve(code)
    if not policy.can_view_figures_for(request.auth, scope):
        raise PermissionDenied(f"You may not see the tenure figures of {scope.name}.")
    return scope


def _group_out(group) -> dict:
    return {"label": group.label, "holdings": group.holdings, "exits": group.exits,
            "in_post": group.in_post, "median_years": group.median_years,
            "in_post_at_years": {str(y): v for y, v in zip(figures.READ_AT_YEARS,
                                                           group.survival, strict=True)}}


@router.get("/survival", response={200: SurvivalOut, **ERRORS},
            summary="Survival in post by group")
def survival(request, query: Query[SurvivalQuery]):
    """Kaplan–Meier survival in post: per group, holdings, exits, in post, median years and
    the share still in post at 1, 2, 3, 5 and 10 years (not shown: null)."""
    scope = _scope(request, query.scope)
    found = figures.survival(scope, query.population, query.group)
    return {"scope": scope.code, "population": query.population, "group": query.group,
            "groups": [_group_out(g) for g in found.groups]}


@router.get("/turnover", response={200: list[YearOut], **ERRORS},
            summary="Turnover and interim rates per year")
def turnover(request, query: Query[TenureScopeQuery]):
    scope = _scope(request, query.scope)
    return [vars(y) for y in figures.turnover(scope, query.population)]


@router.get("/chief-executives", response={200: ChiefExecutivesOut, **ERRORS},
            summary="Chief executives per organisation in five years")
def chief_executives(request, query: Query[TenureScopeQuery]):
    scope = _scope(request, query.scope)
    counts = figures.chief_executives_per_organisation(scope)
    return {"scope": scope.code, "since": counts.since, "organisations": counts.organisations,
            "bands": [{"chief_executives": b, "organisations": n} for b, n in counts.bands]}


@router.get("/segments", response={200: SurvivalOut, **ERRORS},
            summary="Chief executive tenure by oversight segment")
def against_segment(request, query: Query[TenureScopeQuery]):
    """Survival in post of chief executives grouped by their organisation's segment today."""
    scope = _scope(request, query.scope)
    found = figures.survival(scope, figures.CHIEF_EXECUTIVES, "segment")
    return {"scope": scope.code, "population": "chief_executives", "group": "segment",
            "groups": [_group_out(g) for g in found.groups]}


def _holding_out(h) -> dict:
    return {"id": h.pk, "person_id": h.person_id, "person": person_name(h), "kind": h.kind,
            "started_on": h.started_on, "ended_on": h.ended_on, "interim": h.interim,
            "first_time": h.first_time, "exit_reason": h.exit_reason,
            "interim_followed": h.interim_followed}


@router.get("/organisations/{ods}/holdings", response={200: HoldingPage, **ERRORS},
            summary="Who held an organisation's board posts")
def holdings(request, ods: str, query: Query[HoldingsQuery]):
    organisation = get_object_or_404(Organisation, ods_code__iexact=ods)
    if not policy.can_view_holdings(request.auth, organisation.pk):
        raise PermissionDenied("Only those who may see the organisation's succession plans see "
                               "who held its board posts.")
    rows = services.holdings_of(request.auth, organisation)
    chosen = rows[query.offset:query.offset + query.limit]
    services.audit_holdings_read(request.auth, organisation, chosen, request)
    return {"count": len(rows), "limit": query.limit, "offset": query.offset,
            "items": [_holding_out(h) for h in chosen]}


@router.get("/organisations/{ods}/segments", response={200: list[SegmentOut], **ERRORS},
            summary="An organisation's oversight segments")
def organisation_segments(request, ods: str):
    organisation = get_object_or_404(Organisation, ods_code__iexact=ods)
    return [{"effective_from": s.effective_from, "segment": s.segment,
             "framework_year": s.framework_year}
            for s in segments.history(request.auth, organisation)]


@router.post("/holdings/{id}/exit", response={200: HoldingOut, **ERRORS},
             summary="Record when and why a holder left")
def record_exit(request, id: Id, payload: PostExitIn):
    holding = services.get_holding(request.auth, id)
    remember_input(request, payload.model_dump(mode="json"))
    services.record_exit(request.auth, holding, ended_on=payload.ended_on,
                         reason=payload.reason, interim_followed=payload.interim_followed,
                         request=request)
    return _holding_out(holding)


@router.post("/segments/import", response={200: SegmentImportOut, **ERRORS},
             summary="Import oversight segments (CSV text)")
def import_segments(request, payload: ImportIn):
    """All or nothing: any rejected row is 400 listing every rejected row."""
    result = segments.import_segments(request.auth, payload.csv, request=request)
    if result.rejected:
        raise segments.as_errors(result.rejected)
    return {"saved": result.saved, "created": result.created}
