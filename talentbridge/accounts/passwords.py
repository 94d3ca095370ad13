"""Passwords: who may use one, changing it, and resetting a forgotten one by e-mail.

When single sign-on is configured, an account bound to a single sign-on identity may sign in
with a password only if ``TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO`` is on, and an administrator
only if ``TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS`` is on. Where password sign-in is
off, changing or resetting the password is refused too. (While single sign-on is not
configured, a password is the only way in, so both settings have no effect.)

Changes and resets are audited (action "update", detail ``{"password": ...}``). The reset link
is single-use: Django's token generator signs the current password hash and last sign-in, so it
stops working once the password is set, and after ``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from .models import SingleSignOnIdentity
from .models import User
from .services import is_administrator
from .sso import sso_enabled

USE_SINGLE_SIGN_ON = ("Password sign-in is turned off for your account. Sign in with "
                      "single sign-on ({label}) instead.")


def password_sign_in_allowed(user) -> bool:
    """May this user sign in with (and change or reset) a password?"""
    if not sso_enabled():
        return True
    if (not settings.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO
            and SingleSignOnIdentity.objects.filter(user=user).exists()):
        return False
    return settings.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_ADMINISTRATORS or not is_administrator(user)


def use_single_sign_on_message() -> str:
    return USE_SINGLE_SIGN_ON.format(label=settings.TALENTBRIDGE_SSO_LABEL)


def record_change(user, request, how: str) -> None:
    record(actor=user, action=AuditAction.UPDATE, target=user, request=request,
           detail={"password": how})


def send_reset_links(email: str) -> int:
    """E-mail a reset link to every active account with this address that may use a password.
    Run as a background task (`talentbridge.accounts.tasks`), so the page answers in the same
    time, and says the same thing, whether or not the address has an account. Links point at
    settings.TALENTBRIDGE_BASE_URL, never at a host named by the request."""
    email = email.strip()
    users = [u for u in User.objects.filter(email__iexact=email, is_active=True)
             if u.has_usable_password() and password_sign_in_allowed(u)]
    base = settings.TALENTBRIDGE_BASE_URL.rstrip("/")
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    for user in users:
        path = reverse("accounts:password-reset-confirm", kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user)})
        send_mail(
            "TalentBridge: reset your password",
            f"Someone asked to reset the TalentBridge password of the account {user.username}."
            f"\n\nTo choose a new password, open this link within {minutes} minutes. It works "
            f"once:\n\n{base}{path}\n\nIf you did not ask for this, you can ignore this "
            "e-mail: your password has not changed.\n",
            None, [user.email])
        record(actor=None, action=AuditAction.UPDATE, target=user, channel="web",
               detail={"password": "reset link sent"})
    return len(users)
