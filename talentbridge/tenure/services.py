"""Reads and writes of post holdings, exits and oversight segments: one place per business
operation, each asking the tenure policy and writing the audit trail (docs/tenure.md).

`segment_on`, `current_chief_executives` and `holdings_in` are building blocks for other apps'
services (the support app): they read without a viewer, so the caller's policy decides first
and nothing they return is shown without it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.organisations.models import Organisation
from talentbridge.succession import services as succession_services
from talentbridge.succession.models import BoardPostKind

from . import policy
from .models import ExitReason
from .models import OversightSegment
from .models import PostHolding

CHIEF_EXECUTIVE = BoardPostKind.CHIEF_EXECUTIVE


# --------------------------------------------------------------------------------------
# Building blocks (no viewer: the caller's policy decides)
# --------------------------------------------------------------------------------------


def segment_on(organisation_id: int, day: dt.date) -> int | None:
    """The organisation's oversight segment on ``day``: the latest one effective by then."""
    return (OversightSegment.objects.filter(organisation_id=organisation_id,
                                            effective_from__lte=day)
            .order_by("-effective_from").values_list("segment", flat=True).first())


def segments_by_organisation(organisation_ids=None) -> dict[int, list[tuple[dt.date, int]]]:
    """Organisation id → its (effective from, segment), oldest first. One query."""
    rows = OversightSegment.objects.order_by("organisation_id", "effective_from")
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=list(organisation_ids))
    found: dict[int, list[tuple[dt.date, int]]] = {}
    for organisation_id, day, segment in rows.values_list("organisation_id", "effective_from",
                                                          "segment"):
        found.setdefault(organisation_id, []).append((day, segment))
    return found


def segment_in(history: list[tuple[dt.date, int]], day: dt.date) -> int | None:
    """The segment on ``day`` from one organisation's history (segments_by_organisation)."""
    current = None
    for effective_from, segment in history:
        if effective_from > day:
            break
        current = segment
    return current


def current_chief_executives(organisation_ids=None) -> QuerySet[PostHolding]:
    """The chief executives in post now (one open holding each), with person and
    organisation."""
    rows = PostHolding.unscoped.filter(kind=CHIEF_EXECUTIVE, ended_on__isnull=True)
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=list(organisation_ids))
    return rows.select_related("person", "organisation").order_by("organisation__name", "pk")


def holdings_in(organisation_ids, since: dt.date, kind: str | None = CHIEF_EXECUTIVE
                ) -> QuerySet[PostHolding]:
    """Holdings of ``kind`` (every kind when None) in these organisations (None: all) that
    were open on or after ``since``."""
    rows = PostHolding.unscoped.exclude(ended_on__lt=since)
    if kind is not None:
        rows = rows.filter(kind=kind)
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=list(organisation_ids))
    return rows.select_related("person", "organisation").order_by("organisation_id",
                                                                   "started_on", "pk")


# --------------------------------------------------------------------------------------
# Named holdings
# --------------------------------------------------------------------------------------


def holdings_of(user, organisation: Organisation) -> list[PostHolding]:
    """Every holding of the organisation's board posts, by kind and newest first. Audit what
    is shown with `audit_holdings_read`."""
    if not policy.can_view_holdings(user, organisation.pk):
        raise PermissionDenied(
            f"Only those who may see {organisation.display_name}'s succession plans see who "
            "held its board posts.")
    return list(PostHolding.unscoped.filter(organisation=organisation)
                .select_related("person", "post", "organisation")
                .order_by("kind", "-started_on", "pk"))


def audit_holdings_read(user, organisation: Organisation, shown, request) -> None:
    """One "Viewed" event naming the holders a page, export or API answer showed."""
    shown = list(shown)
    if shown and request is not None:
        record_read(actor=user, request=request,
                    people=[h.person_id for h in shown if h.person_id],
                    target=organisation, what="board post holdings")


def get_holding(user, pk: int) -> PostHolding:
    holding = (PostHolding.unscoped.select_related("person", "organisation", "post")
               .filter(pk=pk).first())
    if holding is None or not policy.can_view_holdings(user, holding.organisation_id):
        raise Http404(f"There is no post holding {pk} you may see.")
    return holding


def reasons_not_recorded(user) -> QuerySet[PostHolding]:
    """Ended holdings without a reason in the organisations where the user records exits
    (waiting work)."""
    grants = grants_for(user)
    rows = PostHolding.unscoped.filter(ended_on__isnull=False, exit_reason="")
    if not grants.is_administrator:
        rows = rows.filter(organisation_id__in=grants.lead_organisation_ids)
    return rows.select_related("person", "organisation").order_by("-ended_on", "pk")


# --------------------------------------------------------------------------------------
# Recording an exit
# --------------------------------------------------------------------------------------


def _check_exit(holding: PostHolding, ended_on, reason: str) -> None:
    if ended_on is None:
        raise ValidationError({"ended_on": "Give the date they left"})
    latest = timezone.localdate()
    if ended_on > latest:
        raise ValidationError({"ended_on": (
            f"The date they left ({ended_on.isoformat()}) must be today or in the past")})
    if ended_on < holding.started_on:
        raise ValidationError({"ended_on": (
            f"The date they left ({ended_on.isoformat()}) must not be before they started "
            f"({holding.started_on.isoformat()})")})
    if reason not in ExitReason.values:
        names = ", ".join(label.lower() for label in ExitReason.labels)
        raise ValidationError({"reason": (
            f'Choose why they left: {names} ("{reason}" is not one of them)')})


def _still_holds_post(holding: PostHolding) -> bool:
    post = holding.post
    return (holding.ended_on is None and post is not None
            and post.incumbent_id == holding.person_id)


def record_exit(user, holding: PostHolding, *, ended_on, reason: str,
                interim_followed: bool | None, request=None) -> PostHolding:
    """Record when and why a holder left, and whether an interim followed. When they still
    hold the succession app's post, the post falls vacant that day (succession's
    `record_holder_left`). Refusals name the field and the value; nothing changes."""
    if not policy.can_record_exit(user, holding.organisation_id):
        raise PermissionDenied("Only the organisation's talent leads and administrators record "
                               "why a board member left.")
    reason = (reason or "").strip()
    _check_exit(holding, ended_on, reason)
    with transaction.atomic():
        if _still_holds_post(holding):
            succession_services.record_holder_left(user, holding.post, left_on=ended_on,
                                                   request=request)
            holding.refresh_from_db()
        holding.ended_on, holding.exit_reason = ended_on, reason
        holding.interim_followed, holding.exit_recorded_by = interim_followed, user
        holding.save(update_fields=["ended_on", "exit_reason", "interim_followed",
                                    "exit_recorded_by", "updated_at"])
        record(actor=user, action=AuditAction.UPDATE, target=holding, request=request,
               detail={"person": holding.person_id, "ended_on": ended_on.isoformat(),
                       "reason": reason, "interim_followed": interim_followed,
                       "what": "an exit was recorded"})
    return holding
