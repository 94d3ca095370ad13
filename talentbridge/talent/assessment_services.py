"""Competency assessments against the six domains of the NHS Leadership Competency Framework
(2024), on its five-point frequency scale: the person's self-assessment, their line manager's,
and multi-rater (360) answers from colleagues invited by e-mail.

- Raters answer through a link carrying a random token; only its sha256 is stored. The link
  works once, and only while the round is open (not closed, not past its closing date).
- Answers are anonymous: nobody sees one rater's answers. For each domain the others' result
  (their average) shows only once at least MIN_RATERS_FOR_RESULT raters have given that domain
  a score; "No chance to demonstrate" counts neither in the average nor in that number.
- Strengths (TalentProfile.strength_mask): the domains whose others' average is at least
  STRENGTH_THRESHOLD (3.5 of 4, i.e. between "Frequently" and "Almost always"), from the
  person's latest round with any others' result shown. Recomputed whenever a rater answers.
- A rating outside the scale, an unknown domain or a missing domain is refused with a message
  naming the field and value, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.core.forms import nhs_date
from talentbridge.people.models import Person
from talentbridge.people.services import PersonNotFound

from . import conversation_policy as policy
from .frameworks import LCF_SCORE, LcfDomain, LcfFrequency
from .models import Assessment, AssessmentRound, DomainRating, RaterKind, TalentProfile
from .models.assessments import MIN_RATERS_FOR_RESULT, MULTI_RATER_KINDS, RoundStatus
from .models.conversations import domains_to_mask

STRENGTH_THRESHOLD = 3.5
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
        domain = int(text) if text.isdigit() else None
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


@dataclass(frozen=True)
class DomainResult:
    domain: int
    name: str
    self_answer: str | None  # frequency code
    manager_answer: str | None
    others_average: float | None  # None until enough raters have scored this domain
    others_scored: int  # how many raters gave a score (shown only when enough)
    enough_others: bool

    @property
    def self_score(self) -> int | None:
        return LCF_SCORE.get(self.self_answer) if self.self_answer else None

    @property
    def manager_score(self) -> int | None:
        return LCF_SCORE.get(self.manager_answer) if self.manager_answer else None

    @property
    def self_minus_others(self) -> float | None:
        if self.self_score is None or self.others_average is None:
            return None
        return round(self.self_score - self.others_average, 2)

    @property
    def self_minus_manager(self) -> int | None:
        if self.self_score is None or self.manager_score is None:
            return None
        return self.self_score - self.manager_score

    @property
    def is_strength(self) -> bool:
        return self.others_average is not None and self.others_average >= STRENGTH_THRESHOLD


def summarise(self_answers: Mapping[int, str], manager_answers: Mapping[int, str],
              others: Iterable[Mapping[int, str]],
              min_raters: int = MIN_RATERS_FOR_RESULT) -> list[DomainResult]:
    """Per domain: self, manager, and the others' average once `min_raters` have scored it."""
    scores: dict[int, list[int]] = defaultdict(list)
    for answers in others:
        for domain, answer in answers.items():
            score = LCF_SCORE.get(answer)
            if score is not None:
                scores[domain].append(score)
    results = []
    for domain in LcfDomain.values:
        given = scores.get(domain, [])
        enough = len(given) >= min_raters
        results.append(DomainResult(
            domain=domain, name=LcfDomain(domain).label,
            self_answer=self_answers.get(domain), manager_answer=manager_answers.get(domain),
            others_average=round(sum(given) / len(given), 2) if enough else None,
            others_scored=len(given) if enough else 0, enough_others=enough,
        ))
    return results


def strength_mask(results: Iterable[DomainResult]) -> int:
    return domains_to_mask(r.domain for r in results if r.is_strength)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def _annotated() -> QuerySet[AssessmentRound]:
    submitted = Q(assessments__submitted_at__isnull=False)
    multi = Q(assessments__rater_kind__in=MULTI_RATER_KINDS)
    return AssessmentRound.objects.select_related("person", "person__organisation",
                                                  "opened_by").annotate(
        invited=Count("assessments", filter=multi, distinct=True),
        answered=Count("assessments", filter=multi & submitted, distinct=True),
    )


def rounds_for(user, person: Person) -> QuerySet[AssessmentRound]:
    if not policy.can_view_assessment(user, person):
        raise PersonNotFound(person.pk)
    return _annotated().filter(person=person).order_by("-opened_on", "-pk")


def get_round(user, pk: int, *, request=None, audit: bool = True) -> AssessmentRound:
    assessment_round = _annotated().filter(pk=pk).first()
    if assessment_round is None or not policy.can_view_assessment(user, assessment_round.person):
        raise RoundNotFound("No such assessment")
    if audit:
        record(actor=user, action=AuditAction.VIEW, target=assessment_round, request=request,
               detail={"person": assessment_round.person_id})
    return assessment_round


def is_open(assessment_round: AssessmentRound, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return assessment_round.status == RoundStatus.OPEN and assessment_round.closes_on >= today


def _require_open(assessment_round: AssessmentRound) -> None:
    if assessment_round.status != RoundStatus.OPEN:
        raise ValidationError({"round": "This assessment is closed: no more answers can be "
                                        "given"})
    if assessment_round.closes_on < timezone.localdate():
        raise ValidationError({"round": f"This assessment closed on "
                                        f"{nhs_date(assessment_round.closes_on)}: no more "
                                        "answers can be given"})


def _answers(assessment: Assessment | None) -> dict[int, str]:
    if assessment is None:
        return {}
    return {r.domain: r.frequency for r in assessment.ratings.all()}


def summary(user, assessment_round: AssessmentRound) -> list[DomainResult]:
    """The round's summary for someone who may see it. Individual multi-rater answers never
    leave this function: only the counts and averages of at least MIN_RATERS_FOR_RESULT."""
    if not policy.can_view_assessment(user, assessment_round.person):
        raise RoundNotFound("No such assessment")
    return _summary(assessment_round)


def _summary(assessment_round: AssessmentRound) -> list[DomainResult]:
    submitted = (Assessment.objects.filter(round=assessment_round, submitted_at__isnull=False)
                 .prefetch_related("ratings"))
    self_answers: dict[int, str] = {}
    manager_answers: dict[int, str] = {}
    others = []
    for assessment in submitted:
        answers = _answers(assessment)
        if assessment.rater_kind == RaterKind.SELF:
            self_answers = answers
        elif assessment.rater_kind == RaterKind.LINE_MANAGER:
            manager_answers = answers
        else:
            others.append(answers)
    return summarise(self_answers, manager_answers, others)


def own_answers(user, assessment_round: AssessmentRound, kind: str) -> dict[int, str]:
    """The self or line manager answers already given, for the person who gives them."""
    assessment = Assessment.objects.filter(round=assessment_round, rater_kind=kind,
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
    if not policy.can_invite_raters(user, assessment_round):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can close this assessment.")
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(status=RoundStatus.CLOSED)
    assessment_round.status = RoundStatus.CLOSED
    record(actor=user, action=AuditAction.UPDATE, target=assessment_round, request=request,
           detail={"status": RoundStatus.CLOSED})
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
    locked = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    _require_open(locked)
    assessment, _ = Assessment.objects.get_or_create(round=locked, rater_kind=kind,
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


def _default_link(token: str) -> str:
    base = getattr(settings, "TALENTBRIDGE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + reverse("talent:rater", args=[token])


@transaction.atomic
def invite_raters(user, assessment_round: AssessmentRound,
                  invitations: Iterable[tuple[str, str]], *,
                  link_for: Callable[[str], str] | None = None,
                  request=None) -> list[Assessment]:
    """Invite colleagues to answer: (e-mail, rater kind) pairs. Each gets an e-mail with a
    link that works once. All are checked first; one bad address invites nobody."""
    if not policy.can_invite_raters(user, assessment_round):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can invite raters.")
    invitations = [(str(e or "").strip().lower(), str(k or "").strip()) for e, k in invitations]
    locked = AssessmentRound.objects.select_for_update().select_related("person").get(
        pk=assessment_round.pk)
    _require_open(locked)
    errors: dict[str, str] = {}
    already = set(Assessment.objects.filter(round=locked).exclude(invited_email="")
                  .values_list("invited_email", flat=True))
    if not invitations:
        errors["invitations"] = "Enter at least one e-mail address to invite"
    if len(already) + len(invitations) > MAX_INVITATIONS:
        errors["invitations"] = (f"At most {MAX_INVITATIONS} raters can be invited to one "
                                 f"assessment ({len(already)} already invited)")
    seen: set[str] = set()
    kinds = {k.value for k in MULTI_RATER_KINDS}
    for index, (email, kind) in enumerate(invitations):
        field = f"invitations.{index}"
        try:
            validate_email(email)
        except ValidationError:
            errors[f"{field}.email"] = f'"{email}" is not an e-mail address'
            continue
        if kind not in kinds:
            errors[f"{field}.rater_kind"] = (f'Rater kind "{kind}" is not one of the options '
                                             f'({", ".join(sorted(kinds))})')
        if email == locked.person.work_email.lower():
            errors[f"{field}.email"] = (f'"{email}" is the person being assessed: they give '
                                        "the self-assessment instead")
        elif email in already or email in seen:
            errors[f"{field}.email"] = f'"{email}" has already been invited to this assessment'
        seen.add(email)
    if errors:
        raise ValidationError(errors)
    link_for = link_for or _default_link
    now = timezone.now()
    created, messages = [], []
    for email, kind in invitations:
        token = secrets.token_urlsafe(32)
        assessment = Assessment.objects.create(
            round=locked, rater_kind=kind, invited_email=email,
            token_hash=Assessment.hash_token(token), invited_at=now)
        created.append(assessment)
        messages.append((email, link_for(token)))
    _send_invitations(locked, messages)
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "invited": len(created)})
    return created


def _send_invitations(locked: AssessmentRound, messages: list[tuple[str, str]], *,
                      reminder: bool = False) -> None:
    person = locked.person
    for email, link in messages:
        send_mail(
            subject=(("Reminder: feedback" if reminder else "Feedback")
                     + f" for {person.full_name}: NHS leadership competencies"),
            message=(
                ("This is a reminder: we have not had your answers yet, and your earlier link "
                 "no longer works. Please use the one below.\n\n" if reminder else "")
                + f"{person.full_name} ({person.job_title}, "
                f"{person.organisation.display_name}) is being assessed against the six domains "
                "of the NHS Leadership Competency Framework, and you have been asked for your "
                "feedback.\n\n"
                f"Answer here (no sign-in needed; the link works once):\n{link}\n\n"
                f"The link closes at the end of {nhs_date(locked.closes_on)}.\n\n"
                "Your answers are anonymous: they are only ever shown combined with those of "
                f"at least {MIN_RATERS_FOR_RESULT} other colleagues.\n"
            ),
            from_email=None, recipient_list=[email],
        )


@transaction.atomic
def remind_raters(user, assessment_round: AssessmentRound, *,
                  link_for: Callable[[str], str] | None = None, request=None) -> int:
    """E-mail every invited rater who has not answered yet a new link (the old one stops
    working), at most once a day. Who has not answered is never shown to the sender: they
    learn only how many reminders went. Returns that number."""
    if not policy.can_invite_raters(user, assessment_round):
        raise PermissionDenied("Only the person, their line manager or a talent lead of their "
                               "organisation can remind raters.")
    locked = AssessmentRound.objects.select_for_update().select_related(
        "person", "person__organisation").get(pk=assessment_round.pk)
    _require_open(locked)
    waiting = list(Assessment.objects.select_for_update().filter(
        round=locked, rater_kind__in=MULTI_RATER_KINDS, submitted_at__isnull=True)
        .exclude(invited_email=""))
    if not waiting:
        raise ValidationError({"round": "Every invited rater has answered: there is no one to "
                                        "remind"})
    now = timezone.now()
    last = max(a.invited_at or now - REMINDER_INTERVAL for a in waiting)
    if now - last < REMINDER_INTERVAL:
        raise ValidationError({"round": (
            "The raters were e-mailed less than a day ago (at "
            f"{timezone.localtime(last):%H:%M} on {nhs_date(timezone.localtime(last).date())}); "
            "send a reminder a day after the last e-mail")})
    link_for = link_for or _default_link
    messages = []
    for assessment in waiting:
        token = secrets.token_urlsafe(32)
        assessment.token_hash = Assessment.hash_token(token)
        assessment.invited_at = now
        messages.append((assessment.invited_email, link_for(token)))
    Assessment.objects.bulk_update(waiting, ["token_hash", "invited_at"])
    _send_invitations(locked, messages, reminder=True)
    record(actor=user, action=AuditAction.UPDATE, target=locked, request=request,
           detail={"person": locked.person_id, "reminded": len(waiting)})
    return len(waiting)


def rater_invitation(token: str) -> Assessment:
    """The invitation a rater's link is for, or RaterLinkRefused saying plainly why not."""
    assessment = (Assessment.objects.select_related("round", "round__person",
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
    assessment = Assessment.objects.select_for_update().get(pk=invitation.pk)
    if assessment.submitted_at is not None:  # answered in another tab meanwhile
        raise RaterLinkRefused("You have already given your feedback with this link. Each "
                               "link can only be used once. Thank you.")
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["submitted_at"])
    DomainRating.objects.bulk_create(_rating_rows(assessment, cleaned))
    # Anonymous: the audit trail says an answer came in, not whose.
    record(actor=None, action=AuditAction.UPDATE, target=invitation.round,
           detail={"person": invitation.round.person_id, "multi_rater_answer": True})
    refresh_strengths(invitation.round.person)
    return assessment


def refresh_strengths(person: Person) -> TalentProfile:
    """strength_mask from the person's latest round with any others' result shown."""
    profile, _ = TalentProfile.objects.get_or_create(person=person)
    mask = 0
    for assessment_round in AssessmentRound.objects.filter(person=person).order_by(
            "-opened_on", "-pk"):
        results = _summary(assessment_round)
        if any(r.enough_others for r in results):
            mask = strength_mask(results)
            break
    if profile.strength_mask != mask:
        profile.strength_mask = mask
        profile.save(update_fields=["strength_mask", "updated_at"])
    return profile
