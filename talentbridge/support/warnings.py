"""Early warnings for regional leads (their region) and national leads (England): the facts
are read here, the rules are in `engine.support.warnings`. Nothing is stored: each warning is
worked out on every request, so it clears the moment its cause is gone (docs/support.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from engine.insights.disclosure import control_count
from engine.support import warnings as rules
from talentbridge.audit.services import record_read
from talentbridge.mentoring.services import with_current_mentor_or_coach
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.tenure.services import holdings_in
from talentbridge.tenure.services import segment_in
from talentbridge.tenure.services import segments_by_organisation

from . import policy
from .services import last_check_ins
from .services import pressure_reports
from .services import taken_up_mentor_or_coach

#: Holdings read for the turnover and "forced out" rules: the five years of the longest rule.
LOOK_BACK_YEARS = rules.TURNOVER_YEARS


@dataclass(frozen=True)
class Scope:
    """England (``region_ids`` None) or some regions, with their organisations."""

    region_ids: frozenset[int] | None
    organisation_ids: frozenset[int]


def scope_of(user) -> Scope:
    region_ids = policy.warning_region_ids(user)
    if region_ids == set():
        raise PermissionDenied("Only regional and national talent leads see early warnings.")
    placements = placements_on()
    organisations = frozenset(o for o, p in placements.items()
                              if region_ids is None or p.region_id in region_ids)
    return Scope(None if region_ids is None else frozenset(region_ids), organisations)


def _chief_executives(scope: Scope) -> list[BoardPost]:
    return list(BoardPost.objects.filter(
        kind=BoardPostKind.CHIEF_EXECUTIVE, incumbent__isnull=False,
        organisation_id__in=scope.organisation_ids, started_on__isnull=False)
        .select_related("incumbent", "organisation").order_by("organisation__name", "pk"))


def _no_mentor(chiefs: list[BoardPost], today: dt.date) -> list[rules.Warning]:
    recent = [p for p in chiefs
              if p.started_on > rules.add_months(today, -rules.NEW_FOR_MONTHS)]
    people = [p.incumbent_id for p in recent]
    supported = (taken_up_mentor_or_coach(people, today)
                 | with_current_mentor_or_coach(people, today))
    return rules.no_mentor([rules.NewChiefExecutive(
        p.incumbent_id, p.incumbent.full_name, p.organisation_id,
        p.organisation.display_name, p.started_on, p.incumbent_id in supported)
        for p in recent], today)


def _no_check_in(chiefs: list[BoardPost], today: dt.date) -> list[rules.Warning]:
    segments = segments_by_organisation([p.organisation_id for p in chiefs])
    last = last_check_ins([p.incumbent_id for p in chiefs])
    facts = []
    for post in chiefs:
        history = segments.get(post.organisation_id, [])
        segment = segment_in(history, today)
        if segment not in rules.INTENSIVE_SEGMENTS:
            continue
        since = next(day for day, _ in reversed(history) if day <= today)
        for day, value in reversed(history):  # the start of the current run of 4 or 5
            if day > today:
                continue
            if value not in rules.INTENSIVE_SEGMENTS:
                break
            since = day
        facts.append(rules.SegmentedChiefExecutive(
            post.incumbent_id, post.incumbent.full_name, post.organisation_id,
            post.organisation.display_name, segment, since, post.started_on,
            last.get(post.incumbent_id)))
    return rules.no_check_in(facts, today)


def _holdings(scope: Scope, today: dt.date) -> list[rules.Holding]:
    since = rules.add_months(today, -12 * LOOK_BACK_YEARS)
    # A holding outlives its person's erasure (tenure figures keep the dates, not the name).
    return [rules.Holding(h.person_id, h.person.full_name if h.person_id else "Name erased",
                          h.organisation_id,
                          h.organisation.display_name, h.started_on, h.ended_on, h.interim,
                          h.exit_reason)
            for h in holdings_in(scope.organisation_ids, since)]


def _high_pressure(scope: Scope) -> list[rules.Warning]:
    posts = BoardPost.objects.filter(incumbent__organisation_id__in=scope.organisation_ids)
    reports = pressure_reports(posts.values("incumbent_id"))
    # names only of those who reported (thousands of board leaders, few check-ins)
    leaders = {p.incumbent_id: p.incumbent for p in posts.filter(
        incumbent_id__in={person_id for person_id, _, _ in reports}).select_related("incumbent")}
    return rules.high_pressure(
        rules.PressureReport(person_id, leaders[person_id].full_name,
                             leaders[person_id].organisation_id, held_on, pressure)
        for person_id, held_on, pressure in reports)


def warnings_for(user, *, request=None, today: dt.date | None = None) -> list[rules.Warning]:
    """Every early warning in the user's scope, worked out now (audited: they name people)."""
    scope = scope_of(user)
    today = today or timezone.localdate()
    chiefs = _chief_executives(scope)
    holdings = _holdings(scope, today)
    found = [*_no_mentor(chiefs, today), *_no_check_in(chiefs, today),
             *rules.turnover(holdings, today), *_high_pressure(scope),
             *rules.forced_out(holdings, today)]
    named = [w.person_id for w in found if w.person_id is not None]
    if request is not None and named:
        record_read(actor=user, request=request, people=named, what="early warnings")
    return found


@dataclass(frozen=True)
class ForcedOutRow:
    area: str
    shown: int | str


def forced_out_counts(user, *, today: dt.date | None = None,
                      years: int = LOOK_BACK_YEARS) -> tuple[str, list[ForcedOutRow]]:
    """Chief executives who left by mutual agreement within two years of starting, over the
    last ``years`` years: England exact, each region through the disclosure rules (1 to 7 as
    "*", others to the nearest 5). National leads see every region; regional leads theirs."""
    scope = scope_of(user)
    today = today or timezone.localdate()
    since = rules.add_months(today, -12 * years)
    placements = placements_on()
    everyone = [rules.Holding(h.person_id, "", h.organisation_id, "", h.started_on, h.ended_on,
                              h.interim, h.exit_reason) for h in holdings_in(None, since)]
    regions = Region.objects.order_by("name")
    if scope.region_ids is not None:
        regions = regions.filter(pk__in=scope.region_ids)
    rows = [ForcedOutRow("England", rules.forced_out_count(everyone, since, today))]
    for region in regions:
        count = rules.forced_out_count(
            [h for h in everyone if getattr(placements.get(h.organisation_id), "region_id",
                                            None) == region.pk], since, today)
        rows.append(ForcedOutRow(region.name, control_count(count)))
    return rules.long_date(since), rows


def organisation_names(ids) -> dict[int, str]:
    return {o.pk: o.display_name for o in Organisation.objects.filter(pk__in=list(ids))}
