"""Talent pool services: nominations by each route, decisions with reasons, exits, the
composition as suppressed aggregates, and exports."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models.pools import NominationRoute
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.pools import PoolStatus
from talentbridge.talent.reviews import exports
from talentbridge.talent.reviews import pool_services as services
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.talent.reviews.tests.factories import review_world


@pytest.fixture
def w(db):
    return review_world()


def make_pool(w, by=None, **fields):
    values = {"name": "Aspiring directors — RJ1", "purpose": "Develop future directors",
              "entry_criteria": "Band 8c or above", "scope_level": "organisation",
              "organisation": w.rj1, **fields}
    return services.create_pool(by or w.bob, **values)


def test_nominations_by_self_line_manager_and_talent_lead(w):
    pool = make_pool(w)
    mine = services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="I'm ready")
    reports = services.nominate(w.mo, pool, person_id=w.reports[0].pk, statement="Strong")
    lead = services.nominate(w.bob, pool, person_id=w.reports[1].pk, statement="Stretch")
    assert [mine.route, reports.route, lead.route] == [
        NominationRoute.SELF, NominationRoute.LINE_MANAGER, NominationRoute.TALENT_LEAD]
    assert list(services.my_nominations(w.alice)) == [mine]


def test_self_nomination_to_a_closed_pool_is_refused_and_changes_nothing(w):
    pool = make_pool(w, status=PoolStatus.CLOSED)
    with pytest.raises(ValidationError) as error:
        services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="Please")
    message = error.value.message_dict["pool"][0]
    assert "is closed to nominations" in message and "nominate yourself" in message
    assert not PoolNomination.unscoped.exists()


def test_approval_makes_a_member_with_a_review_date_and_decline_needs_a_reason(w):
    pool = make_pool(w, review_interval_months=6)
    yes = services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="Ready")
    no = services.nominate(w.mo, pool, person_id=w.reports[0].pk, statement="Keen")
    with pytest.raises(ValidationError) as error:
        services.decide(w.bob, no, approve=False, reason=" ")
    assert "Enter the reason" in error.value.message_dict["reason"][0]
    with pytest.raises(PermissionDenied):
        services.decide(w.alice, yes, approve=True, reason="Self-approval")
    services.decide(w.bob, yes, approve=True, reason="Meets the criteria")
    services.decide(w.bob, no, approve=False, reason="Not yet at band 8c")
    membership = PoolMembership.unscoped.get()
    assert membership.person == w.alice_person
    assert services.add_months(membership.joined_on, 6) == membership.review_on
    no.refresh_from_db()
    assert no.status == NominationStatus.DECLINED and no.decision_reason == "Not yet at band 8c"
    with pytest.raises(ValidationError):
        services.decide(w.bob, no, approve=True, reason="Changed my mind")
    services.exit_member(w.bob, membership, reason="Appointed director")
    membership.refresh_from_db()
    assert membership.exited_on and membership.exit_reason == "Appointed director"
    # Several pools at once, and a new nomination after leaving
    other = make_pool(w, name="Board observers")
    services.nominate(w.alice, other, person_id=w.alice_person.pk, statement="Yes")
    services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="Again")


def test_withdrawal_by_the_nominee_only_while_pending(w):
    pool = make_pool(w)
    nomination = services.nominate(w.mo, pool, person_id=w.reports[0].pk, statement="Keen")
    with pytest.raises(PermissionDenied):
        services.withdraw(w.alice, nomination)
    services.withdraw(w.mo, nomination)
    with pytest.raises(ValidationError):
        services.withdraw(w.mo, nomination)


def test_people_outside_the_pool_scope_and_duplicates_are_refused(w):
    pool = make_pool(w)
    elsewhere = make_person(w.rj2, visibility="national", given_name="Nat")
    lead = make_user("nat.lead", role=Role.NATIONAL_LEAD)
    with pytest.raises(ValidationError) as error:
        services.nominate(lead, pool, person_id=elsewhere.pk, statement="Good")
    assert "outside this pool's scope" in error.value.message_dict["person"][0]
    services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="Ready")
    with pytest.raises(ValidationError) as error:
        services.nominate(w.bob, pool, person_id=w.alice_person.pk, statement="Also")
    assert "awaiting a decision" in error.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as error:
        services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="s" * 2001)
    assert "2000 characters or fewer" in error.value.message_dict["statement"][0]


def test_composition_is_aggregate_and_a_small_pool_shows_no_make_up(w):
    pool = make_pool(w)
    people = [make_person(w.rj1, given_name=f"Member{i}") for i in range(12)]
    for i, person in enumerate(people):
        ProtectedCharacteristics.objects.create(
            person=person, ethnic_category="A" if i < 9 else "N", sex="2" if i < 10 else "1",
            disability="N")
        PoolMembership.objects.create(pool=pool, person=person, joined_on="2026-01-01",
                                      review_on="2027-01-01")
    result = services.composition(w.bob, pool)
    assert result.size == 12 and result.counted == "you can see"  # bob manages: exact
    assert result.ethnicity is result.sex is result.disability is None  # 12 < 20
    assert result.makeup_note == "Not shown: fewer than 20 members"
    assert result.organisations == [(w.rj1.display_name, 12)]
    with pytest.raises(PermissionDenied):
        services.composition(w.alice, pool)


def test_exports_include_only_visible_people_and_are_audited(w):
    review = make_review(w)
    place(w, review, w.alice_person, rationale="=HYPERLINK(evil)")
    export = exports.export_review(w.bob, review, "csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [r["Name"] for r in rows] == ["Alice Ashworth"]
    assert rows[0]["Rationale"].startswith("'=")  # no formula injection
    assert set(rows[0]) == {"Name", "Organisation", "Band or grade", "Cell", "Proposed cell",
                            "Readiness", "Rationale"}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, target_id=str(review.pk))
    xlsx = exports.export_review(w.bob, review, "xlsx")
    assert xlsx.content[:2] == b"PK" and xlsx.filename.endswith(".xlsx")
    with pytest.raises(PermissionDenied):
        exports.export_review(w.mo, review, "csv")
    with pytest.raises(ValidationError):
        exports.export_review(w.bob, review, "pdf")
    pool = make_pool(w)
    nomination = services.nominate(w.alice, pool, person_id=w.alice_person.pk, statement="Me")
    services.decide(w.bob, nomination, approve=True, reason="Meets criteria")
    pool_csv = exports.export_pool(w.bob, pool, "csv").content.decode()
    assert pool_csv.splitlines()[0] == "Name,Organisation,Readiness,Joined,Membership review date"
    assert "Alice Ashworth" in pool_csv
    membership = pool.memberships.get()
    assert f"{membership.joined_on.isoformat()},{membership.review_on.isoformat()}" in pool_csv
    sheet = load_workbook(io.BytesIO(exports.export_pool(w.bob, pool, "xlsx").content)).active
    joined, review_on = sheet["D2"], sheet["E2"]
    assert joined.is_date and review_on.is_date  # real dates, not text
    assert joined.value.date() == membership.joined_on
    assert review_on.value.date() == membership.review_on
    assert joined.number_format == "dd/mm/yyyy"
    empty = exports.export_pool(w.bob, make_pool(w, name="Empty"), "csv").content.decode()
    assert empty.splitlines() == ["Name,Organisation,Readiness,Joined,Membership review date"]
