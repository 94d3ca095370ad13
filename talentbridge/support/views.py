"""Support pages: early warnings, a regional lead's leaders, one leader's check-ins and
offers, a leader's own support page, and the leadership compact with its pulse. Thin views
over the services, which ask the policy and audit."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from talentbridge.accounts.grants import grants_for
from talentbridge.audit.services import record_read
from talentbridge.core.paging import paginate
from talentbridge.core.views import carry_out
from talentbridge.core.views import form_status
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form

from . import compact
from . import policy
from . import presenters
from . import services
from . import warnings
from .forms import AnswerOfferForm
from .forms import CheckInForm
from .forms import OfferForm

PAGE_SIZE = 20


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Early warnings for regional and national leads, and the "forced out" counts."""
    user = request.user
    if not policy.can_view_warnings(user):
        if policy.can_view_compact(user):
            return redirect("support:compact")
        raise PermissionDenied("Only regional and national talent leads see early warnings.")
    found = warnings.warnings_for(user, request=request)
    names = warnings.organisation_names({w.organisation_id for w in found})
    rows = paginate(request, [presenters.warning_row(w, names) for w in found], PAGE_SIZE,
                    "early warning", "early warnings")
    since, counts = warnings.forced_out_counts(user)
    return render(request, "support/home.jinja", {
        "rows": rows, "since": since, "counts": counts,
        "supports": policy.supports_anyone(user)})


@login_required
@require_GET
@only_for(policy.supports_anyone, "Only regional talent leads hold check-ins.")
def leaders(request: HttpRequest) -> HttpResponse:
    """The chief executives and board members of the regions the user leads."""
    user = request.user
    people = services.leaders_in_regions(grants_for(user).lead_region_ids)
    page = paginate(request, people, PAGE_SIZE, "leader", "leaders")
    last = services.last_check_ins([p.pk for p in page])
    record_read(actor=user, request=request, people=list(page), what="leaders supported")
    return render(request, "support/leaders.jinja", {
        "page": page, "rows": [{"person": p, "last": presenters.day(last.get(p.pk))}
                               for p in page]})


@login_required
@require_GET
def leader(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = services.leader_for_viewing(user, person_id)
    check_ins = paginate(request, services.check_ins_of(user, person, request=request),
                         PAGE_SIZE, "check-in", "check-ins", param="check_ins_page")
    offers = paginate(request, services.offers_of(user, person), PAGE_SIZE, "offer",
                      "offers", param="offers_page")
    return render(request, "support/leader.jinja", {
        "person": person, "region": services.region_name(person),
        "check_ins": check_ins, "check_in_rows": [presenters.check_in_row(c)
                                                  for c in check_ins],
        "offers": offers, "offer_rows": [presenters.offer_row(o) for o in offers],
        "records": policy.can_record_support(user, person), "mine": False})


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """A leader's own check-ins (with notes) and offers: My profile's "Support"."""
    grants = grants_for(request.user)
    if grants.person_id is None or not policy.is_board_leader(grants.person_id):
        return render(request, "support/mine.jinja", {"person": None})
    person = services.board_leader(grants.person_id)
    check_ins = paginate(request, services.check_ins_of(request.user, person, request=request),
                         PAGE_SIZE, "check-in", "check-ins", param="check_ins_page")
    offers = paginate(request, services.offers_of(request.user, person), PAGE_SIZE, "offer",
                      "offers", param="offers_page")
    return render(request, "support/mine.jinja", {
        "person": person, "check_ins": check_ins,
        "check_in_rows": [presenters.check_in_row(c) for c in check_ins], "offers": offers,
        "offer_rows": [presenters.offer_row(o) for o in offers], "mine": True,
        "answer_form": AnswerOfferForm(), "pulse": compact.open_round_on()})


def _leader_form_page(form_class, record, success: Callable[[object], str], template: str,
                      refusal: str):
    """The page of a form about a board leader, for regional talent leads (``refusal`` for
    anyone else): a valid post is saved through the service ``record`` and goes back to the
    leader's page (``success(person)`` says so); else ``template`` shows the form (400 with
    its errors)."""
    @login_required
    @require_http_methods(["GET", "POST"])
    def leader_form(request: HttpRequest, person_id: int) -> HttpResponse:
        person = services.board_leader(person_id)
        if not policy.supports_anyone(request.user):
            raise PermissionDenied(refusal)
        form = form_class(request.POST or None)
        if save_form(request, form, lambda data: record(
                request.user, person, request=request, **data),
                success(person), fields={"leader": "__all__"}):
            return redirect("support:leader", person.pk)
        return render(request, template, {"form": form, "person": person},
                      status=form_status(form))
    return leader_form


new_check_in = _leader_form_page(
    CheckInForm, services.record_check_in,
    lambda person: f"Check-in with {person.full_name} recorded",
    "support/check_in_form.jinja", refusal="Only regional talent leads record check-ins.")

new_offer = _leader_form_page(
    OfferForm, services.offer_support,
    lambda person: f"Support offer to {person.full_name} recorded",
    "support/offer_form.jinja", refusal="Only regional talent leads offer support.")


@login_required
@require_POST
def answer_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = services.get_offer(request.user, pk)
    form = AnswerOfferForm(request.POST)
    status = form.data.get("status", "")
    carry_out(request, lambda: services.answer_offer(request.user, offer, status=status,
                                                     request=request),
              "Your answer is recorded" if offer.leader.user_id == request.user.pk
              else "The answer is recorded")
    if grants_for(request.user).person_id == offer.leader_id:
        return redirect("support:mine")
    return redirect("support:leader", offer.leader_id)
