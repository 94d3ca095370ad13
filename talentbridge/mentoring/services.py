"""Mentoring services: offers, requests, declared conflicts, relationships with their goals,
meetings and end reviews. One place per business operation, each asking the mentoring policy
and writing the audit trail (docs/mentoring.md). Other apps call only the first two functions
(they never query the models themselves)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.core.forms import nhs_date
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.people.models import Person
from talentbridge.talent.frameworks import LcfDomain

from . import policy
from .models import MAX_CAPACITY
from .models import DeclaredConflict
from .models import EndReview
from .models import Goal
from .models import GoalsMet
from .models import GoalStatus
from .models import Meeting
from .models import MentoringOffer
from .models import MentoringRelationship
from .models import MentoringRequest
from .models import RequestStatus
from .models import SupportKind


def current_relationships(mentee_id: int, on: dt.date | None = None
                          ) -> QuerySet[MentoringRelationship]:
    """The mentee's mentoring and coaching relationships that are running on ``on`` (today)."""
    day = on or timezone.localdate()
    return (MentoringRelationship.unscoped
            .filter(mentee_id=mentee_id, started_on__lte=day)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
            .select_related("mentor"))


def has_current_mentor_or_coach(mentee_id: int, on: dt.date | None = None) -> bool:
    return current_relationships(mentee_id, on).exists()


def with_current_mentor_or_coach(mentee_ids, on: dt.date | None = None) -> set[int]:
    """Which of these people have a mentoring or coaching relationship running on ``on``
    (today): one query for a whole list of leaders."""
    day = on or timezone.localdate()
    return set(MentoringRelationship.unscoped
               .filter(mentee_id__in=list(mentee_ids), started_on__lte=day)
               .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
               .values_list("mentee_id", flat=True))


def running_pairs(mentee_ids, on: dt.date | None = None) -> set[tuple[int, int]]:
    """(mentee id, mentor id) of every mentoring and coaching relationship of these people
    running on ``on`` (today): ``current_relationships`` for a whole list, in one query."""
    day = on or timezone.localdate()
    return set(MentoringRelationship.unscoped
               .filter(mentee_id__in=list(mentee_ids), started_on__lte=day)
               .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
               .values_list("mentee_id", "mentor_id"))


def current_as_mentor(person_ids, on: dt.date | None = None) -> dict[int, int]:
    """Person id → how many leaders they support now (capacity used)."""
    day = on or timezone.localdate()
    counts: dict[int, int] = {}
    for mentor_id in (MentoringRelationship.unscoped
                      .filter(mentor_id__in=person_ids, started_on__lte=day)
                      .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
                      .values_list("mentor_id", flat=True)):
        counts[mentor_id] = counts.get(mentor_id, 0) + 1
    return counts


# --------------------------------------------------------------------------------------
# The leader's own: offer, requests, declared conflicts
# --------------------------------------------------------------------------------------


def _me(user) -> Person:
    grants = grants_for(user)
    person = (Person.objects.visible_to(user).filter(pk=grants.person_id).first()
              if grants.person_id else None)
    if person is None:
        raise PermissionDenied("Only leaders with a profile offer or ask for mentoring.")
    return person


def _domains(values, field: str, *, required: bool) -> list[int]:
    chosen = []
    for value in values or []:
        try:
            domain = int(value)
        except (TypeError, ValueError):
            domain = None
        if domain not in LcfDomain.values:
            raise ValidationError({field: f'"{value}" is not a Leadership Competency '
                                          "Framework domain (1 to 6)"})
        chosen.append(domain)
    if required and not chosen:
        raise ValidationError({field: "Choose at least one Leadership Competency Framework "
                                      "domain"})
    return sorted(set(chosen))


def _kinds(values, field: str) -> list[str]:
    for value in values or []:
        if value not in OrganisationKind.values:
            raise ValidationError({field: f'"{value}" is not a kind of organisation'})
    return sorted(set(values or []))


def _capacity(value) -> int:
    try:
        capacity = int(value)
    except (TypeError, ValueError):
        capacity = None
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        raise ValidationError({"capacity": (
            f"Capacity must be a whole number from 1 to {MAX_CAPACITY} ({value!r} is not)")})
    return capacity


def my_offer(user) -> MentoringOffer | None:
    return MentoringOffer.objects.visible_to(user).filter(person_id=_me(user).pk).first()


def save_offer(user, *, as_mentor: bool, as_coach: bool, capacity, lcf_domains,
               organisation_kinds=(), across_organisations: bool = True,
               active: bool = True, request=None) -> MentoringOffer:
    """Make or change the signed-in leader's offer. Refusals name the field and the value;
    nothing changes."""
    person = _me(user)
    if not (as_mentor or as_coach):
        raise ValidationError({"as_mentor": "Offer yourself as a mentor, a coach or both"})
    values = {"as_mentor": bool(as_mentor), "as_coach": bool(as_coach),
              "capacity": _capacity(capacity),
              "lcf_domains": _domains(lcf_domains, "lcf_domains", required=True),
              "organisation_kinds": _kinds(organisation_kinds, "organisation_kinds"),
              "across_organisations": bool(across_organisations), "active": bool(active)}
    offer, created = MentoringOffer.unscoped.update_or_create(person=person, defaults=values)
    record(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
           target=offer, request=request, detail={"person": person.pk, **values})
    return offer


def my_requests(user) -> QuerySet[MentoringRequest]:
    return MentoringRequest.objects.visible_to(user).filter(person_id=_me(user).pk)


def make_request(user, *, kind: str, needs, organisation_kinds=(), wants_outside: bool = True,
                 preferences: str = "", request=None) -> MentoringRequest:
    """Ask for a mentor or coach. One open request of each kind at a time."""
    person = _me(user)
    if kind not in SupportKind.values:
        raise ValidationError({"kind": f'Choose mentor or coach ("{kind}" is neither)'})
    values = {"kind": kind, "needs": _domains(needs, "needs", required=True),
              "organisation_kinds": _kinds(organisation_kinds, "organisation_kinds"),
              "wants_outside": bool(wants_outside), "preferences": (preferences or "").strip()}
    if MentoringRequest.unscoped.filter(person=person, kind=kind,
                                        status=RequestStatus.OPEN).exists():
        raise ValidationError({"kind": f"You already have an open request for a {kind}"})
    made = MentoringRequest.objects.create(person=person, **values)
    record(actor=user, action=AuditAction.CREATE, target=made, request=request,
           detail={"person": person.pk, **values})
    return made


def get_request(user, pk: int) -> MentoringRequest:
    found = (MentoringRequest.objects.visible_to(user).select_related("person__organisation")
             .filter(pk=pk).first())
    if found is None:
        raise Http404(f"There is no mentoring request {pk}.")
    return found


def withdraw_request(user, pk: int, request=None) -> MentoringRequest:
    made = get_request(user, pk)
    if made.person_id != grants_for(user).person_id:
        raise PermissionDenied("Only the leader who asked withdraws a request.")
    if made.status != RequestStatus.OPEN:
        raise ValidationError({"status": (
            f"Request {pk} is {made.get_status_display().lower()}, not open")})
    made.status = RequestStatus.WITHDRAWN
    made.save(update_fields=["status", "updated_at"])
    record(actor=user, action=AuditAction.UPDATE, target=made, request=request,
           detail={"person": made.person_id, "status": made.status})
    return made


def my_conflicts(user) -> QuerySet[DeclaredConflict]:
    return (DeclaredConflict.objects.visible_to(user).filter(person_id=_me(user).pk)
            .select_related("organisation"))


def declare_conflict(user, *, with_email: str = "", organisation_code: str = "",
                     reason: str = "", request=None) -> DeclaredConflict:
    """Someone (by work e-mail) or an organisation the leader must never be paired with."""
    person = _me(user)
    email = (with_email or "").strip().lower()
    organisation = None
    if organisation_code:
        organisation = Organisation.objects.filter(ods_code__iexact=organisation_code).first()
        if organisation is None:
            raise ValidationError({"organisation": (
                f'"{organisation_code}" is not the ODS code of an organisation')})
    if not email and organisation is None:
        raise ValidationError({"with_email": "Give their work e-mail address or an "
                                             "organisation"})
    if email and email == person.work_email.lower():
        raise ValidationError({"with_email": f"{email} is your own address"})
    made = DeclaredConflict.objects.create(person=person, with_email=email,
                                           organisation=organisation, reason=reason.strip())
    record(actor=user, action=AuditAction.CREATE, target=made, request=request,
           detail={"person": person.pk})
    return made


# --------------------------------------------------------------------------------------
# Relationships, goals, meetings, end reviews
# --------------------------------------------------------------------------------------


def _rows_of(user, queryset):
    return queryset.select_related("mentor__organisation", "mentee__organisation")


def my_relationships(user) -> tuple[list, list]:
    """(as mentee, as mentor) for the signed-in leader."""
    me = _me(user)
    rows = list(_rows_of(user, MentoringRelationship.objects.visible_to(user).filter(
        Q(mentor_id=me.pk) | Q(mentee_id=me.pk))))
    return ([r for r in rows if r.mentee_id == me.pk], [r for r in rows if r.mentor_id == me.pk])


def relationships_in_scope(user, *, current_only: bool = False):
    """Rule 3: the programme manager's relationships (a side employed in their scope)."""
    if not policy.is_programme_manager(user):
        raise PermissionDenied("Only programme managers see the relationships of a scope.")
    rows = MentoringRelationship.objects.visible_to(user).filter(policy.managed_rows(user))
    if current_only:
        rows = rows.filter(ended_on__isnull=True)
    return _rows_of(user, rows).order_by("-started_on", "pk")


def get_relationship(user, pk: int, request=None) -> MentoringRelationship:
    """One relationship the user may see (404 otherwise); read audited when ``request``."""
    found = _rows_of(user, MentoringRelationship.objects.visible_to(user).filter(pk=pk)).first()
    if found is None:
        raise Http404(f"There is no mentoring relationship {pk}.")
    if request is not None:
        record_read(actor=user, request=request, target=found,
                    people=[found.mentor_id, found.mentee_id], what="mentoring relationship")
    return found


def details(user, relationship) -> dict:
    """Goals (the pair only), meetings and end reviews; notes and comments blanked for
    anyone but the pair."""
    pair = policy.can_see_notes(user, relationship)
    meetings = list(Meeting.objects.visible_to(user).filter(relationship=relationship))
    reviews = list(EndReview.objects.visible_to(user).filter(relationship=relationship))
    if not pair:
        for row in (*meetings, *reviews):
            if isinstance(row, Meeting):
                row.notes = ""
            else:
                row.comments = ""
    goals = list(Goal.objects.visible_to(user).filter(relationship=relationship))
    return {"goals": goals, "meetings": meetings, "reviews": reviews, "pair": pair}


def _require_pair(user, relationship) -> None:
    if not policy.can_record(user, relationship):
        raise PermissionDenied("Only the mentor and the mentee record this.")


def _require_running(relationship) -> None:
    if relationship.ended_on is not None:
        raise ValidationError({"relationship": (
            f"This relationship ended on {nhs_date(relationship.ended_on)}")})


def add_goal(user, relationship, *, text: str, request=None) -> Goal:
    _require_pair(user, relationship)
    _require_running(relationship)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the goal"})
    goal = Goal.objects.create(relationship=relationship, text=text[:500])
    record(actor=user, action=AuditAction.CREATE, target=goal, request=request,
           detail={"people": [relationship.mentor_id, relationship.mentee_id]})
    return goal


def set_goal_status(user, relationship, goal_id, *, status: str, request=None) -> Goal:
    _require_pair(user, relationship)
    goal = Goal.objects.visible_to(user).filter(relationship=relationship, pk=goal_id).first()
    if goal is None:
        raise ValidationError({"goal": f"There is no goal {goal_id} in this relationship"})
    if status not in GoalStatus.values:
        raise ValidationError({"status": f'"{status}" is not a goal status'})
    goal.status = status
    goal.save(update_fields=["status"])
    record(actor=user, action=AuditAction.UPDATE, target=goal, request=request,
           detail={"status": status})
    return goal


def add_meeting(user, relationship, *, met_on: dt.date, notes: str = "",
                request=None) -> Meeting:
    _require_pair(user, relationship)
    if met_on is None or met_on < relationship.started_on:
        raise ValidationError({"met_on": (
            f"The meeting date must be on or after the relationship started "
            f"({nhs_date(relationship.started_on)}); {nhs_date(met_on)} is not")})
    meeting = Meeting.objects.create(relationship=relationship, met_on=met_on,
                                     notes=(notes or "").strip(),
                                     written_by_id=grants_for(user).person_id)
    record(actor=user, action=AuditAction.CREATE, target=meeting, request=request,
           detail={"people": [relationship.mentor_id, relationship.mentee_id],
                   "met_on": met_on.isoformat()})
    return meeting


@transaction.atomic
def end_relationship(user, relationship, *, ended_on: dt.date | None = None,
                     request=None) -> MentoringRelationship:
    _require_pair(user, relationship)
    _require_running(relationship)
    day = ended_on or timezone.localdate()
    if day < relationship.started_on:
        raise ValidationError({"ended_on": (
            f"It cannot end ({day}) before it started ({relationship.started_on})")})
    relationship.ended_on = day
    relationship.save(update_fields=["ended_on"])
    record(actor=user, action=AuditAction.UPDATE, target=relationship, request=request,
           detail={"people": [relationship.mentor_id, relationship.mentee_id],
                   "ended_on": day.isoformat()})
    return relationship


def review(user, relationship, *, goals_met: str, would_recommend: bool, comments: str = "",
           request=None) -> EndReview:
    """One side's end review, once the relationship has ended; one each."""
    _require_pair(user, relationship)
    me = grants_for(user).person_id
    if relationship.ended_on is None:
        raise ValidationError({"relationship": "End the relationship before reviewing it"})
    if goals_met not in GoalsMet.values:
        raise ValidationError({"goals_met": f'"{goals_met}" is not one of all, some or none'})
    if EndReview.objects.visible_to(user).filter(relationship=relationship, by_id=me).exists():
        raise ValidationError({"goals_met": "You have already reviewed this relationship"})
    made = EndReview.objects.create(relationship=relationship, by_id=me, goals_met=goals_met,
                                    would_recommend=bool(would_recommend),
                                    comments=(comments or "").strip())
    record(actor=user, action=AuditAction.CREATE, target=made, request=request,
           detail={"people": [relationship.mentor_id, relationship.mentee_id]})
    return made


def offers_and_requests_in(user, scope):
    """Rule 3: the active offers and open requests of people employed in a scope."""
    if not policy.can_match(user, scope.organisation_ids):
        raise PermissionDenied("Only programme managers of this scope see its offers and "
                               "requests.")
    offers = (MentoringOffer.objects.visible_to(user).filter(active=True, **scope.filter("person"))
              .select_related("person__organisation"))
    requests = (MentoringRequest.objects.visible_to(user)
                .filter(status=RequestStatus.OPEN, **scope.filter("person"))
                .select_related("person__organisation"))
    return offers, requests


# --------------------------------------------------------------------------------------
# A leader's copy of their data (data_rights.export)
# --------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_for(user) -> dict[str, list[dict]]:
    """The signed-in leader's mentoring: offer, requests, declared conflicts, relationships
    with their goals, the meetings (with the notes they wrote) and their end reviews."""
    me = _me(user)
    offers = MentoringOffer.objects.visible_to(user).filter(person_id=me.pk)
    requests = my_requests(user)
    as_mentee, as_mentor = my_relationships(user)
    relationships = as_mentee + as_mentor
    meetings = Meeting.objects.visible_to(user).filter(relationship__in=relationships)
    return {
        "offer": [{"as a mentor": o.as_mentor, "as a coach": o.as_coach,
                   "capacity": o.capacity, "LCF domains": o.lcf_domains,
                   "kinds of organisation": o.organisation_kinds,
                   "across organisations": o.across_organisations, "active": o.active}
                  for o in offers],
        "requests": [{"kind": r.get_kind_display(), "needs (LCF domains)": r.needs,
                      "kinds of organisation": r.organisation_kinds,
                      "from outside my organisation": r.wants_outside,
                      "preferences": r.preferences, "status": r.get_status_display(),
                      "asked": _iso(r.created_at)} for r in requests],
        "conflicts": [{"with": c.with_email or c.organisation.display_name,
                       "reason": c.reason} for c in my_conflicts(user)],
        "relationships": [{"id": r.pk, "kind": r.get_kind_display(),
                           "mentor": r.mentor.full_name, "mentee": r.mentee.full_name,
                           "started": _iso(r.started_on), "ended": _iso(r.ended_on)}
                          for r in relationships],
        "goals": [{"relationship": g.relationship_id, "goal": g.text,
                   "status": g.get_status_display()}
                  for g in Goal.objects.visible_to(user).filter(relationship__in=relationships)],
        "meetings": [{"relationship": m.relationship_id, "date": _iso(m.met_on),
                      "my notes": m.notes if m.written_by_id == me.pk else ""}
                     for m in meetings],
        "end reviews": [{"relationship": e.relationship_id, "goals met": e.get_goals_met_display(),
                         "would recommend": e.would_recommend, "comments": e.comments}
                        for e in EndReview.objects.visible_to(user).filter(by_id=me.pk)],
    }
