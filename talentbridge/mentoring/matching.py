"""Matching runs: a programme manager's matching of the open requests and active offers of a
scope, by both of the engine's methods (engine/mentoring, docs/mentoring-matching.md), and the
confirmation of one method's proposals (all or nothing). Reads the requests and offers through
the policy (`services.offers_and_requests_in`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from engine.mentoring.check import blocking_pairs
from engine.mentoring.instance import build_instance
from engine.mentoring.optimal import optimal_matching
from engine.mentoring.stable import stable_matching
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.notifications.services import notify
from talentbridge.organisations.scopes import placements_on

from . import conflicts
from . import policy
from . import scopes
from . import services
from .models import MatchingProposal
from .models import MatchingRun
from .models import MatchMethod
from .models import MentoringRelationship
from .models import MentoringRequest
from .models import RequestStatus
from .models import SupportKind
from .scoring import Side
from .scoring import ranks
from .scoring import score


def _sides(offers, requests):
    placements = placements_on()

    def system(organisation_id):
        place = placements.get(organisation_id)
        return place.system_id if place else None

    mentees = [Side(f"r{r.pk}", r.person_id, r.person.organisation_id,
                    r.person.organisation.kind, system(r.person.organisation_id),
                    frozenset(r.needs), frozenset(r.organisation_kinds), frozenset([r.kind]),
                    wants_outside=r.wants_outside) for r in requests]
    mentors = [Side(f"o{o.pk}", o.person_id, o.person.organisation_id,
                    o.person.organisation.kind, system(o.person.organisation_id),
                    frozenset(o.lcf_domains), frozenset(o.organisation_kinds),
                    frozenset(o.kinds), across_organisations=o.across_organisations)
               for o in offers]
    return mentees, mentors


def _instance(offers, requests):
    mentees, mentors = _sides(offers, requests)
    used = services.current_as_mentor([o.person_id for o in offers])
    capacity = {f"o{o.pk}": max(0, o.capacity - used.get(o.person_id, 0)) for o in offers}
    in_conflict = conflicts.in_conflict(mentees, mentors)
    scored = [(m.key, o.key, value) for m in mentees for o in mentors
              if m.person_id != o.person_id and (value := score(m, o)) is not None]
    return build_instance(
        [(o.key, str(o.organisation_id), capacity[o.key]) for o in mentors],
        [(m.key, str(m.organisation_id), m.wants_outside) for m in mentees],
        ranks(scored), sorted(in_conflict))


def _chosen(inst, picked) -> list[tuple[str, str, float]]:
    return sorted((inst.mentee_ids[inst.pair_mentee[i]], inst.mentor_ids[inst.pair_mentor[i]],
                   float(inst.score[i])) for i in picked)


def _summary(inst, stable, optimal) -> dict:
    stable_pairs, optimal_pairs = _chosen(inst, stable), _chosen(inst, optimal)
    differ = {(m, o) for m, o, _ in stable_pairs} ^ {(m, o) for m, o, _ in optimal_pairs}
    return {
        "mentees": len(inst.mentee_ids), "mentors": len(inst.mentor_ids),
        "listed_pairs": int(len(inst.score)), "excluded_pairs": int(inst.excluded_pairs),
        "stable": {"matched": len(stable_pairs),
                   "total": round(sum(v for *_, v in stable_pairs), 6)},
        "optimal": {"matched": len(optimal_pairs),
                    "total": round(sum(v for *_, v in optimal_pairs), 6)},
        "pairs_that_differ": len(differ),
        "blocking_pairs_of_optimal": [list(p) for p in blocking_pairs(inst, optimal)],
    }, stable_pairs, optimal_pairs


def propose(offers, requests):
    """Both methods over these offers and requests: (summary, stable pairs, optimal pairs),
    each pair ("r<request id>", "o<offer id>", score)."""
    inst = _instance(offers, requests)
    return _summary(inst, stable_matching(inst), optimal_matching(inst))


@transaction.atomic
def run_matching(user, scope_code: str, request=None) -> MatchingRun:
    """Match the open requests and active offers of a scope by both methods and keep both
    methods' proposals for the programme manager to compare and confirm."""
    scope = scopes.resolve(scope_code)
    offers, requests = services.offers_and_requests_in(user, scope)
    offers, requests = list(offers), list(requests)
    if not requests:
        raise ValidationError({"scope": f"There are no open requests in {scope.name}"})
    if not offers:
        raise ValidationError({"scope": f"There are no active offers in {scope.name}"})
    summary, stable_pairs, optimal_pairs = propose(offers, requests)
    run = MatchingRun.objects.create(run_by=user, scope_code=scope.code, scope_name=scope.name,
                                     summary=summary)
    MatchingProposal.objects.bulk_create(
        MatchingProposal(run=run, method=method, request_id=int(m[1:]), offer_id=int(o[1:]),
                         score=value)
        for method, pairs in ((MatchMethod.STABLE, stable_pairs),
                              (MatchMethod.OPTIMAL, optimal_pairs))
        for m, o, value in pairs)
    record(actor=user, action=AuditAction.CREATE, target=run, request=request,
           detail={"scope": scope.code, **{k: summary[k] for k in ("mentees", "mentors")}})
    return run


def _scope_of(run: MatchingRun) -> scopes.Scope:
    return scopes.resolve(run.scope_code)


def get_run(user, pk: int) -> MatchingRun:
    run = MatchingRun.objects.filter(pk=pk).first()
    if run is None or not policy.can_match(user, _scope_of(run).organisation_ids):
        raise Http404(f"There is no matching run {pk}.")
    return run


def runs_for(user):
    """The runs of the scopes the programme manager covers."""
    if not policy.is_programme_manager(user):
        raise PermissionDenied("Only programme managers run matchings.")
    return [run for run in MatchingRun.objects.all()
            if policy.can_match(user, _scope_of(run).organisation_ids)]


def proposals(user, run: MatchingRun, request=None) -> dict[str, list[MatchingProposal]]:
    """Both methods' proposals, by method (audited: they name people)."""
    rows = list(MatchingProposal.objects.visible_to(user).filter(run=run).select_related(
        "request__person__organisation", "offer__person__organisation"))
    if request is not None:
        record_read(actor=user, request=request, target=run, what="mentoring matching run",
                    people=[p.request.person_id for p in rows]
                    + [p.offer.person_id for p in rows])
    stable = {(p.request_id, p.offer_id) for p in rows if p.method == MatchMethod.STABLE}
    optimal = {(p.request_id, p.offer_id) for p in rows if p.method == MatchMethod.OPTIMAL}
    for p in rows:
        p.in_both = (p.request_id, p.offer_id) in (stable & optimal)
    return {m: [p for p in rows if p.method == m] for m in MatchMethod.values}


def _problems(chosen: list[MatchingProposal]) -> list[str]:
    """Why the chosen proposals cannot all be confirmed now (empty when they can)."""
    problems = []
    used = services.current_as_mentor({p.offer.person_id for p in chosen})
    taking: dict[int, int] = {}
    for p in chosen:
        if p.request.status != RequestStatus.OPEN:
            problems.append(f"Request {p.request_id} of {p.request.person.full_name} is "
                            f"{p.request.get_status_display().lower()}, not open")
        if not p.offer.active:
            problems.append(f"The offer of {p.offer.person.full_name} is paused")
        if p.request.person_id == p.offer.person_id:
            problems.append(f"{p.offer.person.full_name} cannot mentor themselves")
        taking[p.offer_id] = taking.get(p.offer_id, 0) + 1
    for p in {p.offer_id: p for p in chosen}.values():
        free = p.offer.capacity - used.get(p.offer.person_id, 0)
        if taking[p.offer_id] > free:
            problems.append(f"{p.offer.person.full_name} has capacity for {max(free, 0)} more "
                            f"(of {p.offer.capacity}), not {taking[p.offer_id]}")
    return problems


@transaction.atomic
def confirm(user, run: MatchingRun, method: str, request=None) -> list[MentoringRelationship]:
    """Confirm one method's proposals, all or nothing: relationships start today, requests
    are matched, both people are told."""
    if method not in MatchMethod.values:
        raise ValidationError({"method": f'Choose stable or optimal ("{method}" is neither)'})
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.confirmed_method:
        raise ValidationError({"method": (
            f"This run's {run.get_confirmed_method_display().lower()} was already confirmed")})
    chosen = list(MatchingProposal.objects.visible_to(user).filter(run=run, method=method)
                  .select_related("request__person__user", "offer__person__user"))
    problems = _problems(chosen) or ([] if chosen else ["This method proposed no pairs"])
    if problems:
        raise ValidationError({"method": problems})
    today = timezone.localdate()
    made = [MentoringRelationship.objects.create(
        mentor=p.offer.person, mentee=p.request.person, kind=p.request.kind, started_on=today,
        request=p.request, run=run) for p in chosen]
    MentoringRequest.unscoped.filter(pk__in=[p.request_id for p in chosen]).update(
        status=RequestStatus.MATCHED, updated_at=timezone.now())
    run.confirmed_method, run.confirmed_at = method, timezone.now()
    run.save(update_fields=["confirmed_method", "confirmed_at"])
    record(actor=user, action=AuditAction.UPDATE, target=run, request=request,
           detail={"confirmed": method, "relationships": [r.pk for r in made],
                   "people": sorted({r.mentor_id for r in made} | {r.mentee_id for r in made})})
    for relationship in made:
        _tell(relationship)
    return made


def _tell(relationship: MentoringRelationship) -> None:
    kind = SupportKind(relationship.kind).label.lower()
    link = reverse("mentoring:relationship", args=[relationship.pk])
    for person, body in (
            (relationship.mentee, f"{relationship.mentor.full_name} of "
             f"{relationship.mentor.organisation.display_name} will be your {kind}. "
             "Arrange your first meeting."),
            (relationship.mentor, f"You will be the {kind} of {relationship.mentee.full_name} "
             f"of {relationship.mentee.organisation.display_name}. Arrange your first meeting.")):
        if person.user_id:
            notify(kind="mentoring", subject=f"Your new {kind} relationship", body=body,
                   to_user=person.user, link=link)
