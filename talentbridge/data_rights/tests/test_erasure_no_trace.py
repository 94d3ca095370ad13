"""Erasing a person leaves no trace of their name, e-mail or NHS identifier in any table or
stored file, while the audit trail and every aggregate figure still load."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.data_rights.erasure import erase_person
from talentbridge.data_rights.erasure import storage_roots
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import DomainRating

from .erasure_world import EMAIL
from .erasure_world import NHS_IDENTIFIER
from .erasure_world import TRACES
from .erasure_world import subject_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings, tmp_path):
    settings.INSIGHTS_STORAGE_DIR = tmp_path / "insights"
    settings.STAFF_RECORD_STORAGE_DIR = tmp_path / "feeds"
    return subject_world(tmp_path / "feeds")


def traces_in_tables() -> list[str]:
    """Every text and JSON column of every table (the audit trail, sessions and task results
    included), read as text."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = [f.attname for f in model._meta.concrete_fields
                   if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
        for row in model._base_manager.values_list("pk", *columns):
            text = " ".join(str(value) for value in row[1:]).lower()
            found += [f"{model._meta.label} {row[0]}: {trace}" for trace in TRACES
                      if trace.lower() in text]
    return found


def traces_in_files() -> list[str]:
    found = []
    for root in storage_roots():
        for path in (p for p in Path(root).rglob("*") if p.is_file()):
            data = path.read_bytes().lower()
            if path.suffix == ".xlsx":  # compressed: read its cells
                cells = openpyxl.load_workbook(path).active.iter_rows(values_only=True)
                data = repr(list(cells)).lower().encode()
            found += [f"{path.name}: {t}" for t in TRACES if t.lower().encode() in data]
    return found


def test_the_world_really_names_her_everywhere(w):
    """The scan finds her before erasure (so an empty scan afterwards means something)."""
    where = {line.split(" ")[0] for line in traces_in_tables()}
    assert {"people.Person", "accounts.User", "django_tasks_database.DBTaskResult",
            "talent.PoolNomination", "talent.CareerConversation",
            "talent.ReviewPlacement", "talent.Assessment",
            "notifications.Notification"} <= where
    assert traces_in_files()


def test_erasing_leaves_no_trace_and_everything_still_loads(w):
    subject_id, user_id = w.subject.pk, w.subject_user.pk
    answers_before = DomainRating.objects.visible_to(w.admin).filter(
        assessment__round=w.nina_round).count()
    erasure = erase_person(w.admin, w.subject,
                           reason=f"Her request under Article 17, from {EMAIL}")

    assert traces_in_tables() == []
    assert traces_in_files() == []
    assert erasure.files_rewritten == ["feed-RJ1-retry.xlsx", "feed-RJ1.csv"]
    assert not (Path(storage_roots()[1]) / "feed-RJ1-retry.xlsx").exists()
    assert "Nina" in (Path(storage_roots()[1]) / "feed-RJ1.csv").read_text()
    # her answers about Nina stay for Nina's result, without who gave them
    assert DomainRating.objects.visible_to(w.admin).filter(
        assessment__round=w.nina_round).count() == answers_before
    assert not Assessment.unscoped.filter(rater_user_id=user_id).exists()
    assert not ApiToken.objects.filter(user_id=user_id).exists()
    event = AuditEvent.objects.get(action=AuditAction.ERASE)
    assert (event.target_id, event.reason) == (str(subject_id),
                                               "Her request under Article 17, from [erased]")
    assert event.detail["erased"]["people"] == 1

    admin, lead = Client(), Client()
    admin.force_login(w.admin)
    lead.force_login(w.system_lead)
    trail = admin.get("/audit/", {"person": subject_id})
    assert trail.status_code == 200 and "erased person" in trail.content.decode()
    api = admin.get(f"/api/v1/audit/events?person={subject_id}")
    assert api.status_code == 200
    assert {e["target_label"] for e in api.json()["items"]
            if e["target_type"] == "people.person"} == {"erased person"}
    for page in ("/insights/", f"/talent/pools/{w.pool.pk}/", f"/opportunities/runs/{w.run.pk}/",
                 f"/opportunities/{w.opportunity.pk}/"):
        assert lead.get(page).status_code == 200, page
    assert NHS_IDENTIFIER not in admin.get("/audit/").content.decode()
    bob = Client()
    bob.force_login(w.bob)
    exports = [bob.get(f"/talent/reviews/{w.review.pk}/export.csv"),
               bob.get(f"/talent/pools/{w.pool.pk}/export.csv")]
    for export in exports:
        assert export.status_code == 200
        body = b"".join(export.streaming_content) if export.streaming else export.content
        assert not [t for t in TRACES if t.lower().encode() in body.lower()]


def test_an_account_other_records_need_is_kept_without_a_name(w):
    """Bob held her conversation and opened her assessment: those records keep pointing at
    his account, which is left inactive, without password, e-mail or name."""
    bob_id = w.bob.pk
    erase_person(w.admin, w.bob_person, reason="His request")
    bob = type(w.bob).objects.get(pk=bob_id)
    assert (bob.username, bob.email, bob.first_name, bob.is_active) == (
        f"erased-user-{bob_id}", "", "", False)
    assert not bob.has_usable_password()
    assert not Client().login(username="bob", password="password")
    admin = Client()
    admin.force_login(w.admin)
    trail = admin.get("/api/v1/audit/events?action=create&limit=100").json()["items"]
    assert "erased user" in {e["actor"] for e in trail if e["actor_id"] == bob_id}
