"""People pages: my profile, editing it, my protected characteristics, my career history,
searching people in scope and viewing one person.

Every read of person-level data goes through talentbridge.people.services (the access policy
and the audit trail). A person the user may not see is a 404, so that their existence does not
leak; a person they may see but not change is a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.services import is_administrator
from talentbridge.accounts.services import require_administrator
from talentbridge.accounts.services import role_labels
from talentbridge.audit.services import record_read
from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.forms import add_service_errors
from talentbridge.core.forms import nhs_date
from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text
from talentbridge.core.views import found_or_404

from . import moves
from . import presenters
from . import services
from .forms import CareerEntryForm
from .forms import CharacteristicsForm
from .forms import CharacteristicsReasonForm
from .forms import MoveForm
from .forms import PeopleSearchForm
from .forms import ProfileForm
from .forms import VisibilityResetForm
from .models import Person
from .move_policy import may_record_move
from .policy import Action
from .policy import can

PAGE_SIZE = 50


def _person_or_404(request: HttpRequest, pk: int, action: Action = Action.VIEW_PROFILE
                   ) -> Person:
    try:
        return services.get_person(request.user, pk, request=request, action=action)
    except services.PersonNotFound:
        raise Http404("No such person") from None


def no_profile(request: HttpRequest) -> HttpResponse:
    """"My profile" for someone whose account has no person record: their roles, their scope
    and links to their work (a page, not an error). The other apps' "me" pages use it too."""
    return render(request, "people/no_profile.jinja", {"roles": role_labels(request.user)})


def for_my_person(find: Callable[[object], Person | None] = services.my_person):
    """A page about the signed-in user's own person record, which the view gets after the
    request (``view(request, person, ...)``); an account without one sees `no_profile`.
    ``find`` looks the record up for the user (an app may use its own)."""
    def wrap(view):
        @wraps(view)
        def with_person(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            person = find(request.user)
            if person is None:
                return no_profile(request)
            return view(request, person, *args, **kwargs)
        return with_person
    return wrap


def _detail_context(request: HttpRequest, person: Person, reason_form=None,
                    reset_form=None) -> dict:
    user = request.user
    can_edit = can(user, Action.EDIT_PROFILE, person)
    is_self = person.user_id == user.pk
    return {
        "person": person,
        "is_self": is_self,
        "profile_rows": presenters.profile_rows(
            person, edit_href=reverse("people:edit", args=[person.pk]) if can_edit else ""),
        "career": presenters.career_rows(services.career_history(user, person)),
        "form": reason_form or CharacteristicsReasonForm(),
        "show_reason_form": is_administrator(user) and not is_self,
        "reset_form": reset_form or VisibilityResetForm(),
        "show_reset_form": (is_administrator(user) and not is_self
                            and person.visibility != services.MOST_PRIVATE),
        "most_private": services.MOST_PRIVATE.label,
        "administers": not is_self and can(user, Action.ADMINISTER, person),
        **_move_context(user, person),
    }


def _move_context(user, person: Person) -> dict:
    """The pending move ("Moving to X on date") and the move actions this user may take."""
    waiting = moves.pending_move_for(user, person)
    return {
        "pending_move": waiting,
        "pending_move_date": nhs_date(waiting.effective_on) if waiting else "",
        "may_cancel_move": waiting is not None and may_record_move(
            user, waiting.from_organisation_id, waiting.to_organisation_id),
        "may_record_move": waiting is None and moves.may_record_any_move(user, person),
    }


@login_required
@require_http_methods(["GET"])
@for_my_person()
def me(request: HttpRequest, person: Person) -> HttpResponse:
    person = services.get_person(request.user, person.pk, request=request)  # audited view
    return render(request, "people/me.jinja", {
        "person": person,
        "profile_rows": presenters.profile_rows(
            person, edit_href=reverse("people:edit", args=[person.pk])),
        "career": presenters.career_rows(services.career_history(request.user, person),
                                         removable=True),
        "roles": role_labels(request.user),
        **_move_context(request.user, person),
    })


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk, Action.EDIT_PROFILE)
    is_self, name = person.user_id == request.user.pk, person.full_name
    form = ProfileForm(request.POST if request.method == "POST" else None, is_self=is_self,
                       owns_choices=can(request.user, Action.CHANGE_CHOICES, person), name=name,
                       initial=model_to_dict(person, fields=services.EDITABLE_PROFILE_FIELDS))
    if form.is_bound and form.is_valid():
        try:
            services.update_profile(request.user, person, form.cleaned_data, request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile has been saved" if is_self
                             else f"{name}'s profile has been saved")
            return redirect(reverse("people:me") if is_self
                            else reverse("people:detail", args=[person.pk]))
    return render(request, "people/edit.jinja", {"form": form, "name": name, "is_self": is_self,
                                                 "person_pk": pk, "person": person})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@for_my_person()
def my_characteristics(request: HttpRequest, person: Person) -> HttpResponse:
    if request.method == "POST":
        form = CharacteristicsForm(request.POST)
        if form.is_valid():
            services.update_characteristics(request.user, person, form.cleaned_data,
                                            request=request)
            messages.success(request, "Your answers have been saved")
            return redirect("people:characteristics")
    else:
        characteristics = services.get_characteristics(request.user, person, request=request)
        form = CharacteristicsForm(
            initial=model_to_dict(characteristics, fields=services.CHARACTERISTIC_FIELDS))
    return render(request, "people/my_characteristics.jinja", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@for_my_person()
def career_add(request: HttpRequest, person: Person) -> HttpResponse:
    form = CareerEntryForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.add_career_entry(request.user, person, form.career_values(),
                                      request=request)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, "The role has been added to your career history")
            return redirect("people:me")
    return render(request, "people/career_add.jinja", {"form": form})


def _my_career_entry(request: HttpRequest, entry_id: int):
    person = services.my_person(request.user)
    entry = (services.career_history(request.user, person).filter(pk=entry_id).first()
             if person is not None else None)
    return found_or_404(entry, "No such career history entry")


def _confirm_career_remove(request: HttpRequest, entry_id: int) -> Confirmation:
    entry = _my_career_entry(request, entry_id)
    return Confirmation(
        question=f"remove {entry.role_title} from your career history",
        button="Remove the role", back_href=reverse("people:me"),
        cannot_undo="This cannot be undone: you would have to add the role again.")


@confirmed_action(_confirm_career_remove)
def career_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _my_career_entry(request, entry_id)
    services.remove_career_entry(request.user, entry, request=request)
    messages.success(request, f"{entry.role_title} has been removed from your career history")
    return redirect("people:me")


@login_required
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    form = PeopleSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "people/search.jinja", {"form": form, "searched": False})
    people = services.search_people(request.user, form.search(), request=request)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, request=request, target_type="people.person",
                people=page, what="search results", detail={"page": page.number})
    return render(request, "people/search.jinja", {
        "form": form,
        "searched": True,
        "rows": presenters.person_rows(page),
        "results_text": results_text(page),
        "pagination": page_links(page, form.data.dict()),
    })


@login_required
@require_http_methods(["GET"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    return render(request, "people/detail.jinja", _detail_context(request, person))


def _administrator_with_reason(form_class, form_name: str):
    """An administrator's action from a person's page, with a posted reason: the view gets the
    person and the valid form (``view(request, person, form)``); an invalid form shows the
    person's page again with its errors (``form_name`` is its `_detail_context` argument)."""
    def wrap(view):
        @wraps(view)
        def with_reason(request: HttpRequest, pk: int) -> HttpResponse:
            person = _person_or_404(request, pk)
            require_administrator(request.user)
            form = form_class(request.POST)
            if not form.is_valid():
                return render(request, "people/detail.jinja",
                              _detail_context(request, person, **{form_name: form}))
            return view(request, person, form)
        return with_reason
    return wrap


@never_cache
@login_required
@require_http_methods(["POST"])
@_administrator_with_reason(CharacteristicsReasonForm, "reason_form")
def admin_characteristics(request: HttpRequest, person: Person, form) -> HttpResponse:
    characteristics = services.get_characteristics(
        request.user, person, reason=form.cleaned_data["reason"], request=request)
    return render(request, "people/admin_characteristics.jinja", {
        "person": person,
        "reason": form.cleaned_data["reason"],
        "rows": presenters.characteristics_rows(characteristics),
    })


@login_required
@require_http_methods(["POST"])
@_administrator_with_reason(VisibilityResetForm, "reset_form")
def reset_visibility(request: HttpRequest, person: Person, form) -> HttpResponse:
    """Support action: an administrator resets who may see a person's profile to the most
    private choice, with a reason (audited; the person is told by e-mail)."""
    services.reset_visibility(request.user, person, reason=form.cleaned_data["reason"],
                              request=request)
    messages.success(request, f"Who can see {person.full_name}'s profile has been reset to "
                              f"\"{services.MOST_PRIVATE.label}\". They have been told by e-mail.")
    return redirect("people:detail", pk=person.pk)


def _after_move(request: HttpRequest, person: Person) -> HttpResponse:
    """Back to the person's page, or to finding people if the user no longer sees them."""
    if Person.objects.visible_to(request.user).filter(pk=person.pk).exists():
        return redirect("people:detail", pk=person.pk)
    return redirect("people:search")


@login_required
@require_http_methods(["GET", "POST"])
def move_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a move of a person to another employer (now or on a later date)."""
    person = moves.person_for_moves(request.user, pk, request=request)
    if not moves.may_record_any_move(request.user, person):
        raise PermissionDenied("You cannot record moves.")
    form = MoveForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            manager = moves.line_manager_by_email(form.cleaned_data["line_manager"])
            move = moves.move_person(request.user, person, line_manager=manager,
                                     request=request, **form.move_values())
        except PermissionDenied as error:
            form.add_error("to_organisation", str(error))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            when = ("has moved" if move.applied_at else
                    f"will move on {nhs_date(move.effective_on)}")
            messages.success(request, f"{person.full_name} {when} to {move.to_organisation}. "
                                      "They have been told by e-mail.")
            return _after_move(request, person)
    back = (reverse("people:detail", args=[person.pk])
            if can(request.user, Action.VIEW_PROFILE, person) else reverse("people:search"))
    return render(request, "people/move_new.jinja", {"form": form, "person": person,
                                                     "back_href": back})


def _confirm_move_cancel(request: HttpRequest, pk: int, move_id: int) -> Confirmation:
    person = moves.person_for_moves(request.user, pk, request=request)
    move = moves.get_move(request.user, person, move_id)
    if not may_record_move(request.user, move.from_organisation_id, move.to_organisation_id):
        raise PermissionDenied("You cannot cancel this move.")
    return Confirmation(
        question=f"cancel {person.full_name}'s move to {move.to_organisation.display_name}",
        button="Cancel the move", caption=person.full_name,
        back_href=reverse("people:detail", args=[person.pk]),
        details=[f"They stay at {person.organisation.display_name}, and are told by e-mail."],
        cannot_undo="This cannot be undone: the move would have to be recorded again.")


@confirmed_action(_confirm_move_cancel)
def move_cancel(request: HttpRequest, pk: int, move_id: int) -> HttpResponse:
    person = moves.person_for_moves(request.user, pk, request=request)
    move = moves.cancel_move(request.user, moves.get_move(request.user, person, move_id),
                             request=request)
    messages.success(request, f"{person.full_name}'s move to {move.to_organisation} has been "
                              "cancelled. They have been told by e-mail.")
    return _after_move(request, person)
