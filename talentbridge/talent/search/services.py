"""Talent search: people in the user's scope by readiness, grid cell, pool, LCF strengths and
development needs, aspiration, mobility, band, organisation and system.

`search_talent(user, filters)` returns a QuerySet of Person (with `organisation`, `talent` and
`talent__readiness` selected, ordered by name), so a page of results is one query and the
count another, whatever the filters. It starts from `Person.objects.visible_to(user)` and only
users `conversation_policy.can_search_talent` lets search get anything.

Built to stay fast at 100,000 profiles: every filter is a plain column comparison or an
`IN (subquery)` on an indexed key. LCF strengths and needs are bit masks on TalentProfile; "has
these domains" becomes `mask IN (the masks that contain every chosen bit)` (at most 64
values), which works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery

from talentbridge.audit.labels import fingerprint
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.scopes import organisation_ids_in_system
from talentbridge.people.codes import PayBand
from talentbridge.people.models import Person
from talentbridge.talent.conversations import policy
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models.reviews import ReviewStatus

#: Travel reach from narrowest to widest: "at least X" means X or anything wider.
TRAVEL_ORDER = [TravelReach.WITHIN_ORGANISATION, TravelReach.WITHIN_SYSTEM,
                TravelReach.WITHIN_REGION, TravelReach.NATIONAL]
ALL_DOMAINS_MASK = (1 << len(LcfDomain.values)) - 1


@dataclass(frozen=True)
class TalentSearch:
    """What to look for. Every filter given must match (AND); lists of domains mean "all of
    these"; a list of readiness levels means "any of these"."""

    readiness_ids: tuple[int, ...] = ()
    grid_cell_id: int | None = None
    pool_id: int | None = None
    strengths: tuple[int, ...] = ()
    development_needs: tuple[int, ...] = ()
    aspiration: str = ""
    open_to_other_organisations: bool | None = None
    travel_reach_at_least: str = ""
    pay_band: str = ""
    organisation_id: int | None = None
    system_id: int | None = None
    name: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) not in (None, "", ())
                       for f in fields(self) if f.name != "extra")

    def audit_detail(self) -> dict:
        """The search as recorded: a name searched for only as a fingerprint."""
        detail = {f.name: (list(v) if isinstance(v, tuple) else v)
                  for f in fields(self) if f.name != "extra"
                  and (v := getattr(self, f.name)) not in (None, "", ())}
        if self.name:
            detail["name"] = fingerprint(self.name)
        return detail

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> TalentSearch:
        """From plain values (ids or codes), checked: unknown keys, readiness codes or ids,
        LCF domains, travel reach, band, organisation (id or ODS code) and system (id or ICB
        code) are named in the ValidationError."""
        errors: dict[str, str] = {}
        known = {f.name for f in fields(cls)} | {"readiness", "organisation", "system",
                                                 "grid_cell", "pool"}
        for key in sorted(set(values) - known):
            errors[key] = f'"{key}" is not a talent search filter'
        out: dict[str, Any] = {}
        readiness = values.get("readiness", values.get("readiness_ids"))
        if readiness not in (None, "", [], ()):
            items = readiness if isinstance(readiness, list | tuple | set) else [readiness]
            ids = []
            for item in items:
                level = (ReadinessLevel.objects.filter(pk=item).first()
                         if isinstance(item, int) or str(item).isdigit()
                         else ReadinessLevel.objects.filter(code=str(item).strip()).first())
                if level is None:
                    errors["readiness"] = f'Readiness "{item}" is not one of the readiness levels'
                    break
                ids.append(level.pk)
            out["readiness_ids"] = tuple(ids)
        for key, model in (("grid_cell", GridCell), ("pool", TalentPool)):
            value = values.get(key, values.get(f"{key}_id"))
            if value not in (None, ""):
                if not str(value).isdigit() or not model.objects.filter(pk=int(value)).exists():
                    errors[key] = f'There is no {model._meta.verbose_name} with id "{value}"'
                else:
                    out[f"{key}_id"] = int(value)
        for key in ("strengths", "development_needs"):
            value = values.get(key)
            if value not in (None, "", [], ()):
                items = value if isinstance(value, list | tuple | set) else [value]
                domains = []
                for item in items:
                    number = int(item) if str(item).strip().isdigit() else None
                    if number not in LcfDomain.values:
                        errors[key] = (f'"{item}" is not an LCF domain (the six domains are '
                                       "numbered 1 to 6)")
                        break
                    domains.append(number)
                out[key] = tuple(sorted(set(domains)))
        reach = values.get("travel_reach_at_least") or ""
        if reach and reach not in TravelReach.values:
            errors["travel_reach_at_least"] = (f'Travel reach "{reach}" is not one of the '
                                               f'options ({", ".join(TravelReach.values)})')
        out["travel_reach_at_least"] = reach
        band = values.get("pay_band") or ""
        if band and band not in PayBand.values:
            errors["pay_band"] = f'Band "{band}" is not one of the bands'
        out["pay_band"] = band
        organisation = values.get("organisation", values.get("organisation_id"))
        if organisation not in (None, ""):
            found = (Organisation.objects.filter(pk=organisation).values_list("pk", flat=True)
                     if isinstance(organisation, int) or str(organisation).isdigit()
                     else Organisation.objects.filter(ods_code__iexact=str(organisation).strip())
                     .values_list("pk", flat=True)).first()
            if found is None:
                errors["organisation"] = f'There is no organisation "{organisation}"'
            out["organisation_id"] = found
        system = values.get("system", values.get("system_id"))
        if system not in (None, ""):
            found = (IntegratedCareSystem.objects.filter(pk=system)
                     if isinstance(system, int) or str(system).isdigit()
                     else IntegratedCareSystem.objects.filter(code__iexact=str(system).strip())
                     ).values_list("pk", flat=True).first()
            if found is None:
                errors["system"] = f'There is no integrated care system "{system}"'
            out["system_id"] = found
        open_to = values.get("open_to_other_organisations")
        if open_to not in (None, ""):
            out["open_to_other_organisations"] = bool(open_to) and open_to not in ("false", "0")
        out["aspiration"] = str(values.get("aspiration") or "").strip()[:150]
        out["name"] = str(values.get("name") or "").strip()[:100]
        if errors:
            raise ValidationError(errors)
        return cls(**out)


def masks_with_all(domains) -> list[int]:
    """Every 6-bit mask that has all of these domains' bits set."""
    wanted = 0
    for domain in domains:
        wanted |= 1 << (int(domain) - 1)
    return [mask for mask in range(ALL_DOMAINS_MASK + 1) if mask & wanted == wanted]


def latest_locked_cell() -> Subquery:
    """The cell of a person's latest placement in a locked review (by the date the review was
    held, then when it was locked)."""
    return Subquery(
        ReviewPlacement.unscoped.filter(person=OuterRef("pk"), review__status=ReviewStatus.LOCKED)
        .order_by("-review__held_on", "-review__locked_at", "-pk").values("cell_id")[:1]
    )


def search_talent(user, filters: TalentSearch | Mapping[str, Any], *, request=None,
                  audit: bool = True) -> QuerySet[Person]:
    """People in the user's scope matching every filter, ordered by family then given name."""
    search = filters if isinstance(filters, TalentSearch) else TalentSearch.from_mapping(filters)
    if not policy.can_search_talent(user):
        return Person.objects.none()
    people = Person.objects.visible_to(user)
    if search.readiness_ids:
        people = people.filter(talent__readiness_id__in=search.readiness_ids)
    if search.strengths:
        people = people.filter(talent__strength_mask__in=masks_with_all(search.strengths))
    if search.development_needs:
        people = people.filter(
            talent__development_need_mask__in=masks_with_all(search.development_needs))
    if search.aspiration:
        people = people.filter(talent__aspiration_role__icontains=search.aspiration)
    if search.open_to_other_organisations is not None:
        people = people.filter(
            talent__open_to_other_organisations=search.open_to_other_organisations)
    if search.travel_reach_at_least:
        wider = TRAVEL_ORDER[TRAVEL_ORDER.index(search.travel_reach_at_least):]
        people = people.filter(talent__travel_reach__in=wider)
    if search.pay_band:
        people = people.filter(pay_band=search.pay_band)
    if search.organisation_id:
        people = people.filter(organisation_id=search.organisation_id)
    if search.system_id:
        people = people.filter(organisation_id__in=organisation_ids_in_system(search.system_id))
    for word in search.name.split():
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    if search.pool_id:
        people = people.filter(pk__in=PoolMembership.unscoped.filter(
            pool_id=search.pool_id, exited_on__isnull=True).values("person_id"))
    if search.grid_cell_id:
        placed = ReviewPlacement.unscoped.filter(cell_id=search.grid_cell_id,
                                                review__status=ReviewStatus.LOCKED)
        people = (people.filter(pk__in=placed.values("person_id"))
                  .annotate(latest_cell_id=latest_locked_cell())
                  .filter(latest_cell_id=search.grid_cell_id))
    if audit:
        record(actor=user, action=AuditAction.SEARCH, request=request,
               target_type="talent.talentprofile", detail=search.audit_detail())
    return (people.select_related("organisation", "talent", "talent__readiness")
            .order_by("family_name", "given_name", "pk"))
