"""The daily erasure: what passed its retention period goes, what did not stays, a second run
does nothing more, and the report holds ids and counts, never names."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.data_rights import retention
from talentbridge.data_rights.erasure import erase_expired
from talentbridge.data_rights.erasure import prune_audit_trail
from talentbridge.opportunities.codes import InterestStatus
from talentbridge.opportunities.models import Interest
from talentbridge.opportunities.tests.factories import make_interest
from talentbridge.opportunities.tests.factories import make_opportunity_world
from talentbridge.people.models import Person
from talentbridge.people.tests.factories import make_person
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations.tests.factories import all_ratings
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import DomainRating
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models.assessments import RoundStatus
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.reviews.tests.factories import ensure_reference_data

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


def _ago(days: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time()))


def _interests(w, long_gone, recent) -> tuple[int, int]:
    old = make_interest(w.opportunity, long_gone, status=InterestStatus.WITHDRAWN)
    new = make_interest(w.opportunity, recent, status=InterestStatus.WITHDRAWN)
    Interest.unscoped.filter(pk=old.pk).update(withdrawn_at=_ago(400))
    Interest.unscoped.filter(pk=new.pk).update(withdrawn_at=_ago(30))
    return old.pk, new.pk


def _nomination(w, person) -> int:
    pool = TalentPool.objects.create(name="Aspiring directors", purpose="p", entry_criteria="c",
                                     scope_level="organisation", organisation=w.rj1,
                                     owner=w.bob)
    nomination = PoolNomination.objects.create(pool=pool, person=person, route="talent_lead",
                                               nominated_by=w.bob, statement="Ready",
                                               status=NominationStatus.WITHDRAWN)
    PoolNomination.unscoped.filter(pk=nomination.pk).update(created_at=_ago(500))
    return nomination.pk


def _closed_round(w) -> int:
    """Nina's round, closed 400 days ago, answered by a peer through their link."""
    tokens = []
    opened = assessment_services.open_round(w.bob, w.nina, closes_on=timezone.localdate()
                                            + dt.timedelta(days=3))
    assessment_services.invite_raters(w.bob, opened, [("a.peer@nhs.net", "peer")],
                                      link_for=lambda token: tokens.append(token) or token)
    assessment_services.submit_rater(tokens[0], all_ratings())
    type(opened).unscoped.filter(pk=opened.pk).update(
        status=RoundStatus.CLOSED, closes_on=TODAY - dt.timedelta(days=400))
    return opened.pk


@pytest.fixture
def w():
    ensure_reference_data()
    w = make_opportunity_world()
    w.nina = make_person(w.rj1, given_name="Nina", family_name="Nolan")
    w.gone = make_person(w.rj1, given_name="Gwendolyn", family_name="Longgone",
                         left_nhs_on=TODAY - dt.timedelta(days=731))
    w.recent = make_person(w.rj1, given_name="Rowan", family_name="Recent",
                           left_nhs_on=TODAY - dt.timedelta(days=700))
    w.old_interest, w.new_interest = _interests(w, w.gone, w.recent)
    w.nomination = _nomination(w, w.nina)
    w.round = _closed_round(w)
    return w


def test_what_passed_its_period_goes_and_the_rest_stays(w):
    ratings = DomainRating.unscoped.filter(assessment__round_id=w.round).count()
    report = erase_expired(TODAY)
    assert report["people_erased"] == [w.gone.pk]
    assert (report["withdrawn_interests"], report["withdrawn_nominations"]) == (0, 1)
    assert report["closed_round_answers"] == 1
    assert not Person.unscoped.filter(pk=w.gone.pk).exists()
    assert Person.unscoped.filter(pk=w.recent.pk).exists()
    # the old interest went with its person; the recent one stays
    assert list(Interest.unscoped.values_list("pk", flat=True)) == [w.new_interest]
    assert not PoolNomination.unscoped.filter(pk=w.nomination).exists()
    peer = Assessment.unscoped.get(round_id=w.round, rater_kind="peer")
    assert (peer.invited_email, peer.rater_user_id, peer.token_hash) == ("", None, None)
    assert DomainRating.unscoped.filter(assessment__round_id=w.round).count() == ratings
    erased = AuditEvent.objects.get(action=AuditAction.ERASE)
    assert erased.target_id == str(w.gone.pk) and "left the NHS on" in erased.reason
    assert "Longgone" not in json.dumps(report) + erased.reason + str(erased.detail)


def test_two_workers_running_it_at_once_erase_each_person_once(w, monkeypatch):
    # Each worker runs the daily erasure when it starts: the other may erase someone between
    # this one listing them and locking their record.
    listed = list(retention.people_who_left(TODAY))
    erase_expired(TODAY)  # the other worker, first
    monkeypatch.setattr(retention, "people_who_left", lambda today: listed)
    assert erase_expired(TODAY)["people_erased"] == []
    assert AuditEvent.objects.filter(action=AuditAction.ERASE).count() == 1


def test_a_second_run_does_nothing_more(w):
    erase_expired(TODAY)
    events = AuditEvent.objects.count()
    again = erase_expired(TODAY)
    assert again == {"people_erased": [], "withdrawn_interests": 0, "withdrawn_nominations": 0,
                     "closed_round_answers": 0, "notifications": 0, "departed_board_members": 0,
                     "audit_events_due": 0}
    assert AuditEvent.objects.count() == events


def test_a_withdrawn_interest_past_its_period_goes(w):
    Interest.unscoped.filter(pk=w.new_interest).update(withdrawn_at=_ago(366))
    assert erase_expired(TODAY)["withdrawn_interests"] == 1
    assert not Interest.unscoped.filter(pk=w.new_interest).exists()


def test_a_shorter_setting_erases_sooner(w, settings):
    settings.TALENTBRIDGE_RETENTION = {"left_nhs": 365}
    assert erase_expired(TODAY)["people_erased"] == sorted([w.gone.pk, w.recent.pk])


def test_the_command_reports_and_its_dry_run_changes_nothing(w, capsys):
    call_command("erase_expired", "--dry-run", "--today", TODAY.isoformat())
    due = json.loads(capsys.readouterr().out)
    assert due["people_to_erase"] == [w.gone.pk] and due["withdrawn_nominations"] == 1
    assert Person.unscoped.filter(pk=w.gone.pk).exists()
    call_command("erase_expired", "--today", TODAY.isoformat())
    assert json.loads(capsys.readouterr().out)["people_erased"] == [w.gone.pk]


def test_old_audit_events_are_pruned_by_the_owner(w):
    erase_expired(TODAY)
    assert prune_audit_trail(timezone.localdate() + dt.timedelta(days=6 * 365 + 1)) > 0
    [left] = AuditEvent.objects.all()
    assert left.action == AuditAction.DELETE and left.detail["retention"] == "audit_events"
