"""Invitations: an e-mailed single-use link with which a new user sets their password and is
signed in, or, where they will sign in with single sign-on, is told to use their NHS account.

Only a hash of the link's token is stored. A link works until it is used, until
``TALENTBRIDGE_INVITATION_DAYS`` (14) days have passed, or until the invitation is revoked:
sending a new invitation revokes the previous one, and so does deactivating the account.
Issuing, re-sending and accepting are audited (action "create" / "update" on the user with
``detail.invitation``). Who may invite whom is the caller's decision (`people.invitations`,
`accounts.policy`).
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.notifications.services import notify

from .models import Invitation
from .models import SingleSignOnIdentity
from .models import User
from .passwords import password_sign_in_allowed
from .sso import sso_enabled

PENDING, ACCEPTED, REVOKED, EXPIRED = "pending", "accepted", "revoked", "expired"


def link_for(token: str) -> str:
    """The absolute address of an invitation's page (settings.TALENTBRIDGE_BASE_URL, never a
    host named by a request)."""
    path = reverse("accounts:invitation", kwargs={"token": token})
    return settings.TALENTBRIDGE_BASE_URL.rstrip("/") + path


def _message(user: User, link: str, invited_by) -> str:
    who = f"{invited_by.display_name} has" if invited_by is not None else "You have been"
    if would_use_single_sign_on(user):
        how = (f"Open this link to see how to sign in with {settings.TALENTBRIDGE_SSO_LABEL}, "
               "using the NHS account with this e-mail address:")
    else:
        how = "Open this link to choose your password and sign in:"
    return (f"{who} invited you to TalentBridge, where NHS leaders keep their talent profile "
            f"and career conversations.\n\nYour username is {user.username}.\n\n{how}\n\n"
            f"{link}\n\nThe link works once, within {settings.TALENTBRIDGE_INVITATION_DAYS} "
            "days. If you were not expecting this, you can ignore this e-mail.")


@transaction.atomic
def send_invitation(actor, user: User, *, request=None) -> Invitation:
    """Invite ``user`` (again): revoke any pending invitation, issue a new link and e-mail it
    through notify (sent once the transaction commits)."""
    if not user.is_active:
        raise ValidationError({"user": f"The account {user.username} is deactivated: "
                                       "reactivate it before inviting"})
    if not user.email:
        raise ValidationError({"email": f"The account {user.username} has no e-mail address"})
    now = timezone.now()
    previous = Invitation.objects.select_for_update().filter(user=user).pending()
    resent = previous.update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user, token_hash=Invitation.hash_token(token), created_at=now,
        expires_at=now + dt.timedelta(days=settings.TALENTBRIDGE_INVITATION_DAYS),
        invited_by=actor if getattr(actor, "is_authenticated", False) else None)
    link = link_for(token)
    notify(kind="invitation", subject="You have been invited to TalentBridge",
           body=_message(user, link, invitation.invited_by), to_user=user, link=link)
    record(actor=actor, action=AuditAction.UPDATE if resent else AuditAction.CREATE,
           target=user, request=request,
           detail={"invitation": "re-sent" if resent else "sent",
                   "expires_at": invitation.expires_at.isoformat()})
    return invitation


def find(token: str) -> Invitation | None:
    """The invitation with this token, whatever its state, or None."""
    return (Invitation.objects.select_related("user", "invited_by")
            .filter(token_hash=Invitation.hash_token(token or "")).first())


def state_of(invitation: Invitation) -> str:
    if invitation.accepted_at is not None:
        return ACCEPTED
    if invitation.revoked_at is not None or not invitation.user.is_active:
        return REVOKED
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    return PENDING


def would_use_single_sign_on(user: User) -> bool:
    """Will this user sign in with single sign-on rather than a password? Only where it is
    configured, and where a password would not be allowed to them once their NHS account is
    bound (or is not allowed now)."""
    if not sso_enabled():
        return False
    return not settings.TALENTBRIDGE_PASSWORD_SIGN_IN_FOR_SSO or not password_sign_in_allowed(
        user)


@transaction.atomic
def accept(invitation: Invitation, *, request=None, how: str = "password set") -> None:
    """Mark the invitation used (after the password is set, or at the first single sign-on)."""
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record(actor=invitation.user, action=AuditAction.UPDATE, target=invitation.user,
           request=request, detail={"invitation": "accepted", "password": how})


def accept_at_single_sign_on(user: User, *, request=None) -> None:
    """The first single sign-on of an invited user uses their pending invitation."""
    pending = Invitation.objects.filter(user=user).pending().first()
    if pending is not None and SingleSignOnIdentity.objects.filter(user=user).exists():
        accept(pending, request=request, how="signed in with single sign-on")


def pending_invitation(user: User) -> Invitation | None:
    return Invitation.objects.filter(user=user).pending().first()
