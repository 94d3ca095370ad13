"""Mentoring pages: "My mentoring" (a leader's offer, requests, conflicts and relationships),
a relationship's page, and the programme manager's matching and relationships. Thin views over
the services, which ask the policy and audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import ScopeLevel
from talentbridge.audit.services import record_read
from talentbridge.core.paging import paginate
from talentbridge.core.views import carry_out
from talentbridge.core.views import save_form
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region

from . import matching
from . import policy
from . import presenters
from . import scopes
from . import services
from .forms import ConfirmForm
from .forms import ConflictForm
from .forms import GoalForm
from .forms import GoalStatusForm
from .forms import MeetingForm
from .forms import OfferForm
from .forms import RequestForm
from .forms import ReviewForm
from .forms import RunForm

PER_PAGE = 20


def _require_use(user) -> None:
    if not policy.uses_mentoring(user):
        raise PermissionDenied("Mentoring is for leaders and programme managers.")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My mentoring: as mentee and as mentor, my offer, requests and declared conflicts."""
    user = request.user
    _require_use(user)
    context = {"manages": policy.is_programme_manager(user), "leader": False}
    if grants_for(user).person_id:
        as_mentee, as_mentor = services.my_relationships(user)
        requests = list(services.my_requests(user))
        context.update(leader=True, offer=services.my_offer(user), requests=requests,
                       as_mentee=[presenters.relationship_row(r, "mentee") for r in as_mentee],
                       as_mentor=[presenters.relationship_row(r, "mentor") for r in as_mentor],
                       conflicts=list(services.my_conflicts(user)))
        named = [r.mentor_id for r in as_mentee] + [r.mentee_id for r in as_mentor]
        if named:
            record_read(actor=user, request=request, people=named, what="my mentoring")
    return render(request, "mentoring/home.jinja", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest) -> HttpResponse:
    current = services.my_offer(request.user)
    form = OfferForm(request.POST or None, initial=OfferForm.initial_from(current))
    if save_form(request, form, lambda data: services.save_offer(
            request.user, **form.values(), request=request),
            "Your offer is saved", fields={"as_mentor": "support"}):
        return redirect("mentoring:home")
    return render(request, "mentoring/offer.jinja", {"form": form, "offer": current},
                  status=400 if form.is_bound else 200)


@login_required
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest) -> HttpResponse:
    services.my_requests(request.user)  # leaders only
    form = RequestForm(request.POST or None, initial={"kind": "mentor", "wants_outside": "yes"})
    if save_form(request, form, lambda data: services.make_request(
            request.user, **form.values(), request=request),
            "Your request is sent to the programme managers"):
        return redirect("mentoring:home")
    return render(request, "mentoring/request.jinja", {"form": form},
                  status=400 if form.is_bound else 200)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    carry_out(request, lambda: services.withdraw_request(request.user, pk, request=request),
              "Your request is withdrawn")
    return redirect("mentoring:home")


@login_required
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest) -> HttpResponse:
    form = ConflictForm(request.POST or None)
    if save_form(request, form, lambda data: services.declare_conflict(
            request.user, **form.values(), request=request),
            "You will never be matched with them", fields={"organisation": "organisation"}):
        return redirect("mentoring:home")
    return render(request, "mentoring/conflicts.jinja",
                  {"form": form, "conflicts": list(services.my_conflicts(request.user))},
                  status=400 if form.is_bound else 200)


# --------------------------------------------------------------------------------------
# Relationships
# --------------------------------------------------------------------------------------


def _relationship_page(request, relationship, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    context = {
        "relationship": relationship, **services.details(user, relationship),
        "goal_form": forms.get("goal_form") or GoalForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "review_form": forms.get("review_form") or ReviewForm(),
        "statuses": GoalStatusForm.base_fields["status"].choices,
        "me": grants_for(user).person_id,
    }
    context["reviewed"] = any(r.by_id == context["me"] for r in context["reviews"])
    return render(request, "mentoring/relationship.jinja", context, status=status)


@login_required
@require_GET
def relationship(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.get_relationship(request.user, pk, request=request)
    return _relationship_page(request, found)


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("mentoring:relationship", args=[pk]))


def _relationship_form(request: HttpRequest, pk: int, form_class, change, success: str,
                       form_name: str | None = None) -> HttpResponse:
    """Save a form posted on relationship ``pk``'s page through ``change(relationship, data)``
    and go back to the page, or show the page again (400) with the form as ``form_name``."""
    found = services.get_relationship(request.user, pk)
    form = form_class(request.POST)
    if save_form(request, form, lambda data: change(found, data), success):
        return _back(pk)
    return _relationship_page(request, found, 400, **({form_name: form} if form_name else {}))


@login_required
@require_POST
def add_goal(request: HttpRequest, pk: int) -> HttpResponse:
    return _relationship_form(request, pk, GoalForm, lambda found, data: services.add_goal(
        request.user, found, text=data["text"], request=request), "Goal added", "goal_form")


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    return _relationship_form(request, pk, GoalStatusForm, lambda found, data: (
        services.set_goal_status(request.user, found, data["goal"], status=data["status"],
                                 request=request)), "Goal updated")


@login_required
@require_POST
def add_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _relationship_form(request, pk, MeetingForm, lambda found, data: services.add_meeting(
        request.user, found, met_on=data["met_on"], notes=data["notes"], request=request),
        "Meeting recorded", "meeting_form")


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.get_relationship(request.user, pk)
    carry_out(request, lambda: services.end_relationship(request.user, found, request=request),
              "The relationship has ended. You can now review it.")
    return _back(pk)


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _relationship_form(request, pk, ReviewForm, lambda found, data: services.review(
        request.user, found, goals_met=data["goals_met"],
        would_recommend=data["would_recommend"] == "yes", comments=data["comments"],
        request=request), "Thank you for your review", "review_form")


# --------------------------------------------------------------------------------------
# Programme managers: matching and relationships in scope
# --------------------------------------------------------------------------------------


def _scope_choices(user) -> list[tuple[str, str]]:
    choices = []
    for held in grants_for(user).scopes_of(Role.PROGRAMME_MANAGER):
        if held.scope_level == ScopeLevel.ENGLAND:
            choices.append((scopes.ENGLAND, "England"))
        elif held.scope_level == ScopeLevel.REGION:
            region = Region.objects.get(pk=held.region_id)
            choices.append((region.code, region.name))
        elif held.scope_level == ScopeLevel.SYSTEM:
            system = IntegratedCareSystem.objects.get(pk=held.system_id)
            choices.append((system.code, system.short_name))
        else:
            organisation = Organisation.objects.get(pk=held.organisation_id)
            choices.append((organisation.ods_code, organisation.display_name))
    return choices


def _require_manager(user) -> None:
    if not policy.is_programme_manager(user):
        raise PermissionDenied("Only programme managers match mentors and mentees.")


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    """Open requests and active offers of the programme manager's scope, and matching runs."""
    user = request.user
    _require_manager(user)
    choices = _scope_choices(user)
    form = RunForm(request.POST or None, scopes=choices,
                   initial={"scope": choices[0][0] if choices else ""})
    saved = save_form(request, form, lambda data: matching.run_matching(
        user, data["scope"], request=request), "Matching finished: compare the two methods")
    if saved:
        return redirect("mentoring:run", saved.value.pk)
    code = request.GET.get("scope") or (choices[0][0] if choices else scopes.ENGLAND)
    scope = scopes.resolve(code if code in dict(choices) else choices[0][0])
    offers, requests = services.offers_and_requests_in(user, scope)
    requests_page = paginate(request, requests, PER_PAGE, "request", "requests")
    offers_page = paginate(request, offers, PER_PAGE, "offer", "offers", param="offers_page")
    runs_page = paginate(request, matching.runs_for(user), PER_PAGE, "run", "runs",
                         param="runs_page")
    people = [r.person_id for r in requests_page] + [o.person_id for o in offers_page]
    if people:
        record_read(actor=user, request=request, people=people,
                    what="mentoring requests and offers")
    return render(request, "mentoring/manage.jinja", {
        "form": form, "scope": scope, "choices": choices, "requests": requests_page,
        "offers": offers_page, "runs": runs_page, "domain": presenters.domain_names,
    }, status=400 if form.is_bound else 200)


@login_required
@require_GET
def run(request: HttpRequest, pk: int) -> HttpResponse:
    found = matching.get_run(request.user, pk)
    by_method = matching.proposals(request.user, found, request=request)
    return render(request, "mentoring/run.jinja", {
        "run": found, "summary": found.summary, "stable": by_method["stable"],
        "optimal": by_method["optimal"], "form": ConfirmForm(),
        "blocking": presenters.blocking(found.summary)})


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    found = matching.get_run(request.user, pk)
    form = ConfirmForm(request.POST)
    save_form(request, form, lambda data: matching.confirm(
        request.user, found, data["method"], request=request),
        lambda made: f"{len(made)} {'pair is' if len(made) == 1 else 'pairs are'} confirmed "
                     "and both people told")
    if form.errors:
        by_method = matching.proposals(request.user, found)
        return render(request, "mentoring/run.jinja", {
            "run": found, "summary": found.summary, "stable": by_method["stable"],
            "optimal": by_method["optimal"], "form": form,
            "blocking": presenters.blocking(found.summary)}, status=400)
    return redirect("mentoring:run", pk)


@login_required
@require_GET
def relationships(request: HttpRequest) -> HttpResponse:
    """The programme manager's relationships in scope: who, since when, meetings held."""
    rows = services.relationships_in_scope(request.user)
    page = paginate(request, rows, PER_PAGE, "relationship", "relationships")
    named = [p for r in page for p in (r.mentor_id, r.mentee_id)]
    if named:
        record_read(actor=request.user, request=request, people=named,
                    what="mentoring relationships in scope")
    return render(request, "mentoring/relationships.jinja", {
        "page": page, "rows": [presenters.relationship_row(r, "") for r in page]})
