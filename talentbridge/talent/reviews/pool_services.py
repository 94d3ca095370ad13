"""Talent pools: create, nominate (self, line manager, talent lead), decide with reasons,
membership review dates and exits, and the pool's composition as suppressed aggregates.

Shared by the web pages, the API and the demo; each function asks `review_policy`, checks its
input (a ValidationError naming the field and value, with nothing written) and is audited.
Protected characteristics appear only as the whole pool's make-up, from 20 members, as shares
worked out from rounded counts on the first day of the quarter (`pool_makeup`); other counts
are exact, of the members the viewer can see, or through engine.insights.disclosure, by the
viewer's role (`review_policy.member_count_basis`). Never per person.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from engine.insights.codes import ethnic_group
from engine.insights.disclosure import SUPPRESSED
from engine.insights.disclosure import control_count
from engine.insights.disclosure import protect_table
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.models import Region
from talentbridge.people.codes import Disability
from talentbridge.people.codes import Sex
from talentbridge.people.models import Person
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.pools import PoolScope
from talentbridge.talent.models.pools import PoolStatus
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews import pool_makeup
from talentbridge.talent.reviews.services import _check_scope
from talentbridge.talent.reviews.services import _text

NAME_MAX = TalentPool._meta.get_field("name").max_length
EXIT_REASON_MAX = PoolMembership._meta.get_field("exit_reason").max_length


class PoolNotFound(Http404):
    pass


class NominationNotFound(Http404):
    pass


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def scope_label(pool: TalentPool) -> str:
    if pool.scope_level == PoolScope.ORGANISATION:
        return pool.organisation.display_name
    if pool.scope_level == PoolScope.SYSTEM:
        return pool.system.short_name
    if pool.scope_level == PoolScope.REGION:
        return pool.region.name
    return "England"


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def pools_for(user) -> QuerySet[TalentPool]:
    """Every pool's name, purpose and criteria are open to everyone signed in, so that people
    can nominate themselves. Members are not."""
    if policy.roles_for(user).user_id is None:
        return TalentPool.objects.none()
    return (TalentPool.objects.select_related("organisation", "system", "region", "owner")
            .annotate(members=Count("memberships", filter=Q(memberships__exited_on__isnull=True),
                                    distinct=True))
            .order_by("name", "pk"))


def get_pool(user, pk: int) -> TalentPool:
    pool = pools_for(user).filter(pk=pk).first()
    if pool is None:
        raise PoolNotFound("No such talent pool")
    return pool


def current_members(user, pool: TalentPool, *, request=None) -> QuerySet[PoolMembership]:
    """Current members this user may see (pool managers only), by name."""
    if not policy.can_see_members(user, pool):
        raise PermissionDenied("Only the pool's managers may see its members.")
    members = (PoolMembership.objects.visible_to(user)
               .filter(pool=pool, exited_on__isnull=True)
               .select_related("person__organisation", "person__talent__readiness")
               .order_by("person__family_name", "person__given_name", "pk"))
    record_read(actor=user, request=request, target=pool, what="members",
                people=members.values_list("person_id", flat=True))
    return members


def pending_nominations(user, pool: TalentPool) -> QuerySet[PoolNomination]:
    if not policy.manages_pool(user, pool):
        return PoolNomination.objects.none()
    return (PoolNomination.unscoped.filter(pool=pool, status=NominationStatus.PENDING,
                                          person__in=Person.objects.visible_to(user))
            .select_related("person__organisation", "nominated_by")
            .order_by("created_at", "pk"))


def my_nominations(user) -> QuerySet[PoolNomination]:
    """Nominations of the user themselves, and those they made of people they may still
    see."""
    person_id = policy.roles_for(user).person_id
    mine = Q(nominated_by_id=getattr(user, "pk", None),
             person__in=Person.objects.visible_to(user))
    if person_id:
        mine |= Q(person_id=person_id)
    return (PoolNomination.unscoped.filter(mine)
            .select_related("pool", "person", "nominated_by", "decided_by")
            .order_by("-created_at", "-pk"))


def my_memberships(user) -> QuerySet[PoolMembership]:
    person_id = policy.roles_for(user).person_id
    return (PoolMembership.unscoped.filter(person_id=person_id or -1)
            .select_related("pool").order_by("-joined_on", "-pk"))


def get_nomination(user, pk) -> PoolNomination:
    nomination = (PoolNomination.unscoped.select_related("pool", "person__organisation",
                                                        "nominated_by")
                  .filter(pk=pk).first() if str(pk).isdigit() else None)
    if nomination is None or not policy.can_see_nomination(user, nomination):
        raise NominationNotFound("No such nomination")
    return nomination


def nominable_people(user, pool: TalentPool) -> QuerySet[Person]:
    """People this user may nominate: themselves, their direct reports, and, for talent leads,
    anyone they may see, in the pool's scope."""
    roles = policy.roles_for(user)
    people = Person.objects.visible_to(user)
    if not roles.is_talent_lead:
        people = people.filter(Q(user_id=roles.user_id) | Q(line_manager_id=roles.person_id or -1))
    org_ids = policy.pool_organisation_ids(pool)
    if org_ids is not None:
        people = people.filter(organisation_id__in=org_ids)
    return people.select_related("organisation").order_by("family_name", "given_name", "pk")


# --------------------------------------------------------------------------------------
# Composition: aggregates only, small numbers suppressed
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    label: str
    shown: int | str  # a count, or "*" for 1–7 (after disclosure control)


Shown = int | str


@dataclass(frozen=True)
class Composition:
    """What a viewer may see of a pool. `counted` says how the counts were made
    (`policy.member_count_basis`); make-up is None when not shown (fewer than
    `pool_makeup.MIN_MEMBERS` members counted on `makeup_as_of`)."""

    size: Shown
    counted: str
    readiness: list[tuple[str, Shown]]
    organisations: list[tuple[str, Shown]]
    kinds: list[tuple[str, Shown]]
    makeup_as_of: dt.date | None
    ethnicity: list[pool_makeup.Share] | None
    sex: list[pool_makeup.Share] | None
    disability: list[pool_makeup.Share] | None

    @property
    def makeup_shown(self) -> bool:
        return self.ethnicity is not None

    @property
    def makeup_note(self) -> str:
        return "" if self.makeup_shown else pool_makeup.not_shown_text()


def _controlled_row(pairs: list[tuple[str, int]]) -> tuple[list[tuple[str, Shown]], bool]:
    """One row of counts through the NHS disclosure rule (1–7 → "*", others to the nearest 5,
    with secondary suppression so no hidden count can be worked out from the others or the
    total). Also says whether the row's total had to be hidden."""
    if not pairs:
        return [], False
    table = protect_table([[n for _, n in pairs]])
    shown = [(label, value) for (label, _), value in zip(pairs, table.cells[0], strict=True)]
    return shown, table.grand_total == SUPPRESSED


ETHNICITY_LABELS = ["White", "Ethnic minority", "Not stated or not known"]
SEX_LABELS = ["Female", "Male", "Other or not known"]
DISABILITY_LABELS = ["Disabled", "Not disabled", "Prefer not to say or not known"]


def makeup_of(people: list[dict]) -> tuple[list | None, list | None, list | None]:
    """Ethnic group, sex and disability of these members (dicts with ethnic_category, sex,
    disability) through `pool_makeup`: None for each when there are too few."""
    ethnic = Counter(ethnic_group(p["ethnic_category"] or "99") for p in people)
    sex = Counter(p["sex"] or Sex.NOT_KNOWN for p in people)
    disability = Counter(p["disability"] or Disability.NOT_KNOWN for p in people)
    return (
        pool_makeup.controlled_shares(
            ETHNICITY_LABELS, [ethnic["white"], ethnic["minority"], ethnic["unknown"]]),
        pool_makeup.controlled_shares(
            SEX_LABELS, [sex[Sex.FEMALE], sex[Sex.MALE],
                         sex[Sex.INDETERMINATE] + sex[Sex.NOT_KNOWN]]),
        pool_makeup.controlled_shares(
            DISABILITY_LABELS, [disability[Disability.YES], disability[Disability.NO],
                                disability[Disability.NOT_STATED]
                                + disability[Disability.NOT_KNOWN]]),
    )


def composition_of(people: list[dict], makeup_people: list[dict] | None = None, *,
                   counted: str = policy.COUNT_ALL,
                   makeup_as_of: dt.date | None = None) -> Composition:
    """Plain data in, aggregates out. `people` are the current members counted (one dict
    each: readiness, organisation, kind); `makeup_people` the members on the make-up date
    (ethnic_category, sex, disability; `people` if not given). Counts are exact unless
    `counted` is COUNT_CONTROLLED."""
    def counted_pairs(key: str) -> list[tuple[str, int]]:
        return sorted(Counter(p[key] for p in people).items(), key=lambda kv: (-kv[1], kv[0]))

    readiness, organisations = counted_pairs("readiness"), counted_pairs("organisation")
    kinds = counted_pairs("kind")
    size: Shown = len(people)
    if counted == policy.COUNT_CONTROLLED:
        (readiness, r_hidden), (organisations, o_hidden), (kinds, k_hidden) = (
            _controlled_row(readiness), _controlled_row(organisations), _controlled_row(kinds))
        size = SUPPRESSED if r_hidden or o_hidden or k_hidden else control_count(len(people))
    ethnicity, sex, disability = makeup_of(people if makeup_people is None else makeup_people)
    return Composition(size=size, counted=counted, readiness=readiness,
                       organisations=organisations, kinds=kinds, makeup_as_of=makeup_as_of,
                       ethnicity=ethnicity, sex=sex, disability=disability)


def composition(user, pool: TalentPool, *, request=None,
                today: dt.date | None = None) -> Composition:
    """The pool's composition as this viewer may see it (docs/talent-reviews.md): counts by
    `policy.member_count_basis`; make-up only from `pool_makeup.MIN_MEMBERS` members counted
    on the first day of the quarter."""
    if not policy.can_view_composition(user, pool):
        raise PermissionDenied("Only the pool's managers and analysts covering its scope may "
                               "see its composition.")
    counted = policy.member_count_basis(user, pool)
    memberships = PoolMembership.unscoped.filter(pool=pool)
    if counted == policy.COUNT_VISIBLE:
        memberships = memberships.filter(person__in=Person.objects.visible_to(user))
    kinds = dict(OrganisationKind.choices)
    current = memberships.filter(exited_on__isnull=True).values_list(
        "person__talent__readiness__label", "person__organisation__name",
        "person__organisation__kind")
    people = [{"readiness": r or "Not recorded", "organisation": Organisation(name=o).display_name,
               "kind": kinds.get(k, k)} for r, o, k in current]
    day = pool_makeup.as_of(today or timezone.localdate())
    then = memberships.filter(Q(exited_on__isnull=True) | Q(exited_on__gt=day),
                              joined_on__lte=day).values_list(
        "person__characteristics__ethnic_category", "person__characteristics__sex",
        "person__characteristics__disability")
    makeup_people = [{"ethnic_category": e, "sex": s, "disability": d} for e, s, d in then]
    record(actor=user, action=AuditAction.VIEW, target=pool, request=request,
           detail={"what": "composition", "counted": counted})
    return composition_of(people, makeup_people, counted=counted, makeup_as_of=day)


def with_member_counts(user, pools):
    """Set `members_shown` and `members_counted` on each pool for this viewer: exact counts
    of all current members for administrators, of the members they can see for a pool's
    other managers, otherwise all current members through the disclosure rule."""
    pools = list(pools)
    managed = [p.pk for p in pools if policy.member_count_basis(user, p) == policy.COUNT_VISIBLE]
    visible = dict(PoolMembership.unscoped.filter(
        pool_id__in=managed, exited_on__isnull=True,
        person__in=Person.objects.visible_to(user)).values("pool_id").annotate(
        n=Count("pk")).values_list("pool_id", "n")) if managed else {}
    for pool in pools:
        counted = (policy.COUNT_VISIBLE if pool.pk in managed
                   else policy.member_count_basis(user, pool))
        total = getattr(pool, "members", 0)
        pool.members_counted = counted
        pool.members_shown = (visible.get(pool.pk, 0) if counted == policy.COUNT_VISIBLE
                              else control_count(total) if counted == policy.COUNT_CONTROLLED
                              else total)
    return pools


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


@transaction.atomic
def create_pool(user, *, name: str, purpose: str, entry_criteria: str, scope_level: str,
                organisation: Organisation | None = None,
                system: IntegratedCareSystem | None = None, region: Region | None = None,
                review_interval_months: int = 12, status: str = PoolStatus.OPEN,
                request=None) -> TalentPool:
    errors: dict[str, str] = {}
    name = _text(errors, "name", name, "a name for the pool", max_length=NAME_MAX)
    purpose = _text(errors, "purpose", purpose, "the pool's purpose")
    entry_criteria = _text(errors, "entry_criteria", entry_criteria, "the entry criteria")
    _check_scope(errors, scope_level, PoolScope.values, "the pool", {
        PoolScope.ORGANISATION: (organisation, "Enter the ODS code of the organisation"),
        PoolScope.SYSTEM: (system, "Choose the integrated care system"),
        PoolScope.REGION: (region, "Choose the region"),
    })
    if status not in PoolStatus.values:
        errors["status"] = f'Choose open or closed ("{status}" is not one of the options)'
    if not isinstance(review_interval_months, int) or not 1 <= review_interval_months <= 60:
        errors["review_interval_months"] = (
            f"Months between membership reviews must be from 1 to 60 "
            f'(you entered "{review_interval_months}")')
    if errors:
        raise ValidationError(errors)
    organisation = organisation if scope_level == PoolScope.ORGANISATION else None
    system = system if scope_level == PoolScope.SYSTEM else None
    region = region if scope_level == PoolScope.REGION else None
    if not policy.may_create_pool_at(user, scope_level, getattr(organisation, "pk", None),
                                     getattr(system, "pk", None), getattr(region, "pk", None)):
        raise PermissionDenied("Only a talent lead whose scope covers the pool's scope may "
                               "create it.")
    pool = TalentPool.objects.create(
        name=name, purpose=purpose, entry_criteria=entry_criteria, scope_level=scope_level,
        organisation=organisation, system=system, region=region, status=status,
        review_interval_months=review_interval_months, owner=user)
    record(actor=user, action=AuditAction.CREATE, target=pool, request=request)
    return pool


@transaction.atomic
def set_pool_status(user, pool: TalentPool, status: str, *, request=None) -> TalentPool:
    if not policy.manages_pool(user, pool):
        raise PermissionDenied("Only the pool's managers may open or close it.")
    if status not in PoolStatus.values:
        raise ValidationError({"status": f'Choose open or closed ("{status}" is not one of '
                                         "the options)"})
    pool.status = status
    pool.save(update_fields=["status"])
    record(actor=user, action=AuditAction.UPDATE, target=pool, request=request,
           detail={"status": status})
    return pool


@transaction.atomic
def nominate(user, pool: TalentPool, *, person_id, statement: str,
             request=None) -> PoolNomination:
    """Nominate a person (yourself, a direct report, or, as a talent lead, anyone you may
    see in the pool's scope). A closed pool refuses self-nomination and changes nothing."""
    errors: dict[str, str] = {}
    person = (Person.objects.visible_to(user).select_related("organisation")
              .filter(pk=person_id).first() if str(person_id).isdigit() else None)
    statement = _text(errors, "statement", statement, "a statement supporting the nomination")
    if person is None:
        errors["person"] = f'There is no person with id "{person_id}" that you may nominate'
    if errors:
        raise ValidationError(errors)
    route = policy.nomination_route(user, pool, person)
    if route is None:
        if pool.status == PoolStatus.CLOSED:
            raise ValidationError({"pool": (
                f"\u201c{pool.name}\u201d is closed to nominations, so "
                + ("you cannot nominate yourself" if policy.is_self(user, person)
                   else f"you cannot nominate {person.full_name}")
                + ". Ask the pool's talent lead if you think it should reopen.")})
        raise PermissionDenied(f"You may not nominate {person.full_name} to this pool.")
    org_ids = policy.pool_organisation_ids(pool)
    if org_ids is not None and person.organisation_id not in org_ids:
        raise ValidationError({"person": (
            f"{person.full_name} is employed by {person.organisation.display_name}, outside "
            f"this pool's scope ({scope_label(pool)})")})
    if PoolMembership.unscoped.filter(pool=pool, person=person, exited_on__isnull=True).exists():
        raise ValidationError({"person": f"{person.full_name} is already in this pool"})
    if PoolNomination.unscoped.filter(pool=pool, person=person,
                                     status=NominationStatus.PENDING).exists():
        raise ValidationError({"person": (f"{person.full_name} already has a nomination to "
                                          "this pool awaiting a decision")})
    try:
        with transaction.atomic():
            nomination = PoolNomination.objects.create(
                pool=pool, person=person, route=route, nominated_by=user, statement=statement)
    except IntegrityError:  # a concurrent nomination got there first
        raise ValidationError({"person": (f"{person.full_name} already has a nomination to "
                                          "this pool awaiting a decision")}) from None
    record(actor=user, action=AuditAction.CREATE, target=nomination, request=request,
           detail={"pool": pool.pk, "person": person.pk, "route": route})
    return nomination


@transaction.atomic
def decide(user, nomination: PoolNomination, *, approve: bool, reason: str,
           request=None) -> PoolNomination:
    """Approve (the person joins, with a membership review date) or decline, with a reason."""
    nomination = PoolNomination.unscoped.select_for_update(of=("self",)).select_related(
        "pool", "person").get(pk=nomination.pk)
    if not policy.can_decide(user, nomination):
        raise PermissionDenied("Only the pool's managers may decide nominations.")
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason, "the reason for the decision")
    if nomination.status != NominationStatus.PENDING:
        errors["status"] = (f"This nomination has already been "
                            f"{nomination.get_status_display().lower()}")
    if errors:
        raise ValidationError(errors)
    nomination.status = NominationStatus.APPROVED if approve else NominationStatus.DECLINED
    nomination.decided_by, nomination.decided_at = user, timezone.now()
    nomination.decision_reason = reason
    nomination.save()
    if approve:
        today = timezone.localdate()
        PoolMembership.objects.create(
            pool=nomination.pool, person=nomination.person, nomination=nomination,
            joined_on=today, review_on=add_months(today, nomination.pool.review_interval_months))
    record(actor=user, action=AuditAction.UPDATE, target=nomination, request=request,
           reason=reason, detail={"status": nomination.status})
    return nomination


@transaction.atomic
def withdraw(user, nomination: PoolNomination, *, request=None) -> PoolNomination:
    if not policy.can_withdraw(user, nomination):
        raise PermissionDenied("Only the nominee or whoever nominated them may withdraw it.")
    if nomination.status != NominationStatus.PENDING:
        raise ValidationError({"status": (f"This nomination has already been "
                                          f"{nomination.get_status_display().lower()}")})
    nomination.status = NominationStatus.WITHDRAWN
    nomination.save(update_fields=["status"])
    record(actor=user, action=AuditAction.UPDATE, target=nomination, request=request,
           detail={"status": nomination.status})
    return nomination


def get_membership(user, pk) -> PoolMembership:
    membership = (PoolMembership.unscoped.select_related("pool", "person")
                  .filter(pk=pk).first() if str(pk).isdigit() else None)
    if (membership is None or not policy.manages_pool(user, membership.pool)
            or not Person.objects.visible_to(user).filter(pk=membership.person_id).exists()):
        raise Http404("No such pool membership")
    return membership


@transaction.atomic
def exit_member(user, membership: PoolMembership, *, reason: str, exited_on: dt.date | None = None,
                request=None) -> PoolMembership:
    if not policy.manages_pool(user, membership.pool):
        raise PermissionDenied("Only the pool's managers may record an exit.")
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason, "the reason for leaving the pool",
                   max_length=EXIT_REASON_MAX)
    exited_on = exited_on or timezone.localdate()
    if membership.exited_on is not None:
        errors["exited_on"] = f"{membership.person.full_name} has already left this pool"
    elif exited_on < membership.joined_on:
        errors["exited_on"] = "The exit date must be on or after the date they joined"
    if errors:
        raise ValidationError(errors)
    membership.exited_on, membership.exit_reason = exited_on, reason
    membership.save(update_fields=["exited_on", "exit_reason"])
    record(actor=user, action=AuditAction.UPDATE, target=membership, request=request,
           reason=reason, detail={"pool": membership.pool_id, "exited_on": exited_on.isoformat()})
    return membership

