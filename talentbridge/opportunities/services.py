"""Opportunity operations shared by the web pages, the API, the demo and the task worker.

Each function takes the acting user, asks the policy (`talentbridge.opportunities.policy` for
opportunity-level rules, `Person.unscoped.visible_to` / `talentbridge.people.policy` for people),
validates input with messages naming the field and the value, changes the database in one
transaction, writes an audit event and notifies the next person by e-mail.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import zipfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from engine.matching.scoring import Weights
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import MAX_PEOPLE_IDS
from talentbridge.audit.services import record
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.services import notify as tell
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import organisation_ids_in_region
from talentbridge.organisations.scopes import organisation_ids_in_system
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.models import Person
from talentbridge.people.moves import moved_out_of_filter
from talentbridge.people.policy import Action as PersonAction
from talentbridge.people.policy import can as can_person
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import TalentProfile

from . import policy
from .codes import BAND_RANK
from .codes import OPEN_PLACEMENT_STATUSES
from .codes import Decision
from .codes import InterestSource
from .codes import InterestStatus
from .codes import OpportunityStatus
from .codes import PlacementStatus
from .codes import PositiveActionGroup
from .codes import Reach
from .codes import RunScope
from .codes import RunStatus
from .codes import domains_to_mask
from .models import MAX_PREFERENCE_RANK
from .models import STATEMENT_MAX_LENGTH
from .models import ConflictOfInterest
from .models import Interest
from .models import MatchRun
from .models import Opportunity
from .models import Placement
from .models import Proposal
from .models import RunInstance
from .tasks import run_match

logger = logging.getLogger(__name__)


class NotFound(Http404):
    """No such thing, or one this user may not see (the two look the same)."""


def _now():
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------------------
# Notifications
# --------------------------------------------------------------------------------------


def _email_of(user) -> str:
    if user is None:
        return ""
    if user.email:
        return user.email
    person = Person.unscoped.filter(user=user).values_list("work_email", flat=True).first()
    return person or ""


def organisation_leads(organisation_id: int) -> list:
    """The organisation's current, active talent leads (users)."""
    return [a.user for a in RoleAssignment.objects.current().select_related("user").filter(
        role=Role.ORGANISATION_TALENT_LEAD, organisation_id=organisation_id,
        user__is_active=True).order_by("user_id")]


def _recipient(who) -> tuple:
    """(user or None, e-mail address) of a user, a person (their account, if they have one,
    and their work address) or an e-mail address."""
    if isinstance(who, Person):
        return who.user if who.user_id else None, who.work_email
    if isinstance(who, str):
        return None, who
    return who, _email_of(who)


def notify(recipients, subject: str, body: str, *, kind: Kind, link: str = "") -> int:
    """Tell each recipient (a user, a person or an e-mail address) once, through
    talentbridge.notifications: shown in their notifications and e-mailed once the change it
    reports is committed. A mail failure never undoes the change. Returns how many."""
    told: set = set()
    for user, address in (_recipient(who) for who in recipients if who is not None):
        key = address or (user.pk if user is not None else None)
        if key is None or key in told:
            continue
        told.add(key)
        tell(kind=kind, subject=f"TalentBridge: {subject}", body=body + SIGNATURE,
             to_user=user, to_email=address, link=link)
    return len(told)


def _opportunity_link(opportunity: Opportunity) -> str:
    return reverse("opportunities:detail", args=[opportunity.pk])


def _placement_link(placement: Placement) -> str:
    return reverse("opportunities:placement", args=[placement.pk])


SIGNATURE = "\n\nSign in to TalentBridge to see the details."


# --------------------------------------------------------------------------------------
# Opportunities: which ones a user sees
# --------------------------------------------------------------------------------------


def _manageable_host_ids(g: policy.Grants) -> set[int] | None:
    """Organisations whose opportunities this user manages; None means all."""
    if g.is_administrator or g.is_national_lead:
        return None
    ids = set(g.lead_organisation_ids)
    for system_id in g.lead_system_ids:
        ids.update(organisation_ids_in_system(system_id))
    for region_id in g.lead_region_ids:
        ids.update(organisation_ids_in_region(region_id))
    return ids


def visible_opportunities_filter(user) -> Q:
    """A filter on Opportunity for every opportunity this user may see (policy rule 3)."""
    g = policy.grants_for(user)
    if g.user_id is None:
        return Q(pk__in=[])
    public = Q(status__in=[OpportunityStatus.PUBLISHED, OpportunityStatus.CLOSED])
    hosts = _manageable_host_ids(g)
    unpublished = Q(status__in=[OpportunityStatus.DRAFT, OpportunityStatus.SUBMITTED])
    if hosts is None:
        return public | unpublished
    allowed = unpublished & Q(host_id__in=hosts)
    review = (Q(system_id__in=g.lead_system_ids) | Q(region_id__in=g.lead_region_ids))
    allowed |= Q(status=OpportunityStatus.SUBMITTED) & review & ~Q(posted_by_id=g.user_id)
    if policy.sees_all_published(g):
        return allowed | public
    where = placements_on().get(g.person_organisation_id) if g.person_organisation_id else None
    reach = Q(reach=Reach.NATIONAL)
    if where is not None:
        reach |= Q(reach=Reach.SYSTEM, system_id=where.system_id)
        reach |= Q(reach=Reach.REGION, region_id=where.region_id)
        return allowed | (public & reach)
    return allowed | (public & Q(pk__in=[]))


def visible_opportunities(user) -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(visible_opportunities_filter(user))
            .select_related("host", "system", "region"))


def get_opportunity(user, pk: int) -> Opportunity:
    opportunity = visible_opportunities(user).filter(pk=pk).first()
    if opportunity is None:
        raise NotFound("No such opportunity")
    return opportunity


@dataclass(frozen=True)
class OpportunitySearch:
    words: str = ""
    kind: str = ""
    domain: int | None = None
    system_id: int | None = None
    region_id: int | None = None
    band: str = ""
    remote_only: bool = False
    status: str = ""
    eligible_only: bool = False


def search_opportunities(user, search: OpportunitySearch) -> QuerySet[Opportunity]:
    found = visible_opportunities(user)
    for word in search.words.split():
        found = found.filter(Q(title__icontains=word) | Q(summary__icontains=word)
                             | Q(host__name__icontains=word))
    if search.kind:
        found = found.filter(kind=search.kind)
    if search.domain:
        bit = 1 << (search.domain - 1)
        found = found.filter(develops_mask__in=[m for m in range(64) if m & bit])
    if search.system_id:
        found = found.filter(system_id=search.system_id)
    if search.region_id:
        found = found.filter(region_id=search.region_id)
    if search.band:
        rank = BAND_RANK[search.band]
        bands_ok = [b for b, r in BAND_RANK.items() if r <= rank]
        bands_hi = [b for b, r in BAND_RANK.items() if r >= rank]
        found = found.filter(band_min__in=bands_ok, band_max__in=bands_hi)
    if search.remote_only:
        found = found.filter(remote_possible=True)
    if search.status:
        found = found.filter(status=search.status)
    if search.eligible_only:
        g = policy.grants_for(user)
        found = found.filter(status=OpportunityStatus.PUBLISHED, closes_on__gte=_today())
        if g.person_organisation_id is not None:
            found = found.exclude(host_id=g.person_organisation_id)
            rank = BAND_RANK.get(g.person_band)
            if rank is not None:
                found = found.filter(
                    band_min__in=[b for b, r in BAND_RANK.items() if r <= rank],
                    band_max__in=[b for b, r in BAND_RANK.items() if r >= rank])
            where = placements_on().get(g.person_organisation_id)
            reach = Q(reach=Reach.NATIONAL)
            if where is not None:
                reach |= Q(reach=Reach.SYSTEM, system_id=where.system_id)
                reach |= Q(reach=Reach.REGION, region_id=where.region_id)
            found = found.filter(reach)
        else:
            found = found.none()
    return found.order_by("closes_on", "title", "pk")


# --------------------------------------------------------------------------------------
# Opportunities: posting and review
# --------------------------------------------------------------------------------------

OPPORTUNITY_FIELDS = (
    "title", "kind", "summary", "host", "remote_possible", "time_percent", "develops",
    "builds_towards", "band_min", "band_max", "seats", "starts_on", "ends_on", "closes_on",
    "reach",
)


def _check_opportunity(opportunity: Opportunity, *, for_publishing: bool = False) -> None:
    errors: dict[str, str] = {}
    low, high = BAND_RANK.get(opportunity.band_min), BAND_RANK.get(opportunity.band_max)
    if low is not None and high is not None and low > high:
        errors["band_max"] = (f'Highest band ("{opportunity.band_max}") must be the same as or '
                              f'above lowest band ("{opportunity.band_min}")')
    starts_on, ends_on = opportunity.starts_on, opportunity.ends_on
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = (f"End date ({opportunity.ends_on.isoformat()}) must be on or after "
                             f"start date ({opportunity.starts_on.isoformat()})")
    if (opportunity.closes_on and opportunity.starts_on
            and opportunity.closes_on > opportunity.starts_on):
        errors["closes_on"] = (f"Closing date ({opportunity.closes_on.isoformat()}) must be on "
                               f"or before start date ({opportunity.starts_on.isoformat()})")
    if for_publishing and opportunity.closes_on and opportunity.closes_on < _today():
        errors["closes_on"] = (f"Closing date ({opportunity.closes_on.isoformat()}) has passed; "
                               "change it before publishing")
    if errors:
        raise ValidationError(errors)


def _apply_values(opportunity: Opportunity, values: dict) -> None:
    unknown = set(values) - set(OPPORTUNITY_FIELDS)
    if unknown:
        raise ValidationError({f: f'"{f}" is not a field of an opportunity'
                               for f in sorted(unknown)})
    for name, value in values.items():
        if name == "develops":
            try:
                opportunity.develops_mask = domains_to_mask(value or [])
            except (TypeError, ValueError):
                raise ValidationError({"develops": f'"{value}" is not a list of LCF domains '
                                                   "1 to 6"}) from None
        elif name == "host":
            opportunity.host = value
            where = placements_on().get(value.pk)
            opportunity.system_id = where.system_id if where else None
            opportunity.region_id = where.region_id if where else None
        else:
            setattr(opportunity, name, value)


def _save_checked(user, opportunity: Opportunity, action: str, request,
                  detail: dict) -> Opportunity:
    """Check, validate and save a posted or changed opportunity, audited as `action`."""
    _check_opportunity(opportunity)
    opportunity.full_clean()
    opportunity.save()
    record(actor=user, action=action, target=opportunity, request=request, detail=detail)
    return opportunity


@transaction.atomic
def create_opportunity(user, values: dict, *, request=None) -> Opportunity:
    """A new draft. `values["host"]` is an Organisation the user may post for."""
    host = values.get("host")
    if not isinstance(host, Organisation):
        raise ValidationError({"host": "Enter the ODS code of the host organisation"})
    if not policy.can_post_for(user, host.pk):
        raise PermissionDenied(f"You cannot post opportunities for {host.display_name}.")
    opportunity = Opportunity(posted_by=user, status=OpportunityStatus.DRAFT)
    _apply_values(opportunity, values)
    if opportunity.system_id is None and opportunity.reach != Reach.NATIONAL:
        raise ValidationError({"host": f"{host.display_name} is not in an integrated care "
                                       "system, so the opportunity must be open nationally"})
    return _save_checked(user, opportunity, AuditAction.CREATE, request,
                         {"host": host.ods_code})


@transaction.atomic
def update_opportunity(user, opportunity: Opportunity, values: dict, *,
                       request=None) -> Opportunity:
    policy.require(policy.can_manage(user, opportunity), "change this opportunity")
    if opportunity.status not in (OpportunityStatus.DRAFT, OpportunityStatus.SUBMITTED):
        raise ValidationError({"status": f'A {opportunity.get_status_display().lower()} '
                                         "opportunity cannot be changed; close it and post "
                                         "a new one"})
    if "host" in values and not policy.can_post_for(user, values["host"].pk):
        raise PermissionDenied(f"You cannot post opportunities for {values['host']}.")
    _apply_values(opportunity, values)
    opportunity.status = OpportunityStatus.DRAFT  # a change needs a fresh review
    return _save_checked(user, opportunity, AuditAction.UPDATE, request,
                         {"fields": sorted(values)})


def _reviewers(opportunity: Opportunity) -> list[str]:
    leads = RoleAssignment.objects.current().select_related("user").filter(
        Q(role=Role.SYSTEM_TALENT_LEAD, system_id=opportunity.system_id)
        | Q(role=Role.REGIONAL_LEAD, region_id=opportunity.region_id))
    return [a.user for a in leads if a.user_id != opportunity.posted_by_id]


def _require_status(opportunity: Opportunity, status: str, refusal: str) -> None:
    """Refuse a review step unless the opportunity is at `status`, naming where it is."""
    if opportunity.status != status:
        raise ValidationError({"status": f'{refusal}; this one is '
                                         f'"{opportunity.get_status_display()}"'})


def _step(user, opportunity: Opportunity, event: str, request, **changes) -> None:
    """Save a review step's changed fields and audit it as `event`."""
    for name, value in changes.items():
        setattr(opportunity, name, value)
    opportunity.save(update_fields=[*changes, "updated_at"])
    record(actor=user, action=AuditAction.UPDATE, target=opportunity, request=request,
           detail={"event": event})


@transaction.atomic
def submit_opportunity(user, opportunity: Opportunity, *, request=None) -> Opportunity:
    policy.require(policy.can_manage(user, opportunity), "submit this opportunity")
    _require_status(opportunity, OpportunityStatus.DRAFT, "Only a draft can be submitted")
    _check_opportunity(opportunity, for_publishing=True)
    _step(user, opportunity, "submitted", request,
          status=OpportunityStatus.SUBMITTED, submitted_at=_now())
    notify(_reviewers(opportunity), f"please review “{opportunity.title}”",
           f"{opportunity.title} at {opportunity.host.display_name} has been submitted for "
           "review. Publish it, or send it back with a note.", kind=Kind.APPROVAL,
           link=_opportunity_link(opportunity))
    return opportunity


@transaction.atomic
def publish_opportunity(user, opportunity: Opportunity, *, request=None) -> Opportunity:
    policy.require(policy.can_review(user, opportunity), "publish this opportunity")
    _require_status(opportunity, OpportunityStatus.SUBMITTED,
                    "Only a submitted opportunity can be published")
    _check_opportunity(opportunity, for_publishing=True)
    _step(user, opportunity, "published", request, status=OpportunityStatus.PUBLISHED,
          published_by=user, published_at=_now(), review_note="")
    notify([opportunity.posted_by], f"“{opportunity.title}” is published",
           f"{opportunity.title} has been published and leaders can now express interest.",
           kind=Kind.OPPORTUNITY_DECISION, link=_opportunity_link(opportunity))
    return opportunity


@transaction.atomic
def send_back_opportunity(user, opportunity: Opportunity, note: str, *,
                          request=None) -> Opportunity:
    policy.require(policy.can_review(user, opportunity), "review this opportunity")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Say what needs to change before it can be published"})
    if len(note) > 500:
        raise ValidationError({"note": "Note must be 500 characters or fewer"})
    if opportunity.status != OpportunityStatus.SUBMITTED:
        raise ValidationError({"status": "Only a submitted opportunity can be sent back"})
    _step(user, opportunity, "sent_back", request, status=OpportunityStatus.DRAFT,
          review_note=note)
    notify([opportunity.posted_by], f"“{opportunity.title}” needs changes", note,
           kind=Kind.OPPORTUNITY_DECISION, link=_opportunity_link(opportunity))
    return opportunity


@transaction.atomic
def close_opportunity(user, opportunity: Opportunity, *, request=None) -> Opportunity:
    policy.require(policy.can_manage(user, opportunity) or policy.can_review(user, opportunity),
                   "close this opportunity")
    if opportunity.status == OpportunityStatus.CLOSED:
        raise ValidationError({"status": "This opportunity is already closed"})
    _step(user, opportunity, "closed", request, status=OpportunityStatus.CLOSED,
          closed_at=_now())
    return opportunity


# --------------------------------------------------------------------------------------
# A leader's own choices: mobility (in their talent profile), conflicts of interest
# --------------------------------------------------------------------------------------

#: The talent profile's mobility fields a leader sets themselves here. Readiness, aspiration
#: and development needs are kept by the talent app from their latest recorded career
#: conversation and are only shown here.
MOBILITY_FIELDS = ("open_to_other_organisations", "open_to_other_sectors", "travel_reach",
                   "open_to_relocation")
MOBILITY_LABELS = {
    "open_to_other_organisations": "Open to other organisations",
    "open_to_other_sectors": "Open to organisations outside the NHS",
    "travel_reach": "How far you would travel",
    "open_to_relocation": "Willing to relocate",
}
#: Kept from career conversations (talentbridge.talent.conversations.services), not set here.
CONVERSATION_FIELDS = ("readiness", "aspiration", "aspiration_role", "development_needs",
                       "development_domains")


def my_person(user) -> Person | None:
    return Person.unscoped.select_related("organisation").filter(user=user).first() \
        if user is not None and user.is_authenticated else None


def _require_person(user) -> Person:
    person = my_person(user)
    if person is None:
        raise PermissionDenied("Only a leader with a talent profile can do this.")
    return person


def preferences_of(person: Person) -> tuple[TalentProfile, list[ConflictOfInterest]]:
    """The person's talent profile (unsaved, with its defaults, if they have none yet) and
    their declared conflicts of interest."""
    profile = (TalentProfile.unscoped.select_related("readiness").filter(person=person).first()
               or TalentProfile(person=person))
    conflicts = list(ConflictOfInterest.unscoped.filter(person=person)
                     .select_related("organisation").order_by("organisation__name"))
    return profile, conflicts


def _clean_mobility(values: dict) -> dict:
    errors, cleaned = {}, {}
    for name in sorted(set(values) & set(CONVERSATION_FIELDS)):
        errors[name] = (f'"{name}" is kept from your latest career conversation: talk to your '
                        "line manager to change it")
    for name in sorted(set(values) - set(MOBILITY_FIELDS) - set(CONVERSATION_FIELDS)
                       - {"conflicts"}):
        errors[name] = f'"{name}" is not a preference'
    for name in MOBILITY_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "travel_reach":
            if value not in TravelReach.values:
                errors[name] = (f'{MOBILITY_LABELS[name]}: "{value}" is not one of the options '
                                f"({', '.join(TravelReach.values)})")
        elif not isinstance(value, bool):
            errors[name] = f'{MOBILITY_LABELS[name]} must be true or false ("{value}")'
        cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_preferences(user, values: dict, *, request=None):
    """Save the signed-in leader's mobility choices in their talent profile (their own choice:
    nobody else changes them, not even by recording a career conversation) and, if given,
    `conflicts`: the full list of organisations they declare a conflict
    of interest with. Audited: the fields changed, never their values."""
    person = _require_person(user)
    cleaned = _clean_mobility(values)
    profile, _ = TalentProfile.unscoped.select_for_update().get_or_create(person=person)
    changed = sorted(name for name, value in cleaned.items()
                     if getattr(profile, name) != value)
    for name in changed:
        setattr(profile, name, cleaned[name])
    if changed:
        profile.save(update_fields=[*changed, "updated_at"])
    if "conflicts" in values:
        organisations = list(values["conflicts"] or [])
        removed, _ = ConflictOfInterest.unscoped.filter(person=person).exclude(
            organisation__in=organisations).delete()
        added = sum(ConflictOfInterest.unscoped.get_or_create(
            person=person, organisation=organisation, defaults={"declared_by": user})[1]
            for organisation in organisations)
        if removed or added:
            changed.append("conflicts")
    record(actor=user, action=AuditAction.UPDATE, target=profile, request=request,
           detail={"event": "opportunity_preferences", "person": person.pk,
                   "fields": sorted(changed)})
    return preferences_of(person)


@transaction.atomic
def declare_conflict(user, person: Person, organisation: Organisation, reason: str = "", *,
                     request=None) -> ConflictOfInterest:
    """The person themselves, or a talent lead who may see them, declares a conflict."""
    g = policy.grants_for(user)
    if not (g.person_id == person.pk or ((g.is_talent_lead or g.is_administrator)
                                         and can_person(user, PersonAction.VIEW_PROFILE, person))):
        raise PermissionDenied("You cannot declare conflicts of interest for this person.")
    if len(reason or "") > 300:
        raise ValidationError({"reason": "Reason must be 300 characters or fewer"})
    conflict, _ = ConflictOfInterest.unscoped.get_or_create(
        person=person, organisation=organisation,
        defaults={"declared_by": user, "reason": (reason or "").strip()})
    record(actor=user, action=AuditAction.CREATE, target=conflict, request=request,
           detail={"person": person.pk, "organisation": organisation.ods_code})
    return conflict


# --------------------------------------------------------------------------------------
# Interest and nominations
# --------------------------------------------------------------------------------------


def _check_interest_values(statement: str, rank) -> tuple[str, int | None]:
    statement = (statement or "").strip()
    errors = {}
    if len(statement) > STATEMENT_MAX_LENGTH:
        errors["statement"] = (f"Statement must be {STATEMENT_MAX_LENGTH} characters or fewer "
                               f"(it has {len(statement)})")
    if rank is not None and rank != "":
        try:
            rank = int(rank)
        except (TypeError, ValueError):
            errors["preference_rank"] = f'Preference rank must be a whole number, not "{rank}"'
        else:
            if not 1 <= rank <= MAX_PREFERENCE_RANK:
                errors["preference_rank"] = (f"Preference rank must be between 1 and "
                                             f"{MAX_PREFERENCE_RANK} (you gave {rank})")
    else:
        rank = None
    if errors:
        raise ValidationError(errors)
    return statement, rank


@transaction.atomic
def express_interest(user, opportunity: Opportunity, statement: str = "",
                     preference_rank: int | None = None, *, request=None) -> Interest:
    person = _require_person(user)
    if not policy.can_view(user, opportunity):
        raise NotFound("No such opportunity")
    problem = policy.eligibility_problem(opportunity, person)
    if problem:
        raise ValidationError({"opportunity": problem})
    statement, preference_rank = _check_interest_values(statement, preference_rank)
    interest, created = Interest.unscoped.select_for_update().get_or_create(
        opportunity=opportunity, person=person,
        defaults={"statement": statement, "preference_rank": preference_rank})
    if not created:
        interest.statement, interest.preference_rank = statement, preference_rank
        interest.status, interest.withdrawn_at = InterestStatus.ACTIVE, None
        interest.source = InterestSource.SELF
        interest.save()
    record(actor=user, action=AuditAction.CREATE if created else AuditAction.UPDATE,
           target=interest, request=request, detail={"opportunity": opportunity.pk})
    return interest


@transaction.atomic
def withdraw_interest(user, opportunity: Opportunity, *, request=None) -> Interest:
    person = _require_person(user)
    interest = Interest.unscoped.filter(opportunity=opportunity, person=person,
                                       status=InterestStatus.ACTIVE).first()
    if interest is None:
        raise ValidationError({"opportunity": "You have not expressed interest in this "
                                              "opportunity"})
    interest.status, interest.withdrawn_at = InterestStatus.WITHDRAWN, _now()
    interest.save(update_fields=["status", "withdrawn_at", "updated_at"])
    record(actor=user, action=AuditAction.UPDATE, target=interest, request=request,
           detail={"event": "withdrawn"})
    return interest


def person_for_nomination(user, work_email: str) -> Person:
    """The visible person with this work e-mail, or a ValidationError naming it."""
    email = (work_email or "").strip()
    person = (Person.objects.visible_to(user).select_related("organisation")
              .filter(work_email__iexact=email).first() if email else None)
    if person is None:
        raise ValidationError({"work_email": f'There is no one you can see with work e-mail '
                                             f'"{email}"'})
    return person


@transaction.atomic
def nominate(user, opportunity: Opportunity, person: Person, statement: str = "", *,
             request=None) -> Interest:
    policy.require(policy.can_nominate(user, opportunity), "nominate people for this "
                                                           "opportunity")
    if not can_person(user, PersonAction.VIEW_PROFILE, person):
        raise ValidationError({"person": "There is no one you can see with that id"})
    problem = policy.eligibility_problem(opportunity, person)
    if problem:
        raise ValidationError({"person": f"{person.full_name} cannot be nominated: "
                                         f"{problem[0].lower() + problem[1:]}"})
    statement, _ = _check_interest_values(statement, None)
    interest, created = Interest.unscoped.get_or_create(
        opportunity=opportunity, person=person,
        defaults={"source": InterestSource.NOMINATED, "nominated_by": user,
                  "statement": statement})
    if not created:
        if interest.status == InterestStatus.ACTIVE:
            raise ValidationError({"person": f"{person.full_name} is already interested in "
                                             "this opportunity"})
        raise ValidationError({"person": f"{person.full_name} withdrew their interest in this "
                                         "opportunity; only they can renew it"})
    record(actor=user, action=AuditAction.CREATE, target=interest, request=request,
           detail={"opportunity": opportunity.pk, "event": "nominated"})
    notify([person], f"you have been nominated for “{opportunity.title}”",
           f"A talent lead has nominated you for {opportunity.title} at "
           f"{opportunity.host.display_name}. You can withdraw the nomination on your "
           "opportunities page.", kind=Kind.NOMINATION, link=reverse("opportunities:mine"))
    return interest


def my_interests(user) -> QuerySet[Interest]:
    person = my_person(user)
    if person is None:
        return Interest.objects.none()
    return (Interest.unscoped.filter(person=person)
            .select_related("opportunity", "opportunity__host").order_by("-updated_at", "-pk"))


def interests_in(user, opportunity: Opportunity) -> QuerySet[Interest]:
    """Active interests in an opportunity from people this user may see (talent leads);
    a leader sees only their own."""
    g = policy.grants_for(user)
    interests = Interest.unscoped.filter(opportunity=opportunity, status=InterestStatus.ACTIVE)
    if not (g.is_talent_lead or g.is_administrator):
        return interests.filter(person_id=g.person_id or 0).select_related("person")
    return (interests.filter(person__in=Person.objects.visible_to(user))
            .select_related("person", "person__organisation")
            .order_by("preference_rank", "person__family_name", "pk"))


def interest_count(opportunity: Opportunity) -> int:
    """How many active interests in all (an aggregate; no one is named)."""
    return Interest.unscoped.filter(opportunity=opportunity,
                                   status=InterestStatus.ACTIVE).count()


# --------------------------------------------------------------------------------------
# Match runs
# --------------------------------------------------------------------------------------

WEIGHT_NAMES = ("development_per_domain", "aspiration", "preference_first", "preference_step",
                "ready_now", "ready_1_2_years", "ready_3_plus_years", "new_host", "new_kind",
                "new_sector", "same_system", "same_region", "elsewhere")
MAX_WEIGHT = 1000


def default_weights() -> dict[str, int]:
    weights = Weights()
    return {name: getattr(weights, name) for name in WEIGHT_NAMES}


def _check_weights(weights: dict) -> dict[str, int]:
    unknown = set(weights) - set(WEIGHT_NAMES)
    errors = {f"weights.{n}": f'"{n}" is not a weight' for n in sorted(unknown)}
    clean = default_weights()
    for name in WEIGHT_NAMES:
        if name not in weights:
            continue
        value = weights[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            errors[f"weights.{name}"] = (f'Weight {name} must be a whole number from 0 to '
                                         f'{MAX_WEIGHT}, not "{value}"')
        else:
            clean[name] = value
    if errors:
        raise ValidationError(errors)
    return clean


def run_scope_choices(user) -> list[tuple[str, str]]:
    """("system:<id>" | "region:<id>" | "national", label) the user may run a match at."""
    g = policy.grants_for(user)
    choices: list[tuple[str, str]] = []
    if g.is_administrator or g.is_national_lead:
        choices.append(("national", "England (national)"))
        for region in Region.objects.order_by("name"):
            choices.append((f"region:{region.pk}", f"Region: {region.name}"))
        systems = IntegratedCareSystem.objects.filter(closed_on__isnull=True)
    else:
        for region in Region.objects.filter(pk__in=g.lead_region_ids).order_by("name"):
            choices.append((f"region:{region.pk}", f"Region: {region.name}"))
        systems = IntegratedCareSystem.objects.filter(
            Q(pk__in=g.lead_system_ids) | Q(region_id__in=g.lead_region_ids))
    for system in systems.order_by("name"):
        choices.append((f"system:{system.pk}", f"System: {system.short_name}"))
    return choices


def parse_scope(value: str) -> tuple[str, IntegratedCareSystem | None, Region | None]:
    value = (value or "").strip()
    kind, _, pk = value.partition(":")
    if kind == "national" and not pk:
        return RunScope.NATIONAL, None, None
    if kind == "system" and pk.isdigit():
        system = IntegratedCareSystem.objects.filter(pk=int(pk)).first()
        if system is not None:
            return RunScope.SYSTEM, system, None
    if kind == "region" and pk.isdigit():
        region = Region.objects.filter(pk=int(pk)).first()
        if region is not None:
            return RunScope.REGION, None, region
    raise ValidationError({"scope": f'"{value}" is not a scope you can run a match at'})


@transaction.atomic
def start_run(user, *, scope: str, system=None, region=None, weights: dict | None = None,
              release_cap: int | None = None, positive_action_group: str = "",
              request=None) -> MatchRun:
    """Record a match run and queue it as a background task (it commits with the run)."""
    if not policy.can_run_match(user, scope, system, region):
        raise PermissionDenied("You cannot run a match at that scope.")
    clean_weights = _check_weights(weights or {})
    if release_cap is not None and (isinstance(release_cap, bool) or not isinstance(
            release_cap, int) or not 1 <= release_cap <= 10_000):
        raise ValidationError({"release_cap": f'Release cap must be a whole number from 1 to '
                                              f'10000, not "{release_cap}"'})
    if positive_action_group not in PositiveActionGroup.values:
        raise ValidationError({"positive_action_group": (
            f'"{positive_action_group}" is not a group for the positive-action tie-break')})
    run = MatchRun.objects.create(
        scope=scope, system=system if scope == RunScope.SYSTEM else None,
        region=region if scope == RunScope.REGION else None, created_by=user,
        weights=clean_weights, release_cap=release_cap,
        positive_action_group=positive_action_group,
    )
    record(actor=user, action=AuditAction.CREATE, target=run, request=request,
           detail={"scope": run.scope_label, "release_cap": release_cap,
                   "positive_action_group": positive_action_group})

    result = run_match.enqueue(run.pk)
    MatchRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


@transaction.atomic
def retry_run(user, run: MatchRun, *, request=None) -> MatchRun:
    """Queue a failed run again, with the same settings (who may start it may retry it)."""
    if not policy.can_retry_run(user, run):
        raise PermissionDenied("You cannot run a match at that scope.")
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.FAILED:
        raise ValidationError({"run": f'Only a failed run can be retried; match run {run.pk} '
                                      f'is "{run.get_status_display()}"'})
    Proposal.unscoped.filter(run=run).delete()  # none are kept by a failed run; be sure
    RunInstance.objects.filter(run=run).delete()
    MatchRun.objects.filter(pk=run.pk).update(
        status=RunStatus.QUEUED, progress=0, progress_message="Waiting to start (retry)",
        error="", started_at=None, finished_at=None, heartbeat_at=None, work_token="")
    record(actor=user, action=AuditAction.UPDATE, target=run, request=request,
           detail={"retry": True, "scope": run.scope_label})

    result = run_match.enqueue(run.pk)
    MatchRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
    run.refresh_from_db()
    return run


def visible_runs(user) -> QuerySet[MatchRun]:
    """Every run the user may view (`policy.can_view_run`), newest first, for a page."""
    return (MatchRun.objects.filter(policy.runs_filter(user))
            .select_related("system", "region", "created_by").order_by("-created_at", "-pk"))


def get_run(user, pk: int) -> MatchRun:
    run = MatchRun.objects.select_related("system", "region", "created_by").filter(pk=pk).first()
    if run is None or not policy.can_view_run(user, run):
        raise NotFound("No such match run")
    return run


def visible_proposals(user, run: MatchRun) -> QuerySet[Proposal]:
    """The run's proposals of people this user may see (the rest are only counted)."""
    return (run.proposals.filter(person__in=Person.objects.visible_to(user))
            .select_related("person", "person__organisation", "opportunity",
                            "opportunity__host")
            .annotate(n_open=Count("placement"))
            .order_by("opportunity__title", "-merit", "pk"))


def _instance_people(archive: bytes) -> list[int]:
    """The person ids in a stored instance zip (its candidates.csv)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        name = next(n for n in z.namelist() if n.endswith("/candidates.csv"))
        rows = csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8"))
        return [int(row["candidate_id"]) for row in rows]


def may_export(user, run: MatchRun) -> bool:
    """Whether the page should offer this user the instance download (see `export_instance`)."""
    stored = RunInstance.objects.filter(run=run).first()
    return (run.status == RunStatus.SUCCEEDED and stored is not None
            and policy.can_export_run(user, run, _instance_people(bytes(stored.archive))))


def export_instance(user, run: MatchRun, *, request=None) -> bytes:
    """The instance the run solved, scored by merit: a zip of the engine's CSV files (ids are
    database ids), solvable again with `talentbridge match solve` to the run's merit total.

    Only for someone who may see every person in it (`policy.can_export_run`); nothing in it
    is derived from protected characteristics (`matching.merit_instance`). Audited."""
    stored = RunInstance.objects.filter(run=run).first()
    if run.status != RunStatus.SUCCEEDED or stored is None:
        raise ValidationError({"run": "Only a finished run can be exported"})
    archive = bytes(stored.archive)
    people = _instance_people(archive)
    policy.require(policy.can_export_run(user, run, people),
                   "download this run's instance: it holds people whose profiles you cannot "
                   "see")
    record(actor=user, action=AuditAction.EXPORT, target=run, request=request,
           detail={"pairs": run.pairs, "candidates": len(people),
                   "people": sorted(people)[:MAX_PEOPLE_IDS], "people_count": len(people)})
    return archive


# --------------------------------------------------------------------------------------
# From proposal to placement
# --------------------------------------------------------------------------------------


def _open_placements(opportunity_id: int) -> int:
    return Placement.unscoped.filter(opportunity_id=opportunity_id,
                                    status__in=OPEN_PLACEMENT_STATUSES).count()


@transaction.atomic
def offer(user, proposal: Proposal, *, request=None) -> Placement:
    run = proposal.run
    policy.require(policy.can_run_match(user, run.scope, run.system, run.region),
                   "offer this proposal")
    person = proposal.person
    if not can_person(user, PersonAction.VIEW_PROFILE, person):
        raise NotFound("No such proposal")
    opportunity = Opportunity.objects.select_for_update().get(pk=proposal.opportunity_id)
    errors = {}
    if Placement.unscoped.filter(proposal=proposal).exists():
        errors["proposal"] = "This proposal has already been offered"
    elif Placement.unscoped.filter(opportunity=opportunity, person=person,
                                  status__in=OPEN_PLACEMENT_STATUSES).exists():
        errors["proposal"] = f"{person.full_name} already has an offer for this opportunity"
    elif _open_placements(opportunity.pk) >= opportunity.seats:
        errors["proposal"] = (f"All {opportunity.seats} seat(s) of {opportunity.title} are "
                              "already offered or filled")
    elif opportunity.status != OpportunityStatus.PUBLISHED:
        errors["proposal"] = f"{opportunity.title} is no longer published"
    if errors:
        raise ValidationError(errors)
    placement = Placement.objects.create(
        opportunity=opportunity, person=person, proposal=proposal,
        home_organisation_id=person.organisation_id, offered_by=user,
        starts_on=opportunity.starts_on, ends_on=opportunity.ends_on,
    )
    record(actor=user, action=AuditAction.CREATE, target=placement, request=request,
           detail={"event": "offered", "run": run.pk, "opportunity": opportunity.pk})
    notify([person], f"an offer: “{opportunity.title}”",
           f"You have been offered {opportunity.title} at {opportunity.host.display_name}.\n"
           f"Why: {proposal.explanation}\nPlease accept or decline it.",
           kind=Kind.MATCH_OFFER, link=_placement_link(placement))
    return placement


def placements_for(user) -> QuerySet[Placement]:
    """Placements this user may see (policy rule 8)."""
    g = policy.grants_for(user)
    placements = Placement.unscoped.select_related("opportunity", "opportunity__host", "person",
                                                  "home_organisation")
    if g.user_id is None:
        return placements.none()
    if g.is_administrator:
        return placements
    allowed = Q(offered_by_id=g.user_id)
    if g.person_id:
        allowed |= Q(person_id=g.person_id)
    if g.lead_organisation_ids:
        home = Q(home_organisation_id__in=g.lead_organisation_ids)
        host = Q(opportunity__host_id__in=g.lead_organisation_ids)
        # Rule 9: a side the person has moved out of sees it only as the people policy allows.
        allowed |= home & ~moved_out_of_filter("home_organisation_id")
        allowed |= host & ~moved_out_of_filter("opportunity__host_id")
        allowed |= (home | host) & Q(person__in=Person.objects.visible_to(g))
    return placements.filter(allowed)


def get_placement(user, pk: int) -> Placement:
    placement = placements_for(user).filter(pk=pk).first()
    if placement is None:
        raise NotFound("No such placement")
    return placement


def my_placements(user) -> QuerySet[Placement]:
    g = policy.grants_for(user)
    return placements_for(user).filter(person_id=g.person_id or 0)


def _status_error(placement: Placement, wanted: str) -> ValidationError:
    return ValidationError({"status": f'This placement is "{placement.get_status_display()}", '
                                      f"so it cannot be {wanted}"})


@transaction.atomic
def respond(user, placement: Placement, accept: bool, reason: str = "", *,
            request=None) -> Placement:
    policy.require(policy.is_the_leader(user, placement), "answer this offer")
    placement = Placement.unscoped.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.OFFERED:
        raise _status_error(placement, "accepted or declined")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": "Reason must be 500 characters or fewer"})
    placement.status = PlacementStatus.ACCEPTED if accept else PlacementStatus.DECLINED
    placement.responded_at, placement.response_reason = _now(), reason
    placement.save()
    record(actor=user, action=AuditAction.UPDATE, target=placement, request=request,
           detail={"event": "accepted" if accept else "declined"})
    title = placement.opportunity.title
    if accept:
        notify(organisation_leads(placement.home_organisation_id)
               + organisation_leads(placement.opportunity.host_id),
               f"please approve a placement: “{title}”",
               f"{placement.person.full_name} has accepted {title}. The home and host "
               "organisations' talent leads each need to approve it.",
               kind=Kind.APPROVAL, link=_placement_link(placement))
    else:
        notify([placement.offered_by], f"offer declined: “{title}”",
               f"{placement.person.full_name} has declined {title}."
               + (f" Reason: {reason}" if reason else ""),
               kind=Kind.OPPORTUNITY_DECISION, link=_placement_link(placement))
    return placement


@transaction.atomic
def decide(user, placement: Placement, side: str, approve: bool, reason: str = "", *,
           starts_on: dt.date | None = None, ends_on: dt.date | None = None,
           request=None) -> Placement:
    """The home or host organisation approves (or not, with a reason)."""
    if side not in ("home", "host"):
        raise ValidationError({"side": f'"{side}" is not "home" or "host"'})
    allowed = (policy.can_approve_home if side == "home" else policy.can_approve_host)(
        user, placement)
    policy.require(allowed, f"decide for the {side} organisation")
    placement = Placement.unscoped.select_for_update().select_related(
        "opportunity", "person").get(pk=placement.pk)
    if placement.status != PlacementStatus.ACCEPTED:
        raise _status_error(placement, "approved")
    if getattr(placement, f"{side}_decision") != Decision.PENDING:
        raise ValidationError({"side": f"The {side} organisation has already decided"})
    reason = (reason or "").strip()
    errors = {}
    if not approve and not reason:
        errors["reason"] = "Give a reason for not approving"
    if len(reason) > 500:
        errors["reason"] = "Reason must be 500 characters or fewer"
    if side == "host" and approve:
        start = starts_on or placement.starts_on
        end = ends_on or placement.ends_on
        if start and end and end < start:
            errors["ends_on"] = (f"End date ({end.isoformat()}) must be on or after start "
                                 f"date ({start.isoformat()})")
        placement.starts_on, placement.ends_on = start, end
    if errors:
        raise ValidationError(errors)
    setattr(placement, f"{side}_decision", Decision.APPROVED if approve else Decision.REFUSED)
    setattr(placement, f"{side}_decided_by", user)
    setattr(placement, f"{side}_reason", reason)
    setattr(placement, f"{side}_decided_at", _now())
    if not approve:
        placement.status = PlacementStatus.NOT_APPROVED
    elif (placement.home_decision == Decision.APPROVED
          and placement.host_decision == Decision.APPROVED):
        placement.status = PlacementStatus.PLACED
    placement.save()
    record(actor=user, action=AuditAction.UPDATE, target=placement, request=request,
           detail={"event": f"{side}_{'approved' if approve else 'refused'}"})
    title = placement.opportunity.title
    people, link = [placement.person, placement.offered_by], _placement_link(placement)
    if placement.status == PlacementStatus.PLACED:
        notify(people + organisation_leads(placement.home_organisation_id)
               + organisation_leads(placement.opportunity.host_id),
               f"placement agreed: “{title}”",
               f"Both organisations have approved {placement.person.full_name}'s placement in "
               f"{title}, from {placement.starts_on} to {placement.ends_on}.",
               kind=Kind.OPPORTUNITY_DECISION, link=link)
    elif placement.status == PlacementStatus.NOT_APPROVED:
        notify(people, f"placement not approved: “{title}”",
               f"The {side} organisation did not approve the placement. Reason: {reason}",
               kind=Kind.OPPORTUNITY_DECISION, link=link)
    else:
        other = (placement.opportunity.host_id if side == "home"
                 else placement.home_organisation_id)
        notify(organisation_leads(other), f"your approval is needed: “{title}”",
               f"The {side} organisation has approved {placement.person.full_name}'s placement "
               f"in {title}. Your organisation's approval is now needed.",
               kind=Kind.APPROVAL, link=link)
    return placement


def _checked_text(value: str, field: str, errors: dict, *, empty: str, too_long: str) -> str:
    """The text stripped; records `empty` or `too_long` (over 3000 characters) in
    errors[field] when it is blank or too long."""
    value = value.strip()
    if not value:
        errors[field] = empty
    elif len(value) > 3000:
        errors[field] = too_long
    return value


#: What closes a placement: each text, who may write it (else the refusal), and the messages
#: for a blank or too long one.
_CLOSING_TEXTS = (
    ("reflection", policy.is_the_leader, "Only the leader can record their reflection.",
     "Enter your reflection", "Reflection must be 3000 characters or fewer"),
    ("host_feedback", policy.can_approve_host, "Only the host organisation can give feedback.",
     "Enter the host's feedback", "Feedback must be 3000 characters or fewer"),
)


@transaction.atomic
def complete(user, placement: Placement, *, reflection: str | None = None,
             host_feedback: str | None = None, request=None) -> Placement:
    """The leader records their reflection, the host its feedback; with both it is complete."""
    placement = Placement.unscoped.select_for_update().select_related(
        "opportunity", "person").get(pk=placement.pk)
    if placement.status not in (PlacementStatus.PLACED, PlacementStatus.COMPLETED):
        raise _status_error(placement, "completed")
    errors = {}
    given = {"reflection": reflection, "host_feedback": host_feedback}
    for field, may_write, refusal, empty, too_long in _CLOSING_TEXTS:
        if given[field] is not None:
            if not may_write(user, placement):
                raise PermissionDenied(refusal)
            setattr(placement, field, _checked_text(given[field], field, errors, empty=empty,
                                                    too_long=too_long))
    if reflection is None and host_feedback is None:
        errors["reflection"] = "Enter a reflection or feedback"
    if errors:
        raise ValidationError(errors)
    if placement.reflection and placement.host_feedback and placement.completed_at is None:
        placement.status, placement.completed_at = PlacementStatus.COMPLETED, _now()
    placement.save()
    record(actor=user, action=AuditAction.UPDATE, target=placement, request=request,
           detail={"event": "reflection" if reflection is not None else "host_feedback"})
    if reflection is not None:
        notify(organisation_leads(placement.opportunity.host_id),
               f"reflection recorded: “{placement.opportunity.title}”",
               f"{placement.person.full_name} has recorded their reflection. Please add the "
               "host's feedback if you have not.", kind=Kind.OPPORTUNITY_DECISION,
               link=_placement_link(placement))
    else:
        notify([placement.person], f"feedback from your host: "
               f"“{placement.opportunity.title}”",
               "The host organisation has recorded feedback on your placement.",
               kind=Kind.OPPORTUNITY_DECISION, link=_placement_link(placement))
    return placement
