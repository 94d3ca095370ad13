"""How long TalentBridge keeps each kind of record, and which records are past it.

The periods are TalentBridge's own defaults (`DEFAULTS`), each overridable in the setting
``TALENTBRIDGE_RETENTION`` (kind -> days). Their source and reasons are in
docs/data-rights-retention.md: the NHS Records Management Code of Practice 2023 keeps the
staff record of reference for far longer, but TalentBridge is not that record and keeps much
less. `talentbridge.data_rights.erasure.erase_expired` acts on what this module finds, daily.

Nothing here changes anything: it answers "what is due" with querysets and ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.utils import timezone

from talentbridge.audit.models import AuditEvent
from talentbridge.board.models import BoardReference
from talentbridge.board.models import FpptRecord
from talentbridge.opportunities.codes import InterestStatus
from talentbridge.opportunities.models import Interest
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models.assessments import RoundStatus
from talentbridge.talent.models.pools import NominationStatus

LEFT_NHS = "left_nhs"
WITHDRAWN_INTERESTS = "withdrawn_interests"
WITHDRAWN_NOMINATIONS = "withdrawn_nominations"
CLOSED_ROUND_ANSWERS = "closed_round_answers"
NOTIFICATIONS = "notifications"
AUDIT_EVENTS = "audit_events"
DEPARTED_BOARD_MEMBERS = "departed_board_members"
#: The age until which a departed board member's FPPT records and reference are kept when
#: their date of birth is known (``TALENTBRIDGE_BOARD_RECORDS_UNTIL_AGE`` changes it).
BOARD_RECORDS_UNTIL_AGE = 75


@dataclass(frozen=True)
class Period:
    days: int
    what: str
    counted_from: str


#: TalentBridge's defaults (days). docs/data-rights-retention.md gives each one's reason.
DEFAULTS: dict[str, Period] = {
    LEFT_NHS: Period(2 * 365, "a leader who left the NHS: erased entirely",
                     "the day they left the NHS (left_nhs_on)"),
    WITHDRAWN_INTERESTS: Period(365, "a withdrawn interest in an opportunity",
                                "when it was withdrawn"),
    WITHDRAWN_NOMINATIONS: Period(365, "a withdrawn nomination to a talent pool",
                                  "when it was made (a nomination records no withdrawal date)"),
    CLOSED_ROUND_ANSWERS: Period(365, "who gave each answer in a closed 360 round (the answers "
                                      "stay, unattributed, for the round's results)",
                                 "the round's closing date"),
    NOTIFICATIONS: Period(365, "a message sent to someone", "when it was sent"),
    AUDIT_EVENTS: Period(6 * 365, "an audit event", "when it happened"),
    DEPARTED_BOARD_MEMBERS: Period(
        25 * 365, "the FPPT records and Board Member Reference of a board member who left the "
                  "board, when their date of birth is not known (when it is: until they are "
                  "75)", "the day they left the board"),
}


class RetentionSettingError(ValueError):
    pass


def days(kind: str) -> int:
    """The retention period of ``kind`` in days: the setting's, else the default."""
    configured = getattr(settings, "TALENTBRIDGE_RETENTION", {}) or {}
    unknown = sorted(set(configured) - set(DEFAULTS))
    if unknown:
        raise RetentionSettingError(
            f"TALENTBRIDGE_RETENTION names unknown kinds {unknown}; the kinds are "
            f"{sorted(DEFAULTS)}")
    value = configured.get(kind, DEFAULTS[kind].days)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise RetentionSettingError(
            f"TALENTBRIDGE_RETENTION[{kind!r}] must be a whole number of days, at least 1 "
            f"(it is {value!r})")
    return value


def periods() -> list[tuple[str, int, Period]]:
    """(kind, days in force, default) for every kind, for the docs and the report."""
    return [(kind, days(kind), period) for kind, period in DEFAULTS.items()]


def _cutoff_date(kind: str, today: dt.date) -> dt.date:
    return today - dt.timedelta(days=days(kind))


def _cutoff_time(kind: str, today: dt.date) -> dt.datetime:
    midnight = dt.datetime.combine(_cutoff_date(kind, today), dt.time.min)
    return timezone.make_aware(midnight) if settings.USE_TZ else midnight


def people_who_left(today: dt.date) -> QuerySet[Person]:
    """People who left the NHS more than the period ago: to be erased entirely."""
    return Person.unscoped.filter(left_nhs_on__lt=_cutoff_date(LEFT_NHS, today)).order_by("pk")


def withdrawn_interests(today: dt.date) -> QuerySet[Interest]:
    return Interest.unscoped.filter(status=InterestStatus.WITHDRAWN,
                                    withdrawn_at__lt=_cutoff_time(WITHDRAWN_INTERESTS, today))


def withdrawn_nominations(today: dt.date) -> QuerySet[PoolNomination]:
    return PoolNomination.unscoped.filter(
        status=NominationStatus.WITHDRAWN,
        created_at__lt=_cutoff_time(WITHDRAWN_NOMINATIONS, today))


def attributed_answers_of_closed_rounds(today: dt.date) -> QuerySet[Assessment]:
    """Answers in rounds closed more than the period ago that still say who gave them."""
    return Assessment.unscoped.filter(
        round__status=RoundStatus.CLOSED,
        round__closes_on__lt=_cutoff_date(CLOSED_ROUND_ANSWERS, today),
    ).filter(Q(rater_user__isnull=False) | ~Q(invited_email="") | Q(invited_by__isnull=False)
             | Q(token_hash__isnull=False))


def _sent_at_field(model) -> str | None:
    names = {f.name for f in model._meta.get_fields()}
    return next((n for n in ("sent_at", "created_at") if n in names), None)


#: Tables of the notifications app that are choices, not messages: never aged out.
KEPT_NOTIFICATION_TABLES = ("preference", "setting", "subscription")


def old_notifications(today: dt.date) -> list[QuerySet]:
    """Every notifications table of messages: rows older than the period (by sent_at or
    created_at). People's preferences are choices in force, not messages, and stay."""
    cutoff = _cutoff_time(NOTIFICATIONS, today)
    found = []
    for model in apps.get_app_config("notifications").get_models():
        if any(word in model._meta.model_name for word in KEPT_NOTIFICATION_TABLES):
            continue
        field = _sent_at_field(model)
        if field is not None:
            found.append(model._base_manager.filter(**{f"{field}__lt": cutoff}))
    return found


def old_audit_events(today: dt.date) -> QuerySet[AuditEvent]:
    """Audit events past the period. The app cannot delete them (the database refuses); the
    database owner's `prune_audit_trail` command does."""
    return AuditEvent.objects.filter(occurred_at__lt=_cutoff_time(AUDIT_EVENTS, today))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def departed_board_records(today: dt.date) -> tuple[QuerySet[FpptRecord],
                                                     QuerySet[BoardReference]]:
    """FPPT records and Board Member References of board members who left the board and are
    75 or older (``TALENTBRIDGE_BOARD_RECORDS_UNTIL_AGE``), or, with no date of birth known,
    who left more than the period ago. A sitting member's records are never due."""
    age = getattr(settings, "TALENTBRIDGE_BOARD_RECORDS_UNTIL_AGE", BOARD_RECORDS_UNTIL_AGE)
    if not isinstance(age, int) or isinstance(age, bool) or not 18 <= age <= 120:
        raise RetentionSettingError("TALENTBRIDGE_BOARD_RECORDS_UNTIL_AGE must be a whole "
                                    f"number of years from 18 to 120 (it is {age!r})")
    born_by = _years_before(today, age)
    cutoff = _cutoff_date(DEPARTED_BOARD_MEMBERS, today)
    born = Subquery(ProtectedCharacteristics.unscoped.filter(person_id=OuterRef("person_id"))
                    .values("date_of_birth")[:1])

    def past(queryset, left_field: str):
        return queryset.annotate(born=born).filter(
            Q(born__isnull=False, born__lte=born_by)
            | Q(born__isnull=True, **{f"{left_field}__lt": cutoff}))

    return (past(FpptRecord.unscoped.filter(left_board_on__isnull=False), "left_board_on"),
            past(BoardReference.unscoped.all(), "left_on"))


def due(today: dt.date) -> dict:
    """What the daily erasure would act on today: ids of people, counts of the rest."""
    return {
        "people_to_erase": list(people_who_left(today).values_list("pk", flat=True)),
        WITHDRAWN_INTERESTS: withdrawn_interests(today).count(),
        WITHDRAWN_NOMINATIONS: withdrawn_nominations(today).count(),
        CLOSED_ROUND_ANSWERS: attributed_answers_of_closed_rounds(today).count(),
        NOTIFICATIONS: sum(q.count() for q in old_notifications(today)),
        DEPARTED_BOARD_MEMBERS: sum(q.count() for q in departed_board_records(today)),
        "audit_events_due": old_audit_events(today).count(),
    }
