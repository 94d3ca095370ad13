"""The leadership compact: commitments made by national and regional bodies to senior
leaders, the pulse rounds in which leaders say whether they see each in practice, and the
figures that compare them (docs/support.md). Individual answers are read only by the leader
who gave them; everyone else sees counts through the disclosure rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from engine.insights.disclosure import control_count
from engine.insights.disclosure import control_share
from engine.support.warnings import long_date
from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.people.models import Person

from . import policy
from .models import Agreement
from .models import Commitment
from .models import CommitmentStatus
from .models import PulseAnswer
from .models import PulseRound

#: Fewer responses than this and a commitment's figures are not reported (as the NHS Staff
#: Survey does).
MIN_RESPONSES = 11
#: Agreement of 4 or 5 counts as seeing the commitment in practice.
AGREE_FROM = 4
COMMITMENT_FIELDS = ("title", "owner", "region", "measure", "due_on", "status", "evidence")


# --------------------------------------------------------------------------------------
# Commitments
# --------------------------------------------------------------------------------------


def commitments(user):
    if not policy.can_view_compact(user):
        raise PermissionDenied("Only leaders, talent leads, analysts and administrators see "
                               "the leadership compact.")
    return Commitment.objects.select_related("region").order_by("region__name", "due_on",
                                                                "pk")


def get_commitment(user, pk: int) -> Commitment:
    commitment = commitments(user).filter(pk=pk).first()
    if commitment is None:
        raise Http404(f"There is no commitment {pk}.")
    return commitment


def _check_commitment(values: dict) -> None:
    if values.get("status", CommitmentStatus.NOT_STARTED) not in CommitmentStatus.values:
        raise ValidationError({"status": f'"{values["status"]}" is not a status of a '
                                         "commitment"})
    if values.get("status") == CommitmentStatus.MET and not values.get("evidence", "").strip():
        raise ValidationError({"evidence": "Give the evidence that the commitment was met"})


@transaction.atomic
def save_commitment(user, commitment: Commitment | None, values: dict,
                    request=None) -> Commitment:
    """Make or change a commitment: national leads any, regional leads their region's."""
    region = values.get("region", commitment.region if commitment else None)
    region_id = region.pk if region is not None else None
    for checked in {region_id, commitment.region_id if commitment else region_id}:
        if not policy.can_manage_commitment(user, checked):
            raise PermissionDenied("Only national leads, and regional leads for their region, "
                                   "manage the compact's commitments.")
    _check_commitment(values)
    created = commitment is None
    commitment = commitment or Commitment()
    changed = {}
    for name in COMMITMENT_FIELDS:
        if name in values and getattr(commitment, name) != values[name]:
            changed[name] = str(values[name])
            setattr(commitment, name, values[name])
    commitment.updated_by = user
    commitment.save()
    record(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
           target=commitment, request=request, detail={"changed": sorted(changed)})
    return commitment


# --------------------------------------------------------------------------------------
# Pulse rounds and answers
# --------------------------------------------------------------------------------------


def open_round_on(day: dt.date | None = None) -> PulseRound | None:
    day = day or timezone.localdate()
    return PulseRound.objects.filter(opens_on__lte=day, closes_on__gte=day).first()


def rounds():
    return PulseRound.objects.order_by("-opens_on", "-pk")


@transaction.atomic
def open_round(user, *, name: str, opens_on: dt.date, closes_on: dt.date,
               request=None) -> PulseRound:
    if not policy.can_open_pulse(user):
        raise PermissionDenied("Only national leads open a pulse round.")
    if closes_on < opens_on:
        raise ValidationError({"closes_on": (
            f"The round closes on {long_date(closes_on)}, before it opens on "
            f"{long_date(opens_on)}: enter a closing date on or after the opening date")})
    if PulseRound.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": f'There is already a pulse round called "{name}"'})
    clash = PulseRound.objects.filter(opens_on__lte=closes_on, closes_on__gte=opens_on).first()
    if clash is not None:
        raise ValidationError({"opens_on": (
            f'The round would overlap "{clash.name}" ({long_date(clash.opens_on)} to '
            f"{long_date(clash.closes_on)}): one pulse round is open at a time")})
    pulse = PulseRound.objects.create(name=name.strip(), opens_on=opens_on,
                                      closes_on=closes_on, created_by=user)
    record(actor=user, action=AuditAction.CREATE, target=pulse, request=request)
    if opens_on <= timezone.localdate():
        _tell_leaders(pulse)
    return pulse


def _tell_leaders(pulse: PulseRound) -> None:
    """Notify every chief executive and board member with an account that a round is open."""
    for person in (Person.unscoped.filter(board_posts__isnull=False, user__isnull=False)
                   .select_related("user").distinct()):
        notify(kind=Kind.COMPACT_PULSE, to_user=person.user,
               subject=f"The leadership compact pulse is open: {pulse.name}",
               body=(f"Say whether you see the compact's commitments in practice, by "
                     f"{long_date(pulse.closes_on)}. Your answers are seen only by you."),
               link=reverse("support:pulse"))


def asked_of(person: Person) -> list[Commitment]:
    """The commitments a leader is asked about: England's and their region's."""
    region_id = policy.region_of(person.organisation_id)
    return list(Commitment.objects.filter(Q(region__isnull=True) | Q(region_id=region_id))
                .select_related("region").order_by("region", "due_on", "pk"))


def my_answers(user, pulse: PulseRound) -> dict[int, int]:
    """Commitment id → the user's own answer in this round."""
    return dict(PulseAnswer.objects.visible_to(user).filter(round=pulse).values_list(
        "commitment_id", "agreement"))


def me(user) -> Person:
    if not policy.can_answer_pulse(user):
        raise PermissionDenied("Only chief executives and board members answer the pulse.")
    return Person.objects.visible_to(user).select_related("organisation").get(
        pk=grants_for(user).person_id)


def _agreement(commitment: Commitment, value) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number not in Agreement.values:
        raise ValidationError({f"commitment_{commitment.pk}": (
            f'Answer "{commitment.title}" from 1 (strongly disagree) to 5 (strongly agree): '
            f'"{value}" is not on the scale')})
    return number


@transaction.atomic
def answer_pulse(user, pulse: PulseRound, answers: dict[int, object],
                 request=None) -> list[PulseAnswer]:
    """The leader's answers for every commitment asked of them, all or none."""
    leader = me(user)
    today = timezone.localdate()
    if not pulse.opens_on <= today <= pulse.closes_on:
        raise ValidationError({"__all__": (
            f'"{pulse.name}" is open from {long_date(pulse.opens_on)} to '
            f"{long_date(pulse.closes_on)}: answers are taken only while it is open")})
    if PulseAnswer.objects.visible_to(user).filter(round=pulse).exists():
        raise ValidationError({"__all__": (
            f'You have already answered "{pulse.name}": one answer per leader per round')})
    asked = asked_of(leader)
    errors, values = {}, {}
    for commitment in asked:
        try:
            values[commitment.pk] = _agreement(commitment, answers.get(commitment.pk, ""))
        except ValidationError as error:
            errors.update(error.message_dict)
    unknown = set(answers) - {c.pk for c in asked}
    if unknown:
        errors["__all__"] = [f"Commitment {sorted(unknown)[0]} is not asked of you"]
    if errors:
        raise ValidationError(errors)
    made = PulseAnswer.objects.bulk_create(
        [PulseAnswer(round=pulse, commitment_id=pk, leader=leader, agreement=value)
         for pk, value in values.items()])
    record(actor=user, action=AuditAction.CREATE, target=pulse, request=request,
           detail={"person": leader.pk, "answers": len(made)})
    return made


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentFigures:
    """What leaders report about one commitment in one round, as published: ``reported`` is
    False under MIN_RESPONSES responses, and then nothing else is shown."""

    commitment: Commitment
    reported: bool
    responses: int | str
    by_answer: tuple[int | str, ...]
    agree_share: float | None


def figures(user, pulse: PulseRound, region_id: int | None = None) -> list[CommitmentFigures]:
    """Each commitment against what leaders report in this round (England, or the leaders of
    one region): counts through the disclosure rules, never a person's answer."""
    rows = list(commitments(user))
    counts: dict[int, dict[int, int]] = {}
    answers = PulseAnswer.unscoped.filter(round=pulse)
    if region_id is not None:
        answers = answers.filter(leader__organisation_id__in=policy.organisations_in(region_id))
    for pk, agreement, n in answers.values("commitment_id", "agreement").annotate(
            n=Count("pk")).values_list("commitment_id", "agreement", "n"):
        counts.setdefault(pk, {})[agreement] = n
    return [_published(c, counts.get(c.pk, {})) for c in rows]


def _published(commitment: Commitment, counts: dict[int, int]) -> CommitmentFigures:
    total = sum(counts.values())
    if total < MIN_RESPONSES:
        return CommitmentFigures(commitment, False, "", (), None)
    agree = sum(n for value, n in counts.items() if value >= AGREE_FROM)
    return CommitmentFigures(
        commitment, True, control_count(total),
        tuple(control_count(counts.get(value, 0)) for value in Agreement.values),
        control_share(agree, total))


def all_my_answers(user) -> list[PulseAnswer]:
    """Every pulse answer the signed-in leader gave (their copy of their data)."""
    return list(PulseAnswer.objects.visible_to(user).select_related("round", "commitment")
                .order_by("round__opens_on", "commitment_id"))
