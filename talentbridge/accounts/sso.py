"""Single sign-on by OpenID Connect (an NHS identity provider: NHSmail / Entra ID, CIS2, ...).

The authorisation code flow with PKCE, state and nonce comes from mozilla-django-oidc; this
module adds what it leaves to us:

* it is **off** unless configured (``OIDC_RP_CLIENT_ID`` and the provider's endpoints, see
  docs/production.md); while off, its pages are 404 and the backend refuses everything;
* the ID token must come from the configured issuer (``iss``) for this client (``aud``), and
  the userinfo ``sub`` must be the ID token's;
* **no self-registration**: roles and scopes come from administrators, so single sign-on
  only ever signs in to an account that exists and is active. The first time, the provider's
  e-mail (verified, unless ``OIDC_REQUIRE_EMAIL_VERIFIED`` is off for a provider that vouches
  for every address in its tenant) picks the account, and the provider's subject is bound to
  it (:class:`~talentbridge.accounts.models.SingleSignOnIdentity`); after that only that
  subject signs in to that account, and an account bound to one subject never accepts
  another;
* every sign-in and refusal is audited, like a password sign-in.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError
from django.db import transaction
from django.http import Http404
from django.http import HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from .models import SingleSignOnIdentity
from .models import User

logger = logging.getLogger(__name__)

REQUIRED_SETTINGS = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
NOT_LINKED = ("Your NHS account could not be used to sign in to TalentBridge. Ask your "
              "organisation's administrator to invite you with the e-mail address of your NHS "
              "account, or sign in with your username and password.")


def sso_enabled() -> bool:
    """Whether single sign-on is configured."""
    return all(getattr(settings, name, "") for name in REQUIRED_SETTINGS)


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, off unless configured, strict about tokens, and never
    creating accounts."""

    def __init__(self, *args, **kwargs) -> None:  # settings are read when it is used
        self.UserModel = User

    def authenticate(self, request, **kwargs):
        if not sso_enabled() or "password" in kwargs or "username" in kwargs:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token is from another issuer.")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        if not payload.get("sub"):
            raise SuspiciousOperation("The ID token has no subject.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject is not the ID token's.")
        return claims

    def verify_claims(self, claims) -> bool:
        verified = claims.get("email_verified") is True or not settings.OIDC_REQUIRE_EMAIL_VERIFIED
        return bool(claims.get("sub")) and verified

    def filter_users_by_claims(self, claims):
        active = self.UserModel.objects.filter(is_active=True)
        bound = SingleSignOnIdentity.objects.filter(
            issuer=settings.OIDC_OP_ISSUER, subject=claims["sub"]).values("user")
        if bound.exists():
            return active.filter(pk__in=bound)
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return active.filter(email__iexact=email, sso_identity__isnull=True)

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is always False
        raise SuspiciousOperation("Single sign-on never creates accounts.")

    def update_user(self, user, claims):
        """Bind the provider's subject to the account at its first single sign-on."""
        try:
            with transaction.atomic():
                SingleSignOnIdentity.objects.get_or_create(
                    user=user, defaults={"issuer": settings.OIDC_OP_ISSUER,
                                         "subject": claims["sub"]})
        except IntegrityError as error:  # the subject was bound to another account meanwhile
            raise SuspiciousOperation("This identity is linked to another account.") from error
        identity = SingleSignOnIdentity.objects.get(user=user)
        if (identity.issuer, identity.subject) != (settings.OIDC_OP_ISSUER, claims["sub"]):
            raise SuspiciousOperation("The account is linked to another identity.")
        return user


class StartSignIn(OIDCAuthenticationRequestView):
    """Send the browser to the identity provider (404 while single sign-on is off)."""

    def __init__(self, *args, **kwargs) -> None:
        if not sso_enabled():
            raise Http404("Single sign-on is not set up")
        super().__init__(*args, **kwargs)


class FinishSignIn(OIDCAuthenticationCallbackView):
    """Back from the identity provider: sign in (audited) or say plainly why not."""

    def get(self, request):
        if not sso_enabled():
            raise Http404("Single sign-on is not set up")
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as error:
            # a token that fails a check, a replayed state, the provider unreachable
            logger.warning("Single sign-on refused: %s", error)
            return self.login_failure()

    def login_success(self):
        response = super().login_success()
        # invitations imports this module (whether single sign-on is on)
        from .invitations import accept_at_single_sign_on

        accept_at_single_sign_on(self.user, request=self.request)
        record(actor=self.user, action=AuditAction.SIGN_IN, target=self.user,
               request=self.request, detail={"method": "single sign-on"})
        return response

    def login_failure(self):
        record(actor=None, action=AuditAction.SIGN_IN_FAILED, request=self.request,
               target_type="accounts.user", target_label="(single sign-on)",
               detail={"method": "single sign-on",
                       "provider_error": self.request.GET.get("error", "")[:100]})
        return HttpResponseRedirect(reverse("accounts:sign-in") + "?sso=refused")
