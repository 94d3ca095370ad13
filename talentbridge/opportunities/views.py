"""Opportunity pages: the list with filters, one opportunity (interest, nomination, review),
posting, my interests and placements, my mobility and development needs, match runs and
placements.

Every read goes through talentbridge.opportunities.services (the policy, the people access
policy and the audit trail). Something the user may not see is a 404; something they may see
but not change is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from engine.matching.scoring import in_third_person
from talentbridge.audit.services import record_read
from talentbridge.core import work
from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.confirm_views import confirmed_change
from talentbridge.core.forms import add_service_errors
from talentbridge.core.paging import page_links
from talentbridge.core.paging import paginate
from talentbridge.core.paging import results_text
from talentbridge.core.pickers import adding
from talentbridge.core.pickers import listed
from talentbridge.core.pickers import picker_json
from talentbridge.core.views import carry_out
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import save_form
from talentbridge.core.waiting import mark_looked
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.pickers import organisation_source
from talentbridge.people.models import Person
from talentbridge.people.pickers import person_source
from talentbridge.people.services import visible_people
from talentbridge.people.views import for_my_person

from . import policy
from . import presenters
from . import services
from .codes import OpportunityStatus
from .codes import PlacementStatus
from .codes import RunStatus
from .forms import DecisionForm
from .forms import FeedbackForm
from .forms import InterestForm
from .forms import NominationForm
from .forms import OpportunityFilterForm
from .forms import OpportunityForm
from .forms import PreferencesForm
from .forms import ReflectionForm
from .forms import RespondForm
from .forms import ReviewNoteForm
from .forms import RunForm
from .models import Interest
from .models import Opportunity
from .proposal_lookup import visible_proposal

PAGE_SIZE = 25
#: Proposals a page on a match run's page.
PROPOSALS_PAGE_SIZE = 50


# --------------------------------------------------------------------------------------
# Opportunities
# --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def opportunity_list(request: HttpRequest) -> HttpResponse:
    form = OpportunityFilterForm(request.GET)
    g = policy.grants_for(request.user)
    found = services.search_opportunities(
        request.user, form.search() if form.is_valid() else services.OpportunitySearch())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = None
    if g.is_talent_lead or g.is_administrator:
        awaiting = paginate(request, services.visible_opportunities(request.user).filter(
            status__in=[OpportunityStatus.DRAFT, OpportunityStatus.SUBMITTED]), PAGE_SIZE,
            "opportunity", "opportunities", param="awaiting_page")
    return render(request, "opportunities/list.jinja", {
        "form": form,
        "rows": presenters.opportunity_list_rows(page),
        "results_text": results_text(page, "opportunity", "opportunities"),
        "pagination": page_links(page, form.data.dict()),
        "awaiting": awaiting,
        "awaiting_rows": presenters.opportunity_list_rows(awaiting) if awaiting else [],
        "can_post": g.is_talent_lead or g.is_administrator,
        "can_run": g.is_administrator or g.is_national_lead or bool(g.lead_system_ids
                                                                    or g.lead_region_ids),
    })


def _detail_context(request, opportunity: Opportunity, **forms) -> dict:
    user = request.user
    g = policy.grants_for(user)
    mine = (Interest.objects.visible_to(g).filter(opportunity=opportunity,
                                                person_id=g.person_id).first()
            if g.person_id else None)
    is_lead = g.is_talent_lead or g.is_administrator
    person = services.my_person(user)
    problem = (policy.eligibility_problem(opportunity, person) if person is not None
               else "You need a talent profile to express interest")
    interests = (paginate(request, services.interests_in(user, opportunity), PAGE_SIZE)
                 if is_lead else None)
    if is_lead:
        record_read(actor=user, request=request, target=opportunity, people=list(interests),
                    what="interests")
    return {
        "opportunity": opportunity,
        "rows": presenters.opportunity_rows(
            opportunity, services.interest_count(opportunity) if is_lead else None),
        "my_interest": mine,
        "can_express_interest": problem == "",
        "why_not": problem,
        "profile_hidden_from_system": person is not None and person.visibility == "organisation",
        "can_manage": policy.can_manage(user, opportunity),
        "can_review": policy.can_review(user, opportunity)
        and opportunity.status == OpportunityStatus.SUBMITTED,
        "can_nominate": policy.can_nominate(user, opportunity),
        "interests": interests,
        "interest_rows": presenters.interest_rows(interests or []),
        "is_lead": is_lead,
        "note_form": forms.get("note_form") or ReviewNoteForm(),
    }


@login_required
@require_http_methods(["GET"])
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = services.get_opportunity(request.user, pk)
    return render(request, "opportunities/detail.jinja", _detail_context(request, opportunity))


def _hosts(request: HttpRequest):
    """The host picker: organisations open today that this user may post for."""
    ids = policy.host_organisation_ids(request.user)
    organisations = Organisation.objects.open_on()
    if ids is not None:
        organisations = organisations.filter(pk__in=ids)
    return organisation_source(organisations, url=reverse("opportunities:hosts"))


@login_required
@require_http_methods(["GET"])
def host_suggestions(request: HttpRequest) -> HttpResponse:
    """The host picker's suggestions (organisations are public reference data)."""
    return picker_json(request, _hosts(request))


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    opportunity = services.get_opportunity(request.user, pk) if pk else None
    g = policy.grants_for(request.user)
    if opportunity is None and not (g.is_talent_lead or g.is_administrator):
        policy.require(False, "post opportunities")
    if opportunity is not None:
        policy.require(policy.can_manage(request.user, opportunity), "change this opportunity")
    initial = {}
    if opportunity is not None:
        initial = {f: getattr(opportunity, f) for f in services.OPPORTUNITY_FIELDS
                   if f not in ("develops", "host")}
        initial.update(develops=opportunity.develops, host=opportunity.host)
    form = OpportunityForm(request.POST if request.method == "POST" else None, initial=initial,
                           hosts=_hosts(request))
    if form.is_bound and form.is_valid():
        try:
            if opportunity is None:
                opportunity = services.create_opportunity(request.user, form.values(),
                                                          request=request)
            else:
                services.update_opportunity(request.user, opportunity, form.values(),
                                            request=request)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("host", str(error))
        else:
            messages.success(request, f"{opportunity.title} has been saved as a draft. Submit "
                                      "it for review when it is ready.")
            return redirect("opportunities:detail", opportunity.pk)
    return render(request, "opportunities/form.jinja", {"form": form,
                                                        "opportunity": opportunity})


_TRANSITIONS = {
    "submit": (services.submit_opportunity, "{title} has been submitted for review"),
    "publish": (services.publish_opportunity, "{title} has been published"),
    "close": (services.close_opportunity, "{title} has been closed"),
}


def _confirm_close(request: HttpRequest, pk: int, action: str) -> Confirmation | None:
    if action != "close":
        return None
    opportunity = services.get_opportunity(request.user, pk)
    policy.require(policy.can_manage(request.user, opportunity), "close this opportunity")
    return Confirmation(
        question=f"close {opportunity.title}", button="Close the opportunity",
        caption=opportunity.host.display_name,
        back_href=reverse("opportunities:detail", args=[pk]),
        details=["Nobody can express interest in it any more, and match runs leave it out."])


@confirmed_action(_confirm_close)
def opportunity_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    opportunity = services.get_opportunity(request.user, pk)
    if action == "send-back":
        form = ReviewNoteForm(request.POST)
        if save_form(request, form, lambda data: services.send_back_opportunity(
                request.user, opportunity, data["note"], request=request),
                f"{opportunity.title} has been sent back"):
            return redirect("opportunities:detail", pk)
        return render(request, "opportunities/detail.jinja",
                      _detail_context(request, opportunity, note_form=form), status=400)
    if action not in _TRANSITIONS:
        raise services.NotFound("No such action")
    function, text = _TRANSITIONS[action]
    carry_out(request, lambda: function(request.user, opportunity, request=request),
              text.format(title=opportunity.title))
    return redirect("opportunities:detail", pk)


@login_required
@require_http_methods(["GET", "POST"])
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = services.get_opportunity(request.user, pk)
    g = policy.grants_for(request.user)
    current = (Interest.objects.visible_to(g).filter(opportunity=opportunity,
                                                   person_id=g.person_id).first()
               if g.person_id else None)
    initial = ({"statement": current.statement, "preference_rank": current.preference_rank}
               if current else {})
    form = InterestForm(request.POST if request.method == "POST" else None, initial=initial)
    if save_form(request, form, lambda data: services.express_interest(
            request.user, opportunity, data["statement"], data["preference_rank"],
            request=request), f"Your interest in {opportunity.title} has been saved"):
        return redirect("opportunities:mine")
    return render(request, "opportunities/interest.jinja", {
        "form": form, "opportunity": opportunity,
        "why_not": policy.eligibility_problem(opportunity, services.my_person(request.user))
        if g.person_id else "You need a talent profile to express interest"})


def _confirm_withdraw(request: HttpRequest, opportunity: Opportunity) -> Confirmation:
    return Confirmation(
        question=f"withdraw your interest in {opportunity.title}",
        button="Withdraw my interest", caption=opportunity.host.display_name,
        back_href=reverse("opportunities:detail", args=[opportunity.pk]),
        details=["Talent leads will no longer see your interest, and match runs leave you "
                 "out of this opportunity."],
        can_undo="You can express interest again while the opportunity is open.")


withdraw = confirmed_change(
    _confirm_withdraw, find=services.get_opportunity, change=services.withdraw_interest,
    success=lambda opportunity: f"You have withdrawn your interest in {opportunity.title}",
    done="opportunities:mine")


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = services.get_opportunity(request.user, pk)
    policy.require(policy.can_nominate(request.user, opportunity), "nominate people")
    form = NominationForm(request.POST if request.method == "POST" else None,
                          people=person_source(visible_people(request.user),
                                               url=reverse("people:suggestions")))

    def nominate_person(data):
        person = data["person"]
        services.nominate(request.user, opportunity, person, data["statement"], request=request)
        return person

    if save_form(request, form, nominate_person,
                 lambda person: f"{person.full_name} has been nominated"):
        return redirect("opportunities:detail", pk)
    if shown := listed(form, "person"):
        record_read(actor=request.user, request=request, target=opportunity,
                    people=shown, what="people who may be nominated")
    return render(request, "opportunities/nominate.jinja", {"form": form,
                                                            "opportunity": opportunity},
                  status=form_status(form))


# --------------------------------------------------------------------------------------
# Mine: interests, placements, preferences
# --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    person = services.my_person(request.user)
    placements = services.my_placements(request.user)
    involving = paginate(request, services.placements_for(request.user)
                         .exclude(person_id=getattr(person, "pk", 0)), PAGE_SIZE,
                         "placement", "placements", param="involving_page")
    interests = paginate(request, services.my_interests(request.user), PAGE_SIZE,
                         "interest", "interests", param="interests_page")
    mine_paged = paginate(request, placements, PAGE_SIZE, "offer or placement",
                          "offers and placements", param="placements_page")
    record_read(actor=request.user, request=request, target_type="opportunities.placement",
                people=[*involving, *([person] if person else [])], what="my opportunities")
    return render(request, "opportunities/mine.jinja", {
        "person": person,
        "interests": interests,
        "interest_rows": presenters.my_interest_rows(interests),
        "placements": mine_paged,
        "placement_rows": presenters.placement_rows(mine_paged),
        "offers": presenters.placement_rows(placements.filter(status=PlacementStatus.OFFERED)),
        "involving": involving,
        "involving_rows": presenters.placement_rows(involving),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@for_my_person(services.my_person)
def preferences(request: HttpRequest, person: Person) -> HttpResponse:
    profile, conflicts = services.preferences_of(person)
    form = PreferencesForm(request.POST if request.method == "POST" else None,
                           initial=PreferencesForm.initial_from(profile, conflicts))
    if not adding(form) and save_form(request, form, lambda _: services.save_preferences(
            request.user, form.values(), request=request),
            "Your mobility choices have been saved"):
        return redirect("opportunities:mine")
    return render(request, "opportunities/preferences.jinja", {
        "form": form, "from_conversation": presenters.from_conversation(profile)})


# --------------------------------------------------------------------------------------
# Match runs
# --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def run_list(request: HttpRequest) -> HttpResponse:
    runs = paginate(request, services.visible_runs(request.user), PAGE_SIZE, "match run",
                    "match runs")
    mark_looked(request.user, "opportunities:runs")  # its finished runs leave the home page
    return render(request, "opportunities/runs.jinja", {
        "runs": runs, "can_run": bool(services.run_scope_choices(request.user))})


@login_required
@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest) -> HttpResponse:
    choices = services.run_scope_choices(request.user)
    policy.require(bool(choices), "run a match")
    form = RunForm(request.POST if request.method == "POST" else None, scope_choices=choices)

    def start(data):
        scope, system, region = services.parse_scope(data["scope"])
        return services.start_run(
            request.user, scope=scope, system=system, region=region, weights=form.weights(),
            release_cap=data["release_cap"],
            positive_action_group=data["positive_action_group"] or "", request=request)

    if saved := save_form(request, form, start, "The match run has started"):
        return redirect("opportunities:run", saved.value.pk)
    return render(request, "opportunities/run_new.jinja", {"form": form})


@login_required
@require_http_methods(["GET"])
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.get_run(request.user, pk)
    if not run.is_finished:
        work.sweep_quietly()  # a run whose worker died shows as failed, to retry
        run.refresh_from_db()
    context = {"run": run, "rows": presenters.run_rows(run), "finished": run.is_finished,
               "can_offer": policy.can_run_match(request.user, run.scope, run.system,
                                                 run.region),
               "can_retry": (run.status == RunStatus.FAILED
                             and policy.can_retry_run(request.user, run))}
    if run.status == RunStatus.SUCCEEDED:
        proposals = services.visible_proposals(request.user, run)
        page = Paginator(proposals, PROPOSALS_PAGE_SIZE).get_page(request.GET.get("page"))
        record_read(actor=request.user, request=request, target=run, people=page,
                    what="proposals", detail={"page": page.number})
        context.update(
            proposals=presenters.proposal_rows(page),
            proposals_text=results_text(page, "proposal", "proposals"),
            hidden=run.placements - proposals.count(),
            pagination=page_links(page, {}),
            comparison=presenters.comparison(run),
            exclusions=presenters.exclusion_rows(run),
            weights=presenters.weight_rows(run),
            fairness=presenters.fairness_tables(run),
            can_export=services.may_export(request.user, run),
        )
    return render(request, "opportunities/run.jinja", context)


@never_cache
@login_required
@require_http_methods(["GET"])
def run_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The run's status and percent, for the page's progressive enhancement."""
    run = services.get_run(request.user, pk)
    if not run.is_finished:
        work.sweep_quietly()
        run.refresh_from_db()
    return JsonResponse({"status": run.status, "progress": run.progress,
                         "message": run.progress_message, "finished": run.is_finished})


@login_required
@require_http_methods(["POST"])
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed run again (who may start a run at its scope)."""
    run = services.get_run(request.user, pk)
    carry_out(request, lambda: services.retry_run(request.user, run, request=request),
              f"Match run {run.pk} is waiting to start again", one_banner=True)
    return redirect("opportunities:run", run.pk)


@login_required
@require_http_methods(["GET"])
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = services.get_run(request.user, pk)
    try:
        archive = services.export_instance(request.user, run, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("opportunities:run", pk)
    return download(archive, "application/zip", f"match-run-{run.pk}.zip")


@login_required
@require_http_methods(["POST"])
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = visible_proposal(request.user, pk)
    if saved := carry_out(request, lambda: services.offer(request.user, proposal, request=request),
                          f"{proposal.opportunity.title} has been offered to "
                          f"{proposal.person.full_name}"):
        return redirect("opportunities:placement", saved.value.pk)
    return redirect("opportunities:run", proposal.run_id)


# --------------------------------------------------------------------------------------
# Placements
# --------------------------------------------------------------------------------------


def _placement_context(request, placement, **forms) -> dict:
    user = request.user
    status = placement.status
    return {
        "placement": placement,
        "rows": presenters.placement_summary(placement),
        "explanation": _explanation_for(user, placement),
        "can_respond": policy.is_the_leader(user, placement)
        and status == PlacementStatus.OFFERED,
        "can_decide_home": policy.can_approve_home(user, placement)
        and status == PlacementStatus.ACCEPTED and placement.home_decision == "pending",
        "can_decide_host": policy.can_approve_host(user, placement)
        and status == PlacementStatus.ACCEPTED and placement.host_decision == "pending",
        "can_reflect": policy.is_the_leader(user, placement)
        and status in (PlacementStatus.PLACED, PlacementStatus.COMPLETED),
        "can_feedback": policy.can_approve_host(user, placement)
        and status in (PlacementStatus.PLACED, PlacementStatus.COMPLETED),
        "respond_form": forms.get("respond_form") or RespondForm(),
        "home_form": forms.get("home_form") or DecisionForm(prefix="home"),
        "host_form": forms.get("host_form") or DecisionForm(prefix="host"),
        "reflection_form": forms.get("reflection_form") or ReflectionForm(
            prefix="reflection", initial={"text": placement.reflection}),
        "feedback_form": forms.get("feedback_form") or FeedbackForm(
            prefix="feedback", initial={"text": placement.host_feedback}),
    }


def _explanation_for(user, placement) -> str:
    proposal = placement.proposal
    if proposal is None:
        return ""
    if not policy.is_the_leader(user, placement):
        return in_third_person(proposal.explanation)
    text = proposal.explanation
    if proposal.positive_action:
        text += (" Positive action (Equality Act 2010 s.158/159) was used only as a tie-break "
                 "between candidates of equal merit.")
    return text


@login_required
@require_http_methods(["GET"])
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = services.get_placement(request.user, pk)
    record_read(actor=request.user, request=request, target=placement, people=[placement])
    return render(request, "opportunities/placement.jinja",
                  _placement_context(request, placement))


@login_required
@require_http_methods(["POST"])
def placement_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ("respond", "home", "host", "reflection", "feedback"):
        raise services.NotFound("No such action")
    placement = services.get_placement(request.user, pk)
    user = request.user
    if action == "respond":
        form, key = RespondForm(request.POST), "respond_form"
    elif action in ("home", "host"):
        form, key = DecisionForm(request.POST, prefix=action), f"{action}_form"
    elif action == "reflection":
        form, key = ReflectionForm(request.POST, prefix="reflection"), "reflection_form"
    else:
        form, key = FeedbackForm(request.POST, prefix="feedback"), "feedback_form"
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "respond":
                accepted = data["answer"] == "accept"
                services.respond(user, placement, accepted, data["reason"], request=request)
                text = ("You have accepted the offer. Both organisations will now be asked to "
                        "approve it." if accepted else "You have declined the offer")
            elif action in ("home", "host"):
                services.decide(user, placement, action, data["decision"] == "approve",
                                data["reason"], starts_on=data["starts_on"],
                                ends_on=data["ends_on"], request=request)
                text = "Your decision has been recorded"
            elif action == "reflection":
                services.complete(user, placement, reflection=data["text"], request=request)
                text = "Your reflection has been saved"
            else:
                services.complete(user, placement, host_feedback=data["text"], request=request)
                text = "The host's feedback has been saved"
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, text)
            return redirect(reverse("opportunities:placement", args=[pk]))
    placement.refresh_from_db()
    context = _placement_context(request, placement, **{key: form})
    context["form"] = form  # for the page title's "Error: "
    return render(request, "opportunities/placement.jinja", context, status=400)
