"""Display-ready values for the succession pages and exports."""

from __future__ import annotations

from talentbridge.core.forms import nhs_date

from .models import BoardPostKind
from .models import Readiness
from .models import VacancyReason
from .models import VacancyRisk

RISK_TAG = {"high": "nhsuk-tag--red", "medium": "nhsuk-tag--yellow", "low": "nhsuk-tag--green"}
KIND_LABELS = dict(BoardPostKind.choices)
READINESS_LABELS = dict(Readiness.choices)


def risk_tag(risk: str, overridden: bool = False) -> dict:
    text = VacancyRisk(risk).label + (" (set by hand)" if overridden else "")
    return {"text": text, "classes": RISK_TAG[risk]}


def cover_tag(covered: bool) -> dict:
    return ({"text": "Covered", "classes": "nhsuk-tag--green"} if covered
            else {"text": "Not covered", "classes": "nhsuk-tag--red"})


def holder(post) -> str:
    if post.is_vacant:
        return "Vacant"
    return post.incumbent.full_name + (" (interim)" if post.interim else "")


def vacancy(post) -> str:
    if post.expected_vacancy_on is None:
        return "Not expected"
    reason = VacancyReason(post.vacancy_reason).label if post.vacancy_reason else ""
    return nhs_date(post.expected_vacancy_on) + (f" ({reason.lower()})" if reason else "")


def post_row(view) -> dict:
    post = view.post
    groups = [
        {"label": label, "people": [successor_row(s) for s in view.successors
                                    if s.readiness == code]}
        for code, label in Readiness.choices
    ]
    return {
        "pk": post.pk, "title": post.title, "kind": KIND_LABELS[post.kind],
        "organisation": post.organisation.display_name, "ods": post.organisation.ods_code,
        "holder": holder(post),
        "incumbent_id": post.incumbent_id if view.incumbent_visible else None,
        "started": nhs_date(post.started_on) if post.started_on else "Not recorded",
        "vacancy": vacancy(post), "risk": risk_tag(view.risk, bool(post.risk_override)),
        "risk_reason": post.risk_override_reason if view.owns else "",
        "cover": cover_tag(view.covered), "successor_count": view.successor_count,
        "plan_visible": view.plan_visible, "owns": view.owns, "groups": groups,
        "hidden": view.successor_count - len(view.successors),
    }


def successor_row(successor) -> dict:
    person = successor.person
    return {
        "person_id": person.pk, "name": person.full_name,
        "job": f"{person.job_title}, {person.organisation.display_name}",
        "source": successor.source.capitalize(), "emergency": successor.emergency_cover,
        "pool": successor.talent_pool.name if successor.talent_pool_id else "",
        "notes": successor.notes,
    }


def share(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def figures_row(label: str, bench) -> dict:
    return {
        "label": label, "posts": bench.posts,
        "ready_now": share(bench.share(bench.with_ready_now)),
        "two_ready": share(bench.share(bench.with_two_ready_within_two_years)),
        "none": share(bench.share(bench.with_none)),
        "covered": share(bench.share(bench.covered)),
        "interim": share(bench.share(bench.interim)),
        "from_elsewhere": share(bench.successors_from_elsewhere_share),
        "leaving": bench.incumbents_within_two_years_of_vacancy,
        "retiring": bench.incumbents_retiring_within_two_years,
    }


def makeup_row(row) -> dict:
    return {"population": row.population, "shown": row.shown,
            "cells": [{"count": c, "share": share(s)} for c, s in zip(row.counts, row.shares,
                                                                         strict=True)],
            "total": row.total}


def supply_row(row: dict) -> dict:
    return {**row, "kind": KIND_LABELS.get(row["kind"], row["kind"])}
