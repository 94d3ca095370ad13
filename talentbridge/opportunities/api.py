"""/api/v1/opportunities: opportunities, interest, nominations, preferences, match runs and
placements. The same services and policy as the web pages; the same JSON errors as the rest of
the API (talentbridge.config.api): 400 a value a service refused, 403 not allowed, 404 not
found or hidden by the policy, 422 a request that does not match the schema.

Mounted by talentbridge.config.api under "/opportunities".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from typing import Literal

from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from engine.matching.scoring import in_third_person
from talentbridge.audit.services import record_read
from talentbridge.core import work
from talentbridge.core.api import DEFAULT_PAGE_SIZE
from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import Limit
from talentbridge.core.api import Offset
from talentbridge.core.api import PageOut
from talentbridge.core.api import call_service
from talentbridge.core.api import invalid
from talentbridge.core.api import page
from talentbridge.core.api import remember_input
from talentbridge.core.api import submitted_values
from talentbridge.core.api import text
from talentbridge.core.views import download
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Region
from talentbridge.organisations.schemas import AreaCodesOut
from talentbridge.people.api import organisation_for_field
from talentbridge.people.codes import PayBand
from talentbridge.people.schemas import OrganisationRef
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import TalentProfile

from . import policy
from . import services
from .codes import Aspiration
from .codes import LcfDomain
from .codes import OpportunityKind
from .codes import OpportunityStatus
from .codes import PositiveActionGroup
from .codes import Reach
from .codes import RunScope
from .codes import RunStatus
from .codes import aspiration_of_role
from .models import MAX_PREFERENCE_RANK
from .models import STATEMENT_MAX_LENGTH
from .models import Proposal

router = Router()

Code = text(min_length=1, max_length=10)
Words = text(max_length=100)
Statement = text(max_length=STATEMENT_MAX_LENGTH)
Reason = text(max_length=500)
LongText = text(min_length=1, max_length=3000)
Rank = Annotated[int, Field(ge=1, le=MAX_PREFERENCE_RANK)]


# --------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------


class OpportunityOut(AreaCodesOut):
    id: int
    title: str
    kind: str
    summary: str
    host: OrganisationRef
    system: str | None = Field(None, description="ICB code of the host's system.")
    region: str | None = Field(None, description="ODS code of the host's region.")
    remote_possible: bool
    time_percent: int
    develops: list[int] = Field(description="LCF domains 1 to 6.")
    builds_towards: str
    band_min: str
    band_max: str
    seats: int
    starts_on: dt.date
    ends_on: dt.date
    closes_on: dt.date
    reach: str
    status: str
    review_note: str


class OpportunityPage(PageOut):
    items: list[OpportunityOut]


class OpportunityFilters(Schema):
    words: Words = ""
    kind: OpportunityKind | None = None
    domain: LcfDomain | None = None
    system: Code | None = Field(None, description="ICB code of the host's system.")
    band: PayBand | None = Field(None, description="Only opportunities open to this band.")
    remote_only: bool = False
    eligible_only: bool = Field(False, description="Only those you can express interest in.")
    status: OpportunityStatus | None = None
    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


class OpportunityIn(InputSchema):
    title: text(min_length=1, max_length=150)
    kind: OpportunityKind
    summary: text(min_length=1, max_length=2000)
    host: Code = Field(description="ODS code of the host organisation.")
    remote_possible: bool = False
    time_percent: Annotated[int, Field(ge=1, le=100)] = 100
    develops: list[LcfDomain] = []
    builds_towards: Aspiration | None = None
    band_min: PayBand
    band_max: PayBand
    seats: Annotated[int, Field(ge=1, le=500)] = 1
    starts_on: dt.date
    ends_on: dt.date
    closes_on: dt.date
    reach: Reach = Reach.SYSTEM


class OpportunityPatch(InputSchema):
    title: text(min_length=1, max_length=150) = None
    kind: OpportunityKind = None
    summary: text(min_length=1, max_length=2000) = None
    remote_possible: bool = None
    time_percent: Annotated[int, Field(ge=1, le=100)] = None
    develops: list[LcfDomain] = None
    builds_towards: Aspiration | None = None
    band_min: PayBand = None
    band_max: PayBand = None
    seats: Annotated[int, Field(ge=1, le=500)] = None
    starts_on: dt.date = None
    ends_on: dt.date = None
    closes_on: dt.date = None
    reach: Reach = None


class SendBackIn(InputSchema):
    note: text(min_length=1, max_length=500)


class InterestIn(InputSchema):
    statement: Statement = ""
    preference_rank: Rank | None = None


class OpportunityNominationIn(InputSchema):
    work_email: text(min_length=1, max_length=254)
    statement: Statement = ""


class LeaderRef(Schema):
    id: int
    full_name: str
    organisation: OrganisationRef
    pay_band: str


class InterestOut(Schema):
    id: int
    opportunity_id: int
    person: LeaderRef
    source: str
    statement: str
    preference_rank: int | None
    status: str
    updated_at: dt.datetime


def _profile_default(name: str):
    return TalentProfile._meta.get_field(name).default


class PreferencesOut(Schema):
    """Your talent profile as matching reads it, and your conflicts of interest."""

    open_to_other_organisations: bool
    open_to_other_sectors: bool
    travel_reach: str
    open_to_relocation: bool
    readiness: str | None = Field(description="Readiness level code, from your latest career "
                                              "conversation (null if none is recorded).")
    aspiration_role: str = Field(description="The role you aspire to, from your latest career "
                                             "conversation.")
    aspiration: str = Field(description="What opportunities must build towards to earn "
                                        "aspiration points, read from aspiration_role.")
    development_domains: list[int] = Field(description="LCF domains you want to develop, from "
                                                       "your latest career conversation.")
    last_conversation_on: dt.date | None
    conflicts: list[str] = Field(description="ODS codes of organisations you are never "
                                             "matched to.")


class PreferencesIn(InputSchema):
    """Your mobility choices in your talent profile, and your conflicts of interest, all at
    once (PUT replaces them). Readiness, aspiration and development needs are kept from your
    latest career conversation and cannot be set here."""

    open_to_other_organisations: bool = _profile_default("open_to_other_organisations")
    open_to_other_sectors: bool = _profile_default("open_to_other_sectors")
    travel_reach: TravelReach = TravelReach(_profile_default("travel_reach"))
    open_to_relocation: bool = _profile_default("open_to_relocation")
    conflicts: list[Code] = []


class RunIn(InputSchema):
    scope: Literal[tuple(RunScope.values)]
    system: Code | None = Field(None, description="ICB code, for a system run.")
    region: Code | None = Field(None, description="Region ODS code, for a regional run.")
    weights: dict[str, int] = Field({}, description="Points per part; defaults for any left "
                                                    "out (see GET /opportunities/runs/weights).")
    release_cap: Annotated[int, Field(ge=1, le=10_000)] | None = None
    positive_action_group: PositiveActionGroup = PositiveActionGroup.NONE


class RunSummary(Schema):
    id: int
    scope: str
    scope_label: str
    status: str
    progress: int
    progress_message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    placements: int


class ProposalOut(Schema):
    id: int
    person: LeaderRef
    opportunity_id: int
    opportunity_title: str = Field(alias="opportunity.title")
    score: int = Field(alias="merit", description="Merit points (the sum of the parts).")
    parts: dict[str, int]
    explanation: str
    placement_id: int | None

    @staticmethod
    def resolve_explanation(obj) -> str:
        """Run proposals are read by talent leads: the leader in the third person."""
        return in_third_person(obj.explanation)

    @staticmethod
    def resolve_placement_id(obj) -> int | None:
        placement = getattr(obj, "placement", None) if obj.n_open else None
        return placement.pk if placement is not None else None


class RunDetail(RunSummary):
    weights: dict[str, int]
    release_cap: int | None
    positive_action_group: str
    error: str
    candidates: int
    opportunities: int
    seats: int
    pairs: int
    exclusions: dict[str, int]
    merit_total: int | None = Field(description="Sum of the proposals' merit points (all "
                                                "proposals, seen or not).")
    greedy_merit_total: int | None = Field(description="Sum of the merit points of the "
                                                       "greedy pass's pairs.")
    greedy_placements: int | None
    seconds: float | None
    fairness: dict = Field(description="Aggregate proposal rates by group, disclosure-"
                                       "controlled: counts 1 to 7 and any count that could be "
                                       "worked out from them shown as \"*\", others rounded "
                                       "to the nearest 5.")
    hidden_proposals: int = Field(0, description="Proposals of people you cannot see.")
    proposals: list[ProposalOut] = []


class PlacementOut(Schema):
    id: int
    opportunity: OpportunityOut
    person: LeaderRef
    home_organisation: OrganisationRef
    status: str
    home_decision: str
    home_reason: str
    host_decision: str
    host_reason: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    reflection: str
    host_feedback: str
    explanation: str = ""

    @staticmethod
    def resolve_explanation(obj) -> str:
        return obj.proposal.explanation if obj.proposal_id else ""


class RespondIn(InputSchema):
    accept: bool
    reason: Reason = ""


class PlacementDecisionIn(InputSchema):
    side: Literal["home", "host"]
    approve: bool
    reason: Reason = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class TextIn(InputSchema):
    text: LongText


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def _values(payload, request, *, partial: bool = False) -> dict:
    values = submitted_values(request, payload, exclude_unset=partial)
    if "develops" in values:
        values["develops"] = [int(d) for d in values["develops"] or []]
    if "builds_towards" in values:
        values["builds_towards"] = values["builds_towards"] or ""
    if "host" in values:
        values["host"] = organisation_for_field("host", values["host"], request)
    return values


# --------------------------------------------------------------------------------------
# Mine, runs and placements (before /{id} so their paths win)
# --------------------------------------------------------------------------------------


@router.get("/me/interests", response={200: list[InterestOut], **ERRORS},
            summary="My interests")
def my_interests(request):
    interests = list(services.my_interests(request.auth).select_related("person",
                                                                        "person__organisation"))
    record_read(actor=request.auth, request=request, target_type="opportunities.interest",
                people=interests, what="my interests")
    return interests


@router.get("/me/placements", response={200: list[PlacementOut], **ERRORS},
            summary="My offers and placements")
def my_placements(request):
    placements = list(services.my_placements(request.auth).select_related(
        "proposal", "opportunity__system", "opportunity__region", "person__organisation"))
    record_read(actor=request.auth, request=request, target_type="opportunities.placement",
                people=placements, what="my placements")
    return placements


def _preferences_out(person) -> dict:
    profile, conflicts = services.preferences_of(person)
    return {
        **{name: getattr(profile, name) for name in services.MOBILITY_FIELDS},
        "readiness": profile.readiness.code if profile.readiness_id else None,
        "aspiration_role": profile.aspiration_role,
        "aspiration": aspiration_of_role(profile.aspiration_role),
        "development_domains": profile.development_needs,
        "last_conversation_on": profile.last_conversation_on,
        "conflicts": [c.organisation.ods_code for c in conflicts],
    }


def _me(request):
    person = services.my_person(request.auth)
    if person is None:
        raise services.NotFound("You have no talent profile")
    return person


@router.get("/me/preferences", response={200: PreferencesOut, **ERRORS},
            summary="My mobility, readiness, aspiration and development needs")
def my_preferences(request):
    return _preferences_out(_me(request))


@router.put("/me/preferences", response={200: PreferencesOut, **ERRORS},
            summary="Record my mobility choices and conflicts of interest")
def put_my_preferences(request, payload: PreferencesIn):
    person = _me(request)
    values = submitted_values(request, payload)
    values["travel_reach"] = str(values["travel_reach"])
    values["conflicts"] = [organisation_for_field("conflicts", code, request)
                           for code in values["conflicts"]]
    services.save_preferences(request.auth, values, request=request)
    return _preferences_out(person)


@router.get("/runs/weights", response={200: dict[str, int], **ERRORS},
            summary="The default scoring weights")
def weights(request):
    return services.default_weights()


@router.get("/runs", response={200: list[RunSummary], **ERRORS}, summary="Match runs you can see")
def list_runs(request):
    return services.visible_runs(request.auth)


@router.post("/runs", response={202: RunDetail, **ERRORS}, summary="Start a match run")
def start_run(request, payload: RunIn):
    """Queues the run as a background task; poll GET /opportunities/runs/{id} for progress."""
    remember_input(request, payload.model_dump())
    system = region = None
    if payload.scope == RunScope.SYSTEM:
        code = payload.system or ""
        system = IntegratedCareSystem.objects.filter(code__iexact=code.strip()).first()
        if system is None:
            raise invalid("system", f'There is no integrated care system with ICB code '
                          f'"{code}"', payload.system, request=request)
    elif payload.scope == RunScope.REGION:
        code = payload.region or ""
        region = Region.objects.filter(code__iexact=code.strip()).first()
        if region is None:
            raise invalid("region", f'There is no region with ODS code "{code}"',
                          payload.region, request=request)
    run = services.start_run(
        request.auth, scope=payload.scope, system=system, region=region,
        weights=payload.weights, release_cap=payload.release_cap,
        positive_action_group=str(payload.positive_action_group), request=request)
    return Status(202, _run_detail(request, run))


def _run_detail(request, run) -> dict:
    body = {f: getattr(run, f) for f in RunDetail.model_fields if hasattr(run, f)}
    body.update(id=run.pk, scope_label=run.scope_label, proposals=[], hidden_proposals=0)
    if run.status == RunStatus.SUCCEEDED:
        proposals = list(services.visible_proposals(request.auth, run))
        record_read(actor=request.auth, request=request, target=run, people=proposals,
                    what="proposals")
        body["proposals"] = proposals
        body["hidden_proposals"] = run.placements - len(proposals)
    return body


@router.get("/runs/{id}", response={200: RunDetail, **ERRORS}, summary="A match run")
def get_run(request, id: Id):
    """Its status and progress; when finished, the proposals of people you can see with their
    scores by part and explanations, the greedy comparison and the fairness table."""
    run = services.get_run(request.auth, id)
    if not run.is_finished:
        work.sweep_quietly()  # a run whose worker died shows as failed, to retry
        run.refresh_from_db()
    return _run_detail(request, run)


@router.post("/runs/{id}/retry", response={202: RunDetail, **ERRORS},
             summary="Retry a failed match run")
def retry_run(request, id: Id):
    """Queues a failed run again with the same settings (for example after its worker
    stopped); for whoever may start a run at its scope. 400 when it has not failed."""
    run = services.retry_run(request.auth, services.get_run(request.auth, id),
                             request=request)
    return Status(202, _run_detail(request, run))


@router.get("/runs/{id}/instance.zip", response={200: None, **ERRORS},
            summary="The run's instance as a zip of CSV files")
def run_instance(request, id: Id):
    """The instance the run solved, scored by merit only (no positive-action tie-break, nothing
    derived from protected characteristics). 403 unless every person in it is someone you may
    see; each download is audited."""
    run = services.get_run(request.auth, id)
    return download(services.export_instance(request.auth, run, request=request),
                    "application/zip", f"match-run-{run.pk}.zip")


@router.post("/proposals/{id}/offer", response={201: PlacementOut, **ERRORS},
             summary="Offer a proposal to the leader")
def offer(request, id: Id):
    proposal = Proposal.objects.visible_to(request.auth).select_related(
        "run", "person", "opportunity").filter(
        pk=id).first()
    if proposal is None:
        raise services.NotFound("No such proposal")
    services.get_run(request.auth, proposal.run_id)
    return Status(201, services.offer(request.auth, proposal, request=request))


@router.get("/placements/{id}", response={200: PlacementOut, **ERRORS}, summary="A placement")
def get_placement(request, id: Id):
    placement = services.get_placement(request.auth, id)
    record_read(actor=request.auth, request=request, target=placement, people=[placement])
    return placement


def _change_placement(request, id: int, change, **values):
    """`change` made by the signed-in user to the placement `id` (one they may not see is not
    found), with `values` (`call_service`)."""
    return call_service(request, change, services.get_placement(request.auth, id), **values)


@router.post("/placements/{id}/respond", response={200: PlacementOut, **ERRORS},
             summary="Accept or decline an offer (the leader)")
def respond(request, id: Id, payload: RespondIn):
    return _change_placement(request, id, services.respond, **payload.model_dump())


@router.post("/placements/{id}/decision", response={200: PlacementOut, **ERRORS},
             summary="Approve or not, for the home or the host organisation")
def decide(request, id: Id, payload: PlacementDecisionIn):
    return _change_placement(request, id, services.decide, **payload.model_dump())


@router.post("/placements/{id}/reflection", response={200: PlacementOut, **ERRORS},
             summary="Record the leader's reflection")
def reflection(request, id: Id, payload: TextIn):
    return _change_placement(request, id, services.complete, reflection=payload.text)


@router.post("/placements/{id}/feedback", response={200: PlacementOut, **ERRORS},
             summary="Record the host's feedback")
def feedback(request, id: Id, payload: TextIn):
    return _change_placement(request, id, services.complete, host_feedback=payload.text)


# --------------------------------------------------------------------------------------
# Opportunities
# --------------------------------------------------------------------------------------


@router.get("", response={200: OpportunityPage, **ERRORS}, summary="Find opportunities")
def list_opportunities(request, filters: Query[OpportunityFilters]):
    system_id = None
    if filters.system:
        system_id = (IntegratedCareSystem.objects.filter(code__iexact=filters.system.strip())
                     .values_list("pk", flat=True).first())
        if system_id is None:
            raise invalid("system", f'There is no integrated care system with ICB code '
                          f'"{filters.system}"', filters.system, request=request)
    search = services.OpportunitySearch(
        words=filters.words.strip(), kind=filters.kind or "",
        domain=int(filters.domain) if filters.domain else None, system_id=system_id,
        band=filters.band or "", remote_only=filters.remote_only,
        eligible_only=filters.eligible_only, status=filters.status or "")
    return page(services.search_opportunities(request.auth, search), filters.limit,
                filters.offset)


@router.post("", response={201: OpportunityOut, **ERRORS}, summary="Post an opportunity")
def create_opportunity(request, payload: OpportunityIn):
    """Saved as a draft; submit it for review with POST /opportunities/{id}/submit."""
    values = _values(payload, request)
    return Status(201, services.create_opportunity(request.auth, values, request=request))


@router.get("/{id}", response={200: OpportunityOut, **ERRORS}, summary="An opportunity")
def get_opportunity(request, id: Id):
    return services.get_opportunity(request.auth, id)


@router.patch("/{id}", response={200: OpportunityOut, **ERRORS},
              summary="Change a draft or submitted opportunity")
def patch_opportunity(request, id: Id, payload: OpportunityPatch):
    opportunity = services.get_opportunity(request.auth, id)
    values = _values(payload, request, partial=True)
    return services.update_opportunity(request.auth, opportunity, values, request=request)


def _add_transition(name: str, summary: str, change) -> None:
    """POST /{id}/<name>: a step in an opportunity's life that needs nothing but the step."""
    def transition(request, id: Id):
        return change(request.auth, services.get_opportunity(request.auth, id), request=request)
    transition.__name__ = transition.__qualname__ = name  # the OpenAPI operation's id
    router.post(f"/{{id}}/{name}", response={200: OpportunityOut, **ERRORS},
                summary=summary)(transition)


for _name, _summary, _change in (
    ("submit", "Submit a draft for review", services.submit_opportunity),
    ("publish", "Publish a submitted opportunity (reviewer)", services.publish_opportunity),
):
    _add_transition(_name, _summary, _change)


@router.post("/{id}/send-back", response={200: OpportunityOut, **ERRORS},
             summary="Send a submitted opportunity back with a note (reviewer)")
def send_back(request, id: Id, payload: SendBackIn):
    opportunity = services.get_opportunity(request.auth, id)
    return call_service(request, services.send_back_opportunity, opportunity,
                        **payload.model_dump())


_add_transition("close", "Close an opportunity", services.close_opportunity)


@router.get("/{id}/interests", response={200: list[InterestOut], **ERRORS},
            summary="Interest in an opportunity from people you can see")
def interests(request, id: Id):
    opportunity = services.get_opportunity(request.auth, id)
    interests = list(services.interests_in(request.auth, opportunity)
                     .select_related("person", "person__organisation"))
    record_read(actor=request.auth, request=request, target=opportunity, people=interests,
                what="interests")
    return interests


@router.put("/{id}/interest", response={200: InterestOut, **ERRORS},
            summary="Express (or change) my interest")
def express_interest(request, id: Id, payload: InterestIn):
    opportunity = services.get_opportunity(request.auth, id)
    return call_service(request, services.express_interest, opportunity, **payload.model_dump())


@router.delete("/{id}/interest", response={200: InterestOut, **ERRORS},
               summary="Withdraw my interest")
def withdraw_interest(request, id: Id):
    opportunity = services.get_opportunity(request.auth, id)
    return call_service(request, services.withdraw_interest, opportunity)


@router.post("/{id}/nominations", response={201: InterestOut, **ERRORS},
             summary="Nominate someone you can see (talent leads)")
def nominate(request, id: Id, payload: OpportunityNominationIn):
    remember_input(request, payload.model_dump())
    opportunity = services.get_opportunity(request.auth, id)
    policy.require(policy.can_nominate(request.auth, opportunity), "nominate people")
    person = services.person_for_nomination(request.auth, payload.work_email)
    return Status(201, services.nominate(request.auth, opportunity, person, payload.statement,
                                         request=request))

