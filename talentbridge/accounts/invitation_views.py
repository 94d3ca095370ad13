"""The invitation page: who it is for, and a form to choose a password and sign in (or, where
the account will sign in with single sign-on, the button for it). The rules and the audit live
in `talentbridge.accounts.invitations`."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from . import invitations
from .forms import NewPasswordForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitations.find(token)
    state = invitations.state_of(found) if found is not None else invitations.REVOKED
    context = {"hide_navigation": True, "state": state}
    if found is None or state != invitations.PENDING:
        return render(request, "accounts/invitation_invalid.jinja", context, status=410)
    user = found.user
    context["invited"] = user
    if invitations.would_use_single_sign_on(user):
        return render(request, "accounts/invitation.jinja", {
            **context, "sso_label": settings.TALENTBRIDGE_SSO_LABEL, "use_sso": True})
    form = NewPasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        form.save()
        invitations.accept(found, request=request)
        login(request, user, backend=MODEL_BACKEND)
        record(actor=user, action=AuditAction.SIGN_IN, target=user, request=request,
               detail={"method": "invitation"})
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/invitation.jinja", {**context, "form": form})
