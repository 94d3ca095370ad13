"""Reads and writes of board posts and succession plans: one place per business operation,
each asking the succession policy and writing the audit trail (docs/succession.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from engine.succession.risk import derived_risk
from engine.succession.risk import vacancy_risk
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.core.refusals import refuse_existing
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.talent.models import TalentPool

from . import policy
from .figures import source_of
from .models import BoardPost
from .models import Readiness
from .models import Successor
from .models import VacancyReason
from .models import VacancyRisk
from .scopes import Scope


def get_post(user, pk: int) -> BoardPost:
    if not policy.can_view_posts(user):
        raise PermissionDenied("Only talent leads and administrators see board posts.")
    post = (BoardPost.objects.select_related("organisation", "incumbent")
            .filter(pk=pk).first())
    if post is None:
        raise Http404(f"There is no board post {pk}.")
    return post


def risk_of(post: BoardPost, today: dt.date | None = None) -> str:
    return vacancy_risk(vacant=post.is_vacant, interim=post.interim,
                        expected_vacancy=post.expected_vacancy_on,
                        today=today or timezone.localdate(), override=post.risk_override)


def derived_risk_of(post: BoardPost, today: dt.date | None = None) -> str:
    return derived_risk(vacant=post.is_vacant, interim=post.interim,
                        expected_vacancy=post.expected_vacancy_on,
                        today=today or timezone.localdate())


# --------------------------------------------------------------------------------------
# Reading posts and plans
# --------------------------------------------------------------------------------------


@dataclass
class PostView:
    """A post as one user may see it: its facts, its risk and cover (counted over every
    successor), and the successors this user may see in its plan."""

    post: BoardPost
    risk: str
    covered: bool
    successor_count: int
    plan_visible: bool
    owns: bool
    successors: list[Successor] = field(default_factory=list)
    #: may the user open the incumbent's profile (and career history)?
    incumbent_visible: bool = False


def _cover(post_ids) -> dict[int, tuple[int, bool]]:
    """post id → (successors, covered), counted over every plan: not names."""
    cover: dict[int, tuple[int, bool]] = {}
    for post_id, readiness, emergency in Successor.unscoped.filter(
            post_id__in=post_ids).values_list("post_id", "readiness", "emergency_cover"):
        count, covered = cover.get(post_id, (0, False))
        cover[post_id] = (count + 1, covered or emergency or readiness == Readiness.NOW)
    return cover


def post_views(user, posts, *, request=None, what: str = "succession plans",
               with_successors: bool = True) -> list[PostView]:
    """Views of ``posts`` for this user, with the successors they may see (audited), or
    only each post's risk and cover (``with_successors=False``: a system map)."""
    if not policy.can_view_posts(user):
        raise PermissionDenied("Only talent leads and administrators see board posts.")
    posts = list(posts)
    placements = placements_on()
    cover = _cover([p.pk for p in posts])
    today = timezone.localdate()
    views = []
    for post in posts:
        place = placements.get(post.organisation_id)
        visible = policy.can_view_plan(
            user, post, (place.system_id, place.region_id) if place else (None, None))
        count, covered = cover.get(post.pk, (0, False))
        views.append(PostView(post, risk_of(post, today), covered, count, visible,
                              policy.owns_plan(user, post)))
    seen = set(Person.objects.visible_to(user).filter(
        pk__in=[p.incumbent_id for p in posts if p.incumbent_id]).values_list("pk", flat=True))
    for view in views:
        view.incumbent_visible = view.post.incumbent_id in seen
    if with_successors:
        _attach_successors(user, [v for v in views if v.plan_visible], placements)
    named = [s for v in views for s in v.successors]
    if named and request is not None:
        record_read(actor=user, request=request, people=named, what=what)
    return views


def _attach_successors(user, views: list[PostView], placements) -> None:
    by_post = {v.post.pk: v for v in views}
    rows = (Successor.objects.visible_to(user).filter(post_id__in=list(by_post))
            .select_related("person__organisation", "talent_pool")
            .order_by("post_id", "readiness", "person__family_name", "pk"))
    for successor in rows:
        view = by_post[successor.post_id]
        successor.source = source_of(view.post.organisation_id,
                                     successor.person.organisation_id, placements)
        if not view.owns:
            successor.notes = ""  # notes are for the plan's owners only
        view.successors.append(successor)


def posts_in(scope: Scope):
    return (BoardPost.objects.filter(**scope.filter())
            .select_related("organisation", "incumbent")
            .order_by("organisation__name", "kind", "title", "pk"))


# --------------------------------------------------------------------------------------
# Changing plans
# --------------------------------------------------------------------------------------


def _require_owner(user, post: BoardPost) -> None:
    if not policy.owns_plan(user, post):
        raise PermissionDenied(
            "Only the organisation's talent leads and administrators change its succession "
            "plans.")


def _choose_person(user, post: BoardPost, person_id) -> Person:
    person = (Person.objects.visible_to(user).select_related("organisation")
              .filter(pk=person_id).first() if person_id else None)
    if person is None:
        raise ValidationError({"person": f"There is no person {person_id} you may choose"})
    if person.pk == post.incumbent_id:
        raise ValidationError({"person": (
            f"{person.full_name} holds this post ({post.title}), so cannot be its successor")})
    placements = placements_on()
    post_place, person_place = (placements.get(post.organisation_id),
                                placements.get(person.organisation_id))
    if not policy.plan_scope_sees(post, person, post_place and post_place.system_id,
                                  person_place and person_place.system_id):
        raise ValidationError({"person": (
            f"{person.full_name} has not allowed {post.organisation.display_name} to see "
            "their profile")})
    refuse_existing(Successor.unscoped.filter(post=post, person=person), "person",
                    f"{person.full_name} is already in the succession plan for {post.title}")
    return person


def _check_readiness(readiness: str) -> None:
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": (
            'Choose "Ready now", "Ready in 1 to 2 years" or "Ready in 3 or more years" '
            f'("{readiness}" is not one of them)')})


def _check_emergency(post: BoardPost, emergency_cover: bool, exclude=None) -> None:
    if not emergency_cover:
        return
    others = Successor.unscoped.filter(post=post, emergency_cover=True)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError({"emergency_cover": (
            f"{post.title} already has an emergency-cover successor: a post has only one")})


def _pool(talent_pool_id) -> TalentPool | None:
    if not talent_pool_id:
        return None
    pool = TalentPool.objects.filter(pk=talent_pool_id).first()
    if pool is None:
        raise ValidationError({"talent_pool": f"There is no talent pool {talent_pool_id}"})
    return pool


def add_successor(user, post: BoardPost, *, person_id, readiness: str,
                  emergency_cover: bool = False, talent_pool_id=None, notes: str = "",
                  request=None) -> Successor:
    """Name a successor in a post's plan. Refusals name the field and the value; nothing
    changes."""
    _require_owner(user, post)
    person = _choose_person(user, post, person_id)
    _check_readiness(readiness)
    _check_emergency(post, emergency_cover)
    pool = _pool(talent_pool_id)
    with transaction.atomic():
        successor = Successor.objects.create(
            post=post, person=person, readiness=readiness, emergency_cover=emergency_cover,
            talent_pool=pool, notes=notes.strip(), added_by=user)
        record(actor=user, action=AuditAction.CREATE, target=successor, request=request,
               detail={"post": post.pk, "person": person.pk, "readiness": readiness,
                       "emergency_cover": emergency_cover})
    return successor


def successor_in(user, post: BoardPost, person_id: int) -> Successor:
    """The successor line of ``person_id`` in the post's plan, if the user may see it."""
    successor = (Successor.objects.visible_to(user).select_related("post__organisation")
                 .filter(post=post, person_id=person_id).first())
    if successor is None or not policy.can_view_plan(user, post):
        raise Http404(f"Person {person_id} is not in a succession plan for this post that you "
                      "may see.")
    return successor


def remove_successor(user, successor: Successor, *, request=None) -> None:
    _require_owner(user, successor.post)
    with transaction.atomic():
        record(actor=user, action=AuditAction.DELETE, target=successor, request=request,
               detail={"post": successor.post_id, "person": successor.person_id})
        successor.delete()


def override_risk(user, post: BoardPost, *, risk: str, reason: str = "",
                  request=None) -> BoardPost:
    """Set the post's vacancy risk by hand with a reason, or clear it (risk "") to go back to
    the derived one. Audited with the reason."""
    if not policy.can_override_risk(user, post):
        raise PermissionDenied("Only the organisation's talent leads and administrators set a "
                               "post's vacancy risk.")
    risk, reason = (risk or "").strip(), (reason or "").strip()
    if risk and risk not in VacancyRisk.values:
        raise ValidationError({"risk": f'Choose high, medium or low ("{risk}" is not one of '
                                       "them)"})
    if risk and not reason:
        raise ValidationError({"reason": "Give a reason for setting the vacancy risk by hand"})
    with transaction.atomic():
        post.risk_override, post.risk_override_reason = risk, reason if risk else ""
        post.risk_overridden_by = user if risk else None
        post.risk_overridden_at = timezone.now() if risk else None
        post.save(update_fields=["risk_override", "risk_override_reason",
                                 "risk_overridden_by", "risk_overridden_at", "updated_at"])
        record(actor=user, action=AuditAction.UPDATE, target=post, request=request,
               reason=reason, detail={"risk_override": risk,
                                      "derived_risk": derived_risk_of(post)})
    return post


def _check_post_facts(post: BoardPost, interim: bool, started_on, expected_vacancy_on,
                      vacancy_reason: str) -> None:
    if vacancy_reason and vacancy_reason not in VacancyReason.values:
        raise ValidationError({"vacancy_reason": (
            f'Choose retirement, end of term or other ("{vacancy_reason}" is not one of them)')})
    if vacancy_reason and expected_vacancy_on is None:
        raise ValidationError({"expected_vacancy_on": (
            "Give the date the post is expected to fall vacant, or no reason")})
    if expected_vacancy_on is not None and not vacancy_reason:
        raise ValidationError({"vacancy_reason": "Choose why the post is expected to fall "
                                                 "vacant"})
    if started_on and expected_vacancy_on and expected_vacancy_on < started_on:
        raise ValidationError({"expected_vacancy_on": (
            f"The expected vacancy date ({expected_vacancy_on.isoformat()}) must not be before "
            f"the incumbent started ({started_on.isoformat()})")})
    if post.is_vacant and interim:
        raise ValidationError({"interim": "A vacant post has no interim holder: leave "
                                          "\"interim\" unticked"})


def update_post(user, post: BoardPost, *, interim: bool, started_on, expected_vacancy_on,
                vacancy_reason: str = "", request=None) -> BoardPost:
    """Change a post's facts (interim or substantive, start, expected vacancy and why), which
    the derived risk follows. Audited with what changed."""
    _require_owner(user, post)
    vacancy_reason = (vacancy_reason or "").strip()
    _check_post_facts(post, interim, started_on, expected_vacancy_on, vacancy_reason)
    values = {"interim": interim, "started_on": started_on,
              "expected_vacancy_on": expected_vacancy_on, "vacancy_reason": vacancy_reason}
    changed = {name: str(value) for name, value in values.items()
               if getattr(post, name) != value}
    with transaction.atomic():
        for name, value in values.items():
            setattr(post, name, value)
        post.save(update_fields=[*values, "updated_at"])
        record(actor=user, action=AuditAction.UPDATE, target=post, request=request,
               detail={"changed": changed, "derived_risk": derived_risk_of(post)})
    return post


def candidates(user, post: BoardPost, query: str, limit: int = 20) -> list[Person]:
    """People matching a name search whom this user may see, for the successor chooser (the
    incumbent too: choosing them is refused with the reason). One place, so that a richer
    chooser can replace it."""
    words = (query or "").split()
    if not words:
        return []
    people = Person.objects.visible_to(user).select_related("organisation")
    for word in words[:4]:
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return list(people.order_by("family_name", "given_name", "pk")[:limit])


# --------------------------------------------------------------------------------------
# Who holds a post
# --------------------------------------------------------------------------------------

#: The NHS began on 5 July 1948: no one held an NHS board post before.
NHS_BEGAN = dt.date(1948, 7, 5)


def holder_choices(user, post: BoardPost):
    """The people this user may appoint to the post: anyone they may see but its holder."""
    return Person.objects.visible_to(user).exclude(pk=post.incumbent_id or 0)


def _check_holder_date(name: str, label: str, value) -> None:
    if value is None:
        raise ValidationError({name: f"Enter {label}"})
    latest = timezone.localdate() + dt.timedelta(days=365)
    if value < NHS_BEGAN or value > latest:
        raise ValidationError({name: (
            f"{label.capitalize()} ({value.isoformat()}) must be between 5 July 1948 and "
            f"{latest.isoformat()}, a year from today")})


def _vacate(post: BoardPost, left_on: dt.date, actor) -> None:
    """Save the post without its holder, keeping their start date for the board's reference
    (made on this save), then clear the facts that were the holder's."""
    post.left_on, post.changed_by = left_on, actor  # read by the board's departure signal
    post.incumbent = None
    post.save(update_fields=["incumbent", "updated_at"])
    post.started_on, post.interim = None, False
    post.expected_vacancy_on, post.vacancy_reason = None, ""
    post.save(update_fields=["started_on", "interim", "expected_vacancy_on", "vacancy_reason",
                             "updated_at"])


def record_holder_left(user, post: BoardPost, *, left_on, request=None) -> BoardPost:
    """The holder left the post on ``left_on``: the post falls vacant (the board app makes
    their Board Member Reference). Audited."""
    _require_owner(user, post)
    if post.incumbent_id is None:
        raise ValidationError({"left_on": f"{post.title} is already vacant: nobody holds it"})
    _check_holder_date("left_on", "the date they left", left_on)
    if post.started_on and left_on < post.started_on:
        raise ValidationError({"left_on": (
            f"The date they left ({left_on.isoformat()}) must not be before they started "
            f"({post.started_on.isoformat()})")})
    person_id = post.incumbent_id
    with transaction.atomic():
        _vacate(post, left_on, user)
        record(actor=user, action=AuditAction.UPDATE, target=post, request=request,
               detail={"person": person_id, "left_on": left_on.isoformat(),
                       "what": "the holder left the post"})
    return post


def _new_holder(user, post: BoardPost, person_id) -> Person:
    person = holder_choices(user, post).filter(pk=person_id).first() if person_id else None
    if person is None:
        raise ValidationError({"person": (
            f"There is no person {person_id} you may appoint to {post.title}")})
    return person


def appoint_holder(user, post: BoardPost, *, person_id, started_on, interim: bool,
                   request=None) -> BoardPost:
    """Appoint a new holder from ``started_on``. A holder already in post leaves that day
    (the board app makes their Board Member Reference); the new holder stops being one of
    the post's successors. Audited."""
    _require_owner(user, post)
    person = _new_holder(user, post, person_id)
    _check_holder_date("started_on", "the date they started", started_on)
    if post.started_on and post.incumbent_id and started_on < post.started_on:
        raise ValidationError({"started_on": (
            f"The date they started ({started_on.isoformat()}) must not be before "
            f"{post.incumbent.full_name} started ({post.started_on.isoformat()})")})
    before = post.incumbent_id
    with transaction.atomic():
        if before is not None:
            _vacate(post, started_on, user)
        removed = Successor.unscoped.filter(post=post, person=person).delete()[0]
        post.incumbent, post.started_on, post.interim = person, started_on, bool(interim)
        post.save(update_fields=["incumbent", "started_on", "interim", "updated_at"])
        record(actor=user, action=AuditAction.UPDATE, target=post, request=request,
               detail={"person": person.pk, "previous_holder": before,
                       "started_on": started_on.isoformat(), "interim": bool(interim),
                       "removed_as_successor": bool(removed),
                       "what": "a new holder was appointed"})
    return post
