"""Load a match run's data from the database as arrays, solve it with the engine, store it.

The thin shell around `engine.matching`: a handful of `values_list` queries (no ORM object per
person or pair) turned into arrays, NumPy for the hard rules, the engine's whole-array scorer
(`engine.matching.scoring.score_arrays`), the engine's exact
min-cost-flow solver and greedy pass, the engine's `score_pair`/`explain` for each proposal's
explanation, and `engine.matching.fairness` for the aggregate fairness table. Loading and
solving run outside any transaction; proposals are written with one `bulk_create` inside the
one transaction that marks the run finished, so a failed run leaves no proposals behind.

Hard rules (a pair failing one is set aside and counted under that rule's name):

- ``own_employer``: never at the person's own employer;
- ``band``: the person's band within the opportunity's range;
- ``reach``: the opportunity's reach (system / region / national) includes the person's employer;
- ``mobility``: for nominations, the person's mobility choices in their talent profile
  (`talentbridge.talent.models.TalentProfile`; open to other organisations,
  to non-NHS hosts, and travel reach, unless the opportunity can be done remotely or the person
  would relocate). A leader's own expression of interest in a specific opportunity is their
  latest, most specific choice and is not second-guessed by their general preferences;
- ``conflict_of_interest``: a declared person / organisation conflict;
- ``no_seats_left``: every seat is already offered or filled.
The solver adds: at most one placement per person, seats never exceeded, and the optional cap
on how many leaders one organisation releases at once (less those already out on placement).

A person's mobility, readiness, aspiration and development needs are read from their talent
profile, kept by the talent app from their latest recorded career conversation (and their own
mobility choices, `services.save_preferences`). Without a profile, the profile's own defaults
apply (`PROFILE_DEFAULTS`): not open to other organisations or sectors, travel within their own
organisation, no relocation, no readiness (no points), no development needs, no aspiration.
"""

from __future__ import annotations

import dataclasses
import io
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import numpy as np
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from engine.matching import Instance
from engine.matching import greedy
from engine.matching import solve
from engine.matching import write_instance
from engine.matching.fairness import fairness_report
from engine.matching.scoring import READINESS
from engine.matching.scoring import TRAVEL
from engine.matching.scoring import Opportunity as EngineOpportunity
from engine.matching.scoring import PairArrays
from engine.matching.scoring import Person as EnginePerson
from engine.matching.scoring import Weights
from engine.matching.scoring import explain
from engine.matching.scoring import score_arrays
from engine.matching.scoring import score_pair
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.codes import EthnicCategory
from talentbridge.people.models import CareerHistoryEntry
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.talent.models import TalentProfile

from .codes import BAND_RANK
from .codes import OPEN_PLACEMENT_STATUSES
from .codes import TRAVEL_OF_REACH
from .codes import Aspiration
from .codes import InterestSource
from .codes import InterestStatus
from .codes import OpportunityStatus
from .codes import PositiveActionGroup
from .codes import Reach
from .codes import RunScope
from .codes import RunStatus
from .codes import aspiration_of_role
from .models import ConflictOfInterest
from .models import Interest
from .models import MatchRun
from .models import Opportunity
from .models import Placement
from .models import Proposal
from .models import RunInstance

Progress = Callable[[int, str], None]

RULES = ("own_employer", "band", "reach", "mobility", "conflict_of_interest", "no_seats_left")
RULE_LABELS = {
    "own_employer": "At the person's own employer",
    "band": "Band outside the opportunity's range",
    "reach": "Opportunity not open to the person's organisation",
    "mobility": "Outside the person's mobility choices (nominations)",
    "conflict_of_interest": "Declared conflict of interest",
    "no_seats_left": "No seats left",
}
REACH_CODE = {Reach.SYSTEM: 0, Reach.REGION: 1, Reach.NATIONAL: 2}
TRAVEL_CODE = {t: i for i, t in enumerate(TRAVEL)}
READINESS_CODE = {r: i for i, r in enumerate(READINESS)}
ASPIRATION_CODE = {a: i + 1 for i, a in enumerate(Aspiration.values)}
#: A person without a talent profile has the profile's own defaults (one definition).
PROFILE_DEFAULTS = {name: TalentProfile._meta.get_field(name).default for name in (
    "open_to_other_organisations", "open_to_other_sectors", "travel_reach",
    "open_to_relocation", "development_need_mask")}
KIND_LABEL = {k.value: k.label.lower() for k in OrganisationKind}
NHS, NON_NHS = "NHS", "non-NHS"


def _nothing(percent: int, message: str) -> None:
    return None


def run_weights(run: MatchRun) -> Weights:
    return Weights(**run.weights,
                   positive_action_tie_break=bool(run.positive_action_group))


@dataclass(eq=False)
class LoadedRun:
    """Everything a run needs, as arrays. Person index = position in ``person_ids``."""

    instance: Instance
    person_ids: np.ndarray
    opportunity_ids: np.ndarray
    pair_person: np.ndarray
    pair_opportunity: np.ndarray
    parts: dict[str, np.ndarray]
    merit: np.ndarray
    total: np.ndarray
    exclusions: dict[str, int]
    seats_left: np.ndarray
    weights: Weights
    people: dict[str, np.ndarray] = field(default_factory=dict)
    opportunities: dict[str, np.ndarray] = field(default_factory=dict)
    career: tuple = ()
    travel_effective: np.ndarray | None = None
    ranks: np.ndarray | None = None
    people_query: object = None


def _scope_opportunities(run: MatchRun):
    found = Opportunity.objects.filter(status=OpportunityStatus.PUBLISHED,
                                       closes_on__gte=timezone.localdate())
    if run.scope == RunScope.SYSTEM:
        found = found.filter(system_id=run.system_id)
    elif run.scope == RunScope.REGION:
        found = found.filter(region_id=run.region_id)
    return found


def _column(rows: list[tuple], index: int, dtype, default=0) -> np.ndarray:
    return np.array([default if r[index] is None else r[index] for r in rows], dtype=dtype)


def build_instance_for_run(run: MatchRun, progress: Progress = _nothing) -> LoadedRun:
    """Load the run's opportunities, interested people and pairs; apply the hard rules."""
    weights = run_weights(run)
    opportunities, opp_rows, taken = _load_opportunities(run)
    progress(10, f"Loaded {len(opp_rows):,} open opportunities")
    rows = _load_people(run, opportunities)
    progress(25, f"Loaded {len(rows.person_rows):,} people and {len(rows.interests):,} interests")

    orgs = _organisation_tables()
    p = _people_arrays(rows.person_rows, orgs)
    o = _opportunity_arrays(opp_rows, taken, orgs)
    pp, oo, rank, nominated = _pairs_from_interests(rows.interests, p.ids, o.ids)
    worked = _worked_at(rows, p, orgs)
    rules, where = _hard_rules(p, o, pp, oo, nominated, worked, orgs.max_org)
    keep, exclusions = _apply_rules(rules, pp.shape[0])
    pp, oo, rank, where = pp[keep], oo[keep], rank[keep], where[keep]

    positive = np.zeros(p.ids.shape[0], dtype=bool)
    if run.positive_action_group:
        positive = _positive_action_flags(run.positive_action_group, rows.people, p.ids)
    arrays = PairArrays(
        need_mask=p.needs[pp], develops_mask=o.develops[oo],
        person_aspiration=p.aspiration[pp], opportunity_aspiration=o.aspiration[oo],
        preference_rank=rank, readiness=p.readiness[pp],
        new_host=~np.isin(pp * orgs.max_org + o.host[oo], worked.org),
        new_kind=(o.kind[oo] > 0) & ~np.isin(pp * worked.n_kinds + o.kind[oo], worked.kind),
        new_sector=np.where(o.nhs[oo], ~worked.nhs[pp], ~worked.partner[pp]),
        where=where, travel=p.travel_effective[pp], positive_action=positive[pp],
    )
    scored = score_arrays(arrays, weights, candidates_in_run=max(p.ids.shape[0], 1))
    progress(40, f"Scored {pp.shape[0]:,} pairs passing every hard rule")

    instance = _instance(run, p, o, pp, oo, scored.total)
    return LoadedRun(
        instance=instance, person_ids=p.ids, opportunity_ids=o.ids,
        pair_person=pp, pair_opportunity=oo, parts=scored.parts, merit=scored.merit,
        total=scored.total, exclusions=exclusions, seats_left=o.seats_left, weights=weights,
        people={"organisation": p.org, "system": p.system, "region": p.region,
                "needs": p.needs, "aspiration": p.aspiration, "readiness": p.readiness,
                "positive": positive, "employer_nhs": ~worked.employer_partner},
        opportunities={"host": o.host, "develops": o.develops, "aspiration": o.aspiration,
                       "system": o.system, "region": o.region, "nhs": o.nhs, "kind": o.kind},
        career=(rows.career_rows, orgs.kind, orgs.kinds), travel_effective=p.travel_effective,
        ranks=rank, people_query=rows.people,
    )


def _load_opportunities(run: MatchRun):
    """The run's open opportunities as rows, and the seats already taken on each."""
    opportunities = _scope_opportunities(run)
    opp_rows = list(opportunities.order_by("pk").values_list(
        "pk", "host_id", "seats", "develops_mask", "builds_towards", "system_id", "region_id",
        "reach", "band_min", "band_max", "remote_possible", "host__is_nhs", "host__kind"))
    taken = dict(Placement.unscoped.filter(opportunity__in=opportunities,
                                          status__in=OPEN_PLACEMENT_STATUSES)
                 .values("opportunity_id").annotate(n=Count("pk"))
                 .values_list("opportunity_id", "n"))
    return opportunities, opp_rows, taken


@dataclass(eq=False)
class _PeopleRows:
    """The interests in a run and the rows of the people who expressed them."""

    interests: np.ndarray
    people: object
    person_rows: list[tuple]
    career_rows: list[tuple]
    conflict_rows: list[tuple]


def _load_people(run: MatchRun, opportunities) -> _PeopleRows:
    """The active interests the run's creator may see, and those people's rows."""
    visible = Person.objects.visible_to(run.created_by) if run.created_by_id else \
        Person.objects.none()
    interests = Interest.unscoped.filter(status=InterestStatus.ACTIVE,
                                        opportunity__in=opportunities, person__in=visible)
    int_rows = np.array(list(interests.order_by().values_list(
        "person_id", "opportunity_id", "preference_rank", "source")), dtype=object)
    if int_rows.size == 0:
        int_rows = np.zeros((0, 4), dtype=object)
    else:  # a fixed pair order, so that ties (the greedy pass's above all) fall the same way
        int_rows = int_rows[np.lexsort((int_rows[:, 1].astype(np.int64),
                                        int_rows[:, 0].astype(np.int64)))]
    people_in_run = Person.unscoped.filter(pk__in=interests.values("person_id"))
    person_rows = list(people_in_run.order_by("pk").values_list(
        "pk", "organisation_id", "pay_band", "talent__open_to_other_organisations",
        "talent__open_to_other_sectors", "talent__travel_reach", "talent__open_to_relocation",
        "talent__readiness__code", "talent__development_need_mask",
        "talent__aspiration_role"))
    career_rows = list(CareerHistoryEntry.unscoped.filter(person__in=people_in_run).order_by()
                       .values_list(
        "person_id", "organisation_id", "sector", "organisation__kind"))
    conflict_rows = list(ConflictOfInterest.unscoped.filter(person__in=people_in_run)
                         .order_by().values_list("person_id", "organisation_id"))
    return _PeopleRows(int_rows, people_in_run, person_rows, career_rows, conflict_rows)


@dataclass(eq=False)
class _Organisations:
    """Every organisation's NHS status, kind, system and region, indexed by primary key."""

    max_org: int
    is_nhs: np.ndarray
    kind: np.ndarray
    system: np.ndarray
    region: np.ndarray
    kinds: list[str]


def _organisation_tables() -> _Organisations:
    """Look-up arrays of every organisation, indexed by primary key."""
    organisation_rows = list(Organisation.objects.order_by().values_list("pk", "is_nhs", "kind"))
    max_org = max([r[0] for r in organisation_rows], default=0) + 1
    org_is_nhs = np.ones(max_org, dtype=bool)
    org_kind = np.zeros(max_org, dtype=np.int64)
    kinds = list(OrganisationKind.values)
    for pk, is_nhs, kind in organisation_rows:
        org_is_nhs[pk] = is_nhs
        org_kind[pk] = kinds.index(kind) + 1 if kind in kinds else 0
    org_system = np.full(max_org, -1, dtype=np.int64)
    org_region = np.full(max_org, -2, dtype=np.int64)
    for org, where in placements_on().items():
        if org < max_org:
            org_system[org], org_region[org] = where.system_id, where.region_id
    return _Organisations(max_org, org_is_nhs, org_kind, org_system, org_region, kinds)


@dataclass(eq=False)
class _PeopleArrays:
    """The people in a run, one array element per person (in ``ids`` order)."""

    ids: np.ndarray
    org: np.ndarray
    band: np.ndarray
    open_orgs: np.ndarray
    open_sectors: np.ndarray
    needs: np.ndarray
    aspiration: np.ndarray
    readiness: np.ndarray
    travel_effective: np.ndarray
    system: np.ndarray
    region: np.ndarray


def _people_arrays(person_rows: list[tuple], orgs: _Organisations) -> _PeopleArrays:
    """The people's rows as arrays, a missing talent profile read as its defaults."""
    person_ids = np.array([r[0] for r in person_rows], dtype=np.int64)
    p_org = _column(person_rows, 1, np.int64)
    p_band = np.array([BAND_RANK.get(r[2], -1) for r in person_rows], dtype=np.int64)
    d = PROFILE_DEFAULTS
    p_open_orgs = _column(person_rows, 3, bool, d["open_to_other_organisations"])
    p_open_sectors = _column(person_rows, 4, bool, d["open_to_other_sectors"])
    own_organisation = TRAVEL_CODE[TRAVEL_OF_REACH[d["travel_reach"]]]
    p_travel = np.array([TRAVEL_CODE[TRAVEL_OF_REACH[r[5]]] if r[5] in TRAVEL_OF_REACH
                         else own_organisation for r in person_rows], dtype=np.int64)
    p_relocate = _column(person_rows, 6, bool, d["open_to_relocation"])
    not_seeking = READINESS_CODE["not_seeking"]  # also for levels the engine does not know
    p_readiness = np.array([READINESS_CODE.get(r[7] or "", not_seeking) for r in person_rows],
                           dtype=np.int64)
    p_needs = _column(person_rows, 8, np.int64, d["development_need_mask"]) & 63
    aspirations: dict[str, int] = {}
    for r in person_rows:
        if r[9] and r[9] not in aspirations:
            aspirations[r[9]] = ASPIRATION_CODE.get(aspiration_of_role(r[9]), 0)
    p_aspiration = np.array([aspirations.get(r[9] or "", 0) for r in person_rows],
                            dtype=np.int64)
    p_travel_effective = np.where(p_relocate, TRAVEL_CODE["anywhere"], p_travel)
    return _PeopleArrays(
        ids=person_ids, org=p_org, band=p_band, open_orgs=p_open_orgs,
        open_sectors=p_open_sectors, needs=p_needs, aspiration=p_aspiration,
        readiness=p_readiness, travel_effective=p_travel_effective,
        system=orgs.system[p_org], region=orgs.region[p_org],
    )


@dataclass(eq=False)
class _OpportunityArrays:
    """The opportunities in a run, one array element per opportunity (in ``ids`` order)."""

    ids: np.ndarray
    host: np.ndarray
    seats_left: np.ndarray
    develops: np.ndarray
    aspiration: np.ndarray
    system: np.ndarray
    region: np.ndarray
    reach: np.ndarray
    band_min: np.ndarray
    band_max: np.ndarray
    remote: np.ndarray
    nhs: np.ndarray
    kind: np.ndarray


def _opportunity_arrays(opp_rows: list[tuple], taken: dict, orgs: _Organisations
                        ) -> _OpportunityArrays:
    """The opportunities' rows as arrays, with the seats still free."""
    opportunity_ids = np.array([r[0] for r in opp_rows], dtype=np.int64)
    o_host = _column(opp_rows, 1, np.int64)
    o_seats = _column(opp_rows, 2, np.int64)
    o_seats_left = np.maximum(0, o_seats - np.array([taken.get(int(pk), 0)
                                                     for pk in opportunity_ids], dtype=np.int64))
    return _OpportunityArrays(
        ids=opportunity_ids, host=o_host, seats_left=o_seats_left,
        develops=_column(opp_rows, 3, np.int64),
        aspiration=np.array([ASPIRATION_CODE.get(r[4] or "", 0) for r in opp_rows],
                            dtype=np.int64),
        system=np.array([-3 if r[5] is None else r[5] for r in opp_rows], dtype=np.int64),
        region=np.array([-4 if r[6] is None else r[6] for r in opp_rows], dtype=np.int64),
        reach=np.array([REACH_CODE[r[7]] for r in opp_rows], dtype=np.int64),
        band_min=np.array([BAND_RANK[r[8]] for r in opp_rows], dtype=np.int64),
        band_max=np.array([BAND_RANK[r[9]] for r in opp_rows], dtype=np.int64),
        remote=_column(opp_rows, 10, bool, False),
        nhs=_column(opp_rows, 11, bool, True),
        kind=orgs.kind[o_host] if len(opp_rows) else np.zeros(0, dtype=np.int64),
    )


def _pairs_from_interests(int_rows: np.ndarray, person_ids: np.ndarray,
                          opportunity_ids: np.ndarray):
    """Each interest as a (person index, opportunity index) pair, its rank and source."""
    pp = np.searchsorted(person_ids, int_rows[:, 0].astype(np.int64))
    oo = np.searchsorted(opportunity_ids, int_rows[:, 1].astype(np.int64))
    rank = np.array([0 if r is None else r for r in int_rows[:, 2]], dtype=np.int64)
    nominated = int_rows[:, 3] == InterestSource.NOMINATED
    return pp, oo, rank, nominated


@dataclass(eq=False)
class _WorkedAt:
    """Where each person has worked, as sorted int64 keys, and their declared conflicts."""

    org: np.ndarray
    kind: np.ndarray
    n_kinds: int
    partner: np.ndarray
    nhs: np.ndarray
    employer_partner: np.ndarray
    conflicts: np.ndarray


def _worked_at(rows: _PeopleRows, p: _PeopleArrays, orgs: _Organisations) -> _WorkedAt:
    """The organisations, kinds and sectors each person has worked in (now or before)."""
    max_org, kinds, career_rows = orgs.max_org, orgs.kinds, rows.career_rows
    # worked-at sets as sorted int64 keys (person index, organisation / kind / sector)
    c_person = np.searchsorted(p.ids, np.array([r[0] for r in career_rows], dtype=np.int64))
    c_org = np.array([-1 if r[1] is None else r[1] for r in career_rows], dtype=np.int64)
    c_kind = np.array([kinds.index(r[3]) + 1 if r[3] in kinds else 0 for r in career_rows],
                      dtype=np.int64)
    c_partner = np.array([r[2] != "nhs" for r in career_rows], dtype=bool)
    n_people = p.ids.shape[0]
    everyone = np.arange(n_people, dtype=np.int64)
    worked_org = np.unique(np.concatenate([c_person * max_org + c_org,
                                           everyone * max_org + p.org]))
    n_kinds = len(kinds) + 1
    worked_kind = np.unique(np.concatenate([c_person * n_kinds + c_kind,
                                            everyone * n_kinds + orgs.kind[p.org]]))
    employer_partner = ~orgs.is_nhs[p.org]
    worked_partner = np.zeros(n_people, dtype=bool)
    worked_partner[c_person[c_partner]] = True
    worked_partner |= employer_partner
    worked_nhs = np.zeros(n_people, dtype=bool)
    worked_nhs[c_person[~c_partner]] = True
    worked_nhs |= ~employer_partner
    conflicts = np.unique(np.array(
        [int(np.searchsorted(p.ids, person)) * max_org + org for person, org in rows.conflict_rows],
        dtype=np.int64))
    return _WorkedAt(worked_org, worked_kind, n_kinds, worked_partner, worked_nhs,
                     employer_partner, conflicts)


def _hard_rules(p: _PeopleArrays, o: _OpportunityArrays, pp, oo, nominated,
                worked: _WorkedAt, max_org: int):
    """Each hard rule's pass/fail per pair, and where each opportunity is from the person."""
    where = np.where(o.system[oo] == p.system[pp], 0,
                     np.where(o.region[oo] == p.region[pp], 1, 2))
    in_reach = ((o.reach[oo] == 2) | ((o.reach[oo] == 1) & (o.region[oo] == p.region[pp]))
                | ((o.reach[oo] == 0) & (o.system[oo] == p.system[pp])))
    mobility_ok = ~nominated | (
        p.open_orgs[pp] & (o.nhs[oo] | p.open_sectors[pp])
        & (o.remote[oo] | (where < p.travel_effective[pp])))
    rules = {
        "own_employer": p.org[pp] != o.host[oo],
        "band": (p.band[pp] >= o.band_min[oo]) & (p.band[pp] <= o.band_max[oo]),
        "reach": in_reach,
        "mobility": mobility_ok,
        "conflict_of_interest": ~np.isin(pp * max_org + o.host[oo], worked.conflicts),
        "no_seats_left": o.seats_left[oo] > 0,
    }
    return rules, where


def _apply_rules(rules: dict[str, np.ndarray], n_pairs: int):
    """The pairs passing every rule, and how many each rule excluded first (in rule order)."""
    keep = np.ones(n_pairs, dtype=bool)
    exclusions = {}
    for name in RULES:
        failing = keep & ~rules[name]
        exclusions[name] = int(failing.sum())
        keep &= rules[name]
    return keep, exclusions


def _instance(run: MatchRun, p: _PeopleArrays, o: _OpportunityArrays, pp, oo,
              total: np.ndarray) -> Instance:
    """The engine's instance: employers, seats, release caps and scored pairs."""
    employer_ids = np.unique(np.concatenate([p.org, o.host]))
    employers = employer_ids.astype(str)
    order = np.argsort(employers)
    employers = employers[order]
    employer_ids = employer_ids[order]
    to_employer = dict(zip(employer_ids.tolist(), range(len(employer_ids)), strict=True))
    max_release = None
    if run.release_cap is not None:
        out = dict(Placement.unscoped.filter(status__in=OPEN_PLACEMENT_STATUSES)
                   .values("home_organisation_id").annotate(n=Count("pk"))
                   .values_list("home_organisation_id", "n"))
        max_release = np.array([max(0, run.release_cap - out.get(int(e), 0))
                                for e in employer_ids], dtype=np.int64)
    return Instance.from_pairs(
        candidate_ids=p.ids.astype(str),
        candidate_employer=np.array([to_employer[int(e)] for e in p.org], dtype=np.int32),
        opportunity_ids=o.ids.astype(str),
        opportunity_host=np.array([to_employer[int(h)] for h in o.host], dtype=np.int32),
        seats=o.seats_left, employers=employers, cand_idx=pp, opp_idx=oo, score=total,
        max_release=max_release,
    )


ETHNIC_GROUPS = {
    **{c: "White" for c in "ABC"},
    **{c: "Mixed" for c in "DEFG"},
    **{c: "Asian or Asian British" for c in "HJKL"},
    **{c: "Black or Black British" for c in "MNP"},
    **{c: "Other ethnic group" for c in "RS"},
}
SEX_GROUPS = {"1": "Male", "2": "Female", "9": "Indeterminate"}
DISABILITY_GROUPS = {"Y": "Disabled", "N": "Not disabled"}
REFERENCES = {"ethnic_group": "White", "sex": "Male", "disability": "Not disabled"}
GROUPING_LABELS = {"ethnic_group": "Ethnic group", "sex": "Sex", "disability": "Disability"}


def _positive_action_flags(group: str, people, person_ids: np.ndarray) -> np.ndarray:
    """Whether each person belongs to the run's positive-action group. Read in aggregate
    form only: the flags are used inside the run and never shown beside a name (except to
    the person themselves)."""
    flags = np.zeros(person_ids.shape[0], dtype=bool)
    rows = ProtectedCharacteristics.unscoped.filter(person__in=people).values_list(
        "person_id", "ethnic_category", "sex", "disability")
    for person_id, ethnic, sex, disability in rows:
        member = {
            PositiveActionGroup.ETHNIC_MINORITY: ethnic in "DEFGHJKLMNPRS" and ethnic not in
            (EthnicCategory.Z, EthnicCategory.NOT_KNOWN, ""),
            PositiveActionGroup.DISABLED: disability == "Y",
            PositiveActionGroup.WOMEN: sex == "2",
        }.get(group, False)
        if member:
            flags[int(np.searchsorted(person_ids, person_id))] = True
    return flags


def fairness_table(person_ids: np.ndarray, proposed: np.ndarray, people=None) -> dict:
    """Proposal rates by ethnic group, sex and disability, suppressed (engine.fairness).
    `people` is a queryset of the same people (a subquery is faster than a long id list)."""
    labels = {name: [None] * person_ids.shape[0] for name in REFERENCES}
    if people is None:
        people = [int(p) for p in person_ids]
    rows = ProtectedCharacteristics.unscoped.filter(person__in=people).order_by().values_list(
        "person_id", "ethnic_category", "sex", "disability")
    for person_id, ethnic, sex, disability in rows.iterator(chunk_size=5000):
        i = int(np.searchsorted(person_ids, person_id))
        if i >= person_ids.shape[0] or person_ids[i] != person_id:
            continue
        labels["ethnic_group"][i] = ETHNIC_GROUPS.get(ethnic)
        labels["sex"][i] = SEX_GROUPS.get(sex)
        labels["disability"][i] = DISABILITY_GROUPS.get(disability)
    report = fairness_report(proposed.tolist(), labels, REFERENCES)
    return {name: {"label": GROUPING_LABELS[name], "reference": REFERENCES[name],
                   "rows": [row.as_dict() for row in rows_]}
            for name, rows_ in report.items()}


def _explain_one(loaded: LoadedRun, k: int, names: dict[int, str],
                 worked: dict[int, tuple]) -> tuple[EnginePerson, EngineOpportunity]:
    """Re-score pair k with the engine's score_pair and explain it."""
    p, o = int(loaded.pair_person[k]), int(loaded.pair_opportunity[k])
    people, opps = loaded.people, loaded.opportunities
    _, org_kind, kinds = loaded.career
    orgs, kind_codes, sectors = worked.get(p, (set(), set(), set()))

    def kind_label(code: int) -> str:
        return KIND_LABEL.get(kinds[code - 1], "") if code > 0 else ""

    host = int(opps["host"][o])
    inverse_asp = {v: k for k, v in ASPIRATION_CODE.items()}
    person = EnginePerson(
        development_needs=frozenset(d for d in range(1, 7) if people["needs"][p] & (1 << (d - 1))),
        aspirations=frozenset({inverse_asp[int(people["aspiration"][p])]}
                              if people["aspiration"][p] else set()),
        readiness=READINESS[int(people["readiness"][p])],
        worked_at=frozenset(names.get(org, str(org)) for org in orgs),
        worked_kinds=frozenset(kind_label(c) for c in kind_codes if c > 0),
        worked_sectors=frozenset(sectors),
        system=str(people["system"][p]), region=str(people["region"][p]),
        travel=TRAVEL[int(loaded.travel_effective[p])],
        positive_action=bool(people["positive"][p]),
    )
    opportunity = EngineOpportunity(
        domains=frozenset(d for d in range(1, 7) if opps["develops"][o] & (1 << (d - 1))),
        leads_to=frozenset({inverse_asp[int(opps["aspiration"][o])]}
                           if opps["aspiration"][o] else set()),
        host=names.get(host, str(host)), kind=kind_label(int(opps["kind"][o])),
        sector=NHS if opps["nhs"][o] else NON_NHS,
        system=str(opps["system"][o]), region=str(opps["region"][o]),
    )
    return person, opportunity


def _proposals(run: MatchRun, loaded: LoadedRun, solution) -> list[Proposal]:
    """One Proposal per placement, re-scored and explained by the engine."""
    instance = loaded.instance
    # Every pair at the person's own employer failed a hard rule already, so the instance's
    # eligible pairs are the loaded pairs, in the same order: the solution's pair index is ours.
    if instance.n_excluded or instance.n_pairs != loaded.pair_person.shape[0]:
        raise RuntimeError("The instance's pairs are not the loaded pairs")
    where = solution.pair_idx
    chosen_people = {int(loaded.pair_person[k]) for k in where}
    career_rows, org_kind, kinds = loaded.career
    worked: dict[int, tuple] = defaultdict(lambda: (set(), set(), set()))
    index_of = {int(pid): i for i, pid in enumerate(loaded.person_ids)
                if i in chosen_people}
    for person_id, org, sector, kind in career_rows:
        i = index_of.get(person_id)
        if i is None:
            continue
        orgs, kind_codes, sectors = worked[i]
        if org is not None:
            orgs.add(org)
        kind_codes.add(kinds.index(kind) + 1 if kind in kinds else 0)
        sectors.add(NHS if sector == "nhs" else NON_NHS)
    for i in chosen_people:
        orgs, kind_codes, sectors = worked[i]
        employer = int(loaded.people["organisation"][i])
        orgs.add(employer)
        kind_codes.add(int(org_kind[employer]))
        sectors.add(NHS if loaded.people["employer_nhs"][i] else NON_NHS)
    org_ids = set()
    for i in chosen_people:
        org_ids.update(worked[i][0])
    org_ids.update(int(loaded.opportunities["host"][int(loaded.pair_opportunity[k])])
                   for k in where)
    names = {pk: str(org) for pk, org in
             ((o.pk, o) for o in Organisation.objects.filter(pk__in=org_ids))}
    proposals = []
    n_candidates = max(instance.n_candidates, 1)
    for k in where.tolist():
        person, opportunity = _explain_one(loaded, k, names, worked)
        rank = int(loaded.ranks[k])
        scored = score_pair(person, opportunity, loaded.weights, rank or None,
                            candidates_in_run=n_candidates)
        if scored.total != int(loaded.total[k]):
            raise RuntimeError(
                f"Scores disagree for person {loaded.person_ids[loaded.pair_person[k]]} and "
                f"opportunity {loaded.opportunity_ids[loaded.pair_opportunity[k]]}: arrays "
                f"{int(loaded.total[k])}, engine {scored.total}")
        parts = {name: value for name, value in scored.parts.items()
                 if name != "positive_action"}
        proposals.append(Proposal(
            run=run, person_id=int(loaded.person_ids[loaded.pair_person[k]]),
            opportunity_id=int(loaded.opportunity_ids[loaded.pair_opportunity[k]]),
            score=scored.merit, merit=scored.merit, parts=parts,
            positive_action=bool(scored.parts.get("positive_action")),
            explanation=explain(scored, positive_action=False),
        ))
    return proposals


def merit_instance(loaded: LoadedRun) -> Instance:
    """The run's instance with every pair scored by merit alone: the instance to export.

    With the positive-action tie-break on, the solver's score is ``merit × (C + 1) + 1 if the
    person is in the group``, so ``score mod (C + 1)`` would give each named candidate's group.
    The export carries merit only; nothing in it depends on anyone's protected
    characteristics. Its optimum has the same merit total as the run (the tie-break never
    trades merit), though among options of exactly equal merit it may choose differently.
    """
    if loaded.instance.n_excluded or loaded.instance.n_pairs != loaded.merit.shape[0]:
        raise RuntimeError("The instance's pairs are not the loaded pairs")
    return dataclasses.replace(loaded.instance, score=np.asarray(loaded.merit, dtype=np.int64))


#: One fixed time for every file in an export, so that the same instance gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def instance_archive(run_id: int, instance: Instance) -> bytes:
    """A zip of the engine's CSV files for ``instance`` and a README; the same instance always
    gives the same bytes (fixed file times and order)."""
    buffer = io.BytesIO()
    folder_name = f"match-run-{run_id}"
    with tempfile.TemporaryDirectory() as folder:
        write_instance(instance, folder)
        files = [(path.name, path.read_bytes()) for path in sorted(Path(folder).iterdir())]
    files.append(("README.txt", EXPORT_README.format(run_id=run_id).encode()))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(f"{folder_name}/{name}", date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


EXPORT_README = """Match run {run_id}: the instance TalentBridge solved, scored by merit.

candidates.csv     candidate_id (person id), employer (organisation id)
opportunities.csv  opportunity_id, host (organisation id), seats (seats left at run time)
pairs.csv          candidate_id, opportunity_id, score (merit points; pairs passing every
                   hard rule)
caps.csv           employer, max_release (only if the run had a release cap)

Scores are merit points only. If the run used the positive-action tie-break, it is not in
these files and cannot be worked out from them: no file holds anything about anyone's
protected characteristics. Solve it again, exactly, with:

    talentbridge match solve --instance match-run-{run_id} --output solved

That solve has no tie-break. The total score in solved/summary.json equals the run's merit
total (the sum of its proposals' merit). Where options are of exactly equal merit it may
choose differently from the run.
"""


def execute(run: MatchRun, progress: Progress = _nothing, *, token: str | None = None
            ) -> MatchRun | None:
    """Do the whole run. Loading and solving happen outside any transaction (progress is
    written as it goes); proposals and results are written in one transaction at the end,
    and only while the run is still RUNNING under ``token`` (when given): None when it is not
    (it was marked failed meanwhile), and then nothing is written."""
    start = time.perf_counter()
    loaded = build_instance_for_run(run, progress)
    progress(50, f"Solving exactly: {loaded.instance.n_pairs:,} pairs")
    solution = solve(loaded.instance)
    progress(70, "Running the greedy comparison")
    greedy_solution = greedy(loaded.instance)
    progress(80, f"Explaining {solution.assigned:,} proposals")
    proposals = _proposals(run, loaded, solution)
    proposed = np.zeros(loaded.person_ids.shape[0], dtype=bool)
    proposed[solution.cand_idx] = True
    fairness = fairness_table(loaded.person_ids, proposed, loaded.people_query)
    archive = instance_archive(run.pk, merit_instance(loaded))
    progress(90, "Saving proposals")
    with transaction.atomic():
        if token is not None and not MatchRun.objects.select_for_update().filter(
                pk=run.pk, status=RunStatus.RUNNING, work_token=token).exists():
            return None
        Proposal.objects.bulk_create(proposals, batch_size=1000)
        RunInstance.objects.update_or_create(run=run, defaults={"archive": archive})
        run.candidates = int(loaded.person_ids.shape[0])
        run.opportunities = int(loaded.opportunity_ids.shape[0])
        run.seats = int(loaded.seats_left.sum())
        run.pairs = int(loaded.instance.n_pairs)
        run.exclusions = loaded.exclusions
        run.merit_total = int(sum(p.merit for p in proposals))
        run.placements = int(solution.assigned)
        run.greedy_merit_total = int(loaded.merit[greedy_solution.pair_idx].sum())
        run.greedy_placements = int(greedy_solution.assigned)
        run.solve_seconds = float(solution.seconds)
        run.fairness = fairness
        run.status, run.progress = RunStatus.SUCCEEDED, 100
        run.progress_message = (f"Finished: {solution.assigned:,} proposal"
                                + ("" if solution.assigned == 1 else "s"))
        run.finished_at = timezone.now()
        run.seconds = time.perf_counter() - start
        run.heartbeat_at, run.work_token = None, ""
        run.save()
    return run
