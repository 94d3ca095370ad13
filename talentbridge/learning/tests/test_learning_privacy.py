"""The learning log's privacy, proved from outside: the raw column holds only ciphertext, no
entry text reaches the audit trail, errors or other apps' pages and files, and only the
learning log's own faces, the author's copy of their data and the demo import the app."""

from __future__ import annotations

import ast
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.db import connection

from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.signing_in import client_for
from talentbridge.learning import crypto
from talentbridge.learning import services
from talentbridge.learning.models import Entry
from talentbridge.learning.models import ShareRoute
from talentbridge.learning.tests.factories import MARKER
from talentbridge.learning.tests.factories import learning_world
from talentbridge.learning.tests.factories import write_entry
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.reviews.tests.factories import ensure_reference_data
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place

pytestmark = pytest.mark.django_db

TEXT_COLUMNS = ("title", "what_happened", "what_i_learnt", "do_differently", "tags",
                "circumstances", "pressures", "information", "system_factors", "choices_made")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def w():
    return learning_world()


def test_the_raw_database_columns_hold_only_ciphertext(w):
    write_entry(w.alice_person, kind="learning_review", circumstances=f"Busy {MARKER}",
                pressures=f"Targets {MARKER}", information=f"Late {MARKER}",
                system_factors=f"Rota {MARKER}", choices_made=f"Chose {MARKER}")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(TEXT_COLUMNS)} FROM learning_entry")  # noqa: S608
        rows = cursor.fetchall()
    assert len(rows) == 2
    values = [value for row in rows for value in row]
    assert all(value.startswith(crypto.PREFIX) for value in values)
    assert not any(MARKER in value or "Zanzibar" in value for value in values)
    # and the application reads it back as written
    assert Entry.objects.visible_to(w.alice).get(pk=w.entry.pk).what_happened == (
        f"What happened {MARKER}")


def test_an_entry_never_says_what_it_holds(w):
    share = services.share_entry(w.alice, w.entry, person_id=w.meg_person.pk,
                                 route=ShareRoute.MENTOR)
    for thing in (w.entry, share):
        assert MARKER not in str(thing) and MARKER not in repr(thing)


def test_a_value_no_key_opens_is_refused_without_its_text(w, settings):
    settings.TALENTBRIDGE_LEARNING_KEYS = [crypto.Fernet.generate_key().decode()]
    with pytest.raises(crypto.UndecryptableEntry) as refused:
        Entry.objects.visible_to(w.alice).get(pk=w.entry.pk)
    assert "TALENTBRIDGE_LEARNING_KEYS" in str(refused.value)
    assert MARKER not in str(refused.value)


def _trail_text() -> str:
    return json.dumps([[e.actor_label, e.target_type, e.target_id, e.target_label, e.reason,
                        e.detail] for e in AuditEvent.objects.all()])


def test_the_audit_trail_holds_ids_never_an_entry_s_text(w):
    alice = client_for(w.alice)
    alice.post("/learning/entries/new/", {
        "happened_on_day": "2", "happened_on_month": "3", "happened_on_year": "2026",
        "what_happened": f"Second {MARKER}", "what_i_learnt": f"More {MARKER}"})
    entry = Entry.objects.visible_to(w.alice).exclude(pk=w.entry.pk).get()
    alice.post(f"/learning/entries/{entry.pk}/share/", {"person": f"mentor:{w.meg_person.pk}"})
    assert client_for(w.meg).get(f"/learning/entries/{entry.pk}/").status_code == 200
    client_for(w.mo).get(f"/learning/entries/{entry.pk}/")  # refused: recorded as a refusal
    alice.post(f"/learning/entries/{entry.pk}/delete/")
    assert not Entry.objects.visible_to(w.alice).filter(pk=entry.pk).exists()
    trail = _trail_text()
    assert AuditEvent.objects.filter(target_type="learning.entry").count() >= 3
    assert MARKER not in trail and "Second" not in trail
    admin = client_for(w.admin)
    assert MARKER not in admin.get("/audit/").content.decode()
    assert MARKER not in admin.get("/api/v1/audit/events").content.decode()


def test_the_api_never_echoes_entry_text_in_an_error(w):
    from talentbridge.learning.tests.test_learning_access_matrix import api_client

    api = api_client(w.alice)
    too_long = api.post("/api/v1/learning/entries", {
        "happened_on": "2026-03-02", "what_happened": MARKER * 400},
        content_type="application/json")
    assert too_long.status_code == 400
    assert "what_happened" in too_long.content.decode()
    assert MARKER not in too_long.content.decode()
    wrong_domain = api.post("/api/v1/learning/entries", {
        "happened_on": "2026-03-02", "what_happened": MARKER, "lcf_domain": 9},
        content_type="application/json")
    assert wrong_domain.status_code == 400
    assert wrong_domain.json()["errors"] == [{
        "field": "lcf_domain", "value": 9,
        "message": 'Choose one of the six Leadership Competency Framework domains ("9" is not '
                   "one of them)"}]
    assert MARKER not in wrong_domain.content.decode()
    assert Entry.objects.visible_to(w.alice).count() == 1


def _zip_text(response) -> str:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return "".join(archive.read(name).decode() for name in archive.namelist())


def test_only_the_author_s_own_data_copy_holds_her_entries(w):
    services.share_entry(w.alice, w.entry, person_id=w.meg_person.pk, route=ShareRoute.MENTOR)
    own = _zip_text(client_for(w.alice).get("/my-data/download/"))
    assert f"What happened {MARKER}" in own  # decrypted, for her
    data = json.loads(zipfile.ZipFile(io.BytesIO(client_for(w.alice).get(
        "/my-data/download/").content)).read("data.json"))
    [row] = data["learning log"]
    assert [s["name"] for s in row["shared with"]] == [w.meg_person.full_name]
    for who in ("meg", "mo", "bob"):  # readers and managers: their own copies only
        assert MARKER not in _zip_text(client_for(getattr(w, who)).get("/my-data/download/"))


def test_other_apps_pages_search_and_files_never_hold_an_entry(w):
    """Talent search, profiles, talent pages, reviews and calibration, the administrator's
    person pages, insights and the audit trail, as everyone who might see Alice."""
    ensure_reference_data()
    w.grid = ReviewGrid.objects.get(code="nine_box")
    w.cells = {(c.column, c.row): c for c in w.grid.cells.all()}
    w.readiness = {r.code: r for r in ReadinessLevel.objects.all()}
    review = make_review(w)
    place(w, review, w.alice_person)
    alice = w.alice_person.pk
    pages = {
        "bob": [f"/people/{alice}/", f"/talent/people/{alice}/", "/talent/search/?name=Ashworth",
                "/people/?name=Ashworth", f"/talent/reviews/{review.pk}/",
                f"/talent/reviews/{review.pk}/export.csv", f"/api/v1/people/{alice}",
                "/api/v1/talent/search?name=Ashworth", f"/api/v1/talent/reviews/{review.pk}",
                f"/talent/placements/person/{alice}/"],
        "mo": [f"/people/{alice}/", f"/talent/people/{alice}/", "/people/?name=Ashworth"],
        "admin": [f"/people/{alice}/", f"/people/{alice}/account/", f"/people/{alice}/edit/",
                  "/audit/", f"/audit/?person={alice}", "/api/v1/audit/events",
                  "/talent/search/?name=Ashworth"],
        "orla": [f"/people/{alice}/account/", "/staff-record/"],
        "ana": ["/insights/", "/succession/bench-strength/?scope=ENGLAND"],
    }
    seen = 0
    for who, paths in pages.items():
        client = client_for(getattr(w, who))
        for path in paths:
            response = client.get(path)
            assert MARKER not in response.content.decode(errors="replace"), (who, path)
            seen += response.status_code == 200
    assert seen >= 18  # the pages answered: they were read, and held nothing of the entry


#: The only modules outside the app that may import it, and why.
IMPORTERS = {
    "talentbridge/config/urls.py": "the pages",
    "talentbridge/config/api.py": "the API",
    "talentbridge/data_rights/export.py": "the author's own copy of their data",
    "talentbridge/demo/learning.py": "the synthetic demo entries",
    "talentbridge/demo/extras.py": "the demo builders' list",
}


def test_no_other_app_reads_the_learning_log():
    """No search, insights, talent, review or administration module can include an entry: none
    imports the learning app."""
    found = set()
    for path in (ROOT / "talentbridge").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("talentbridge/learning/") or "/tests/" in relative:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.startswith("talentbridge.learning") for n in names):
                found.add(relative)
    assert found <= set(IMPORTERS), sorted(found - set(IMPORTERS))


def test_error_reports_leave_out_what_was_posted_to_an_entry(w):
    """Django's error reports (a server error's e-mail or page) hide every posted value of the
    pages that write entries."""
    alice = client_for(w.alice)
    for path in ("/learning/entries/new/", "/learning/entries/new-learning-review/",
                 f"/learning/entries/{w.entry.pk}/edit/"):
        response = alice.post(path, {"what_happened": MARKER})
        assert response.wsgi_request.sensitive_post_parameters == "__ALL__", path
