"""Download my data (UK GDPR Article 15): everything held about the signed-in person, in one
ZIP with `data.json` (one document, sections named in plain words, dates ISO 8601) and
`index.html` (the same, readable, self-contained).

Every section is read through its own app's services, as the person themselves, so each app's
access policy decides what they get: exactly what they would see on its pages (their
conversations with the private notes they may see; their assessments only as the aggregates
the 360 rules publish; their review placements as their placement history shows them).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.learning import services as learning_services
from talentbridge.mentoring import services as mentoring_services
from talentbridge.notifications import services as notification_services
from talentbridge.opportunities import services as opportunity_services
from talentbridge.people import services as people_services
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.plans import services as plan_services
from talentbridge.programmes import services as programme_services
from talentbridge.support import compact as support_compact
from talentbridge.support import services as support_services
from talentbridge.talent.conversations import assessment_presenters
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.models import TalentProfile
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews import services as review_services

from . import corrections
from . import policy
from . import viewers

FILENAME = "my-talentbridge-data.zip"


def _iso(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _label(obj, field: str) -> str:
    value = getattr(obj, field)
    return getattr(obj, f"get_{field}_display")() if value else ""


def _domains(domains) -> list[str]:
    return [f"{d}. {LcfDomain(d).label}" for d in domains or []]


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# --------------------------------------------------------------------------------------
# Sections: each takes (user, person, request) and returns plain JSON values
# --------------------------------------------------------------------------------------


def profile_section(user, person: Person, request) -> dict:
    manager = person.line_manager
    return {
        "given name": person.given_name, "family name": person.family_name,
        "NHS e-mail address": person.work_email, "NHS identifier": person.nhs_identifier or "",
        "employing organisation": person.organisation.display_name,
        "employing organisation ODS code": person.organisation.ods_code,
        "job title": person.job_title, "band or grade": person.get_pay_band_display(),
        "staff group": person.get_staff_group_display(),
        "professional background": person.get_professional_background_display(),
        "line manager": manager.full_name if manager else "",
        "started in post": _iso(person.started_in_post),
        "started in the NHS": _iso(person.started_in_nhs),
        "left the NHS on": _iso(person.left_nhs_on),
        "who can see my profile": person.get_visibility_display(),
        "profile created": _iso(person.created_at), "profile last changed": _iso(person.updated_at),
        "sign-in name": user.get_username(), "account e-mail address": user.email,
        "account created": _iso(user.date_joined), "last signed in": _iso(user.last_login),
    }


def characteristics_section(user, person: Person, request) -> dict:
    held = ProtectedCharacteristics.objects.visible_to(user).filter(person=person).first()
    if held is None:
        return {}
    return {
        "ethnic category": held.get_ethnic_category_display(), "sex": held.get_sex_display(),
        "disability": held.get_disability_display(),
        "sexual orientation": held.get_sexual_orientation_display(),
        "religion or belief": held.get_religion_display(),
        "date of birth": _iso(held.date_of_birth), "last changed": _iso(held.updated_at),
    }


def career_section(user, person: Person, request) -> list[dict]:
    return [{
        "role": e.role_title, "employer": e.employer_name, "sector": e.get_sector_display(),
        "kind of role": e.get_kind_display(), "started": _iso(e.started_on),
        "ended": _iso(e.ended_on),
    } for e in people_services.career_history(user, person)]


def talent_profile_section(user, person: Person, request) -> dict:
    profile = (TalentProfile.objects.visible_to(user).select_related("readiness")
               .filter(person=person).first())
    if profile is None:
        return {}
    return {
        "readiness": profile.readiness.label if profile.readiness_id else "",
        "impact": _label(profile, "impact_level"), "growth": _label(profile, "growth_category"),
        "next role wanted": profile.aspiration_role,
        "open to other NHS organisations": profile.open_to_other_organisations,
        "open to other sectors": profile.open_to_other_sectors,
        "how far I would travel": _label(profile, "travel_reach"),
        "open to relocating": profile.open_to_relocation,
        "development needs": _domains(profile.development_needs),
        "strengths (from multi-rater feedback)": _domains(profile.strengths),
        "last career conversation": _iso(profile.last_conversation_on),
    }


def conflicts_section(user, person: Person, request) -> list[dict]:
    _, conflicts = opportunity_services.preferences_of(person)
    return [{"organisation": c.organisation.display_name, "reason": c.reason,
             "declared": _iso(c.created_at)} for c in conflicts]


def conversations_section(user, person: Person, request) -> list[dict]:
    rows = []
    for c in conversation_services.conversations_for(user, person):
        row = {
            "held on": _iso(c.held_on), "held by": _user_name(c.held_by),
            "status": c.get_status_display(), "my reflection": c.individual_reflection,
            "manager's preparation": c.manager_preparation,
            "impact": _label(c, "impact_level"), "growth": _label(c, "growth_category"),
            "aspiration": c.aspiration, "next role wanted": c.aspiration_role,
            "readiness": c.readiness.label if c.readiness_id else "",
            "open to other NHS organisations": c.open_to_other_organisations,
            "open to other sectors": c.open_to_other_sectors,
            "how far I would travel": _label(c, "travel_reach"),
            "open to relocating": c.open_to_relocation,
            "development needs": _domains(c.development_needs),
            "aspirational development plan": c.development_plan,
            "next review": _iso(c.next_review_on), "written": _iso(c.created_at),
            "last changed": _iso(c.updated_at),
        }
        if not getattr(c, "private_notes_hidden", True):
            row["private notes"] = c.private_notes
        rows.append(row)
    return rows


def _domain(row) -> dict:
    """One domain of an assessment summary as the person sees it (assessment_presenters)."""
    return {"domain": row.domain, "my answer": row.self_answer,
            "my line manager's answer": row.manager_answer, "others' result": row.others,
            "my answer less others'": row.self_minus_others,
            "my answer less my line manager's": row.self_minus_manager,
            "a strength": row.strength}


def assessments_section(user, person: Person, request) -> list[dict]:
    rows = []
    for r in assessment_services.rounds_for(user, person):
        results = assessment_services.summary(user, r)
        rows.append({
            "opened": _iso(r.opened_on), "closes": _iso(r.closes_on),
            "status": assessment_presenters.round_status(r, assessment_services.is_open(r)),
            "raters": assessment_presenters.raters_text(r),
            "domains": [_domain(d) for d in assessment_presenters.summary_rows(results)],
        })
    return rows


def placements_section(user, person: Person, request) -> list[dict]:
    return [{
        "review": p.review.name, "for": review_services.scope_label(p.review),
        "held on": _iso(p.review.held_on), "grid": p.review.grid.name,
        "placed in": p.cell.label,
        "first proposed in": p.proposed_cell.label if p.proposed_cell_id != p.cell_id else "",
        "readiness": p.readiness.label if p.readiness_id else "",
        "rationale": p.rationale, "review status": p.review.get_status_display(),
        "moves in calibration": [m.reason for m in p.moves.all()],
    } for p in review_services.placement_history(user, person, request=request)]


def pools_section(user, person: Person, request) -> list[dict]:
    return [{
        "pool": m.pool.name, "for": pool_services.scope_label(m.pool),
        "joined": _iso(m.joined_on), "next review": _iso(m.review_on),
        "left": _iso(m.exited_on), "why I left": m.exit_reason,
    } for m in pool_services.my_memberships(user)]


def nominations_section(user, person: Person, request) -> list[dict]:
    return [{
        "pool": n.pool.name, "route": n.get_route_display(), "statement": n.statement,
        "nominated by": _user_name(n.nominated_by), "status": n.get_status_display(),
        "decision reason": n.decision_reason, "nominated": _iso(n.created_at),
        "decided": _iso(n.decided_at),
    } for n in pool_services.my_nominations(user) if n.person_id == person.pk]


def interests_section(user, person: Person, request) -> list[dict]:
    return [{
        "opportunity": i.opportunity.title, "host": i.opportunity.host.display_name,
        "how": i.get_source_display(), "statement": i.statement,
        "my preference rank": i.preference_rank, "status": i.get_status_display(),
        "expressed": _iso(i.created_at), "withdrawn": _iso(i.withdrawn_at),
    } for i in opportunity_services.my_interests(user)]


def opportunity_placements_section(user, person: Person, request) -> list[dict]:
    return [{
        "opportunity": p.opportunity.title, "host": p.opportunity.host.display_name,
        "home organisation": p.home_organisation.display_name,
        "status": p.get_status_display(), "offered": _iso(p.offered_at),
        "my answer": _iso(p.responded_at), "my comment": p.response_reason,
        "home organisation's decision": p.get_home_decision_display(),
        "home organisation's reason": p.home_reason,
        "host organisation's decision": p.get_host_decision_display(),
        "host organisation's reason": p.host_reason,
        "starts": _iso(p.starts_on), "ends": _iso(p.ends_on),
        "my reflection": p.reflection, "host's feedback": p.host_feedback,
    } for p in opportunity_services.my_placements(user)]


def development_plan_section(user, person: Person, request) -> list[dict]:
    return plan_services.export_rows(user, person)
def programmes_section(user, person: Person, request) -> list[dict]:
    return programme_services.my_programme_data(user, person)


def notifications_section(user, person: Person, request) -> list[dict]:
    """The messages TalentBridge sent the person's account, as their notifications list shows
    them, with whether and when each e-mail went."""
    return [{
        "sent": _iso(n.created_at), "kind": n.get_kind_display(), "subject": n.subject,
        "message": n.body, "link": n.link, "read": _iso(n.read_at),
        "e-mail to": n.email_address, "e-mail": n.get_email_status_display(),
        "e-mailed": _iso(n.email_sent_at),
    } for n in notification_services.notifications_for(user)]


def viewers_section(user, person: Person, request) -> list[dict]:
    return [row.as_dict() for row in viewers.view_rows(viewers.views_of(user, person, audit=False))]


def corrections_section(user, person: Person, request) -> list[dict]:
    return [{
        "what": c.get_area_display(), "what it said": c.current_value,
        "what it should say": c.requested_correction, "status": c.get_status_display(),
        "asked": _iso(c.created_at), "due by": _iso(c.due_on),
        "resolved": _iso(c.resolved_at), "response": c.response,
    } for c in corrections.my_corrections(user, audit=False)]


def learning_section(user, person: Person, request) -> list[dict]:
    """The person's learning log entries, decrypted for them, and who each is shared with."""
    return learning_services.export_rows(user, person)


def _mentoring(part: str) -> Callable:
    def section(user, person: Person, request) -> list[dict]:
        return mentoring_services.export_for(user)[part]
    section.__name__ = f"mentoring_{part.replace(' ', '_')}_section"
    return section
def support_check_ins_section(user, person: Person, request) -> list[dict]:
    """Check-ins with the person's regional lead, with the private notes."""
    check_ins, _ = support_services.my_support_records(user)
    return [{"date": _iso(c.held_on), "pressure": c.get_pressure_display(),
             "support wanted": c.support_wanted, "private notes": c.notes}
            for c in check_ins]


def support_offers_section(user, person: Person, request) -> list[dict]:
    _, offers = support_services.my_support_records(user)
    return [{"support": o.get_kind_display(), "offered": _iso(o.offered_on),
             "answer": o.get_status_display(), "answered": _iso(o.answered_on),
             "details": o.details} for o in offers]


def pulse_answers_section(user, person: Person, request) -> list[dict]:
    return [{"round": a.round.name, "commitment": a.commitment.title,
             "answer": a.get_agreement_display(), "answered": _iso(a.answered_at)}
            for a in support_compact.all_my_answers(user)]


#: (key in data.json, heading in index.html, section)
SECTIONS: tuple[tuple[str, str, Callable], ...] = (
    ("profile", "My profile", profile_section),
    ("protected characteristics", "My protected characteristics", characteristics_section),
    ("career history", "My career history", career_section),
    ("talent profile", "My talent profile and mobility", talent_profile_section),
    ("conflicts of interest", "My conflicts of interest", conflicts_section),
    ("career conversations", "My career conversations", conversations_section),
    ("assessments", "My assessments", assessments_section),
    ("talent review placements", "My talent review placements", placements_section),
    ("talent pool memberships", "My talent pool memberships", pools_section),
    ("talent pool nominations", "My talent pool nominations", nominations_section),
    ("opportunity interests", "My interest in opportunities", interests_section),
    ("opportunity placements", "My opportunity placements", opportunity_placements_section),
    ("learning log", "My learning log", learning_section),
    ("mentoring offer", "My offer to mentor or coach", _mentoring("offer")),
    ("mentoring requests", "My requests for a mentor or coach", _mentoring("requests")),
    ("mentoring conflicts of interest", "Conflicts of interest I declared for mentoring",
     _mentoring("conflicts")),
    ("mentoring relationships", "My mentoring and coaching relationships",
     _mentoring("relationships")),
    ("mentoring goals", "Goals of my mentoring and coaching", _mentoring("goals")),
    ("mentoring meetings", "My mentoring and coaching meetings", _mentoring("meetings")),
    ("mentoring end reviews", "My end reviews of mentoring and coaching",
     _mentoring("end reviews")),
    ("development plan", "My development plan", development_plan_section),
    ("development programmes", "My development programmes", programmes_section),
    ("notifications", "Messages sent to me", notifications_section),
    ("who viewed my record", "Who has looked at my record", viewers_section),
    ("correction requests", "My correction requests", corrections_section),
    ("support check-ins", "My check-ins with my regional lead", support_check_ins_section),
    ("support offers", "Support offered to me", support_offers_section),
    ("leadership compact pulse answers", "My answers to the leadership compact pulse",
     pulse_answers_section),
)


def collect(user, person: Person, *, request=None) -> dict:
    """Every section of the person's data, as one JSON-able document."""
    if not policy.can_export(user, person.pk):
        raise PermissionDenied("Only the person themselves downloads their data.")
    data = {"about this file": {
        "what": "Everything TalentBridge holds about you, as you may see it",
        "made": timezone.now().isoformat(), "person id": person.pk,
        "viewers' names shown": viewers.show_names(),
    }}
    for key, _, section in SECTIONS:
        data[key] = section(user, person, request)
    return data


def build_zip(user, *, request=None) -> bytes:
    """The signed-in person's data as a ZIP of data.json and index.html. Audited as an
    export of their record."""
    person = people_services.my_person(user)
    if person is None:
        raise PermissionDenied("You have no profile in TalentBridge, so there is no data "
                               "about you as a leader to download.")
    data = collect(user, person, request=request)
    html = render_to_string("data_rights/export_index.jinja", {
        "person": person, "about": data["about this file"],
        "sections": [(title, data[key]) for key, title, _ in SECTIONS],
    })
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr("index.html", html)
    record(actor=user, action=AuditAction.EXPORT, target=person, request=request,
           detail={"what": "a copy of their data", "sections": [k for k, _, _ in SECTIONS]})
    return buffer.getvalue()
