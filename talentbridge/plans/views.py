"""Development plan pages: the leader's own plan (in My profile), a report's plan for their
manager, adding and changing actions and writing progress updates. Thin views over the
services, which ask the plans policy and audit."""

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

from talentbridge.audit.services import record_read
from talentbridge.core.forms import nhs_date
from talentbridge.core.paging import paginate
from talentbridge.core.views import form_status
from talentbridge.core.views import found_or_404
from talentbridge.core.views import save_form
from talentbridge.opportunities.models import Interest
from talentbridge.people.services import my_person
from talentbridge.programmes.models import Programme
from talentbridge.talent.conversations import services as conversation_services

from . import gaps
from . import policy
from . import presenters
from . import services
from .forms import ActionForm
from .forms import UpdateForm

PER_PAGE = 20


def _plan_page(request: HttpRequest, person, *, is_self: bool) -> HttpResponse:
    user = request.user
    actions = paginate(request, services.actions_of(user, person), PER_PAGE,
                       "action", "actions")
    services.record_plan_read(user, person, request=request)
    plan = services.plan_of(user, person)
    return render(request, "plans/plan.jinja", {
        "person": person, "is_self": is_self, "plan": plan, "actions": actions,
        "rows": [presenters.action_row(a) for a in actions],
        "gaps": gaps.lcf_gaps(user, person),
        "may_add": policy.can_add_action(user, person),
        "started": nhs_date(plan.starts_on) if plan else "",
    })


@login_required
@require_GET
def my_plan(request: HttpRequest) -> HttpResponse:
    person = found_or_404(my_person(request.user),
                          "You have no leader's profile, so no development plan")
    return _plan_page(request, person, is_self=True)


@login_required
@require_GET
def person_plan(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = services.get_person(request.user, person_pk)
    if policy.is_the_person(request.user, person):
        return redirect("plans:mine")
    return _plan_page(request, person, is_self=False)


def _plan_url(user, person) -> str:
    if policy.is_the_person(user, person):
        return reverse("plans:mine")
    return reverse("plans:person", args=[person.pk])


def _choices(user, person) -> dict:
    conversations = [(str(c.pk), f"Career conversation of {nhs_date(c.held_on)}")
                     for c in conversation_services.conversations_for(user, person)
                     if c.held_on]
    opportunities = [(str(i.opportunity_id), i.opportunity.title)
                     for i in Interest.objects.visible_to(user).filter(person=person)
                     .select_related("opportunity").order_by("-created_at")]
    programmes = [(str(p.pk), p.name) for p in Programme.objects.order_by("name")]
    return {"conversations": conversations, "opportunities": opportunities,
            "programmes": programmes}


@login_required
@require_http_methods(["GET", "POST"])
def add_action(request: HttpRequest, person_pk: int) -> HttpResponse:
    user = request.user
    person = services.get_person(user, person_pk)
    if not policy.can_add_action(user, person):
        raise PermissionDenied("Only the person and whoever holds their career conversations "
                               "add actions to their plan.")
    initial = {"lcf_domain": request.GET.get("domain", "")}
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial,
                      **_choices(user, person))
    if save_form(request, form, lambda _: services.add_action(
            user, person, form.values(), request=request),
            lambda a: f"“{a.title}” has been added to the development plan"):
        return redirect(_plan_url(user, person))
    record_read(actor=user, request=request, people=[person.pk], what="adding a plan action")
    return render(request, "plans/action_form.jinja", {
        "person": person, "form": form, "is_self": policy.is_the_person(user, person),
        "back": _plan_url(user, person), "heading": "Add an action",
        "submit_text": "Add the action",
    }, status=form_status(form))


@login_required
@require_GET
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = services.get_action(user, pk, request=request)
    person = action.plan.person
    return render(request, "plans/action.jinja", {
        "action": action, "row": presenters.action_row(action), "person": person,
        "updates": services.updates_of(user, action),
        "may_change": policy.can_change_action(user, action),
        "back": _plan_url(user, person), "is_self": policy.is_the_person(user, person),
    })


def _changeable(request: HttpRequest, pk: int):
    action = services.get_action(request.user, pk, request=request)
    if not policy.can_change_action(request.user, action):
        raise PermissionDenied("Only the person and whoever holds their career conversations "
                               "change the actions of their plan.")
    return action


@login_required
@require_http_methods(["GET", "POST"])
def edit_action(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = _changeable(request, pk)
    person = action.plan.person
    initial = {"title": action.title, "success": action.success, "due_on": action.due_on,
               "lcf_domain": action.lcf_domain or "", "conversation": action.conversation_id,
               "opportunity": action.opportunity_id, "programme": action.programme_id}
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial,
                      **_choices(user, person))
    if action.opportunity_id and action.opportunity:
        choices = form.fields["opportunity"].choices
        if str(action.opportunity_id) not in {c for c, _ in choices}:
            form.fields["opportunity"].choices = [*choices, (str(action.opportunity_id),
                                                             action.opportunity.title)]
    if save_form(request, form, lambda _: services.change_action(
            user, action, form.values(), request=request),
            lambda a: f"“{a.title}” has been saved"):
        return redirect("plans:action", pk=action.pk)
    return render(request, "plans/action_form.jinja", {
        "person": person, "form": form, "is_self": policy.is_the_person(user, person),
        "back": reverse("plans:action", args=[action.pk]), "heading": "Change the action",
        "submit_text": "Save the action",
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def update_progress(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = _changeable(request, pk)
    form = UpdateForm(request.POST if request.method == "POST" else None,
                      initial={"progress": action.progress,
                               "percent": "" if action.percent is None else action.percent})
    if save_form(request, form, lambda data: services.add_update(
            user, action, data, request=request),
            f"Progress on “{action.title}” has been saved"):
        return redirect("plans:action", pk=action.pk)
    return render(request, "plans/progress.jinja", {
        "action": action, "person": action.plan.person, "form": form,
        "back": reverse("plans:action", args=[action.pk]),
    }, status=form_status(form))
