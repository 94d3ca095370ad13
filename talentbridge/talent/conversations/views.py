"""Career conversation pages: my talent page, a person's talent page (conversations,
assessments, profile), starting and recording a conversation, the person's reflection, one
conversation, and the administrators' readiness levels.

Views are thin: services ask the policy and do the work; presenters shape what is shown. A
person or conversation the user may not see is a 404; an action they may not take is a 403.
Every page works without JavaScript.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentbridge.audit.services import record_read
from talentbridge.core.paging import paginate
from talentbridge.core.views import form_status
from talentbridge.core.views import found_or_404
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form
from talentbridge.people import services as people_services
from talentbridge.people.models import Person
from talentbridge.people.views import for_my_person
from talentbridge.talent.conversations import assessment_presenters
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import policy
from talentbridge.talent.conversations import presenters
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.forms import ConversationForm
from talentbridge.talent.conversations.forms import ReadinessLevelForm
from talentbridge.talent.conversations.forms import ReflectionForm
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import TalentProfile

#: Conversations, and assessments, a page on a person's talent page.
PAGE_SIZE = 20


def _person(request: HttpRequest, pk: int) -> Person:
    try:
        return people_services.get_person(request.user, pk, request=request)
    except people_services.PersonNotFound:
        raise Http404("No such person") from None


def _talent_page(request: HttpRequest, person: Person, *, is_self: bool) -> HttpResponse:
    user = request.user
    conversations = paginate(request, conversation_services.conversations_for(user, person),
                             PAGE_SIZE, "conversation", "conversations",
                             param="conversations_page")
    rounds = paginate(request, assessment_services.rounds_for(user, person), PAGE_SIZE,
                      "assessment", "assessments", param="assessments_page")
    profile = (TalentProfile.objects.visible_to(user).select_related("readiness")
               .filter(person=person).first())
    return render(request, "talent/conversations/person.jinja", {
        "person": person,
        "is_self": is_self,
        "conversations": conversations,
        "rows": presenters.conversation_rows(conversations),
        "profile_rows": presenters.profile_rows(profile),
        "rounds": rounds,
        "round_rows": assessment_presenters.round_rows(rounds),
        "can_hold": policy.can_hold_conversation(user, person),
        "can_open_assessment": policy.can_open_assessment(user, person),
    })


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    """The talent hub: links to what this user can use (talent reviews and pools are the
    other part of the app; their links are resolved by name, so either part can move)."""
    user = request.user
    return render(request, "talent/conversations/home.jinja", {
        "has_profile": people_services.my_person(user) is not None,
        "may_search": policy.can_search_talent(user),
        "may_edit_readiness": policy.can_edit_readiness_levels(user),
    })


@login_required
@require_http_methods(["GET"])
@for_my_person()
def my_talent(request: HttpRequest, person: Person) -> HttpResponse:
    record_read(actor=request.user, request=request, target=person, people=[person],
                what="my talent page")
    return _talent_page(request, person, is_self=True)


@login_required
@require_http_methods(["GET"])
def person_talent(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    if person.user_id == request.user.pk:
        return redirect("talent:my-talent")
    return _talent_page(request, person, is_self=False)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conversation_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    if not policy.can_hold_conversation(request.user, person):
        raise PermissionDenied("Only the person's line manager, or a talent lead of their "
                               "organisation, can hold a career conversation with them.")
    recording = request.POST.get("action") != "prepare"
    form = ConversationForm(request.POST if request.method == "POST" else None,
                            recording=recording)
    done = ("been recorded" if recording
            else "been started. They can now add their reflection")
    if saved := save_form(request, form, lambda _: conversation_services.start_conversation(
            request.user, person, form.service_values(), record_now=recording, request=request),
            f"The career conversation with {person.full_name} has {done}"):
        return redirect("talent:conversation", saved.value.pk)
    return render(request, "talent/conversations/form.jinja", {
        "form": form, "person": person, "conversation": None,
        "back_href": reverse("talent:person-talent", args=[person.pk]),
    }, status=form_status(form))


@never_cache
@login_required
@require_http_methods(["GET"])
def conversation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = conversation_services.get_conversation(request.user, pk, request=request)
    user = request.user
    may_record = policy.can_record(user, conversation)
    return render(request, "talent/conversations/detail.jinja", {
        "conversation": conversation,
        "person": conversation.person,
        "is_self": conversation.person.user_id == user.pk,
        "record_rows": presenters.conversation_record_rows(
            conversation,
            change_href=reverse("talent:conversation-record", args=[pk]) if may_record else ""),
        "show_private_notes": not conversation.private_notes_hidden,
        "may_record": may_record,
        "may_reflect": policy.can_write_reflection(user, conversation),
    })


def _conversation_to_change(request: HttpRequest, pk: int, may, refusal: str):
    """The conversation, if the policy check ``may`` lets the user change it (else 403 with
    ``refusal``); not audited here, as the form page records its own read."""
    conversation = conversation_services.get_conversation(request.user, pk, request=request,
                                                          audit=False)
    if not may(request.user, conversation):
        raise PermissionDenied(refusal)
    return conversation


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conversation_record(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation_to_change(
        request, pk, policy.can_record, "Only the person who holds the conversation records it.")
    recording = request.POST.get("action") != "prepare"
    form = ConversationForm(request.POST if request.method == "POST" else None,
                            recording=recording,
                            initial=ConversationForm.initial_from(conversation))

    def record(data):
        values = form.service_values() if recording else {
            k: data[k] for k in ("manager_preparation", "private_notes")}
        return conversation_services.update_conversation(
            request.user, conversation, values, record_now=recording, request=request)

    if save_form(request, form, record, "The career conversation has been recorded"
                 if recording else "Your preparation has been saved"):
        return redirect("talent:conversation", conversation.pk)
    record_read(actor=request.user, request=request, target=conversation,
                people=[conversation.person_id], what="record form")
    return render(request, "talent/conversations/form.jinja", {
        "form": form, "person": conversation.person, "conversation": conversation,
        "back_href": reverse("talent:conversation", args=[pk]),
    }, status=form_status(form))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conversation_reflection(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = _conversation_to_change(
        request, pk, policy.can_write_reflection,
        "Only the person themselves writes their reflection.")
    form = ReflectionForm(request.POST if request.method == "POST" else None,
                          initial={"individual_reflection": conversation.individual_reflection})
    if save_form(request, form, lambda data: conversation_services.update_conversation(
            request.user, conversation, data, request=request), "Your reflection has been saved"):
        return redirect("talent:conversation", conversation.pk)
    record_read(actor=request.user, request=request, target=conversation,
                people=[conversation.person_id], what="reflection form")
    return render(request, "talent/conversations/reflection.jinja", {
        "form": form, "conversation": conversation,
    }, status=form_status(form))


# --------------------------------------------------------------------------------------
# Readiness levels
# --------------------------------------------------------------------------------------


#: Only administrators see and change the readiness levels.
_readiness_editors_only = only_for(policy.can_edit_readiness_levels,
                                   "Only administrators change readiness levels.")


@login_required
@require_http_methods(["GET"])
@_readiness_editors_only
def readiness_levels(request: HttpRequest) -> HttpResponse:
    return render(request, "talent/conversations/readiness_list.jinja", {
        "levels": ReadinessLevel.objects.order_by("order", "pk"),
    })


@login_required
@require_http_methods(["GET", "POST"])
@_readiness_editors_only
def readiness_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    level = None
    if pk is not None:
        level = found_or_404(ReadinessLevel.objects.filter(pk=pk).first(),
                             "No such readiness level")
    initial = ({"label": level.label, "order": level.order, "is_active": level.is_active}
               if level else {"is_active": True})
    form = ReadinessLevelForm(request.POST if request.method == "POST" else None,
                              level=level, initial=initial)
    if save_form(request, form, lambda data: conversation_services.save_readiness_level(
            request.user, level, data, request=request),
            lambda saved: f"Readiness level \u201c{saved.label}\u201d has been saved"):
        return redirect("talent:readiness-levels")
    return render(request, "talent/conversations/readiness_form.jinja", {
        "form": form, "level": level,
    }, status=form_status(form))
