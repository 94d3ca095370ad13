"""Check-ins and support offers: one place per business operation, each asking the support
policy and writing the audit trail (docs/support.md)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from engine.support.warnings import long_date
from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.succession.models import BoardPost

from . import policy
from .codes import MENTOR_OR_COACH
from .models import CheckIn
from .models import OfferKind
from .models import OfferStatus
from .models import Pressure
from .models import SupportOffer


def board_leader(person_id: int) -> Person:
    """The chief executive or board member ``person_id`` (their board post is public), or
    404: support is only for the incumbents of board posts."""
    post = (BoardPost.objects.filter(incumbent_id=person_id)
            .select_related("incumbent__organisation", "incumbent__user").first())
    if post is None:
        raise Http404(f"There is no chief executive or board member {person_id}.")
    return post.incumbent


def leader_for_viewing(user, person_id: int) -> Person:
    """The leader, if the user may read their check-ins and offers (else 404: the support
    given to someone is not shown to those outside it)."""
    leader = board_leader(person_id)
    if not policy.can_view_support(user, leader):
        raise Http404(f"There is no chief executive or board member {person_id} you support.")
    return leader


def region_name(person: Person) -> str:
    region_id = policy.region_of(person.organisation_id)
    region = Region.objects.filter(pk=region_id).first() if region_id else None
    return region.name if region else "no region"


def _check_may_record(user, leader: Person) -> None:
    """Rule 3, with a message naming the person and their region when the user is a regional
    lead of another region."""
    if policy.can_record_support(user, leader):
        return
    if not policy.supports_anyone(user):
        raise PermissionDenied("Only regional talent leads record check-ins and offer "
                               "support.")
    theirs = ", ".join(sorted(Region.objects.filter(
        pk__in=grants_for(user).lead_region_ids).values_list("name", flat=True)))
    raise ValidationError({"leader": (
        f"{leader.full_name} works at {leader.organisation.display_name} in "
        f"{region_name(leader)}, outside the region you lead ({theirs}): only their own "
        "regional lead records check-ins and support for them. Nothing was recorded.")})


def _check_day(field: str, label: str, day: dt.date) -> None:
    today = timezone.localdate()
    if day > today:
        raise ValidationError({field: (
            f"The {label}, {long_date(day)}, is in the future: enter a date on or before "
            f"today, {long_date(today)}")})


def _check_pressure(pressure) -> int:
    if pressure not in Pressure.values:
        raise ValidationError({"pressure": (
            f'Pressure must be a whole number from 1 to 5 ("{pressure}" is not one of them)')})
    return int(pressure)


# --------------------------------------------------------------------------------------
# Check-ins
# --------------------------------------------------------------------------------------


def check_ins_of(user, leader: Person, *, request=None):
    """The leader's check-ins with their notes, newest first (audited)."""
    if not policy.can_view_support(user, leader):
        raise Http404(f"There is no chief executive or board member {leader.pk} you support.")
    rows = CheckIn.objects.visible_to(user).filter(leader=leader).select_related("leader")
    if request is not None:
        record_read(actor=user, request=request, people=[leader.pk], target=leader,
                    what="support check-ins and offers")
    return rows


@transaction.atomic
def record_check_in(user, leader: Person, *, held_on: dt.date, pressure: int,
                    support_wanted: str = "", notes: str = "", request=None) -> CheckIn:
    _check_may_record(user, leader)
    _check_day("held_on", "date of the check-in", held_on)
    check_in = CheckIn.objects.create(
        leader=leader, held_on=held_on, pressure=_check_pressure(pressure),
        support_wanted=support_wanted.strip(), notes=notes.strip(), recorded_by=user)
    record(actor=user, action=AuditAction.CREATE, target=check_in, request=request,
           detail={"person": leader.pk, "held_on": held_on.isoformat(), "pressure": pressure})
    return check_in


def last_check_ins(person_ids) -> dict[int, dt.date]:
    """Person id → the date of their latest check-in (no viewer: warnings, after the policy
    decided who reads them; no notes leave it)."""
    found: dict[int, dt.date] = {}
    for person_id, held_on in CheckIn.unscoped.filter(leader_id__in=list(person_ids)).order_by(
            "leader_id", "held_on").values_list("leader_id", "held_on"):
        found[person_id] = held_on
    return found


def pressure_reports(person_ids) -> list[tuple[int, dt.date, int]]:
    """(person id, date, pressure) of every check-in of these people (ids, or a query of
    them, run in the same query): no notes."""
    return list(CheckIn.unscoped.filter(leader_id__in=person_ids).order_by(
        "leader_id", "held_on", "pk").values_list("leader_id", "held_on", "pressure"))


def due_check_ins(user) -> int:
    """Board leaders of the user's regions whose latest check-in is three months old or more,
    or who never had one (waiting work of a regional lead)."""
    if not policy.supports_anyone(user):
        return 0
    leaders = leaders_in_regions(grants_for(user).lead_region_ids)
    last = last_check_ins([p.pk for p in leaders])
    cutoff = timezone.localdate() - dt.timedelta(days=91)
    return sum(1 for p in leaders if p.pk not in last or last[p.pk] <= cutoff)


def leaders_in_regions(region_ids) -> list[Person]:
    """The chief executives and board members employed in these regions today (their board
    posts are public)."""
    organisations = set()
    for organisation_id, placement in placements_on().items():
        if placement.region_id in region_ids:
            organisations.add(organisation_id)
    people = {}
    for post in (BoardPost.objects.filter(incumbent__organisation_id__in=organisations)
                 .select_related("incumbent__organisation")
                 .order_by("incumbent__family_name", "incumbent__given_name", "pk")):
        people.setdefault(post.incumbent_id, post.incumbent)
    return list(people.values())


# --------------------------------------------------------------------------------------
# Support offers
# --------------------------------------------------------------------------------------


def offers_of(user, leader: Person):
    if not policy.can_view_support(user, leader):
        raise Http404(f"There is no chief executive or board member {leader.pk} you support.")
    return SupportOffer.objects.visible_to(user).filter(leader=leader)


def _check_answer(status: str, answered_on: dt.date | None, offered_on: dt.date) -> None:
    if status not in OfferStatus.values:
        raise ValidationError({"status": (
            f'Choose taken up, declined or waiting for an answer ("{status}" is not one of '
            "them)")})
    if status != OfferStatus.PENDING and answered_on is None:
        raise ValidationError({"answered_on": "Enter the date the offer was taken up or "
                                              "declined"})
    if answered_on is not None:
        _check_day("answered_on", "date it was taken up or declined", answered_on)
        if answered_on < offered_on:
            raise ValidationError({"answered_on": (
                f"The offer was answered on {long_date(answered_on)}, before it was made on "
                f"{long_date(offered_on)}: enter a date on or after the offer")})


@transaction.atomic
def offer_support(user, leader: Person, *, kind: str, offered_on: dt.date,
                  details: str = "", status: str = OfferStatus.PENDING,
                  answered_on: dt.date | None = None, request=None) -> SupportOffer:
    """The regional lead offers support (or records support offered and already answered)."""
    _check_may_record(user, leader)
    if kind not in OfferKind.values:
        raise ValidationError({"kind": (
            f'Choose coaching, a mentor, a peer network, pastoral support or HR or legal '
            f'advice ("{kind}" is not one of them)')})
    _check_day("offered_on", "date of the offer", offered_on)
    _check_answer(status, answered_on, offered_on)
    offer = SupportOffer.objects.create(
        leader=leader, kind=kind, offered_on=offered_on, details=details.strip(),
        status=status, answered_on=answered_on if status != OfferStatus.PENDING else None,
        offered_by=user)
    record(actor=user, action=AuditAction.CREATE, target=offer, request=request,
           detail={"person": leader.pk, "kind": kind, "status": status})
    if leader.user_id:
        notify(kind=Kind.SUPPORT_OFFER, to_user=leader.user,
               subject=f"Your regional lead offered you {OfferKind(kind).label.lower()}",
               body=(f"{OfferKind(kind).label} was offered to you on {long_date(offered_on)}. "
                     "You can say whether you take it up on your support page."),
               link=reverse("support:mine"))
    return offer


def get_offer(user, pk: int) -> SupportOffer:
    offer = SupportOffer.objects.visible_to(user).filter(pk=pk).select_related(
        "leader__organisation").first()
    if offer is None or not policy.can_answer_offer(user, offer):
        raise Http404(f"There is no support offer {pk} for you.")
    return offer


@transaction.atomic
def answer_offer(user, offer: SupportOffer, *, status: str, answered_on: dt.date | None = None,
                 request=None) -> SupportOffer:
    if not policy.can_answer_offer(user, offer):
        raise PermissionDenied("Only the leader or their regional lead answers an offer.")
    answered_on = answered_on or timezone.localdate()
    if status == OfferStatus.PENDING:
        raise ValidationError({"status": "Choose taken up or declined"})
    _check_answer(status, answered_on, offer.offered_on)
    before = offer.status
    offer.status, offer.answered_on = status, answered_on
    offer.save(update_fields=["status", "answered_on"])
    record(actor=user, action=AuditAction.UPDATE, target=offer, request=request,
           detail={"person": offer.leader_id, "status": [before, status]})
    return offer


def taken_up_mentor_or_coach(person_ids, on: dt.date) -> set[int]:
    """The people with a coaching or mentor offer taken up on or before ``on`` (no viewer:
    the warnings, after the policy decided; only ids leave it)."""
    return set(SupportOffer.unscoped.filter(
        leader_id__in=list(person_ids), kind__in=MENTOR_OR_COACH,
        status=OfferStatus.TAKEN_UP, answered_on__lte=on).values_list("leader_id", flat=True))


def pending_offers_for(user) -> int:
    grants = grants_for(user)
    if grants.person_id is None:
        return 0
    return SupportOffer.objects.visible_to(user).filter(
        leader_id=grants.person_id, status=OfferStatus.PENDING).count()


def my_support_records(user) -> tuple[list[CheckIn], list[SupportOffer]]:
    """The signed-in leader's own check-ins (with notes) and offers, for their copy of their
    data (nothing for anyone without a profile)."""
    grants = grants_for(user)
    if grants.person_id is None:
        return [], []
    return (list(CheckIn.objects.visible_to(user).filter(leader_id=grants.person_id)),
            list(SupportOffer.objects.visible_to(user).filter(leader_id=grants.person_id)))
