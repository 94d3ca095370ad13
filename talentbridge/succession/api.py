"""/api/v1/succession: board posts with their successors, bench strength, supply against
demand, and naming or removing successors and setting a post's risk.

The same services and policy as the pages. ``scope`` is an organisation's ODS code, a system
(ICB) code, a region code or ENGLAND; an unknown one is 400 naming the value. Posts list only
the successors the caller may see; bench strength counts every post and plan in the scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from engine.succession.supply import controlled
from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import PageOut
from talentbridge.core.api import remember_input
from talentbridge.core.api import text

from . import figures
from . import policy
from . import scopes
from . import services
from .codes import Readiness
from .codes import SuccessorSource
from .codes import VacancyReason
from .codes import VacancyRisk

router = Router()

ScopeCode = text(min_length=1, max_length=10)
Notes = text(max_length=4000)
Reason = text(max_length=2000)


class SuccessorOut(Schema):
    person_id: int
    readiness: Literal[tuple(Readiness.values)]
    emergency: bool
    source: Literal[tuple(SuccessorSource.values)]


class PostOut(Schema):
    id: int
    organisation: str
    kind: str
    incumbent: int | None
    interim: bool
    expected_vacancy: dt.date | None
    risk: Literal[tuple(VacancyRisk.values)]
    successors: list[SuccessorOut]


class PostPage(PageOut):
    items: list[PostOut]


class ScopeQuery(Schema):
    scope: ScopeCode


class PostsQuery(ScopeQuery):
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


class Figures(Schema):
    posts: int
    with_ready_now: int
    with_two_ready_within_two_years: int
    with_none: int
    interim: int
    successors_from_elsewhere_share: float | None
    incumbents_within_two_years_of_vacancy: int


class KindFigures(Figures):
    kind: str


class MakeupOut(Schema):
    characteristic: Literal["Ethnic group", "Sex"]
    population: str
    groups: list[str]
    counts: list[int | str]
    total: int | str
    shares: list[float | None]


class BenchOut(Figures):
    scope: str
    by_kind: list[KindFigures]
    slate_makeup: list[MakeupOut]


class SupplyOut(Schema):
    kind: str
    vacant_or_interim_now: int
    within_12_months: int
    in_12_to_24_months: int
    expected_vacancies: int
    ready_people: int | str
    gap: int | str


class SuccessorIn(InputSchema):
    person_id: Id
    readiness: Literal[tuple(Readiness.values)]
    emergency: bool = False
    talent_pool_id: Id | None = None
    notes: Notes = ""


class RiskIn(InputSchema):
    risk: Literal[(*VacancyRisk.values, "")]
    reason: Reason = ""


class PostDetailsIn(InputSchema):
    interim: bool = False
    started_on: dt.date | None = None
    expected_vacancy: dt.date | None = None
    vacancy_reason: Literal[(*VacancyReason.values, "")] = ""


def _scope(request, code: str) -> scopes.Scope:
    remember_input(request, {"scope": code})
    return scopes.resolve(code)


def _post_out(view: services.PostView) -> dict:
    post = view.post
    return {
        "id": post.pk, "organisation": post.organisation.ods_code, "kind": post.kind,
        "incumbent": post.incumbent_id, "interim": post.interim,
        "expected_vacancy": post.expected_vacancy_on, "risk": view.risk,
        "successors": [{"person_id": s.person_id, "readiness": s.readiness,
                        "emergency": s.emergency_cover, "source": s.source}
                       for s in view.successors],
    }


@router.get("/posts", response={200: PostPage, **ERRORS}, summary="Board posts in a scope")
def list_posts(request, query: Query[PostsQuery]):
    """Every board post in the scope with its risk, and the successors you may see."""
    scope = _scope(request, query.scope)
    if not policy.can_view_posts(request.auth):
        raise PermissionDenied("Only talent leads and administrators see board posts.")
    posts = services.posts_in(scope)
    chosen = posts[query.offset:query.offset + query.limit]
    views = services.post_views(request.auth, chosen, request=request)
    return {"count": posts.count(), "limit": query.limit, "offset": query.offset,
            "items": [_post_out(v) for v in views]}


def _figures(bench) -> dict:
    values = bench.as_dict()
    return {name: values[name] for name in Figures.model_fields}


@router.get("/bench-strength", response={200: BenchOut, **ERRORS},
            summary="Bench strength in a scope")
def bench_strength(request, query: Query[ScopeQuery]):
    """Counted over every post and plan in the scope (counts of posts, never names), and per
    kind of post; the make-up of successor slates through the disclosure rules."""
    scope = _scope(request, query.scope)
    if not policy.can_view_bench_strength(request.auth):
        raise PermissionDenied("Only talent leads, analysts and administrators see bench "
                               "strength.")
    total, by_kind = figures.bench_for(scope)
    return {
        "scope": scope.code, **_figures(total),
        "by_kind": [{"kind": kind, **_figures(b)} for kind, b in by_kind.items()],
        "slate_makeup": [
            {"characteristic": name, "population": row.population, "groups": groups,
             "counts": row.counts, "total": row.total, "shares": row.shares}
            for name, (_, groups, _) in figures.CHARACTERISTICS.items()
            for row in figures.makeup_for(scope, name)],
    }


@router.get("/supply-demand", response={200: list[SupplyOut], **ERRORS},
            summary="Expected vacancies against ready people")
def supply_demand(request, query: Query[ScopeQuery]):
    """By kind of post: posts vacant or interim now, expected to fall vacant within 12 months
    and in 12 to 24 months, against the people in talent pools ready within two years, and
    the gap (ready people minus expected vacancies; counts of people through the disclosure
    rules below England)."""
    scope = _scope(request, query.scope)
    if not policy.can_view_bench_strength(request.auth):
        raise PermissionDenied("Only talent leads, analysts and administrators see supply and "
                               "demand.")
    return [controlled(row, national=scope.national)
            for row in figures.supply_demand_for(scope)]


@router.post("/posts/{id}/successors", response={201: SuccessorOut, **ERRORS},
             summary="Name a successor")
def add_successor(request, id: Id, payload: SuccessorIn):
    post = services.get_post(request.auth, id)
    remember_input(request, {**payload.model_dump(), "person": payload.person_id,
                             "emergency_cover": payload.emergency,
                             "talent_pool": payload.talent_pool_id})
    successor = services.add_successor(
        request.auth, post, person_id=payload.person_id, readiness=payload.readiness,
        emergency_cover=payload.emergency, talent_pool_id=payload.talent_pool_id,
        notes=payload.notes, request=request)
    [view] = services.post_views(request.auth, [post])
    line = next(s for s in view.successors if s.pk == successor.pk)
    return Status(201, {"person_id": line.person_id, "readiness": line.readiness,
                        "emergency": line.emergency_cover, "source": line.source})


@router.delete("/posts/{id}/successors/{person_id}", response={204: None, **ERRORS},
               summary="Remove a successor")
def remove_successor(request, id: Id, person_id: Id):
    post = services.get_post(request.auth, id)
    services.remove_successor(request.auth, services.successor_in(request.auth, post, person_id),
                              request=request)
    return Status(204, None)


@router.put("/posts/{id}/risk", response={200: PostOut, **ERRORS},
            summary="Set or clear a post's vacancy risk")
def set_risk(request, id: Id, payload: RiskIn):
    """A risk with a reason overrides the derived one; an empty risk clears the override."""
    post = services.get_post(request.auth, id)
    remember_input(request, payload.model_dump())
    services.override_risk(request.auth, post, risk=payload.risk, reason=payload.reason,
                           request=request)
    [view] = services.post_views(request.auth, [post])
    return _post_out(view)


@router.put("/posts/{id}/details", response={200: PostOut, **ERRORS},
            summary="Change a post's details")
def set_details(request, id: Id, payload: PostDetailsIn):
    """Interim or substantive, when the incumbent started, when the post is expected to fall
    vacant and why; the derived risk follows them."""
    post = services.get_post(request.auth, id)
    remember_input(request, {**payload.model_dump(mode="json"),
                             "expected_vacancy_on": str(payload.expected_vacancy or "")})
    services.update_post(request.auth, post, interim=payload.interim,
                         started_on=payload.started_on,
                         expected_vacancy_on=payload.expected_vacancy,
                         vacancy_reason=payload.vacancy_reason, request=request)
    [view] = services.post_views(request.auth, [post])
    return _post_out(view)
