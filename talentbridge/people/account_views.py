"""A person's account, for those who administer it: their basic profile (name, job,
organisation, work e-mail), whether they have an account, and the button that invites them.
An organisation administrator reaches the people employed by the organisations they
administer here, and nothing of their talent data (people.invitations)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.invitations import pending_invitation
from talentbridge.accounts.invitations import send_invitation

from . import invitations
from .policy import Action
from .policy import can


@login_required
@require_http_methods(["GET"])
def account(request: HttpRequest, pk: int) -> HttpResponse:
    person = invitations.get_administered_person(request.user, pk, request=request)
    status = invitations.account_status(person)
    pending = pending_invitation(person.user) if person.user is not None else None
    return render(request, "people/account.jinja", {
        "person": person,
        "status": status,
        "pending": pending,
        "can_invite": not invitations.has_active_account(person.user) and status !=
        invitations.DEACTIVATED and person.left_nhs_on is None,
        "sees_profile": can(request.user, Action.VIEW_PROFILE, person),
    })


@login_required
@require_http_methods(["POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the person (again: a new invitation revokes the one before)."""
    person = invitations.get_administered_person(request.user, pk, request=request)
    if person.user is not None and pending_invitation(person.user) is not None:
        sent = [send_invitation(request.user, person.user, request=request)]
    else:
        try:
            sent = invitations.invite_people(request.user, [person], request=request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("people:account", pk=person.pk)
    if sent:
        messages.success(request, f"An invitation has been sent to {person.full_name} at "
                                  f"{person.work_email}")
    else:
        messages.info(request, f"{person.full_name} already has an account; no invitation "
                               "was sent")
    return redirect("people:account", pk=person.pk)
