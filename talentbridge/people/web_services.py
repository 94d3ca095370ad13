"""Reads the web pages need beyond talentbridge.people.services.

Aggregate counts only: no person-level data leaves this module, so the counts are not
filtered by the access policy (the design allows aggregate counts of leaders; they contain no
protected characteristics).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from .codes import PayBand
from .models import Person

BAND_ORDER = {value: index for index, value in enumerate(PayBand.values)}


def leader_counts_by_band(organisation_ids: Iterable[int]) -> list[tuple[str, int]]:
    """(band label, number of people) for people employed by these organisations, in band
    order; bands with nobody are left out."""
    rows = (
        Person.unscoped.filter(organisation_id__in=list(organisation_ids))
        .values("pay_band").annotate(n=Count("pk")).order_by()
    )
    counts = sorted(((r["pay_band"], r["n"]) for r in rows),
                    key=lambda row: BAND_ORDER.get(row[0], len(BAND_ORDER)))
    labels = dict(PayBand.choices)
    return [(labels.get(band, band), n) for band, n in counts]


def leader_counts_by_organisation(organisation_ids: Iterable[int]) -> dict[int, int]:
    """Organisation id → number of people it employs."""
    rows = (
        Person.unscoped.filter(organisation_id__in=list(organisation_ids))
        .values("organisation_id").annotate(n=Count("pk")).order_by()
    )
    return {r["organisation_id"]: r["n"] for r in rows}

