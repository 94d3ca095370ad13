"""FPPT records: starting a year's records for an organisation's board, recording checks, the
member's self-attestation, the sign-off, delegates, and the annual submission summary.

Each function takes the acting user, asks `policy` (with the user's `Standing`, read here),
checks every value (a message naming the field and the value; nothing is written when
anything is wrong), does the work and writes an audit event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.audit.services import record_view
from talentbridge.core.forms import nhs_date
from talentbridge.organisations.models import Organisation
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.talent.models import AssessmentRound

from . import policy
from .models import EVIDENCE_LIMIT
from .models import TEXT_LIMIT
from .models import BoardDelegate
from .models import CheckOutcome
from .models import Conclusion
from .models import FpptCheck
from .models import FpptItem
from .models import FpptRecord

#: The checklist item the sign-off itself completes.
CONCLUSION_ITEM = "chair-conclusion"


class RecordNotFound(Http404):
    """No such FPPT record, or not one this user may see (the two look the same)."""


def standing_of(user) -> policy.Standing:
    """Which board posts the user's person holds now, and where they are a delegate."""
    grants = grants_for(user)
    if not grants.signed_in:
        return policy.NO_STANDING
    chair, people, sid = set(), set(), set()
    if grants.person_id is not None:
        for org, kind, is_sid in BoardPost.objects.filter(incumbent_id=grants.person_id) \
                .values_list("organisation_id", "kind", "senior_independent_director"):
            if kind == BoardPostKind.CHAIR:
                chair.add(org)
            elif kind == BoardPostKind.PEOPLE:
                people.add(org)
            if is_sid:
                sid.add(org)
    delegate = set(BoardDelegate.objects.filter(user_id=grants.user_id)
                   .values_list("organisation_id", flat=True))
    return policy.Standing(frozenset(chair), frozenset(people), frozenset(sid),
                           frozenset(delegate))


def fppt_year(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year


def _check_day(errors: dict, field: str, value, label: str, *, required: bool
               ) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors[field] = f"Enter {label}"
        return None
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            errors[field] = f'{label[0].upper()}{label[1:]} must be a real date ("{value}" ' \
                            "is not one)"
            return None
    if value > timezone.localdate():
        errors[field] = f"{label[0].upper()}{label[1:]} must be today or in the past " \
                        f"({nhs_date(value)} is in the future)"
    return value


def _check_text(errors: dict, field: str, value, label: str, limit: int) -> str:
    """``value`` as stripped text; an error under ``field`` when it is over ``limit``
    characters (``label``: what it is, capitalised)."""
    text = str(value or "").strip()
    if len(text) > limit:
        errors[field] = f"{label} must be {limit} characters or fewer (it has {len(text)})"
    return text


def _raise_errors(errors: dict, fppt: FpptRecord, *, signed_off_field: str) -> None:
    """Raise the errors found, if any; a signed-off record is never changed (said under
    ``signed_off_field``)."""
    if fppt.is_signed_off:
        errors[signed_off_field] = "This record has been signed off: nothing was changed"
    if errors:
        raise ValidationError(errors)


# ---- reading ------------------------------------------------------------------------------

def records(user, *, organisation_id: int | None = None, year: int | None = None,
            request=None, audit: bool = True) -> QuerySet[FpptRecord]:
    """The FPPT records this user may read (their organisations' boards), by organisation,
    year (newest first) and post."""
    found = (FpptRecord.unscoped.filter(policy.records_filter(user, standing_of(user)))
             .select_related("organisation", "person", "signed_off_by"))
    if organisation_id is not None:
        found = found.filter(organisation_id=organisation_id)
    if year is not None:
        found = found.filter(year=year)
    if audit:
        record_read(actor=user, request=request, what="FPPT records",
                    people=list(found.values_list("person_id", flat=True)),
                    target_type="board.fpptrecord")
    return found.order_by("organisation__name", "-year", "post_title", "pk")


def get_record(user, pk: int, *, request=None) -> FpptRecord:
    """One record: for its organisation's board readers, or its member (their attestation)."""
    standing = standing_of(user)
    allowed = (policy.records_filter(user, standing) | policy.chair_records_filter(user, standing)
               | policy.own_records_filter(user))
    found = (FpptRecord.unscoped.filter(allowed).select_related(
        "organisation", "person", "signed_off_by", "lcf_round", "post").filter(pk=pk).first())
    if found is None:
        raise RecordNotFound("No such FPPT record")
    record_view(user, found, found.person_id, request=request)
    return found


def get_check(user, pk: int, *, request=None) -> FpptCheck:
    """One check of a record this user keeps (never their own)."""
    found = FpptCheck.unscoped.select_related("item", "record").filter(pk=pk).first()
    if found is None:
        raise RecordNotFound("No such FPPT check")
    found.record = get_record(user, found.record_id, request=request)
    if not may_keep(user, found.record):
        raise RecordNotFound("No such FPPT check")
    return found


def my_records(user) -> QuerySet[FpptRecord]:
    """The signed-in member's own records, for their self-attestation."""
    return (FpptRecord.unscoped.filter(policy.own_records_filter(user))
            .select_related("organisation").order_by("-year", "pk"))


def checks_of(user, fppt: FpptRecord) -> list[FpptCheck]:
    """The record's checklist, for its board readers (and the senior independent director,
    for the chair's) only."""
    if not policy.can_read_record(user, standing_of(user), organisation_id=fppt.organisation_id,
                                  member_is_chair=fppt.member_is_chair):
        return []
    return list(FpptCheck.unscoped.filter(record=fppt).select_related("item", "checked_by")
                .order_by("item__position", "pk"))


def checks_by_record(user, records: list[FpptRecord]) -> dict[int, list[FpptCheck]]:
    """``checks_of`` for a page of records: the checklists of those the user may read, in
    one query for the page (an API page of 100 records must not ask 100 times)."""
    standing = standing_of(user)
    readable = [r.pk for r in records if policy.can_read_record(
        user, standing, organisation_id=r.organisation_id, member_is_chair=r.member_is_chair)]
    found: dict[int, list[FpptCheck]] = {r.pk: [] for r in records}
    for check in (FpptCheck.unscoped.filter(record_id__in=readable)
                  .select_related("item", "checked_by").order_by("item__position", "pk")):
        found[check.record_id].append(check)
    return found


def may_keep(user, fppt: FpptRecord) -> bool:
    return policy.can_keep(user, standing_of(user), organisation_id=fppt.organisation_id,
                           person_id=fppt.person_id)


def may_sign_off(user, fppt: FpptRecord) -> bool:
    return policy.can_sign_off(user, standing_of(user), organisation_id=fppt.organisation_id,
                               person_id=fppt.person_id, member_is_chair=fppt.member_is_chair)


def kept_organisations(user) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=standing_of(user).reads).order_by("name"))


# ---- starting a year ----------------------------------------------------------------------

def latest_lcf_round(person_id: int) -> AssessmentRound | None:
    """The member's latest LCF assessment round with a self-assessment, if there is one."""
    return (AssessmentRound.unscoped.filter(person_id=person_id,
                                            assessments__rater_kind="self")
            .order_by("-opened_on", "-pk").first())


def _new_record(post: BoardPost, year: int, due_on: dt.date) -> FpptRecord:
    fppt = FpptRecord.objects.create(
        person_id=post.incumbent_id, organisation_id=post.organisation_id, post=post,
        post_title=post.title, member_is_chair=post.kind == BoardPostKind.CHAIR, year=year,
        due_on=due_on, lcf_round=latest_lcf_round(post.incumbent_id))
    FpptCheck.objects.bulk_create([FpptCheck(record=fppt, item=item)
                                   for item in FpptItem.objects.filter(active=True)])
    return fppt


@transaction.atomic
def start_year(user, organisation: Organisation, *, year, due_on, request=None
               ) -> list[FpptRecord]:
    """Start the year's FPPT record of every current board member of the organisation who has
    none yet. Returns the records made."""
    if not policy.can_read(user, standing_of(user), organisation.pk):
        raise PermissionDenied("Only the organisation's chair, people director and their "
                               "delegates keep its FPPT records.")
    errors: dict[str, str] = {}
    today = timezone.localdate()
    try:
        year = int(year)
        if not 2023 <= year <= today.year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = f'Enter a year from 2023 (when FPPT began) to {today.year + 1} ' \
                         f'("{year}" is not one)'
    if due_on in (None, ""):
        errors["due_on"] = "Enter the date the checks are due by"
    elif not isinstance(due_on, dt.date):
        errors["due_on"] = f'The date the checks are due by must be a real date ("{due_on}")'
    if errors:
        raise ValidationError(errors)
    have = set(FpptRecord.unscoped.filter(organisation=organisation, year=year)
               .values_list("person_id", flat=True))
    posts = (BoardPost.objects.filter(organisation=organisation, incumbent__isnull=False)
             .exclude(incumbent_id__in=have).order_by("kind", "pk"))
    made = [_new_record(post, year, due_on) for post in posts]
    record(actor=user, action=AuditAction.CREATE, target=organisation, request=request,
           detail={"what": "FPPT records", "year": year,
                   "people": sorted(r.person_id for r in made)})
    return made


# ---- checks, attestation, sign-off ----------------------------------------------------------

@transaction.atomic
def record_check(user, check: FpptCheck, *, date_completed, outcome: str, evidence_ref: str,
                 request=None) -> FpptCheck:
    """Record one checklist item: when it was completed, its outcome and where the evidence
    is kept. The user is recorded as who checked it."""
    fppt = check.record
    if not may_keep(user, fppt):
        raise PermissionDenied("Only the organisation's chair, people director and their "
                               "delegates record FPPT checks, and never on their own record.")
    errors: dict[str, str] = {}
    day = _check_day(errors, "date_completed", date_completed, "the date completed",
                     required=True)
    if outcome not in CheckOutcome.values:
        errors["outcome"] = f'Choose an outcome ("{outcome}" is not one of ' \
                            f'{", ".join(CheckOutcome.values)})'
    evidence_ref = _check_text(errors, "evidence_ref", evidence_ref, "The evidence reference",
                               EVIDENCE_LIMIT)
    _raise_errors(errors, fppt, signed_off_field="outcome")
    check.date_completed, check.outcome, check.evidence_ref = day, outcome, evidence_ref
    check.checked_by = user
    check.save()
    record(actor=user, action=AuditAction.UPDATE, target=fppt, request=request,
           detail={"person": fppt.person_id, "item": check.item.code, "outcome": outcome})
    return check


@transaction.atomic
def attest(user, fppt: FpptRecord, *, statement: str, confirm: bool, request=None
           ) -> FpptRecord:
    """The member's own annual self-attestation that they are fit and proper."""
    if not policy.can_attest(user, fppt.person_id):
        raise PermissionDenied("Only the board member makes their own self-attestation.")
    errors: dict[str, str] = {}
    if not confirm:
        errors["confirm"] = "Confirm that you meet the fit and proper person requirements"
    statement = _check_text(errors, "statement", statement, "The statement", TEXT_LIMIT)
    _raise_errors(errors, fppt, signed_off_field="confirm")
    today = timezone.localdate()
    fppt.attested_on, fppt.attestation = today, statement
    fppt.save(update_fields=["attested_on", "attestation", "updated_at"])
    FpptCheck.unscoped.filter(record=fppt, item__member_attests=True).update(
        date_completed=today, outcome=CheckOutcome.SATISFACTORY, checked_by=user)
    record(actor=user, action=AuditAction.UPDATE, target=fppt, request=request,
           detail={"person": fppt.person_id, "what": "self-attestation"})
    return fppt


def _signer_refusal(user, fppt: FpptRecord) -> str:
    name = (user.get_full_name() or user.get_username()) if user else "nobody"
    if fppt.member_is_chair:
        return (f'"{name}" is not the senior independent director of '
                f"{fppt.organisation.display_name}: the chair's own FPPT assessment is signed "
                "off by the senior independent director")
    if grants_for(user).person_id == fppt.person_id:
        return f'"{name}" is the board member assessed: no one signs off their own assessment'
    return (f'"{name}" is not the chair of {fppt.organisation.display_name}: only the chair '
            "signs off a board member's FPPT assessment")


def outstanding(fppt: FpptRecord) -> list[str]:
    """The checklist items not yet completed, other than the conclusion itself."""
    return [c.item.name for c in FpptCheck.unscoped.filter(record=fppt).select_related("item")
            .exclude(item__code=CONCLUSION_ITEM).order_by("item__position")
            if not c.is_done]


@transaction.atomic
def sign_off(user, fppt: FpptRecord, *, conclusion: str, signed_off_on, note: str = "",
             request=None) -> FpptRecord:
    """The chair's overall conclusion, fit and proper or not, and its date (the chair's own
    record: the senior independent director's)."""
    if not policy.can_read_record(user, standing_of(user), organisation_id=fppt.organisation_id,
                                  member_is_chair=fppt.member_is_chair) \
            and not policy.can_attest(user, fppt.person_id):
        raise RecordNotFound("No such FPPT record")
    errors: dict[str, str] = {}
    if not may_sign_off(user, fppt):
        errors["signed_off_by"] = _signer_refusal(user, fppt)
    if conclusion not in Conclusion.values:
        errors["conclusion"] = f'Choose fit and proper or not ("{conclusion}" is not one of ' \
                               f'{", ".join(Conclusion.values)})'
    day = _check_day(errors, "signed_off_on", signed_off_on, "the date of the conclusion",
                     required=True)
    note = _check_text(errors, "note", note, "The note", TEXT_LIMIT)
    missing = outstanding(fppt)
    if missing and "signed_off_by" not in errors:
        errors["conclusion"] = "Complete every check before signing off; still to do: " + \
                               "; ".join(missing)
    if fppt.is_signed_off:
        errors["conclusion"] = (f"This record was signed off on {nhs_date(fppt.signed_off_on)}"
                                ": nothing was changed")
    if errors:
        raise ValidationError(errors)
    fppt.conclusion, fppt.signed_off_on, fppt.sign_off_note = conclusion, day, note
    fppt.signed_off_by = user
    fppt.save()
    FpptCheck.unscoped.filter(record=fppt, item__code=CONCLUSION_ITEM).update(
        date_completed=day, outcome=CheckOutcome.SATISFACTORY if conclusion == Conclusion.FIT
        else CheckOutcome.CONCERN, checked_by=user)
    record(actor=user, action=AuditAction.UPDATE, target=fppt, request=request,
           detail={"person": fppt.person_id, "what": "sign-off", "conclusion": conclusion})
    return fppt


# ---- delegates --------------------------------------------------------------------------

def delegates_of(user, organisation: Organisation) -> list[BoardDelegate]:
    if not policy.can_read(user, standing_of(user), organisation.pk):
        raise PermissionDenied("Only the organisation's board readers see its delegates.")
    return list(BoardDelegate.objects.filter(organisation=organisation)
                .select_related("user").order_by("user__last_name", "pk"))


@transaction.atomic
def name_delegate(user, organisation: Organisation, *, username: str, request=None
                  ) -> BoardDelegate:
    if not policy.can_name_delegates(user, standing_of(user), organisation.pk):
        raise PermissionDenied("Only the chair or the people director names delegates.")
    username = str(username or "").strip()
    delegate = get_user_model().objects.filter(username=username, is_active=True).first()
    if delegate is None:
        raise ValidationError({"username": f'There is no active user "{username}"'})
    if BoardDelegate.objects.filter(organisation=organisation, user=delegate).exists():
        raise ValidationError({"username": f'"{username}" is already a delegate'})
    named = BoardDelegate.objects.create(organisation=organisation, user=delegate,
                                         named_by=user)
    record(actor=user, action=AuditAction.CREATE, target=named, request=request,
           detail={"organisation": organisation.ods_code, "delegate": delegate.pk})
    return named


@transaction.atomic
def remove_delegate(user, delegate: BoardDelegate, *, request=None) -> None:
    if not policy.can_name_delegates(user, standing_of(user), delegate.organisation_id):
        raise PermissionDenied("Only the chair or the people director removes delegates.")
    record(actor=user, action=AuditAction.DELETE, target=delegate, request=request,
           detail={"delegate": delegate.user_id})
    delegate.delete()


# ---- the annual submission ----------------------------------------------------------------

@dataclass(frozen=True)
class Counts:
    organisation: Organisation
    members: int
    fit: int
    not_fit: int
    outstanding: int


def _counts_of(organisations: list[Organisation], year: int) -> list[Counts]:
    """Each organisation's counts, read in one query for them all (a list of a region's
    trusts must not ask once per trust)."""
    conclusions: dict[int, list[str]] = {o.pk: [] for o in organisations}
    for organisation_id, conclusion in FpptRecord.unscoped.filter(
            organisation_id__in=list(conclusions), year=year).values_list(
            "organisation_id", "conclusion"):
        conclusions[organisation_id].append(conclusion)
    return [Counts(o, len(found), found.count(Conclusion.FIT), found.count(Conclusion.NOT_FIT),
                   found.count(""))
            for o, found in ((o, conclusions[o.pk]) for o in organisations)]


def submission_organisations(user, *, year: int) -> list[Counts]:
    """Per organisation whose submission this user may see: how many board members have a
    record for the year, and how many were concluded fit, not fit, or not yet."""
    orgs, regions = policy.submission_scope(user, standing_of(user))
    found = Organisation.objects.filter(pk__in=sorted(orgs))
    for region_id in regions:
        found = found | Organisation.objects.filter(
            memberships__region_id=region_id, fppt_records__year=year)
    return _counts_of(list(found.distinct().order_by("name")), year)


def submission(user, organisation: Organisation, *, year: int, request=None
               ) -> tuple[Counts, list[FpptRecord] | None]:
    """An organisation's submission for a year: its counts, and, for its board readers only,
    the outcome for each member (regional leads see the counts)."""
    standing = standing_of(user)
    membership = organisation.membership_on()
    region_id = membership.region_id if membership else None
    if not policy.can_see_submission(user, standing, organisation_id=organisation.pk,
                                     region_id=region_id):
        raise RecordNotFound("No such submission")
    members = None
    if policy.can_read(user, standing, organisation.pk):
        members = list(records(user, organisation_id=organisation.pk, year=year,
                               request=request))
    return _counts_of([organisation], year)[0], members


# ---- the checklist ----------------------------------------------------------------------

def add_item(user, *, name: str) -> FpptItem:
    """An administrator adds an item to the checklist (on records started from now on)."""
    if not policy.can_configure_items(user):
        raise PermissionDenied("Only administrators change the FPPT checklist.")
    name = str(name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter the item"})
    if FpptItem.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": f'"{name}" is already on the checklist'})
    last = FpptItem.objects.order_by("-position").values_list("position", flat=True).first()
    item = FpptItem.objects.create(code=_free_code(name), name=name, position=(last or 0) + 10)
    record(actor=user, action=AuditAction.CREATE, target=item, detail={"name": name})
    return item


def _free_code(name: str) -> str:
    base = slugify(name)[:40] or "item"
    code, n = base, 1
    while FpptItem.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def toggle_item(user, pk) -> FpptItem:
    """An administrator takes an item out of use (past records keep it) or back into use."""
    if not policy.can_configure_items(user):
        raise PermissionDenied("Only administrators change the FPPT checklist.")
    item = FpptItem.objects.filter(pk=int(pk) if str(pk).isdigit() else 0).first()
    if item is None:
        raise ValidationError({"toggle": f'There is no checklist item "{pk}"'})
    if item.code == CONCLUSION_ITEM:
        raise ValidationError({"toggle": "The chair's overall conclusion is always on the "
                                         "checklist"})
    item.active = not item.active
    item.save(update_fields=["active"])
    record(actor=user, action=AuditAction.UPDATE, target=item, detail={"active": item.active})
    return item

