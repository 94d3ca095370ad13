"""Figures over every board post and succession plan in a scope, whoever asks: bench
strength, the make-up of successor slates, and supply against demand. Counts of posts and,
through the disclosure rules, of people; never a name. The arithmetic is the engine's
(`engine/succession`); this module reads the rows for it (docs/succession.md)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count
from django.utils import timezone

from engine.insights.codes import ETHNIC_GROUP_LABELS
from engine.insights.codes import ethnic_group
from engine.succession.bench import ELSEWHERE
from engine.succession.bench import SAME_ORGANISATION
from engine.succession.bench import SAME_SYSTEM
from engine.succession.bench import BenchStrength
from engine.succession.bench import Post
from engine.succession.bench import SuccessorLine
from engine.succession.bench import bench_strength
from engine.succession.bench import bench_strength_by
from engine.succession.makeup import MakeupRow
from engine.succession.makeup import slate_makeup
from engine.succession.supply import SupplyDemand
from engine.succession.supply import supply_and_demand
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.talent.models import PoolMembership

from .models import BoardPost
from .models import BoardPostKind
from .models import Successor
from .scopes import Scope


def source_of(post_organisation_id: int, person_organisation_id: int, placements) -> str:
    """Where a successor comes from, relative to the post's organisation, today."""
    if person_organisation_id == post_organisation_id:
        return SAME_ORGANISATION
    post_place = placements.get(post_organisation_id)
    person_place = placements.get(person_organisation_id)
    if post_place and person_place and post_place.system_id == person_place.system_id:
        return SAME_SYSTEM
    return ELSEWHERE


def _successor_lines(scope: Scope, placements) -> dict[int, list[SuccessorLine]]:
    rows = Successor.unscoped.filter(**scope.filter("post__organisation_id")).values_list(
        "post_id", "person_id", "readiness", "emergency_cover", "post__organisation_id",
        "person__organisation_id")
    lines: dict[int, list[SuccessorLine]] = {}
    for post_id, person_id, readiness, emergency, post_org, person_org in rows.iterator():
        lines.setdefault(post_id, []).append(SuccessorLine(
            person_id, readiness, emergency, source_of(post_org, person_org, placements)))
    return lines


def post_facts(scope: Scope) -> list[Post]:
    """Every post in the scope with every successor line: three queries."""
    placements = placements_on()
    systems = dict(IntegratedCareSystem.objects.values_list("pk", "code"))
    regions = dict(Region.objects.values_list("pk", "code"))
    lines = _successor_lines(scope, placements)
    posts = BoardPost.objects.filter(**scope.filter()).values_list(
        "pk", "kind", "organisation_id", "organisation__ods_code", "organisation__kind",
        "incumbent_id", "interim", "expected_vacancy_on", "vacancy_reason", "risk_override")
    facts = []
    for pk, kind, org_id, ods, org_kind, incumbent, interim, expected, reason, override in (
            posts.iterator()):
        place = placements.get(org_id)
        facts.append(Post(
            pk, kind, ods, org_kind,
            systems.get(place.system_id, "") if place else "",
            regions.get(place.region_id, "") if place else "",
            vacant=incumbent is None, interim=interim, expected_vacancy=expected,
            vacancy_reason=reason, risk_override=override,
            successors=tuple(lines.get(pk, ()))))
    return facts


def bench_for(scope: Scope, today: dt.date | None = None) -> tuple[BenchStrength,
                                                                    dict[str, BenchStrength]]:
    """Bench strength for the scope, and per kind of post (every kind, in the NHS's order)."""
    today = today or timezone.localdate()
    facts = post_facts(scope)
    by_kind = bench_strength_by(facts, today, key=lambda p: p.kind)
    return bench_strength(facts, today), {
        kind.value: by_kind.get(kind.value, BenchStrength()) for kind in BoardPostKind}


BREAKDOWNS = {
    "organisation": lambda p: p.organisation,
    "system": lambda p: p.system,
    "region": lambda p: p.region,
    "organisation_kind": lambda p: p.organisation_kind,
}


def bench_breakdown(scope: Scope, by: str, today: dt.date | None = None
                    ) -> dict[str, BenchStrength]:
    """Bench strength per organisation, system, region or kind of organisation."""
    return bench_strength_by(post_facts(scope), today or timezone.localdate(), BREAKDOWNS[by])


# --------------------------------------------------------------------------------------
# Make-up of successor slates, against incumbents and the workforce
# --------------------------------------------------------------------------------------

UNKNOWN_SEX = "Not known or not stated"
#: characteristic → (field of ProtectedCharacteristics, its groups, the group of a code; the
#: last group also holds everyone who recorded nothing)
CHARACTERISTICS = {
    "Ethnic group": ("ethnic_category", list(ETHNIC_GROUP_LABELS.values()),
                     lambda code: ETHNIC_GROUP_LABELS[ethnic_group(code)]),
    "Sex": ("sex", ["Female", "Male", UNKNOWN_SEX],
            lambda code: {"1": "Male", "2": "Female"}.get(code, UNKNOWN_SEX)),
}


def _population(person_ids, characteristic: str) -> dict[str, int]:
    field, groups, group_of = CHARACTERISTICS[characteristic]
    counts: Counter = Counter()
    for code, n in (ProtectedCharacteristics.unscoped.filter(person_id__in=person_ids)
                    .values_list(field).annotate(n=Count("pk"))):
        counts[group_of(code)] += n
    counts[groups[-1]] += person_ids.count() - sum(counts.values())
    return {group: counts[group] for group in groups}


def makeup_for(scope: Scope, characteristic: str = "Ethnic group") -> list[MakeupRow]:
    """Make-up by ethnic group or sex of the scope's successors (each person once), today's
    board members and workforce (everyone employed in the scope), through the disclosure
    rules."""
    successors = (Successor.unscoped.filter(**scope.filter("post__organisation_id"))
                  .values("person_id").distinct())
    incumbents = (BoardPost.objects.filter(**scope.filter(), incumbent__isnull=False)
                  .values("incumbent_id").distinct())
    workforce = Person.unscoped.filter(**scope.filter()).values("pk")
    populations = {
        "Successors": _population(successors, characteristic),
        "Board members now": _population(incumbents, characteristic),
        "Workforce": _population(workforce, characteristic),
    }
    return slate_makeup(populations, CHARACTERISTICS[characteristic][1],
                        national=scope.national)


def supply_demand_for(scope: Scope, today: dt.date | None = None) -> list[SupplyDemand]:
    """Expected vacancies by kind of post against the people ready in talent pools."""
    today = today or timezone.localdate()
    in_pools = set(PoolMembership.unscoped.filter(exited_on__isnull=True)
                   .values_list("person_id", flat=True))
    return supply_and_demand(post_facts(scope), in_pools, today,
                             kinds=[k.value for k in BoardPostKind])
