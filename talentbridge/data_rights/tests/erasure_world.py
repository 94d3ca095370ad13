"""A synthetic leader with data in every app, under a name nothing else could contain, for the
erasure tests. Built through the services, as a user would leave it."""

from __future__ import annotations

import datetime as dt

import openpyxl
from django.test import Client
from django.test import override_settings
from django.utils import timezone

from talentbridge.core.mail import send_email
from talentbridge.notifications.services import notify
from talentbridge.opportunities import services as opportunity_services
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.tests.factories import make_interest
from talentbridge.opportunities.tests.factories import make_opportunity_world
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import make_career_entry
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import ensure_reference_data
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place

GIVEN, FAMILY = "Quillonia", "Vextrasby-Thorne"
EMAIL = "quillonia.vextrasby-thorne@nhs.net"
NHS_IDENTIFIER = "QVX-90817-26354"
#: What must not be found anywhere after erasing her.
TRACES = (f"{GIVEN} {FAMILY}", EMAIL, NHS_IDENTIFIER)


def _rename_alice(w) -> None:
    """Alice of the opportunity world becomes the unusually named subject, before any of her
    data exists."""
    person, user = w.alice_person, w.alice
    user.username, user.email = EMAIL, EMAIL
    user.first_name, user.last_name = GIVEN, FAMILY
    user.save()
    person.given_name, person.family_name, person.work_email = GIVEN, FAMILY, EMAIL
    person.nhs_identifier = NHS_IDENTIFIER
    person.save()
    w.subject, w.subject_user = person, user


def _talent(w) -> None:
    today = timezone.localdate()
    make_career_entry(w.subject, w.rj2)
    ProtectedCharacteristics.objects.create(person=w.subject, sex="F",
                                            date_of_birth=dt.date(1980, 5, 4))
    conversation_services.start_conversation(
        w.bob, w.subject, record_values(w, private_notes=f"{GIVEN} {FAMILY} asked for a mentor"))
    about_her = assessment_services.open_round(w.bob, w.subject,
                                               closes_on=today + dt.timedelta(days=14))
    assessment_services.invite_raters(w.bob, about_her, [("a.peer@nhs.net", "peer")],
                                      link_for=lambda token: token)
    # she rates Nina, through her emailed link
    tokens = []
    w.nina_round = assessment_services.open_round(w.bob, w.nina,
                                                  closes_on=today + dt.timedelta(days=14))
    assessment_services.invite_raters(w.bob, w.nina_round, [(EMAIL, "peer")],
                                      link_for=lambda token: tokens.append(token) or token)
    assessment_services.submit_rater(tokens[0], all_ratings())


def _reviews_and_pools(w) -> None:
    review = w.review = make_review(w)
    place(w, review, w.subject, rationale=f"{GIVEN} {FAMILY} led the winter plan")
    pool = pool_services.create_pool(
        w.bob, name="Aspiring directors", purpose="Future directors", entry_criteria="8c",
        scope_level="organisation", organisation=w.rj1)
    PoolMembership.objects.create(pool=pool, person=w.subject, joined_on="2026-01-01",
                                  review_on="2027-01-01")
    pool_services.nominate(w.bob, pool, person_id=w.nina.pk,
                           statement=f"Recommended by {GIVEN} {FAMILY} ({EMAIL})")
    w.pool = pool


def _opportunities(w) -> None:
    make_interest(w.opportunity, w.subject, statement="I would like to learn operations")
    run = opportunity_services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    w.run = run
    opportunity_services.offer(w.system_lead, run.proposals.get())


def _traces_elsewhere(w, storage) -> None:
    """A signed-in session, a page that read her record, a queued e-mail to her (a task
    result row), and a stored feed file naming her beside a colleague."""
    client = Client()
    client.force_login(w.subject_user)
    bob = Client()
    bob.force_login(w.bob)
    assert bob.get(f"/people/{w.subject.pk}/").status_code == 200
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        send_email.enqueue(f"Hello {GIVEN} {FAMILY}", "Your nomination", [EMAIL], None)
    storage.mkdir(parents=True, exist_ok=True)
    (storage / "feed-RJ1.csv").write_text(
        "nhs_identifier,given_name,family_name,email\n"
        f"{NHS_IDENTIFIER},{GIVEN},{FAMILY},{EMAIL}\n"
        "QVX-00000-00001,Nina,Nolan,nina.nolan@nhs.net\n", encoding="utf-8")
    workbook = openpyxl.Workbook()  # a feed whose import failed, kept for its retry
    workbook.active.append(["NHS identifier", "Given name", "Family name", "Work e-mail"])
    workbook.active.append([NHS_IDENTIFIER, GIVEN, FAMILY, EMAIL])
    workbook.save(storage / "feed-RJ1-retry.xlsx")
    notify(kind="opportunity_decision", subject=f"{GIVEN}, your placement was approved",
           body=f"Dear {GIVEN} {FAMILY}, ...", to_user=w.subject_user)


def subject_world(storage):
    """The opportunity world, with Alice renamed as the subject and given data everywhere."""
    ensure_reference_data()
    w = make_opportunity_world()
    w.grid = ReviewGrid.objects.get(code="nine_box")
    w.cells = {(c.column, c.row): c for c in GridCell.objects.filter(grid=w.grid)}
    w.readiness = {r.code: r for r in ReadinessLevel.objects.all()}
    w.nina = make_person(w.rj1, given_name="Nina", family_name="Nolan")
    w.mo = make_user("mo", first_name="Mo", last_name="Manager")
    _rename_alice(w)
    _talent(w)
    _reviews_and_pools(w)
    _opportunities(w)
    _traces_elsewhere(w, storage)
    return w
