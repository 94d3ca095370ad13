"""The library of anonymised lessons: publishing, reading and searching, reporting one that may
identify someone, and an administrator removing it (docs/learning-log.md).

A lesson is never linked to its author: the row holds no author, no entry and only the month;
publishing is audited as "a lesson was published", with neither who published it (no actor,
no request id, no address) nor which lesson, so the trail cannot be joined to the library.
The author cannot withdraw a lesson (nothing says which is theirs); an administrator removes
one reported as identifying someone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from . import policy
from .models import Lesson
from .models import LessonReport
from .services import _domain

MAX_TITLE = 150
MAX_TEXT = 6000
MAX_TAGS = 300


@dataclass(frozen=True)
class Draft:
    """A lesson as the author wrote it, checked, before it is published."""

    title: str
    text: str
    lcf_domain: int | None
    tags: str


def check_author(user) -> None:
    if not policy.can_publish_lesson(user):
        raise PermissionDenied("Only leaders publish lessons.")


def check_remover(user) -> None:
    if not policy.can_remove_lesson(user):
        raise PermissionDenied("Only administrators remove lessons.")


def preview_of(draft: Draft) -> Lesson:
    """The lesson as the library would show it (not saved)."""
    return Lesson(title=draft.title, text=draft.text, lcf_domain=draft.lcf_domain,
                  tags=draft.tags, published_month=timezone.localdate().replace(day=1))


def check_draft(user, *, title: str, text: str, lcf_domain=None, tags: str = "") -> Draft:
    """The lesson, checked: a refusal names the field; nothing is stored."""
    check_author(user)
    title, text = (title or "").strip(), (text or "").strip()
    if not title:
        raise ValidationError({"title": "Give the lesson a title: the title is empty"})
    if len(title) > MAX_TITLE:
        raise ValidationError({"title": f"Keep the title to {MAX_TITLE} characters or fewer"})
    if not text:
        raise ValidationError({"text": "Write the lesson: the lesson is empty"})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": f"Keep the lesson to {MAX_TEXT} characters or fewer "
                                       f"(it has {len(text)})"})
    tags = ", ".join(t.strip() for t in (tags or "").split(",") if t.strip())
    if len(tags) > MAX_TAGS:
        raise ValidationError({"tags": f"Keep the tags to {MAX_TAGS} characters or fewer"})
    return Draft(title, text, _domain(lcf_domain), tags)


def publish(user, draft: Draft) -> Lesson:
    """Publish the lesson anonymously (see the module): no author, entry, request or time
    finer than the month is kept or recorded."""
    draft = check_draft(user, title=draft.title, text=draft.text,
                        lcf_domain=draft.lcf_domain, tags=draft.tags)
    month = timezone.localdate().replace(day=1)
    with transaction.atomic():
        lesson = Lesson.objects.create(title=draft.title, text=draft.text,
                                       lcf_domain=draft.lcf_domain, tags=draft.tags,
                                       published_month=month)
        record(actor=None, action=AuditAction.CREATE, target_type="learning.lesson",
               target_label="a lesson", channel="web",
               detail={"what": "a lesson was published"})
    return lesson


def lessons(user, *, query: str = "", lcf_domain=None):
    """The library, searched by words in the title, the lesson and its tags, and by domain."""
    if not policy.can_read_lessons(user):
        raise PermissionDenied("Only leaders read the library of lessons.")
    found = Lesson.objects.all()
    for word in (query or "").split()[:8]:
        found = found.filter(Q(title__icontains=word) | Q(text__icontains=word)
                             | Q(tags__icontains=word))
    domain = _domain(lcf_domain)
    if domain is not None:
        found = found.filter(lcf_domain=domain)
    return found.order_by("-published_month", "title", "id")


def get_lesson(user, lesson_id) -> Lesson:
    if not policy.can_read_lessons(user):
        raise PermissionDenied("Only leaders read the library of lessons.")
    lesson = Lesson.objects.filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404("There is no such lesson: it may have been removed.")
    return lesson


def report(user, lesson: Lesson, *, reason: str, request=None) -> LessonReport:
    """A reader reports that the lesson may identify someone; administrators see the report."""
    if not policy.can_report_lesson(user):
        raise PermissionDenied("Only leaders report lessons.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the lesson may identify someone: the reason "
                                         "is empty"})
    if len(reason) > 2000:
        raise ValidationError({"reason": "Keep the reason to 2000 characters or fewer"})
    with transaction.atomic():
        made = LessonReport.objects.create(lesson=lesson, reason=reason, reported_by=user)
        record(actor=user, action=AuditAction.CREATE, target=made, request=request,
               detail={"lesson": str(lesson.pk)})
    return made


def reported(user):
    """Lessons reported as identifying someone, for administrators."""
    if not policy.can_remove_lesson(user):
        raise PermissionDenied("Only administrators see reported lessons.")
    return (Lesson.objects.filter(reports__isnull=False).distinct()
            .prefetch_related("reports").order_by("title", "id"))


def remove(user, lesson: Lesson, *, request=None) -> None:
    """An administrator removes a reported lesson, at once."""
    check_remover(user)
    with transaction.atomic():
        record(actor=user, action=AuditAction.DELETE, target_type="learning.lesson",
               target_id=str(lesson.pk), target_label="a lesson", request=request,
               detail={"reports": lesson.reports.count()})
        lesson.delete()
