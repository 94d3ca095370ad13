"""The leadership compact's pages: commitments against what leaders report, managing the
commitments and pulse rounds, and a leader's pulse."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.grants import grants_for
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import found_or_404
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form
from talentbridge.organisations.models import Region

from . import compact
from . import exports
from . import policy
from . import presenters
from .forms import CommitmentForm
from .forms import PulseForm
from .forms import RoundForm


def _round(request):
    chosen = request.GET.get("round", "")
    rounds = list(compact.rounds())
    pulse = next((r for r in rounds if str(r.pk) == chosen), rounds[0] if rounds else None)
    return pulse, rounds


@login_required
@require_GET
def compact_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = compact.commitments(user)
    pulse, rounds = _round(request)
    figures = compact.figures(user, pulse) if pulse else []
    table = [presenters.figures_row(f) for f in figures]
    return render(request, "support/compact.jinja", {
        "pulse": pulse, "rounds": rounds, "table": table,
        "chart": presenters.chart(table, figures, f"Leaders who see each commitment in "
                                  f"practice, {pulse.name}") if pulse else "",
        "headings": presenters.AGREEMENT_HEADINGS, "commitments": rows,
        "manages": policy.can_manage_compact(user), "opens": policy.can_open_pulse(user),
        "answers": policy.can_answer_pulse(user), "open_round": compact.open_round_on(),
        "min_responses": compact.MIN_RESPONSES})


@login_required
@require_GET
def compact_export(request: HttpRequest, fmt: str) -> HttpResponse:
    pulse, _ = _round(request)
    pulse = found_or_404(pulse, "There is no pulse round yet.")
    figures = compact.figures(request.user, pulse)
    if fmt not in ("csv", "xlsx"):
        raise Http404(f"There is no {fmt} download.")
    made = exports.export_compact(request.user, pulse, figures, fmt, request=request)
    return download(made.content, made.content_type, made.filename)


def _regions(user):
    grants = grants_for(user)
    regions = Region.objects.order_by("name")
    return regions if grants.is_national_lead else regions.filter(pk__in=grants.lead_region_ids)


@login_required
@require_http_methods(["GET", "POST"])
@only_for(policy.can_manage_compact, "Only national and regional leads manage the compact.")
def commitment_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    commitment = compact.get_commitment(user, pk) if pk else None
    if commitment is not None and not policy.can_manage_commitment(user, commitment.region_id):
        raise PermissionDenied("Only national leads, and the regional leads of its region, "
                               "change this commitment.")
    initial = ({name: getattr(commitment, name) for name in compact.COMMITMENT_FIELDS}
               if commitment else {})
    if commitment is not None:
        initial["region"] = str(commitment.region_id or "")
    form = CommitmentForm(request.POST or None, initial=initial, regions=list(_regions(user)),
                          national=grants_for(user).is_national_lead)
    saved = save_form(request, form, lambda data: compact.save_commitment(
        user, commitment, data, request=request), "Commitment saved")
    if saved:
        return redirect("support:compact")
    return render(request, "support/commitment_form.jinja",
                  {"form": form, "commitment": commitment}, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
@only_for(policy.can_open_pulse, "Only national leads open a pulse round.")
def new_round(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    saved = save_form(request, form, lambda data: compact.open_round(
        request.user, request=request, **data), lambda r: f'Pulse round "{r.name}" opened')
    if saved:
        return redirect("support:compact")
    return render(request, "support/round_form.jinja", {"form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
@only_for(policy.can_answer_pulse, "Only chief executives and board members answer the pulse.")
def pulse(request: HttpRequest) -> HttpResponse:
    """The open round for a chief executive or board member: their own answers only."""
    user = request.user
    current = compact.open_round_on()
    me = compact.me(user)
    asked = compact.asked_of(me)
    answered = compact.my_answers(user, current) if current else {}
    form = PulseForm(request.POST or None, commitments=asked)
    if current is not None and not answered:
        saved = save_form(request, form, lambda data: compact.answer_pulse(
            user, current, form.answers(), request=request),
            "Thank you: your answers are recorded. Only you can see them.")
        if saved:
            return redirect("support:pulse")
    labels = dict(presenters.AGREEMENT_LABELS)
    return render(request, "support/pulse.jinja", {
        "current": current, "form": form,
        "answered": [(c.title, labels.get(answered.get(c.pk), "Not answered"))
                     for c in asked] if answered else []}, status=form_status(form))
