"""Signing in and out, and the API tokens page (your own; administrators see everyone's)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from talentbridge.audit.labels import fingerprint
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_action
from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text
from talentbridge.core.views import found_or_404

from . import passwords
from . import presenters
from . import services
from . import sso
from . import throttle
from .forms import IssueTokenForm
from .forms import SignInForm

SIGN_IN_FAILED = "Enter a correct username and password"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _refuse_throttled(request: HttpRequest, form: SignInForm, username: str) -> HttpResponse:
    record(actor=None, action=AuditAction.SIGN_IN_FAILED, request=request,
           target_type="accounts.user", target_label="(username typed)",
           detail={"username": fingerprint(username), "throttled": True})
    form.add_error(None, "There have been too many failed attempts to sign in. Wait "
                         f"{throttle.window_minutes()} minutes, then try again.")
    return render(request, "accounts/sign_in.jinja", {"form": form, "hide_navigation": True,
                                                      "next": _next_url(request)}, status=429)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        username, address = form.cleaned_data["username"], throttle.client_address(request)
        if not throttle.attempt(username, address):
            return _refuse_throttled(request, form, username)
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            record(actor=None, action=AuditAction.SIGN_IN_FAILED, request=request,
                   target_type="accounts.user", target_label="(username typed)",
                   detail={"username": fingerprint(username)})
            form.add_error(None, SIGN_IN_FAILED)
        elif not passwords.password_sign_in_allowed(user):
            record(actor=None, action=AuditAction.SIGN_IN_FAILED, request=request,
                   target=user, detail={"username": fingerprint(username),
                                        "refused": "password sign-in is off for this account"})
            form.add_error(None, passwords.use_single_sign_on_message())
        else:
            throttle.record_success(username, address)
            login(request, user)
            record(actor=user, action=AuditAction.SIGN_IN, target=user, request=request)
            return redirect(_next_url(request))
    return render(request, "accounts/sign_in.jinja", {
        "form": form, "hide_navigation": True, "next": _next_url(request),
        "sso": sso.sso_enabled(), "sso_label": settings.TALENTBRIDGE_SSO_LABEL,
        "sso_refused": sso.NOT_LINKED if request.GET.get("sso") == "refused" else "",
    })


@require_http_methods(["POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        record(actor=request.user, action=AuditAction.SIGN_OUT, target=request.user,
               request=request)
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _tokens_page(request: HttpRequest, form: IssueTokenForm) -> HttpResponse:
    page = Paginator(services.list_tokens(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/tokens.jinja", {
        "form": form,
        "everyone": services.is_administrator(request.user),
        "rows": presenters.token_rows(page),
        "results_text": results_text(page, "token", "tokens"),
        "pagination": page_links(page, {}),
    })


@login_required
@require_http_methods(["GET"])
def tokens(request: HttpRequest) -> HttpResponse:
    """Your own API tokens (administrators: everyone's), and a form to issue one for yourself."""
    return _tokens_page(request, IssueTokenForm())


@never_cache
@login_required
@require_http_methods(["POST"])
def token_issue(request: HttpRequest) -> HttpResponse:
    form = IssueTokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = services.issue_token(
                request.user, form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"], request=request)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(request, "accounts/token_issued.jinja", {
                "row": presenters.token_rows([token])[0], "secret": secret})
    return _tokens_page(request, form)


def _confirm_revoke(request: HttpRequest, prefix: str) -> Confirmation:
    token = found_or_404(services.token_to_revoke(request.user, prefix),
                         f'There is no API token with prefix "{prefix}" that you may revoke')
    whose = "" if token.user_id == request.user.pk else f" of {token.user.username}"
    return Confirmation(
        question=f'revoke the API token "{token.name}" ({token.prefix}){whose}',
        button="Revoke the token", back_href=reverse("accounts:tokens"),
        details=["Anything still using it is refused from now on."],
        cannot_undo="This cannot be undone: a new token would have to be issued.")


@confirmed_action(_confirm_revoke)
def token_revoke(request: HttpRequest, prefix: str) -> HttpResponse:
    """Revoke a token: administrators any, everyone else their own."""
    try:
        token = services.revoke_token(request.user, prefix, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f'The token "{token.name}" ({token.prefix}) for '
                                  f"{token.user.username} has been revoked")
    return redirect("accounts:tokens")
