"""Inviting people to TalentBridge, and the basic profile an organisation administrator sees
to do it.

`invite_people` creates an account for each person without one (username: their work e-mail),
links it to the person, and sends the invitation (`accounts.invitations`). An organisation
administrator sees and invites only the people employed by the organisations they administer,
and sees only their basic profile (name, job, organisation, work e-mail, account), never their
talent data: `people.policy.administered_people_filter` and action ADMINISTER.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction

from talentbridge.accounts.invitations import pending_invitation
from talentbridge.accounts.invitations import send_invitation
from talentbridge.accounts.models import Invitation
from talentbridge.accounts.models import User
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from .models import Person
from .policy import Action
from .policy import administered_people_filter
from .policy import can
from .services import PersonNotFound

#: What the basic profile holds: nothing of the person's talent data.
BASIC_FIELDS = ("given_name", "family_name", "work_email", "job_title", "organisation",
                "user", "left_nhs_on")

NO_ACCOUNT, INVITED, ACTIVE, DEACTIVATED = ("No account", "Invited", "Active",
                                            "Deactivated")


def administered_people(actor):
    """The people whose basic profile and account ``actor`` administers."""
    return (Person.unscoped.filter(administered_people_filter(actor))
            .select_related("organisation", "user").only("pk", *BASIC_FIELDS,
                                                          "organisation__name",
                                                          "organisation__ods_code"))


def get_administered_person(actor, pk: int, *, request=None) -> Person:
    """One person's basic profile, for inviting them or administering their account; audited
    as a view. A person the actor does not administer is a 404."""
    person = administered_people(actor).filter(pk=pk).first()
    if person is None or not can(actor, Action.ADMINISTER, person):
        raise PersonNotFound(pk)
    record(actor=actor, action=AuditAction.VIEW, target=person, request=request,
           detail={"what": "basic profile, for account administration"})
    return person


def has_active_account(user: User | None) -> bool:
    """An account that is active and has been used or can be: a password set, a single
    sign-on identity bound, or a sign-in already."""
    if user is None or not user.is_active:
        return False
    return (user.has_usable_password() or user.last_login is not None
            or hasattr(user, "sso_identity"))


def account_status(person: Person) -> str:
    user = person.user
    if user is None:
        return NO_ACCOUNT
    if not user.is_active:
        return DEACTIVATED
    return ACTIVE if has_active_account(user) else INVITED


def _skip(person: Person) -> bool:
    """People already in, already invited, deactivated or gone are not invited again."""
    user = person.user
    if person.left_nhs_on is not None:
        return True
    if user is None:
        return False
    return (not user.is_active or has_active_account(user)
            or pending_invitation(user) is not None)


def _account_for(person: Person) -> User:
    if person.user is not None:
        return person.user
    username = person.work_email.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"work_email": (
            f'There is already an account with the username "{username}" that is not '
            f"{person.full_name}'s: an administrator must link or rename it first")})
    user = User.objects.create_user(username=username, email=person.work_email.strip(),
                                    first_name=person.given_name[:150],
                                    last_name=person.family_name[:150])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


@transaction.atomic
def invite_people(actor, people, *, request=None) -> list[Invitation]:
    """Invite each person: an account for those without one (linked to the person), and an
    invitation e-mailed through notify. Skips people who already have an active account or a
    pending invitation (and deactivated accounts, and people who left the NHS). All or
    nothing: someone the actor may not administer refuses the lot, naming them."""
    people = list(people)
    for person in people:
        if not can(actor, Action.ADMINISTER, person):
            raise PermissionDenied(f"You cannot invite {person.full_name}: they are not "
                                   "employed by an organisation you administer.")
    invitations = []
    for person in people:
        if _skip(person):
            continue
        user = _account_for(person)
        invitations.append(send_invitation(actor, user, request=request))
    return invitations
