"""Competency assessments against the six domains of the NHS Leadership Competency Framework
(2024), on its five-point frequency scale: the person's self-assessment, their line manager's,
and multi-rater (360) answers from colleagues invited by e-mail.

- Raters answer through a link carrying a random token; only its sha256 is stored. The link
  works once, and only while the round is open (not closed, not past its closing date).
- Raters are colleagues with an NHS work address: an nhs.net or nhs.uk address, or the e-mail
  of a person or active user in TalentBridge. Never the person's own address or their line
  manager's (refused, naming the address). Any other address waits for the line manager's
  approval before its link is sent (the line manager's own invitations need none).
- Anonymity against the person being assessed (and everyone else): while the round is open
  nobody is shown anything derived from the raters' answers, not even how many have answered
  (a counter would let the person read each new answer off the change). Reminders say neither
  how many were reminded nor whether anyone was left to remind.
- After the round closes (closed, or past its closing date: no answer can arrive any more)
  the others' result is published once, and only when at least MIN_RATERS_FOR_RESULT
  qualifying raters answered (invitations not to the person's or their line manager's
  addresses). Then each domain scored by at least that many of them shows one band: the
  scale point nearest the average (`band`), never the average itself. With n >= 3 raters one
  answer moves the average by 1/n <= 1/3, less than half a scale point, so the band hides a
  single step of any one rater, including when all raters agree; and as there is no overall
  figure, no per-rater or per-kind breakdown and no per-domain count, nothing published can
  be subtracted from anything else. Otherwise "not enough answers".
- Strengths (TalentProfile.strength_mask): the domains whose band is "Almost always" (the
  average is at least STRENGTH_THRESHOLD), from the person's latest closed round with a
  result. Recomputed when a round is closed, and when a round past its closing date is read.
- A rating outside the scale, an unknown domain or a missing domain is refused with a message
  naming the field and value, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count
from django.db.models import Max
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_view
from talentbridge.core.forms import nhs_date
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify
from talentbridge.people.models import Person
from talentbridge.people.services import PersonNotFound
from talentbridge.talent.codes import MULTI_RATER_KINDS
from talentbridge.talent.conversations import policy
from talentbridge.talent.frameworks import LCF_SCORE
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import DomainRating
from talentbridge.talent.models import RaterKind
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.models.assessments import MIN_RATERS_FOR_RESULT
from talentbridge.talent.models.assessments import RoundStatus
from talentbridge.talent.models.conversations import domains_to_mask

STRENGTH_THRESHOLD = 3.5
#: The band of an average of at least STRENGTH_THRESHOLD ("Almost always").
STRENGTH_BAND = 4
BAND_LABELS = {score: LcfFrequency(code).label for code, score in LCF_SCORE.items() if score}
#: Addresses on these domains (and their subdomains) are NHS work addresses.
NHS_MAIL_DOMAINS = ("nhs.net", "nhs.uk")
MAX_ROUND_DAYS = 180
MAX_INVITATIONS = 40
#: A reminder goes at most this often: the raters are colleagues doing a favour.
REMINDER_INTERVAL = dt.timedelta(days=1)
SCALE_CODES = ", ".join(LcfFrequency.values)


class RoundNotFound(Http404):
    """No such assessment round, or not one this user may see."""


class RaterLinkRefused(Exception):
    """A rater's link that cannot be used (unknown, already used, closed or expired)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------------------
# Ratings: checking and summarising (plain Python)
# --------------------------------------------------------------------------------------


def rating_field(domain) -> str:
    return f"ratings.{domain}"


def clean_ratings(ratings: Mapping[Any, Any] | None) -> dict[int, str]:
    """{domain number: frequency code} for all six domains, or a ValidationError naming each
    unknown domain, each value outside the scale and each domain not answered."""
    errors: dict[str, str] = {}
    if not isinstance(ratings, Mapping):
        raise ValidationError({"ratings": "Ratings must map each LCF domain (1 to 6) to an "
                                          "answer on the LCF scale"})
    cleaned: dict[int, str] = {}
    for key, value in ratings.items():
        text = str(key).strip()
        domain = int(text) if text.isascii() and text.isdigit() else None  # not "³"
        if domain not in LcfDomain.values:
            errors[rating_field(text)] = (f'"{text}" is not an LCF domain (the six domains are '
                                          "numbered 1 to 6)")
            continue
        answer = "" if value is None else str(value).strip()
        if answer not in LcfFrequency.values:
            name = LcfDomain(domain).label
            errors[rating_field(domain)] = (
                f'"{answer}" is not on the LCF scale for domain {domain} ({name}); '
                f"answer one of {SCALE_CODES}")
            continue
        cleaned[domain] = answer
    for domain in LcfDomain.values:
        if domain not in cleaned and rating_field(domain) not in errors:
            errors[rating_field(domain)] = (f"Answer domain {domain} "
                                            f"({LcfDomain(domain).label})")
    if errors:
        raise ValidationError(errors)
    return cleaned


class Others:
    """What the others' column says for a domain."""

    AFTER_CLOSE = "after_close"  # the round is open: nothing is shown yet
    NOT_ENOUGH = "not_enough_answers"  # closed, but fewer than MIN_RATERS_FOR_RESULT
    SHOWN = "shown"


def band(scores: list[int]) -> int:
    """The scale point nearest the average of `scores` (halves round up), in exact integers."""
    n = len(scores)
    return (2 * sum(scores) + n) // (2 * n)


@dataclass(frozen=True)
class DomainResult:
    domain: int
    name: str
    self_answer: str | None  # frequency code
    manager_answer: str | None
    others_band: int | None  # 1 to 4, only when others == Others.SHOWN
    others: str  # an Others value

    @property
    def self_score(self) -> int | None:
        return LCF_SCORE.get(self.self_answer) if self.self_answer else None

    @property
    def manager_score(self) -> int | None:
        return LCF_SCORE.get(self.manager_answer) if self.manager_answer else None

    @property
    def others_label(self) -> str | None:
        return BAND_LABELS.get(self.others_band) if self.others_band else None

    @property
    def self_minus_others(self) -> int | None:
        if self.self_score is None or self.others_band is None:
            return None
        return self.self_score - self.others_band

    @property
    def self_minus_manager(self) -> int | None:
        if self.self_score is None or self.manager_score is None:
            return None
        return self.self_score - self.manager_score

    @property
    def is_strength(self) -> bool:
        return self.others_band is not None and self.others_band >= STRENGTH_BAND


def summarise(self_answers: Mapping[int, str], manager_answers: Mapping[int, str],
              others: Iterable[Mapping[int, str]], *, released: bool,
              min_raters: int = MIN_RATERS_FOR_RESULT) -> list[DomainResult]:
    """Per domain: self, manager, and the others' band. `others` are the qualifying raters'
    answers; nothing of them shows unless `released` (the round can take no more answers)
    and at least `min_raters` of them answered, and then only for a domain that at least
    `min_raters` of them scored."""
    others = list(others)
    enough_raters = released and len(others) >= min_raters
    scores: dict[int, list[int]] = defaultdict(list)
    for answers in others if enough_raters else ():
        for domain, answer in answers.items():
            score = LCF_SCORE.get(answer)
            if score is not None:
                scores[domain].append(score)
    results = []
    for domain in LcfDomain.values:
        given = scores.get(domain, [])
        if not released:
            shown, status = None, Others.AFTER_CLOSE
        elif len(given) >= min_raters:
            shown, status = band(given), Others.SHOWN
        else:
            shown, status = None, Others.NOT_ENOUGH
        results.append(DomainResult(
            domain=domain, name=LcfDomain(domain).label,
            self_answer=self_answers.get(domain), manager_answer=manager_answers.get(domain),
            others_band=shown, others=status,
        ))
    return results


def strength_mask(results: Iterable[DomainResult]) -> int:
    return domains_to_mask(r.domain for r in results if r.is_strength)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _annotated() -> QuerySet[AssessmentRound]:
    """Rounds with how many invitations were sent and how many wait for approval. How many
    answered is deliberately not here: see `published_answers`."""
    multi = Q(assessments__rater_kind__in=MULTI_RATER_KINDS)
    waiting = Q(assessments__awaiting_approval=True)
    return AssessmentRound.unscoped.select_related(
        "person", "person__organisation", "person__user", "person__line_manager",
        "person__line_manager__user", "opened_by").annotate(
        invited=Count("assessments", filter=multi & ~waiting, distinct=True),
        awaiting=Count("assessments", filter=multi & waiting, distinct=True),
    )


def _with_answers(rounds: QuerySet[AssessmentRound], person: Person
                  ) -> QuerySet[AssessmentRound]:
    """The person's rounds, each with how many qualifying raters answered (``answered``,
    counted as `_qualifying` does, as ``qualifying_answers``), so that a list of rounds asks it
    in its one query rather than once a round. Only `published_answers` may read it: it says
    nothing while a round is open, nor below the minimum."""
    answered = Q(assessments__submitted_at__isnull=False,
                 assessments__rater_kind__in=MULTI_RATER_KINDS,
                 assessments__awaiting_approval=False)
    excluded = list(excluded_addresses(person))
    if excluded:
        answered &= ~Q(assessments__invited_email__in=excluded)
    return rounds.annotate(qualifying_answers=Count("assessments", filter=answered, distinct=True))


def rounds_for(user, person: Person) -> QuerySet[AssessmentRound]:
    if not policy.can_view_assessment(user, person):
        raise PersonNotFound(person.pk)
    rounds = (_with_answers(_annotated(), person).filter(person=person)
              .order_by("-opened_on", "-pk"))
    if rounds.filter(status=RoundStatus.OPEN, closes_on__lt=timezone.localdate()).exists():
        refresh_strengths(person)  # a round reached its closing date since
    return rounds


def get_round(user, pk: int, *, request=None, audit: bool = True) -> AssessmentRound:
    assessment_round = _annotated().filter(pk=pk).first()
    if assessment_round is None or not policy.can_view_assessment(user, assessment_round.person):
        raise RoundNotFound("No such assessment")
    if audit:
        record_view(user, assessment_round, assessment_round.person_id, request=request)
        if assessment_round.status == RoundStatus.OPEN and not is_open(assessment_round):
            refresh_strengths(assessment_round.person)  # reached its closing date since
    return assessment_round


def is_open(assessment_round: AssessmentRound, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return assessment_round.status == RoundStatus.OPEN and assessment_round.closes_on >= today


def is_released(assessment_round: AssessmentRound, today: dt.date | None = None) -> bool:
    """Others' results may be published: the round is closed or past its closing date, so
    no answer can arrive any more."""
    return not is_open(assessment_round, today)


def _require_open(assessment_round: AssessmentRound) -> None:
    if assessment_round.status != RoundStatus.OPEN:
        raise ValidationError({"round": "This assessment is closed: no more answers can be "
                                        "given"})
    if assessment_round.closes_on < timezone.localdate():
        raise ValidationError({"round": f"This assessment closed on "
                                        f"{nhs_date(assessment_round.closes_on)}: no more "
                                        "answers can be given"})


def _lock_open(assessment_round: AssessmentRound, *related: str) -> AssessmentRound:
    """The round read again and locked for this transaction, with its person, their
    organisation and any other `related` rows; refused unless it is still open."""
    locked = AssessmentRound.unscoped.select_for_update(of=("self",)).select_related(
        "person", "person__organisation", *related).get(pk=assessment_round.pk)
    _require_open(locked)
    return locked


def _answers(assessment: Assessment | None) -> dict[int, str]:
    if assessment is None:
        return {}
    return {r.domain: r.frequency for r in assessment.ratings.all()}


def _addresses(person: Person | None) -> set[str]:
    if person is None:
        return set()
    emails = {person.work_email, person.user.email if person.user_id else ""}
    return {e.strip().lower() for e in emails if e and e.strip()}


def excluded_addresses(person: Person) -> dict[str, str]:
    """The addresses that never count as a multi-rater, with why: the person's own, and their
    line manager's (who gives the line manager's assessment)."""
    excluded = {e: "manager" for e in _addresses(person.line_manager)}
    excluded.update({e: "self" for e in _addresses(person)})
    return excluded


def _qualifying(assessment_round: AssessmentRound) -> QuerySet[Assessment]:
    """Answers from multi-raters other than the person and their line manager."""
    excluded = list(excluded_addresses(assessment_round.person))
    return (Assessment.unscoped.filter(round=assessment_round, submitted_at__isnull=False,
                                      rater_kind__in=MULTI_RATER_KINDS,
                                      awaiting_approval=False)
            .exclude(invited_email__in=excluded))


def published_answers(assessment_round: AssessmentRound) -> int | None:
    """How many qualifying raters answered, once the others' result is published (the round
    has closed and at least MIN_RATERS_FOR_RESULT did); otherwise None, for everyone."""
    if not is_released(assessment_round):
        return None
    answered = getattr(assessment_round, "qualifying_answers", None)  # `_with_answers`
    if answered is None:
        answered = _qualifying(assessment_round).count()
    return answered if answered >= MIN_RATERS_FOR_RESULT else None


def summary(user, assessment_round: AssessmentRound) -> list[DomainResult]:
    """The round's summary for someone who may see it. Individual multi-rater answers never
    leave this function, and nothing of them before the round closes: see `summarise`."""
    if not policy.can_view_assessment(user, assessment_round.person):
        raise RoundNotFound("No such assessment")
    return _summary(assessment_round)


def _summary_of(assessment_round: AssessmentRound, submitted: list[Assessment],
                excluded: set[str]) -> list[DomainResult]:
    """`_summary` from the round's ``submitted`` answers (with their ratings) already read,
    ``excluded`` being `excluded_addresses` of its person: the same choice of answers."""
    self_answers: dict[int, str] = {}
    manager_answers: dict[int, str] = {}
    for assessment in submitted:
        if assessment.rater_kind == RaterKind.SELF:
            self_answers = _answers(assessment)
        elif assessment.rater_kind == RaterKind.LINE_MANAGER:
            manager_answers = _answers(assessment)
    released = is_released(assessment_round)
    others = [_answers(a) for a in submitted
              if a.rater_kind in MULTI_RATER_KINDS and not a.awaiting_approval
              and a.invited_email not in excluded] if released else []
    return summarise(self_answers, manager_answers, others, released=released)


def _summary(assessment_round: AssessmentRound) -> list[DomainResult]:
    submitted = list(Assessment.unscoped.filter(round=assessment_round,
                                                submitted_at__isnull=False)
                     .prefetch_related("ratings"))
    return _summary_of(assessment_round, submitted,
                       set(excluded_addresses(assessment_round.person)))


def own_answers(user, assessment_round: AssessmentRound, kind: str) -> dict[int, str]:
    """The self or line manager answers already given, for the person who gives them."""
    assessment = Assessment.unscoped.filter(round=assessment_round, rater_kind=kind,
                                           rater_user=user).first()
    return _answers(assessment)


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


@transaction.atomic
def open_round(user, person: Person, *, closes_on: dt.date, request=None) -> AssessmentRound:
    if not policy.can_open_assessment(user, person):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can start an assessment for them.")
    today = timezone.localdate()
    if not isinstance(closes_on, dt.date):
        raise ValidationError({"closes_on": f'Closing date must be a date ("{closes_on}")'})
    if closes_on < today:
        raise ValidationError({"closes_on": f"Closing date ({nhs_date(closes_on)}) must be "
                                            "today or in the future"})
    if closes_on > today + dt.timedelta(days=MAX_ROUND_DAYS):
        raise ValidationError({"closes_on": f"Closing date ({nhs_date(closes_on)}) must be "
                                            f"within {MAX_ROUND_DAYS} days of today"})
    assessment_round = AssessmentRound.objects.create(
        person=person, opened_by=user, opened_on=today, closes_on=closes_on)
    record(actor=user, action=AuditAction.CREATE, target=assessment_round, request=request,
           detail={"person": person.pk, "closes_on": closes_on.isoformat()})
    return assessment_round


@transaction.atomic
def close_round(user, assessment_round: AssessmentRound, *, request=None) -> AssessmentRound:
    """Stop any more answers, and so publish the others' result (if there are enough).
    Audited; a closed round cannot be opened again."""
    if not policy.can_close_assessment(user, assessment_round):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can close this assessment.")
    locked = AssessmentRound.unscoped.select_for_update(of=("self",)).select_related("person").get(
        pk=assessment_round.pk)
    if locked.status == RoundStatus.CLOSED:
        raise ValidationError({"round": "This assessment is already closed"})
    locked.status = RoundStatus.CLOSED
    locked.save(update_fields=["status"])
    assessment_round.status = RoundStatus.CLOSED
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "status": RoundStatus.CLOSED})
    refresh_strengths(locked.person)
    return assessment_round


def _rating_rows(assessment: Assessment, cleaned: dict[int, str]) -> list[DomainRating]:
    return [DomainRating(assessment=assessment, domain=d, frequency=f)
            for d, f in sorted(cleaned.items())]


@transaction.atomic
def submit_ratings(user, assessment_round: AssessmentRound, kind: str,
                   ratings: Mapping[Any, Any], *, request=None) -> Assessment:
    """The person's self-assessment (kind "self") or their line manager's ("line_manager").
    Either may change their answers while the round is open."""
    if kind == RaterKind.SELF:
        allowed = policy.can_rate_as_self(user, assessment_round)
        refusal = "Only the person themselves gives the self-assessment."
    elif kind == RaterKind.LINE_MANAGER:
        allowed = policy.can_rate_as_line_manager(user, assessment_round)
        refusal = "Only the person's line manager gives the line manager's assessment."
    else:
        raise ValidationError({"rater_kind": f'"{kind}" is answered through an e-mailed link, '
                                             "not here (use self or line_manager)"})
    if not allowed:
        raise PermissionDenied(refusal)
    cleaned = clean_ratings(ratings)
    locked = AssessmentRound.unscoped.select_for_update().get(pk=assessment_round.pk)
    _require_open(locked)
    assessment, _ = Assessment.unscoped.get_or_create(round=locked, rater_kind=kind,
                                                     defaults={"rater_user": user})
    if assessment.rater_user_id != user.pk:  # e.g. a new line manager: their answers now
        assessment.rater_user = user
    assessment.submitted_at = timezone.now()
    assessment.save()
    assessment.ratings.all().delete()
    DomainRating.objects.bulk_create(_rating_rows(assessment, cleaned))
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "rater_kind": kind})
    return assessment


def _base_url() -> str:
    return getattr(settings, "TALENTBRIDGE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def _default_link(token: str) -> str:
    return _base_url() + reverse("talent:rater", args=[token])


def is_nhs_address(email: str) -> bool:
    domain = email.rpartition("@")[2].lower()
    return any(domain == d or domain.endswith("." + d) for d in NHS_MAIL_DOMAINS)


def _known_addresses(emails: Iterable[str]) -> set[str]:
    """Which of these lower-case addresses belong to a person or an active user here."""
    emails = list(emails)
    if not emails:
        return set()
    people = (Person.unscoped.annotate(address=Lower("work_email"))
              .filter(address__in=emails).values_list("address", flat=True))
    users = (get_user_model().objects.filter(is_active=True).annotate(address=Lower("email"))
             .filter(address__in=emails).values_list("address", flat=True))
    return set(people) | set(users)


def _check_invitations(user, locked: AssessmentRound, invitations: list[tuple[str, str]]
                       ) -> list[bool]:
    """For each (e-mail, kind), whether it must wait for the line manager's approval; or a
    ValidationError naming every bad field and value."""
    person = locked.person
    errors: dict[str, str] = {}
    already = set(Assessment.unscoped.filter(round=locked).exclude(invited_email="")
                  .values_list("invited_email", flat=True))
    if not invitations:
        errors["invitations"] = "Enter at least one e-mail address to invite"
    if len(already) + len(invitations) > MAX_INVITATIONS:
        errors["invitations"] = (f"At most {MAX_INVITATIONS} raters can be invited to one "
                                 f"assessment ({len(already)} already invited)")
    excluded = excluded_addresses(person)
    known = _known_addresses(e for e, _ in invitations)
    manager = person.line_manager
    approver = manager is not None and manager.user_id is not None
    by_manager = policy.can_approve_raters(user, locked)
    seen: set[str] = set()
    kinds = {k.value for k in MULTI_RATER_KINDS}
    waits = []
    for index, (email, kind) in enumerate(invitations):
        field = f"invitations.{index}"
        waits.append(False)
        try:
            validate_email(email)
        except ValidationError:
            errors[f"{field}.email"] = f'"{email}" is not an e-mail address'
            continue
        if kind not in kinds:
            errors[f"{field}.rater_kind"] = (f'Rater kind "{kind}" is not one of the options '
                                             f'({", ".join(sorted(kinds))})')
        if excluded.get(email) == "self":
            errors[f"{field}.email"] = (f'"{email}" is an address of {person.full_name}, the '
                                        "person being assessed: they give the self-assessment "
                                        "instead")
        elif excluded.get(email) == "manager":
            errors[f"{field}.email"] = (f'"{email}" is an address of {person.full_name}\'s '
                                        "line manager, who gives the line manager's assessment "
                                        "instead")
        elif email in already or email in seen:
            errors[f"{field}.email"] = f'"{email}" has already been invited to this assessment'
        elif not (email in known or is_nhs_address(email) or by_manager):
            if approver:
                waits[-1] = True
            else:
                errors[f"{field}.email"] = (
                    f'"{email}" is not an NHS work address (nhs.net or nhs.uk) or the address '
                    f"of someone in TalentBridge, and {person.full_name} has no line manager "
                    "in TalentBridge to approve it: invite their NHS work address instead")
        seen.add(email)
    if errors:
        raise ValidationError(errors)
    return waits


@transaction.atomic
def invite_raters(user, assessment_round: AssessmentRound,
                  invitations: Iterable[tuple[str, str]], *,
                  link_for: Callable[[str], str] | None = None,
                  request=None) -> list[Assessment]:
    """Invite colleagues to answer: (e-mail, rater kind) pairs. Each with an NHS work address
    gets an e-mail with a link that works once; any other address waits for the line
    manager's approval (they are told by e-mail). All are checked first; one bad address
    invites nobody."""
    if not policy.can_invite_raters(user, assessment_round):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can invite raters.")
    invitations = [(str(e or "").strip().lower(), str(k or "").strip()) for e, k in invitations]
    locked = _lock_open(assessment_round, "person__user", "person__line_manager",
                        "person__line_manager__user")
    waits = _check_invitations(user, locked, invitations)
    link_for = link_for or _default_link
    now = timezone.now()
    created, messages = [], []
    for (email, kind), waiting in zip(invitations, waits, strict=True):
        if waiting:
            created.append(Assessment.objects.create(
                round=locked, rater_kind=kind, invited_email=email, invited_by=user,
                awaiting_approval=True))
            continue
        token = secrets.token_urlsafe(32)
        created.append(Assessment.objects.create(
            round=locked, rater_kind=kind, invited_email=email, invited_by=user,
            token_hash=Assessment.hash_token(token), invited_at=now))
        messages.append((email, link_for(token)))
    _send_invitations(locked, messages)
    waiting = sum(waits)
    if waiting:
        _ask_for_approval(locked, waiting)
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "invited": len(messages),
                   "awaiting_approval": waiting})
    return created


def _ask_for_approval(locked: AssessmentRound, waiting: int) -> None:
    manager = locked.person.line_manager
    path = reverse("talent:assessment", args=[locked.pk])
    page = _base_url() + path
    notify(
        kind=Kind.APPROVAL, link=path,
        subject=f"Approve feedback invitations for {locked.person.full_name}",
        body=(f"{waiting} {'invitation' if waiting == 1 else 'invitations'} to give "
                 f"feedback on {locked.person.full_name} "
                 f"{'is' if waiting == 1 else 'are'} to an address that is not an NHS work "
                 "address, so no link has been sent. As their line manager, approve or refuse "
                 f"{'it' if waiting == 1 else 'them'} here (sign-in needed):\n{page}\n"),
        to_user=manager.user if manager.user_id else None, to_email=manager.work_email,
    )


def awaiting_approval(user, assessment_round: AssessmentRound) -> list[Assessment]:
    """The invitations waiting for this user's approval (only the line manager has any)."""
    if not policy.can_approve_raters(user, assessment_round) or not is_open(assessment_round):
        return []
    return list(Assessment.unscoped.filter(round=assessment_round, awaiting_approval=True)
                .select_related("invited_by").order_by("pk"))


@transaction.atomic
def decide_invitation(user, assessment_round: AssessmentRound, invitation_id: int,
                      approve: bool, *, link_for: Callable[[str], str] | None = None,
                      request=None) -> Assessment | None:
    """The line manager approves (the link is e-mailed now) or refuses (the invitation is
    deleted, nothing is sent) an invitation waiting for approval."""
    if not policy.can_approve_raters(user, assessment_round):
        raise PermissionDenied("Only the person's line manager can approve invitations to "
                               "addresses that are not NHS work addresses.")
    locked = _lock_open(assessment_round)
    invitation = Assessment.unscoped.select_for_update().filter(
        round=locked, pk=invitation_id, awaiting_approval=True).first()
    if invitation is None:
        raise ValidationError({"invitation": f'There is no invitation "{invitation_id}" '
                                             "waiting for approval in this assessment"})
    if not approve:
        invitation.delete()
        record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
               detail={"person": locked.person_id, "invitation_refused": 1})
        return None
    token = secrets.token_urlsafe(32)
    invitation.awaiting_approval = False
    invitation.token_hash = Assessment.hash_token(token)
    invitation.invited_at = timezone.now()
    invitation.save(update_fields=["awaiting_approval", "token_hash", "invited_at"])
    _send_invitations(locked, [(invitation.invited_email, (link_for or _default_link)(token))])
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "invitation_approved": 1})
    return invitation


def invitation_promise(person: Person) -> str:
    """The anonymity rule, in the words the e-mail and the rater's page use."""
    return (f"Your answers are combined with those of at least {MIN_RATERS_FOR_RESULT - 1} "
            f"other colleagues and shown to {person.full_name} only after the assessment "
            "closes, as one point of the scale for each domain. Nobody, including "
            f"{person.full_name}, sees your answers on their own or whether you have answered.")


def _send_invitations(locked: AssessmentRound, messages: list[tuple[str, str]], *,
                      reminder: bool = False) -> None:
    person = locked.person
    for email, link in messages:
        notify(
            kind=Kind.RATER_REMINDER if reminder else Kind.RATER_INVITATION,
            subject=(("Reminder: feedback" if reminder else "Feedback")
                     + f" for {person.full_name}: NHS leadership competencies"),
            body=(
                ("This is a reminder: we have not had your answers yet, and your earlier link "
                 "no longer works. Please use the one below.\n\n" if reminder else "")
                + f"{person.full_name} ({person.job_title}, "
                f"{person.organisation.display_name}) is being assessed against the six domains "
                "of the NHS Leadership Competency Framework, and you have been asked for your "
                "feedback.\n\n"
                f"Answer here (no sign-in needed; the link works once):\n{link}\n\n"
                f"The link closes at the end of {nhs_date(locked.closes_on)}.\n\n"
                f"{invitation_promise(person)}\n"
            ),
            to_email=email,
        )


@transaction.atomic
def remind_raters(user, assessment_round: AssessmentRound, *,
                  link_for: Callable[[str], str] | None = None, request=None) -> dt.datetime:
    """E-mail every invited rater who has not answered yet a new link (the old one stops
    working), at most once a day. Nothing the sender sees depends on who has answered: not
    how many were reminded, not whether anyone was left, not when the limit lifts (counted
    from the last invitation or reminder, whoever it went to). Returns when it was asked."""
    if not policy.can_invite_raters(user, assessment_round):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can remind raters.")
    locked = _lock_open(assessment_round)
    sent = Assessment.unscoped.filter(round=locked, rater_kind__in=MULTI_RATER_KINDS,
                                     awaiting_approval=False).exclude(invited_email="")
    last = max((t for t in (sent.aggregate(last=Max("invited_at"))["last"],
                            locked.reminded_at) if t), default=None)
    if last is None:
        raise ValidationError({"round": "No raters have been sent an invitation yet: invite "
                                        "raters first"})
    now = timezone.now()
    if now - last < REMINDER_INTERVAL:
        raise ValidationError({"round": (
            "The raters were e-mailed less than a day ago (at "
            f"{timezone.localtime(last):%H:%M} on {nhs_date(timezone.localtime(last).date())}); "
            "send a reminder a day after the last e-mail")})
    waiting = list(sent.select_for_update().filter(submitted_at__isnull=True))
    link_for = link_for or _default_link
    messages = []
    for assessment in waiting:
        token = secrets.token_urlsafe(32)
        assessment.token_hash = Assessment.hash_token(token)
        assessment.invited_at = now
        messages.append((assessment.invited_email, link_for(token)))
    Assessment.unscoped.bulk_update(waiting, ["token_hash", "invited_at"])
    locked.reminded_at = now
    locked.save(update_fields=["reminded_at"])
    _send_invitations(locked, messages, reminder=True)
    # The audit trail (not shown to the sender) keeps how many went.
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "reminded": len(waiting)})
    return now


def rater_invitation(token: str) -> Assessment:
    """The invitation a rater's link is for, or RaterLinkRefused saying plainly why not."""
    assessment = (Assessment.unscoped.select_related("round", "round__person",
                                                    "round__person__organisation")
                  .filter(token_hash=Assessment.hash_token(token or "")).first()
                  if token else None)
    if assessment is None or assessment.rater_kind not in MULTI_RATER_KINDS:
        raise RaterLinkRefused("This link is not valid. Check you copied the whole link from "
                               "the e-mail.")
    if assessment.submitted_at is not None:
        raise RaterLinkRefused("You have already given your feedback with this link. Each "
                               "link can only be used once. Thank you.")
    if assessment.round.status != RoundStatus.OPEN:
        raise RaterLinkRefused("This assessment has closed, so feedback can no longer be "
                               "given.")
    if assessment.round.closes_on < timezone.localdate():
        raise RaterLinkRefused(f"This assessment closed on "
                               f"{nhs_date(assessment.round.closes_on)}, so feedback can no "
                               "longer be given.")
    return assessment


@transaction.atomic
def submit_rater(token: str, ratings: Mapping[Any, Any]) -> Assessment:
    """A multi-rater's answers, by the token in their link: once, while the round is open."""
    invitation = rater_invitation(token)
    cleaned = clean_ratings(ratings)
    assessment = Assessment.unscoped.select_for_update().get(pk=invitation.pk)
    if assessment.submitted_at is not None:  # answered in another tab meanwhile
        raise RaterLinkRefused("You have already given your feedback with this link. Each "
                               "link can only be used once. Thank you.")
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["submitted_at"])
    DomainRating.objects.bulk_create(_rating_rows(assessment, cleaned))
    # Anonymous: the audit trail says an answer came in, not whose.
    record(actor=None, action=AuditAction.UPDATE, target=invitation.round,
           detail={"person": invitation.round.person_id, "multi_rater_answer": True})
    # Nothing else changes: the round is open, so no result (and no strength) moves.
    return assessment


def refresh_strengths(person: Person) -> TalentProfile:
    """strength_mask from the person's latest closed round with an others' result."""
    profile, _ = TalentProfile.unscoped.get_or_create(person=person)
    mask = 0
    # every round's submitted answers read at once (a person's page calls this while a round
    # is past its date but not closed), then each round summarised as `_summary` does
    submitted = (Assessment.unscoped.filter(submitted_at__isnull=False)
                 .prefetch_related("ratings"))
    rounds = (AssessmentRound.unscoped.filter(person=person)
              .select_related("person__user", "person__line_manager__user")
              .prefetch_related(Prefetch("assessments", queryset=submitted, to_attr="submitted"))
              .order_by("-opened_on", "-pk"))
    excluded = set(excluded_addresses(person))
    for assessment_round in rounds:
        results = _summary_of(assessment_round, assessment_round.submitted, excluded)
        if any(r.others == Others.SHOWN for r in results):
            mask = strength_mask(results)
            break
    if profile.strength_mask != mask:
        profile.strength_mask = mask
        profile.save(update_fields=["strength_mask", "updated_at"])
    return profile
