"""Account administration pages: users and their roles, giving and ending roles, deactivating
and reactivating accounts, re-sending invitations, and who holds which role. Administrators
see every account; organisation administrators those of the people employed by the
organisations they administer (`talentbridge.accounts.policy`, `users`, `roles`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.jinja_helpers import nhs_datetime
from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text

from . import invitations
from . import policy
from . import roles
from . import users
from .forms import AssignRoleForm
from .forms import ReasonForm
from .forms import RoleFilterForm
from .forms import UserSearchForm
from .models import RoleAssignment

PAGE_SIZE = 50


def role_text(assignment: RoleAssignment) -> str:
    ends = f" until {nhs_datetime(assignment.ends_at)}" if assignment.ends_at else ""
    return f"{assignment}{ends}"


def _user_rows(page) -> list[dict]:
    return [{
        "pk": user.pk, "username": user.username, "name": user.get_full_name(),
        "email": user.email, "status": users.STATUS_LABELS[users.status_of(user)],
        "roles": [str(a) for a in user.current_roles],
        "last_sign_in": nhs_datetime(user.last_login) if user.last_login else "Never",
    } for user in page]


def _listing(form_class, find, template: str, rows, nouns):
    """The view of a filtered, paged list for account administrators: ``find(user, request=,
    **cleaned filters)`` gives the rows' queryset, ``rows(page)`` the table."""
    @login_required
    @require_http_methods(["GET"])
    def listing(request: HttpRequest) -> HttpResponse:
        users.require_administers(request.user)
        form = form_class(request.GET)
        form.is_valid()
        found = find(request.user, request=request,
                     **{name: form.cleaned_data.get(name, "") for name in form.fields})
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(request, template, {
            "form": form, "rows": rows(page), "results_text": results_text(page, *nouns),
            "pagination": page_links(page, form.data.dict()),
        })
    return listing


user_list = _listing(UserSearchForm, users.search_users, "accounts/users.jinja", _user_rows,
                     ("user", "users"))


def _user_page(request: HttpRequest, user, *, role_form=None, reason_form=None,
               status: int = 200) -> HttpResponse:
    actor = request.user
    assignments = list(users.roles_of(user))
    current_ids = set(RoleAssignment.objects.current().filter(user=user)
                      .values_list("pk", flat=True))
    current = [a for a in assignments if a.pk in current_ids]
    refusals = roles.end_refusals(actor, current, user)
    return render(request, "accounts/user.jinja", {
        "subject": user,
        "status": users.STATUS_LABELS[users.status_of(user)],
        "current": [{"pk": a.pk, "text": role_text(a),
                     "granted_by": a.granted_by.username if a.granted_by_id else "",
                     "may_end": not refusals[a.pk]} for a in current],
        "ended": [role_text(a) for a in assignments if a.pk not in current_ids],
        "role_form": role_form or AssignRoleForm(policy.grantable_roles(actor),
                                                 users.scope_choices(actor)),
        "reason_form": reason_form or ReasonForm(),
        "pending": invitations.pending_invitation(user),
        "is_self": user.pk == actor.pk,
    }, status=status)


@login_required
@require_http_methods(["GET"])
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    users.require_administers(request.user)
    return _user_page(request, users.get_user(request.user, pk, request=request))


@login_required
@require_http_methods(["POST"])
def assign_role(request: HttpRequest, pk: int) -> HttpResponse:
    users.require_administers(request.user)
    user = users.get_user(request.user, pk, request=request)
    form = AssignRoleForm(policy.grantable_roles(request.user),
                          users.scope_choices(request.user), request.POST)
    status = 400
    if form.is_valid():
        try:
            assignment = roles.assign_role(request.user, user, form.cleaned_data["role"],
                                           form.scope_value(), request=request)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        except PermissionDenied as error:  # 403: recorded as a refusal in the audit trail
            form.add_error(None, str(error))
            status = 403
        else:
            messages.success(request, f"{user.username} now holds the role {assignment}")
            return redirect("accounts:user", pk=user.pk)
    return _user_page(request, user, role_form=form, status=status)


def _confirm_end_role(request: HttpRequest, pk: int) -> Confirmation:
    users.require_administers(request.user)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    user = users.get_user(request.user, assignment.user_id, request=request)
    refusal = roles.refusal(request.user, assignment.role,
                            roles.scope_of_assignment(assignment), user)
    if refusal:
        raise PermissionDenied(refusal)
    return Confirmation(
        question=f"end {user.username}'s role as {role_text(assignment)}",
        button="End the role", caption=user.username,
        back_href=reverse("accounts:user", args=[user.pk]),
        details=["They lose what the role lets them see and do at once."],
        cannot_undo="This cannot be undone: the role would have to be given again.")


@confirmed_action(_confirm_end_role)
def end_role(request: HttpRequest, pk: int) -> HttpResponse:
    users.require_administers(request.user)
    assignment = get_object_or_404(RoleAssignment, pk=pk)
    user = users.get_user(request.user, assignment.user_id, request=request)
    return _attempt(request, lambda: roles.end_role(request.user, assignment, request=request),
                    f"The role {assignment} of {user.username} has ended", user)


def _attempt(request: HttpRequest, change, success: str, user) -> HttpResponse:
    """Make a change; show its refusal or ``success`` as a message on the user's page."""
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("accounts:user", pk=user.pk)


def _change_status(request: HttpRequest, pk: int, change, done: str) -> HttpResponse:
    users.require_administers(request.user)
    user = users.get_user(request.user, pk, request=request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _user_page(request, user, reason_form=form, status=400)
    return _attempt(request, lambda: change(request.user, user, request=request,
                                            reason=form.cleaned_data["reason"]),
                    f"The account {user.username} has been {done}", user)


@login_required
@require_http_methods(["POST"])
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, roles.deactivate_user, "deactivated")


@login_required
@require_http_methods(["POST"])
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, roles.reactivate_user, "reactivated")


@login_required
@require_http_methods(["POST"])
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    users.require_administers(request.user)
    user = users.get_user(request.user, pk, request=request)
    if users.status_of(user) != users.INVITED:
        messages.error(request, f"{user.username} has already signed in or been deactivated: "
                                "there is nothing to invite them to")
    else:
        invitations.send_invitation(request.user, user, request=request)
        messages.success(request, f"A new invitation has been sent to {user.email}; the "
                                  "earlier link no longer works")
    return redirect("accounts:user", pk=user.pk)


def _holder_rows(page) -> list[dict]:
    return [{"user_pk": a.user_id, "username": a.user.username, "name": a.user.get_full_name(),
             "role": a.get_role_display(), "scope": a.scope_label,
             "since": nhs_datetime(a.starts_at),
             "until": nhs_datetime(a.ends_at) if a.ends_at else ""} for a in page]


#: Who holds which role now, filterable by role and scope.
role_list = _listing(RoleFilterForm, users.role_holders, "accounts/roles.jinja", _holder_rows,
                     ("role", "roles"))
