"""Waiting for a user in career conversations and assessments: conversations to prepare for,
to record or falling due for review; self-assessments and line manager assessments to give;
rater invitations waiting for the line manager's approval; and the leader's assessments
still collecting colleagues' (360) feedback. Counts only: how many raters answered is never
shown before the round publishes it (docs/talent-conversations.md). Where there is no list
of the work, the link opens the one waiting longest."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from talentbridge.accounts.grants import grants_for
from talentbridge.core.waiting import WaitingItem
from talentbridge.core.waiting import waiting_in
from talentbridge.talent.codes import MULTI_RATER_KINDS
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models.assessments import RaterKind
from talentbridge.talent.models.assessments import RoundStatus
from talentbridge.talent.models.conversations import ConversationStatus
from talentbridge.talent.reminders import REMINDER_DAYS


def _open_rounds(user):
    return AssessmentRound.objects.visible_to(user).filter(
        status=RoundStatus.OPEN, closes_on__gte=timezone.localdate()).order_by("closes_on", "pk")


def _given(user, kind: str):
    """Rounds where an answer of ``kind`` has been submitted."""
    return Exists(Assessment.objects.visible_to(user).filter(
        round=OuterRef("pk"), rater_kind=kind, submitted_at__isnull=False))


def _review_due(user, who: Q):
    """Recorded conversations of ``who`` due for review within the reminder window (or
    overdue) that no later recorded conversation of the same person replaced."""
    later = CareerConversation.objects.visible_to(user).filter(
        person=OuterRef("person"), status=ConversationStatus.RECORDED,
        held_on__gt=OuterRef("held_on"))
    return (CareerConversation.objects.visible_to(user).filter(who)
            .filter(status=ConversationStatus.RECORDED,
                    next_review_on__lte=timezone.localdate() + dt.timedelta(days=REMINDER_DAYS))
            .exclude(Exists(later)).order_by("next_review_on", "pk"))


def for_the_leader(user, person_id: int) -> list[WaitingItem]:
    """Their own conversations and assessments."""
    mine = reverse("talent:my-talent")
    prepare = (CareerConversation.objects.visible_to(user)
               .filter(person_id=person_id, status=ConversationStatus.PREPARING,
                       individual_reflection="").order_by("created_at", "pk"))
    rounds = _open_rounds(user).filter(person_id=person_id)
    collecting = rounds.filter(Exists(Assessment.objects.visible_to(user).filter(
        round=OuterRef("pk"), rater_kind__in=MULTI_RATER_KINDS, awaiting_approval=False)))
    return [
        *waiting_in(prepare, "Career conversation to prepare for",
                    "Career conversations to prepare for", "talent:conversation-reflection", mine),
        *waiting_in(rounds.exclude(_given(user, RaterKind.SELF)), "Self-assessment to give",
                    "Self-assessments to give", "talent:assessment-rate", mine,
                    args=lambda r: [r.pk, "self"]),
        *waiting_in(collecting, "Assessment collecting colleagues' feedback (360)",
                    "Assessments collecting colleagues' feedback (360)", "talent:assessment", mine),
        *waiting_in(_review_due(user, Q(person_id=person_id)),
                    "Your career conversation is due for review",
                    "Your career conversations are due for review", "talent:conversation", mine),
    ]


def for_the_manager(user, person_id: int) -> list[WaitingItem]:
    """Their direct reports' assessments, and the conversations they hold or should review."""
    reports = _open_rounds(user).filter(person__line_manager_id=person_id)
    approvals = reports.filter(Exists(Assessment.objects.visible_to(user).filter(
        round=OuterRef("pk"), awaiting_approval=True)))
    return [
        *waiting_in(reports.exclude(_given(user, RaterKind.LINE_MANAGER)),
                    "Line manager assessment to give", "Line manager assessments to give",
                    "talent:assessment-rate", args=lambda r: [r.pk, "line-manager"]),
        *waiting_in(approvals, "Assessment with feedback invitations to approve",
                    "Assessments with feedback invitations to approve", "talent:assessment"),
        *waiting_in(_review_due(user, Q(person__line_manager_id=person_id)),
                    "Career conversation with someone you manage due for review",
                    "Career conversations with people you manage due for review",
                    "talent:person-talent", args=lambda c: [c.person_id]),
    ]


def to_record(user) -> list[WaitingItem]:
    """Conversations this user holds that are not recorded yet."""
    held = (CareerConversation.objects.visible_to(user)
            .filter(held_by_id=user.pk, status=ConversationStatus.PREPARING)
            .order_by("created_at", "pk"))
    return waiting_in(held, "Career conversation to record", "Career conversations to record",
                      "talent:conversation-record")


def waiting_for(user) -> list[WaitingItem]:
    grants = grants_for(user)
    if grants.person_id is None:
        return to_record(user)
    # most people manage nobody: their home asks nothing of the manager's work
    managing = for_the_manager(user, grants.person_id) if grants.direct_report_ids else []
    return [*for_the_leader(user, grants.person_id), *managing, *to_record(user)]
