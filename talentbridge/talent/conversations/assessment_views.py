"""LCF assessment pages: starting a round, its summary (self vs line manager vs others, gaps),
inviting and reminding raters, the line manager's approval of invitations to addresses that
are not NHS work addresses, the self and line manager questionnaires, closing, and the rater's
page reached from the e-mailed link without signing in.

Nothing derived from the raters' answers shows while the round is open, not even how many
answered (assessment_services says why). The rater's page never shows who else was asked or
what they said, and refuses a used, unknown, closed or expired link with a plain message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentbridge.audit.services import record_read
from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.views import carry_out
from talentbridge.core.views import form_status
from talentbridge.core.views import refuse_unless
from talentbridge.core.views import save_form
from talentbridge.talent.conversations import assessment_presenters as presenters
from talentbridge.talent.conversations import assessment_services as services
from talentbridge.talent.conversations import policy
from talentbridge.talent.conversations.forms import InviteRatersForm
from talentbridge.talent.conversations.forms import OpenAssessmentForm
from talentbridge.talent.conversations.forms import RatingsForm
from talentbridge.talent.conversations.views import _person
from talentbridge.talent.frameworks import LCF_SCORE
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.models import RaterKind

KINDS = {"self": RaterKind.SELF, "line-manager": RaterKind.LINE_MANAGER}
SCALE = [(label, LCF_SCORE[LcfFrequency(value)]) for value, label in LcfFrequency.choices]


def _round(request: HttpRequest, pk: int, audit: bool = False):
    return services.get_round(request.user, pk, request=request, audit=audit)


def _rater_links(request: HttpRequest):
    """The absolute link a rater's e-mail carries, for a token."""
    return lambda token: request.build_absolute_uri(reverse("talent:rater", args=[token]))


def _organisers_only(allowed: bool, doing: str) -> None:
    """Refuse (403) unless ``allowed``: those who organise a person's assessment are the person,
    their line manager and the talent leads of their organisation; ``doing`` says what only
    they can do."""
    refuse_unless(allowed, "Only the person, their line manager or a talent lead of their "
                           f"organisation can {doing}.")


def _link_refused(request: HttpRequest, refused) -> HttpResponse:
    return render(request, "talent/assessments/rater_refused.jinja",
                  {"message": refused.message, "hide_navigation": True}, status=410)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    _organisers_only(policy.can_open_assessment(request.user, person),
                     "start an assessment for them")
    form = OpenAssessmentForm(request.POST if request.method == "POST" else None)
    if saved := save_form(request, form, lambda data: services.open_round(
            request.user, person, closes_on=data["closes_on"], request=request),
            "The assessment has been started. Now invite raters."):
        return redirect("talent:assessment", saved.value.pk)
    return render(request, "talent/assessments/new.jinja", {"form": form, "person": person},
                  status=form_status(form))


@never_cache
@login_required
@require_http_methods(["GET"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _round(request, pk, audit=True)
    user = request.user
    is_open = services.is_open(assessment_round)
    return render(request, "talent/assessments/detail.jinja", {
        "round": assessment_round,
        "person": assessment_round.person,
        "is_open": is_open,
        "status": presenters.round_status(assessment_round, is_open),
        "raters": presenters.raters_text(assessment_round),
        "rows": presenters.summary_rows(services.summary(user, assessment_round)),
        "min_raters": services.MIN_RATERS_FOR_RESULT,
        "awaiting": services.awaiting_approval(user, assessment_round),
        "may_invite": is_open and policy.can_invite_raters(user, assessment_round),
        "may_close": is_open and policy.can_close_assessment(user, assessment_round),
        "may_rate_self": is_open and policy.can_rate_as_self(user, assessment_round),
        "may_rate_manager": is_open and policy.can_rate_as_line_manager(user, assessment_round),
        "threshold": services.STRENGTH_THRESHOLD,
        "scale": SCALE,
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def assessment_invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _round(request, pk)
    _organisers_only(policy.can_invite_raters(request.user, assessment_round), "invite raters")
    form = InviteRatersForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        invitations = form.invitations()
        try:
            invited = services.invite_raters(request.user, assessment_round, invitations,
                                             request=request, link_for=_rater_links(request))
        except ValidationError as error:
            for key, field_errors in error.message_dict.items():
                target = "rater_kind" if key.endswith("rater_kind") else (
                    None if key == "round" else "emails")
                for message in field_errors:
                    form.add_error(target, message)
        else:
            messages.success(request, _invited_message(assessment_round, invited))
            return redirect("talent:assessment", assessment_round.pk)
    record_read(actor=request.user, request=request, target=assessment_round,
                people=[assessment_round.person_id], what="invite raters")
    return render(request, "talent/assessments/invite.jinja", {
        "form": form, "round": assessment_round, "person": assessment_round.person,
        "promise": services.invitation_promise(assessment_round.person),
    }, status=form_status(form))


def _invited_message(assessment_round, invited) -> str:
    waiting = sum(1 for a in invited if a.awaiting_approval)
    sent = len(invited) - waiting
    text = (f"{sent} {'rater has' if sent == 1 else 'raters have'} been sent an e-mail with a "
            "link to answer")
    if waiting:
        manager = assessment_round.person.line_manager
        text += (f". {waiting} {'address is' if waiting == 1 else 'addresses are'} not an NHS "
                 f"work address and {'waits' if waiting == 1 else 'wait'} for "
                 f"{manager.full_name}'s approval (as line manager) before the link is sent")
    return text


@login_required
@require_http_methods(["POST"])
def assessment_approve(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    """The line manager approves or refuses one invitation waiting for approval."""
    assessment_round = _round(request, pk)
    approve = request.POST.get("decision") == "approve"
    carry_out(request, lambda: services.decide_invitation(
        request.user, assessment_round, invitation_pk, approve, request=request,
        link_for=_rater_links(request)),
        "The invitation has been approved and the link sent" if approve
        else "The invitation has been refused; nothing was sent")
    return redirect("talent:assessment", assessment_round.pk)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def assessment_rate(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("No such questionnaire")
    assessment_round = _round(request, pk)
    rater_kind = KINDS[kind]
    allowed = (policy.can_rate_as_self if rater_kind == RaterKind.SELF
               else policy.can_rate_as_line_manager)(request.user, assessment_round)
    refuse_unless(allowed, "Only the person gives the self-assessment, and only their line "
                           "manager the line manager's assessment.")
    form = RatingsForm(
        request.POST if request.method == "POST" else None,
        initial=RatingsForm.initial_from(
            services.own_answers(request.user, assessment_round, rater_kind)))
    if save_form(request, form, lambda _: services.submit_ratings(
            request.user, assessment_round, rater_kind, form.ratings(), request=request),
            "Your answers have been saved"):
        return redirect("talent:assessment", assessment_round.pk)
    record_read(actor=request.user, request=request, target=assessment_round,
                people=[assessment_round.person_id], what=f"{kind} questionnaire")
    return render(request, "talent/assessments/rate.jinja", {
        "form": form, "round": assessment_round, "person": assessment_round.person,
        "is_self": rater_kind == RaterKind.SELF, "scale": SCALE,
        "back_href": reverse("talent:assessment", args=[pk]),
    }, status=form_status(form))


@login_required
@require_http_methods(["POST"])
def assessment_remind(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _round(request, pk)
    carry_out(request, lambda: services.remind_raters(
        request.user, assessment_round, request=request, link_for=_rater_links(request)),
        "A reminder with a new link has been sent to everyone invited who had not answered yet")
    return redirect("talent:assessment", assessment_round.pk)


def _confirm_close(request: HttpRequest, pk: int) -> Confirmation:
    assessment_round = _round(request, pk)
    refuse_unless(policy.can_close_assessment(request.user, assessment_round),
                  "Only whoever may close this assessment can close it.")
    _round(request, pk, audit=True)  # the page names the person: a read of the assessment
    return Confirmation(
        question=f"close the assessment of {assessment_round.person.full_name}",
        button="Close the assessment", caption=assessment_round.person.full_name,
        back_href=reverse("talent:assessment", args=[pk]),
        details=["Closing stops any more answers, including from raters who have not "
                 "answered yet, and shows the results to those who may see them."])


@confirmed_action(_confirm_close)
def assessment_close(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _round(request, pk)
    carry_out(request, lambda: services.close_round(request.user, assessment_round,
                                                    request=request),
              "The assessment has been closed. No more answers can be given.")
    return redirect("talent:assessment", assessment_round.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def rater(request: HttpRequest, token: str) -> HttpResponse:
    """The multi-rater's questionnaire, reached from the e-mailed link without signing in."""
    try:
        invitation = services.rater_invitation(token)
    except services.RaterLinkRefused as refused:
        return _link_refused(request, refused)
    form = RatingsForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.submit_rater(token, form.ratings())
        except services.RaterLinkRefused as refused:
            return _link_refused(request, refused)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return render(request, "talent/assessments/rater_done.jinja", {
                "person": invitation.round.person, "hide_navigation": True,
                "promise": services.invitation_promise(invitation.round.person)})
    # Anonymous, like the answer: the trail says a rater's link was opened, not whose.
    record_read(actor=None, request=request, target=invitation.round,
                people=[invitation.round.person_id], what="rater's link")
    return render(request, "talent/assessments/rater.jinja", {
        "form": form, "person": invitation.round.person, "round": invitation.round,
        "scale": SCALE, "promise": services.invitation_promise(invitation.round.person),
        "hide_navigation": True,
    }, status=form_status(form))
