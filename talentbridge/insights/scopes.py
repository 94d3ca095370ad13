"""Scopes for insights: England, a region, an integrated care system or an organisation,
optionally narrowed to one kind of organisation (acute, mental health, community, ambulance).

Which organisations a scope holds is decided on a given day (the snapshot's "as of" date) from
the effective-dated memberships in the organisations app, so a trust that moved to a merged ICB
in April 2026 counts in its old system for an October 2025 snapshot and in the new one for an
October 2026 snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.models import Region
from talentbridge.organisations.scopes import placements_on

ENGLAND = "england"
REGION = "region"
SYSTEM = "system"
ORGANISATION = "organisation"
LEVELS = (ENGLAND, REGION, SYSTEM, ORGANISATION)
LEVEL_LABELS = {ENGLAND: "England", REGION: "Region", SYSTEM: "Integrated care system",
                ORGANISATION: "Organisation"}
#: Kinds of organisation a scope can be narrowed to (the WRES trust types and ICBs).
KINDS = {
    OrganisationKind.ACUTE.value: "Acute trusts",
    OrganisationKind.MENTAL_HEALTH.value: "Mental health and learning disability trusts",
    OrganisationKind.COMMUNITY.value: "Community providers",
    OrganisationKind.AMBULANCE.value: "Ambulance trusts",
    OrganisationKind.ICB.value: "Integrated care boards",
}


class UnknownScope(ValueError):
    """A scope key that does not name a region, system or organisation."""


@dataclass(frozen=True)
class Scope:
    """A place in the NHS hierarchy. ``code`` is the ODS code (empty for England)."""

    level: str
    code: str = ""
    name: str = "England"
    pk: int | None = None
    kind: str = ""

    @property
    def key(self) -> str:
        """``england``, ``region:Y62``, ``system:QOP`` or ``organisation:R0A``."""
        return ENGLAND if self.level == ENGLAND else f"{self.level}:{self.code}"

    @property
    def label(self) -> str:
        base = self.name if self.level == ENGLAND else f"{self.name} ({self.code})"
        if self.kind:
            return f"{KINDS.get(self.kind, self.kind)} in {base}"
        return base

    @property
    def json_key(self) -> str:
        """The key used in API documents, as the engine's CLI does: ``ENGLAND`` or the code
        (with ``/kind`` when narrowed to a kind of organisation)."""
        base = "ENGLAND" if self.level == ENGLAND else self.code
        return f"{base}/{self.kind}" if self.kind else base

    @property
    def is_national(self) -> bool:
        """England as a whole: the only scope whose figures are not disclosure-controlled."""
        return self.level == ENGLAND and not self.kind

    def with_kind(self, kind: str) -> Scope:
        return Scope(self.level, self.code, self.name, self.pk, kind)


ENGLAND_SCOPE = Scope(ENGLAND)


def parse(key: str, kind: str = "") -> Scope:
    """The scope named by ``key`` (see :attr:`Scope.key`); raises UnknownScope."""
    key = (key or ENGLAND).strip()
    kind = (kind or "").strip()
    if kind and kind not in KINDS:
        raise UnknownScope(f'"{kind}" is not a kind of organisation')
    if key.lower() == ENGLAND:
        return ENGLAND_SCOPE.with_kind(kind)
    level, _, code = key.partition(":")
    level, code = level.lower(), code.strip().upper()
    model = {REGION: (Region, "code"), SYSTEM: (IntegratedCareSystem, "code"),
             ORGANISATION: (Organisation, "ods_code")}.get(level)
    if model is None or not code:
        raise UnknownScope(f'"{key}" is not a scope: use england, region:CODE, system:CODE or '
                           "organisation:CODE")
    cls, field = model
    obj = cls.objects.filter(**{field: code}).first()
    if obj is None:
        raise UnknownScope(f'There is no {LEVEL_LABELS[level].lower()} with code "{code}"')
    name = obj.display_name if isinstance(obj, Organisation) else (
        obj.short_name if isinstance(obj, IntegratedCareSystem) else obj.name)
    return Scope(level, code, name, obj.pk, kind)


@dataclass
class Geography:
    """Every organisation's system, region and kind on one day, as the engine needs them."""

    day: dt.date

    @cached_property
    def _rows(self) -> list[tuple[int, str, str, int, str, int, str]]:
        placements = placements_on(self.day)
        orgs = Organisation.objects.filter(pk__in=placements).values_list("pk", "ods_code", "kind")
        systems = dict(IntegratedCareSystem.objects.values_list("pk", "code"))
        regions = dict(Region.objects.values_list("pk", "code"))
        rows = []
        for pk, code, kind in orgs:
            p = placements[pk]
            rows.append((pk, code, kind, p.system_id, systems[p.system_id], p.region_id,
                         regions[p.region_id]))
        return sorted(rows, key=lambda r: r[1])

    @cached_property
    def org_map(self) -> pl.DataFrame:
        """org_code, system, region, kind (ODS codes), for the engine's ``org_map``."""
        rows = self._rows
        return pl.DataFrame(
            {"org_code": [r[1] for r in rows], "system": [r[4] for r in rows],
             "region": [r[6] for r in rows], "kind": [r[2] for r in rows]},
            schema={"org_code": pl.String, "system": pl.String, "region": pl.String,
                    "kind": pl.String},
        )

    def org_codes(self, scope: Scope) -> set[str] | None:
        """The organisations in ``scope`` on this day; None means every organisation
        (England as a whole, including any not placed in a system)."""
        if scope.is_national:
            return None
        wanted = []
        for _pk, code, kind, _sid, system, _rid, region in self._rows:
            if scope.kind and kind != scope.kind:
                continue
            if (scope.level == ENGLAND or (scope.level == REGION and region == scope.code)
                    or (scope.level == SYSTEM and system == scope.code)
                    or (scope.level == ORGANISATION and code == scope.code)):
                wanted.append(code)
        if scope.level == ORGANISATION and not scope.kind:
            return {scope.code}  # an organisation is itself, placed in a system or not
        return set(wanted)

    def organisation_ids(self) -> dict[str, tuple[int, int]]:
        """ODS code -> (system id, region id)."""
        return {r[1]: (r[3], r[5]) for r in self._rows}

    def contains(self, outer: Scope, org_code: str) -> bool:
        codes = self.org_codes(outer)
        return codes is None or org_code in codes


def enclosing(scope: Scope, geo: Geography) -> list[Scope]:
    """The areas that hold ``scope`` on ``geo``'s day, widest first: England, its region, its
    system and the scope itself (each without a kind of organisation)."""
    own = Scope(scope.level, scope.code, scope.name, scope.pk)
    region = system = ""
    if scope.level == ORGANISATION:
        row = next((r for r in geo._rows if r[1] == scope.code), None)
        if row is not None:
            system, region = row[4], row[6]
    elif scope.level == SYSTEM:
        system = scope.code
        region = next((r[6] for r in geo._rows if r[4] == scope.code), "")
    elif scope.level == REGION:
        region = scope.code
    out = [ENGLAND_SCOPE]
    for level, code in ((REGION, region), (SYSTEM, system)):
        if code and level != scope.level:
            out.append(parse(f"{level}:{code}"))
    if scope.level != ENGLAND:
        out.append(own)
    return out


def child_level(scope: Scope) -> str | None:
    """The level one below ``scope`` (its breakdown), or None for an organisation."""
    return {ENGLAND: REGION, REGION: SYSTEM, SYSTEM: ORGANISATION}.get(scope.level)


def names(level: str, codes: list[str]) -> dict[str, str]:
    """Display names of regions, systems or organisations by code."""
    if level == REGION:
        return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    if level == SYSTEM:
        return {s.code: s.short_name for s in IntegratedCareSystem.objects.filter(code__in=codes)}
    return {o.ods_code: o.display_name for o in Organisation.objects.filter(ods_code__in=codes)}
