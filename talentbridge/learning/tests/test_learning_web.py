"""The learning log's pages as a leader uses them: writing, bad input, sharing refused,
deleting with a confirmation, and the library of anonymised lessons (publish with a preview,
search, report, remove)."""

from __future__ import annotations

import pytest

from talentbridge.audit.models import AuditEvent
from talentbridge.core.tests.signing_in import client_for
from talentbridge.learning.models import Entry
from talentbridge.learning.models import Lesson
from talentbridge.learning.models import LessonReport
from talentbridge.learning.models import Share
from talentbridge.learning.tests.factories import MARKER
from talentbridge.learning.tests.factories import learning_world
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db

DATE = {"happened_on_day": "2", "happened_on_month": "3", "happened_on_year": "2026"}


@pytest.fixture
def w():
    return learning_world()


def test_an_empty_entry_and_an_unknown_domain_are_refused_naming_the_field(w):
    alice = client_for(w.alice)
    empty = alice.post("/learning/entries/new/", {**DATE, "do_differently": "Ask sooner"})
    assert empty.status_code == 400
    assert ('Write what happened or what you learnt: "what happened" and "what I learnt" are '
            "both empty") in error_summary(empty)
    unknown = alice.post("/learning/entries/new/", {**DATE, "what_happened": "x",
                                                    "lcf_domain": "9"})
    assert unknown.status_code == 400
    assert '"9" is not one of the options' in error_summary(unknown)
    assert Entry.objects.visible_to(w.alice).count() == 1  # only the world's entry


def test_a_learning_review_asks_about_the_system_and_never_who_was_to_blame(w):
    alice = client_for(w.alice)
    form = page_text(alice.get("/learning/entries/new-learning-review/"))
    for question in ("What was happening around you at the time",
                     "What pressures were you under",
                     "What information did you have, and what was missing",
                     "What did the way things are set up make easy or hard",
                     "The choices you made, and why they made sense at the time"):
        assert question in form
    assert "blame" not in form.replace("not blame", "").replace("not ask who", "")
    response = alice.post("/learning/entries/new-learning-review/", {
        **DATE, "what_happened": "A handover went wrong", "circumstances": "Two wards short",
        "what_i_learnt": "Check the handover list"})
    entry = Entry.objects.visible_to(w.alice).order_by("-pk").first()
    assert response.status_code == 302 and entry.kind == "learning_review"
    page = page_text(alice.get(f"/learning/entries/{entry.pk}/"))
    assert "What was happening around me" in page and "Two wards short" in page


def test_sharing_with_someone_else_is_refused_naming_them(w):
    alice = client_for(w.alice)
    page = page_text(alice.get(f"/learning/entries/{w.entry.pk}/share/"))
    assert "Meg Mentor, your mentor" in page and "Mo Manager, your line manager" in page
    assert "Cora" not in page  # her coaching ended
    refused = alice.post(f"/learning/entries/{w.entry.pk}/share/",
                         {"person": f"mentor:{w.bob_person.pk}"})
    assert refused.status_code == 400
    assert '"mentor:' in error_summary(refused)  # not one of the options
    assert not Share.unscoped.exists()


def test_the_service_names_the_person_it_refuses(w):
    from django.core.exceptions import ValidationError

    from talentbridge.learning import services

    ending = ("you can share an entry only with your current mentors and coaches and your "
              "line manager")
    with pytest.raises(ValidationError) as refused:
        services.share_entry(w.alice, w.entry, person_id=w.mo_person.pk, route="mentor")
    assert refused.value.message_dict["person"] == [
        f"Mo Manager is not your current mentor or coach: {ending}"]
    with pytest.raises(ValidationError) as refused:
        services.share_entry(w.alice, w.entry, person_id=w.meg_person.pk, route="line_manager")
    assert refused.value.message_dict["person"] == [
        f"Meg Mentor is not your line manager: {ending}"]
    # someone she may not see is named by id only: a refusal reveals no one's name
    with pytest.raises(ValidationError) as refused:
        services.share_entry(w.alice, w.entry, person_id=w.cora_person.pk, route="mentor")
    assert refused.value.message_dict["person"] == [
        f"person {w.cora_person.pk} is not your current mentor or coach: {ending}"]
    assert not w.entry.shares.exists()


def test_deleting_asks_first_and_deletes_the_entry_and_its_shares_at_once(w):
    alice = client_for(w.alice)
    alice.post(f"/learning/entries/{w.entry.pk}/share/", {"person": f"mentor:{w.meg_person.pk}"})
    assert Share.unscoped.count() == 1
    confirm = page_text(alice.get(f"/learning/entries/{w.entry.pk}/delete/"))
    assert "Are you sure you want to delete this entry?" in confirm
    assert Entry.objects.visible_to(w.alice).exists()
    alice.post(f"/learning/entries/{w.entry.pk}/delete/")
    assert not Entry.unscoped.exists() and not Share.unscoped.exists()
    assert client_for(w.meg).get(f"/learning/entries/{w.entry.pk}/").status_code == 404


LESSON = {"title": "Escalate early", "text": "When the rota broke, I waited too long to ask.",
          "lcf_domain": "5", "tags": "rota, escalation"}


def test_a_lesson_is_previewed_with_a_warning_then_published_without_its_author(w):
    alice = client_for(w.alice)
    before = AuditEvent.objects.count()
    preview = alice.post("/learning/lessons/new/", LESSON)
    text = page_text(preview)
    assert "Check your lesson before you publish it" in text
    assert "Names, places, dates" in text
    assert not Lesson.objects.exists()  # a preview stores nothing
    alice.post("/learning/lessons/new/", {**LESSON, "publish": "1"})
    lesson = Lesson.objects.get()
    assert lesson.published_month.day == 1
    fields = {f.name for f in Lesson._meta.get_fields()}
    assert fields == {"id", "title", "text", "lcf_domain", "tags", "published_month",
                      "reports"}
    events = list(AuditEvent.objects.order_by("pk")[before:before + 10])
    [published] = [e for e in events if e.target_type == "learning.lesson"]
    assert (published.actor_id, published.target_id, published.request_id) == (None, "", "")
    assert published.detail == {"what": "a lesson was published"}
    assert not [e for e in events if e.actor_id == w.alice.pk]


def test_publishing_an_empty_lesson_is_refused_naming_the_field(w):
    alice = client_for(w.alice)
    response = alice.post("/learning/lessons/new/", {**LESSON, "text": "  ", "publish": "1"})
    assert response.status_code == 400
    assert "Write the lesson: the lesson is empty" in error_summary(response)
    assert not Lesson.objects.exists()


def test_leaders_search_lessons_report_one_and_an_administrator_removes_it(w):
    client_for(w.alice).post("/learning/lessons/new/", {**LESSON, "publish": "1"})
    client_for(w.alice).post("/learning/lessons/new/", {
        "title": "Budget talks", "text": "Share the numbers early.", "lcf_domain": "4",
        "publish": "1"})
    charlie = client_for(w.charlie)
    assert "Escalate early" in page_text(charlie.get("/learning/lessons/?q=rota"))
    assert "Budget talks" not in page_text(charlie.get("/learning/lessons/?q=rota"))
    assert "Budget talks" in page_text(charlie.get("/learning/lessons/?lcf_domain=4"))
    lesson = Lesson.objects.get(title="Escalate early")
    charlie.post(f"/learning/lessons/{lesson.pk}/report/", {"reason": "Names the ward"})
    assert LessonReport.objects.get().lesson == lesson
    assert charlie.get(f"/learning/lessons/{lesson.pk}/remove/").status_code == 403
    admin = client_for(w.admin)
    assert "Names the ward" in page_text(admin.get("/learning/lessons/reported/"))
    admin.post(f"/learning/lessons/{lesson.pk}/remove/")
    assert not Lesson.objects.filter(pk=lesson.pk).exists()
    assert charlie.get(f"/learning/lessons/{lesson.pk}/").status_code == 404


def test_my_profile_links_to_the_learning_log(w):
    assert "Learning log" in page_text(client_for(w.alice).get("/people/me/"))
    home = page_text(client_for(w.alice).get("/learning/"))
    assert "Only you can read your entries" in home and f"Title {MARKER}" in home
