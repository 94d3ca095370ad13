"""Changing your password, and resetting a forgotten one by an e-mailed single-use link.
The rules and the audit live in `talentbridge.accounts.passwords`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from . import passwords
from . import tasks
from . import throttle
from .forms import ChangePasswordForm
from .forms import ForgottenPasswordForm
from .forms import NewPasswordForm


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    if not passwords.password_sign_in_allowed(request.user):
        return render(request, "accounts/password_refused.jinja",
                      {"message": passwords.use_single_sign_on_message()}, status=403)
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        passwords.record_change(user, request, "changed")
        messages.success(request, "Your password has been changed")
        return redirect("core:home")
    return render(request, "accounts/change_password.jinja", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def forgotten_password(request: HttpRequest) -> HttpResponse:
    form = ForgottenPasswordForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"]
        # No flood of e-mails to one address or from one client; the page says the same.
        if throttle.attempt(email, throttle.client_address(request), kind="reset"):
            tasks.send_password_reset.enqueue(email)
        return render(request, "accounts/reset_link_sent.jinja",
                      {"email": email, "hide_navigation": True})
    return render(request, "accounts/forgotten_password.jinja",
                  {"form": form, "hide_navigation": True})


@method_decorator(sensitive_post_parameters(), name="dispatch")
class ChooseNewPassword(PasswordResetConfirmView):
    """Django's view: checks the link, then asks for the new password (once per link)."""

    form_class = NewPasswordForm
    template_name = "accounts/choose_new_password.jinja"
    extra_context = {"hide_navigation": True}
    success_url = reverse_lazy("accounts:sign-in")  # not followed: form_valid shows a page

    def form_valid(self, form):
        super().form_valid(form)  # saves the password; the link no longer works
        passwords.record_change(form.user, self.request, "reset by e-mailed link")
        return render(self.request, "accounts/password_reset_done.jinja",
                      {"hide_navigation": True})
