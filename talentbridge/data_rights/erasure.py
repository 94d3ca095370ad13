"""Erasing a person (UK GDPR Article 17) and what passed its retention period (storage
limitation). docs/data-rights-retention.md says what goes and what stays.

`erase_person` (an administrator, with a reason) and the daily `erase_expired` remove a
person's personal data from every table and stored file that holds it:

1. Their answers as a rater in other people's 360 rounds stay, without who gave them (the
   rounds' results are worked out from the answers; TalentBridge stores no separate totals).
2. Every row that hangs off their record goes with it (Django's cascade: career history,
   characteristics, conversations and assessments about them, review placements, pool
   nominations and memberships, interests, placements, proposals, conflicts, and whatever
   later apps hang off a person).
3. Their account is deleted, or, where other records must keep pointing at it (a
   conversation they held, a review they ran), kept as "erased-user-<id>": inactive, no
   password, no e-mail, no name. Its tokens, single sign-on identity, roles and sessions go.
4. Their name, e-mail and NHS identifier are then searched for in every text and JSON
   column of every other table (messages sent, queued tasks, statements and reasons that
   named them) and replaced by "[erased]", and in the text files under the storage roots
   (lines naming them are removed; other files naming them are reported).
5. One audit event records the erasure: the person's id, the reason, the counts. No names.

Aggregates (workforce insights, pool make-up, match run totals) are counts over what remains
or figures stored without names, so they still load.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from dataclasses import field
from importlib import import_module
from pathlib import Path

import openpyxl
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.db import models
from django.db import transaction
from django.db.models import Q
from django.db.models import TextField
from django.db.models.deletion import Collector
from django.db.models.deletion import ProtectedError
from django.db.models.deletion import RestrictedError
from django.db.models.functions import Cast
from django.tasks import task
from django.utils import timezone

from talentbridge.accounts.grants import grants_for
from talentbridge.audit.labels import ERASED_USERNAME_PREFIX
from talentbridge.audit.labels import person_label
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.audit.services import record
from talentbridge.insights import storage as insights_storage
from talentbridge.people.models import Person
from talentbridge.staff_record import services as staff_record_services
from talentbridge.talent.models import Assessment

from . import retention
from .erasure_policy import can_erase

ERASED = "[erased]"
#: Text files under the storage roots that are searched line by line (others byte by byte).
TEXT_SUFFIXES = frozenset({".csv", ".txt", ".json", ".tsv"})
_TRIGGERS = import_module("talentbridge.audit.migrations.0002_append_only_triggers")
#: Tables never rewritten: the audit trail (append-only; it holds identifiers, not names).
SKIP_TABLES = frozenset({AuditEvent._meta.db_table})


class ErasureError(ValidationError):
    """An erasure that cannot go ahead; nothing was changed."""


@dataclass
class Erasure:
    """What one erasure removed: counts per kind of record, and files."""

    person_id: int
    counts: dict[str, int] = field(default_factory=dict)
    files_rewritten: list[str] = field(default_factory=list)
    files_to_review: list[str] = field(default_factory=list)

    def as_detail(self) -> dict:
        return {"person": self.person_id, "erased": self.counts,
                "files_rewritten": len(self.files_rewritten),
                "files_to_review": len(self.files_to_review)}


# ---- what will go -------------------------------------------------------------------------


def _plural(model) -> str:
    return str(model._meta.verbose_name_plural)


def erasure_counts(person: Person) -> dict[str, int]:
    """What erasing ``person`` removes, per kind of record (for the confirmation page)."""
    collector = Collector(using="default", origin=person)
    try:
        collector.collect([person])
    except (ProtectedError, RestrictedError) as error:
        kinds = sorted({_plural(type(o)) for o in error.args[1]})
        raise ErasureError({"person": f"{person_label(person.pk)} cannot be erased while "
                                      f"these records need them: {', '.join(kinds)}"}) from None
    counts: Counter[str] = Counter()
    for model, instances in collector.data.items():
        counts[_plural(model)] += len(instances)
    for queryset in collector.fast_deletes:
        counted = queryset.count()
        if counted:
            counts[_plural(queryset.model)] += counted
    answers = _answers_given(person).count()
    if answers:
        counts["answers given as a rater (kept, unattributed)"] = answers
    if person.user_id:
        counts["user accounts"] = 1
    return dict(sorted(counts.items()))


def _answers_given(person: Person):
    """Their answers about other people, as a rater."""
    given = Q(invited_email__iexact=person.work_email)
    if person.user_id:
        given |= Q(rater_user_id=person.user_id)
    return Assessment.unscoped.filter(given).exclude(round__person_id=person.pk)


# ---- erasing ------------------------------------------------------------------------------


def erase_person(actor, person: Person, *, reason: str, request=None) -> Erasure:
    """Erase ``person`` on request. Only an administrator (not of their own record), and only
    with a reason; otherwise nothing changes."""
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError({"reason": f"Give the reason for erasing {person_label(person.pk)}: "
                                      "an erasure without a reason is not allowed"})
    if not can_erase(grants_for(actor), person):
        raise PermissionDenied("Only an administrator can erase a person, and not their own "
                               "record.")
    return _erase(person, reason=reason, actor=actor, request=request)


def _identifiers(person: Person) -> list[str]:
    """What must not be left anywhere: their full name, e-mail, NHS identifier, and their
    account's e-mail and name (its username too when it is an address: a short one such as
    "alice" would also match other people's text)."""
    found = [person.full_name, person.work_email, person.nhs_identifier or ""]
    if person.user_id:
        user = person.user
        found += [user.email, f"{user.first_name} {user.last_name}".strip()]
        if "@" in user.username:
            found.append(user.username)
    return sorted({v.strip() for v in found if v and len(v.strip()) >= 4}, key=len,
                  reverse=True)


@transaction.atomic
def _erase(person: Person, *, reason: str, actor=None, request=None) -> Erasure:
    person = Person.unscoped.select_for_update().get(pk=person.pk)
    erasure = Erasure(person.pk, counts=erasure_counts(person))
    needles = _identifiers(person)
    _answers_given(person).update(rater_user=None, invited_email="", token_hash=None)
    user = person.user
    person.delete()
    if user is not None:
        _erase_user(user)
    erasure.counts["other records naming them (rewritten)"] = _scrub_tables(needles)
    erasure.files_rewritten, erasure.files_to_review = _scrub_files(needles)
    # the reason too must not name them ("asked by Jo Bloggs by e-mail")
    record(actor=actor, action=AuditAction.ERASE, request=request,
           reason=_replace(reason, needles), target_type="people.person",
           target_id=str(erasure.person_id), target_label=person_label(erasure.person_id),
           detail=erasure.as_detail())
    return erasure


def _end_sessions(user_id: int) -> None:
    """Through the session engine, not the table alone: production keeps sessions in the cache
    too (cached_db), where a deleted row's session would otherwise live on."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id", "")) == str(user_id):
            store().delete(session.session_key)


def _erase_user(user) -> None:
    """Delete the account, or keep it nameless where other records must point at it."""
    _end_sessions(user.pk)
    try:
        with transaction.atomic():
            user.delete()
        return
    except (ProtectedError, RestrictedError):
        pass
    for relation in user._meta.related_objects:
        if relation.on_delete is models.CASCADE and not relation.many_to_many:
            relation.related_model._base_manager.filter(**{relation.field.name: user}).delete()
    user.username = f"{ERASED_USERNAME_PREFIX}{user.pk}"
    user.email = user.first_name = user.last_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.set_unusable_password()
    user.save()


# ---- every other table and file -----------------------------------------------------------


def _text_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            and not f.primary_key and not f.choices]


def _replace(value, needles: list[str]):
    if isinstance(value, str):
        for needle in needles:
            value = _replace_text(value, needle)
        return value
    if isinstance(value, list):
        return [_replace(v, needles) for v in value]
    if isinstance(value, dict):
        return {_replace(k, needles): _replace(v, needles) for k, v in value.items()}
    return value


def _replace_text(value: str, needle: str) -> str:
    lowered, target = value.lower(), needle.lower()
    while target in lowered:
        start = lowered.index(target)
        value = value[:start] + ERASED + value[start + len(needle):]
        lowered = value.lower()
    return value


def _matching(model, text_field, needles: list[str]):
    rows = model._base_manager.all()
    if isinstance(text_field, models.JSONField):
        rows = rows.annotate(_as_text=Cast(text_field.name, TextField()))
        column = "_as_text"
    else:
        column = text_field.name
    condition = Q()
    for needle in needles:
        condition |= Q(**{f"{column}__icontains": needle})
    return rows.filter(condition)


def _scrub_tables(needles: list[str]) -> int:
    """Replace the identifiers in every text and JSON column of every table (not the audit
    trail); returns how many rows changed."""
    changed = 0
    for model in apps.get_models():
        if model._meta.db_table in SKIP_TABLES or model._meta.proxy:
            continue
        for text_field in _text_fields(model):
            for row in _matching(model, text_field, needles):
                value = _replace(getattr(row, text_field.attname), needles)
                if isinstance(value, str) and getattr(text_field, "max_length", None):
                    value = value[:text_field.max_length]
                model._base_manager.filter(pk=row.pk).update(**{text_field.attname: value})
                changed += 1
    return changed


def storage_roots() -> list[Path]:
    """Where stored files live: the insights imports' folder, the leaders' feeds waiting for
    their import, and any further folders in the setting ``TALENTBRIDGE_ERASURE_FILE_ROOTS``."""
    extra = getattr(settings, "TALENTBRIDGE_ERASURE_FILE_ROOTS", ())
    return [insights_storage.root(), staff_record_services.storage_folder(),
            *(Path(p) for p in extra)]


def _workbook_text(path: Path) -> str:
    """Every cell of a workbook (a leaders' feed waiting for a retry), as one lower-case text:
    its bytes are compressed, so a search of them would find nothing."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return "\n".join(str(value) for sheet in workbook.worksheets
                         for row in sheet.iter_rows(values_only=True)
                         for value in row if value is not None).lower()
    finally:
        workbook.close()


def _scrub_file(path: Path, needles: list[str]) -> str | None:
    """"rewritten" (a text file, without the lines naming them), "removed" (a workbook naming
    them), "review" (another binary file naming them) or None (not named in it)."""
    lowered = [n.lower() for n in needles]
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines if not any(n in line.lower() for n in lowered)]
        if len(kept) == len(lines):
            return None
        path.write_text("".join(kept), encoding="utf-8")
        return "rewritten"
    if suffix == ".xlsx":
        if not any(n in _workbook_text(path) for n in lowered):
            return None
        path.unlink()
        return "removed"
    data = path.read_bytes().lower()
    return "review" if any(n.encode() in data for n in lowered) else None


def _scrub_files(needles: list[str]) -> tuple[list[str], list[str]]:
    rewritten, review = [], []
    for root in storage_roots():
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            outcome = _scrub_file(path, needles)
            if outcome in ("rewritten", "removed"):
                rewritten.append(str(path.relative_to(root)))
            elif outcome == "review":
                review.append(str(path.relative_to(root)))
    return rewritten, review


# ---- the daily erasure of what passed its retention period --------------------------------


def _delete_expired(kind: str, queryset) -> int:
    ids = sorted(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    queryset.model._base_manager.filter(pk__in=ids).delete()
    record(actor=None, action=AuditAction.DELETE, channel="cli",
           target_type=queryset.model._meta.label_lower,
           reason=f"retention period passed ({kind}, {retention.days(kind)} days)",
           # capped: the audit event names the first 500 ids and counts them all
           detail={"retention": kind, "ids": ids[:500], "count": len(ids)})
    return len(ids)


def _anonymise_old_answers(today: dt.date) -> int:
    answers = retention.attributed_answers_of_closed_rounds(today)
    ids = sorted(answers.values_list("pk", flat=True))
    if ids:
        Assessment.unscoped.filter(pk__in=ids).update(
            rater_user=None, invited_email="", token_hash=None, invited_by=None)
        record(actor=None, action=AuditAction.UPDATE, channel="cli",
               target_type="talent.assessment",
               reason=f"retention period passed ({retention.CLOSED_ROUND_ANSWERS})",
               # capped: the audit event names the first 500 ids and counts them all
               detail={"retention": retention.CLOSED_ROUND_ANSWERS, "ids": ids[:500],
                       "count": len(ids), "fields": ["rater"]})
    return len(ids)


def erase_expired(today: dt.date | None = None) -> dict:
    """Erase everything past its retention period; safe to run any number of times (a second
    run the same day finds nothing). Returns a report of ids and counts, no names."""
    today = today or timezone.localdate()
    days = retention.days(retention.LEFT_NHS)
    people, kept = [], {}
    for person in retention.people_who_left(today):
        try:
            _erase(person, reason=f"retention period passed: left the NHS on "
                                  f"{person.left_nhs_on.isoformat()}, more than {days} days ago")
        except ErasureError as error:  # e.g. a record that protects them; the rest go on
            kept[person.pk] = " ".join(error.messages)
        except Person.DoesNotExist:
            continue  # erased since it was listed, by the same run on another worker
        else:
            people.append(person.pk)
    with transaction.atomic():
        report = {
            "people_erased": people,
            **({"people_not_erased": kept} if kept else {}),
            retention.WITHDRAWN_INTERESTS: _delete_expired(
                retention.WITHDRAWN_INTERESTS, retention.withdrawn_interests(today)),
            retention.WITHDRAWN_NOMINATIONS: _delete_expired(
                retention.WITHDRAWN_NOMINATIONS, retention.withdrawn_nominations(today)),
            retention.CLOSED_ROUND_ANSWERS: _anonymise_old_answers(today),
            retention.NOTIFICATIONS: sum(_delete_expired(retention.NOTIFICATIONS, queryset)
                                         for queryset in retention.old_notifications(today)),
            retention.DEPARTED_BOARD_MEMBERS: sum(
                _delete_expired(retention.DEPARTED_BOARD_MEMBERS, queryset)
                for queryset in retention.departed_board_records(today)),
            "audit_events_due": retention.old_audit_events(today).count(),
        }
    return report


def prune_audit_trail(today: dt.date | None = None) -> int:
    """Delete audit events past their retention period. Only the database owner can (the
    app's role may not lift the append-only triggers): run ``talentbridge prune-audit-trail``
    with the owner's DATABASE_URL. The triggers are lifted and restored in one transaction,
    and the pruning is itself recorded."""
    today = today or timezone.localdate()
    old = retention.old_audit_events(today)
    cutoff = old.aggregate(newest=models.Max("occurred_at"))["newest"]
    if cutoff is None:
        return 0
    lift = {"sqlite": _TRIGGERS.SQLITE_REVERSE, "postgresql": _TRIGGERS.POSTGRES_REVERSE[:1]}
    restore = {"sqlite": _TRIGGERS.SQLITE, "postgresql": _TRIGGERS.POSTGRES[1:]}
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in lift.get(connection.vendor, []):
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} "  # noqa: S608
                       "WHERE occurred_at <= %s", [cutoff])
        pruned = cursor.rowcount
        for sql in restore.get(connection.vendor, []):
            cursor.execute(sql)
    record(actor=None, action=AuditAction.DELETE, channel="cli",
           target_type=AuditEvent._meta.label_lower,
           reason=f"retention period passed ({retention.AUDIT_EVENTS}, "
                  f"{retention.days(retention.AUDIT_EVENTS)} days)",
           detail={"retention": retention.AUDIT_EVENTS, "count": pruned,
                   "up_to": cutoff.isoformat()})
    return pruned


@task()
def erase_expired_task() -> dict:
    """The daily erasure, as a background task (``talentbridge erase-expired --queue``)."""
    return erase_expired()
