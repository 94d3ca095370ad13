"""A leader's Leadership Competency Framework gaps, read through the assessments' own
services as the viewer (so the conversations policy and the 360 publication rules apply):
the domains their latest assessment with any rating rates lowest (engine/plans/gaps.py)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.plans.gaps import lowest_domains
from talentbridge.people.models import Person
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.frameworks import LCF_SHORT_NAMES
from talentbridge.talent.frameworks import LcfDomain


@dataclass(frozen=True)
class Gap:
    domain: int
    name: str
    short_name: str


def _scores(results) -> dict[int, list[int | None]]:
    return {r.domain: [r.self_score, r.manager_score, r.others_band] for r in results}


def lcf_gaps(user, person: Person) -> list[Gap]:
    """The gap domains of the person's latest assessment that has ratings, as `user` may see
    it; none when they have no rated assessment."""
    for assessment_round in assessment_services.rounds_for(user, person).iterator():
        scores = _scores(assessment_services.summary(user, assessment_round))
        if any(s is not None for given in scores.values() for s in given):
            return [Gap(d, LcfDomain(d).label, LCF_SHORT_NAMES[LcfDomain(d)])
                    for d in lowest_domains(scores)]
    return []
