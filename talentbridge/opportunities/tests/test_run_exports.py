"""A match run's instance download and totals leak no hidden person and nothing derived from a
protected characteristic.

- Only someone who may see every person in the instance may download it (web and API, 403
  otherwise, and the page does not offer it); each download is audited.
- The files are the same, byte for byte, whatever any candidate's protected characteristics
  (Hypothesis): no column, alone or combined, can tell a candidate's group.
- The run page and the API show merit totals: the optimum's total is the sum of the shown
  proposals' merit, never the tie-break's scaled objective.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.opportunities import matching
from talentbridge.opportunities import services
from talentbridge.opportunities.codes import PositiveActionGroup
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import MatchRun
from talentbridge.people.codes import Visibility
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text

from .factories import make_interest
from .factories import make_opportunity
from .factories import make_opportunity_world

pytestmark = pytest.mark.django_db
API = "/api/v1/opportunities"


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> Client:
    _, key = ApiToken.issue(user, "tests")
    return Client(headers={"Authorization": f"Bearer {key}"})


def files_of(archive: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        return {name.rsplit("/", 1)[-1]: z.read(name).decode() for name in z.namelist()}


def candidate_ids(archive: bytes) -> set[int]:
    rows = csv.DictReader(io.StringIO(files_of(archive)["candidates.csv"]))
    return {int(row["candidate_id"]) for row in rows}


def exports_of(run) -> int:
    return AuditEvent.objects.filter(action=AuditAction.EXPORT, target_id=str(run.pk)).count()


# --------------------------------------------------------------------------------------
# (a) hidden people
# --------------------------------------------------------------------------------------


@pytest.fixture
def mixed_run():
    """A system run by the system lead: one leader who chose "national" (seen by the regional
    lead too) and three who chose "my system" (hidden from the regional lead)."""
    w = make_opportunity_world()
    w.opportunity.seats = 4
    w.opportunity.save()
    w.national = make_person(w.rj1, visibility=Visibility.NATIONAL)
    w.hidden = [make_person(w.rj1, visibility=Visibility.SYSTEM) for _ in range(3)]
    for person in [w.national, *w.hidden]:
        make_interest(w.opportunity, person)
    w.regional_lead = make_user("rhian", role=Role.REGIONAL_LEAD, scope=w.region)
    w.run = services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system)
    w.run.refresh_from_db()
    assert w.run.status == RunStatus.SUCCEEDED, w.run.error
    return w


def test_a_lead_who_cannot_see_everyone_in_the_run_cannot_download_it(mixed_run):
    w = mixed_run
    path = f"/opportunities/runs/{w.run.pk}/"
    page = web(w.regional_lead).get(path)
    assert page.status_code == 200  # the regional lead may see the run ...
    assert "Download the instance" not in page_text(page)  # ... but is not offered the file
    assert "only by someone who may see every person in it" in page_text(page)
    response = web(w.regional_lead).get(f"{path}instance.zip")
    assert response.status_code == 403
    assert response["Content-Type"] != "application/zip"
    response = api(w.regional_lead).get(f"{API}/runs/{w.run.pk}/instance.zip")
    assert response.status_code == 403
    body = response.content.decode()
    assert "people whose profiles you cannot see" in body
    for person in w.hidden:
        assert str(person.pk) not in re.findall(r"\d+", body)
        assert person.organisation.ods_code not in body
    assert exports_of(w.run) == 0  # nothing left the system


def test_the_runner_and_an_administrator_download_it_and_each_download_is_audited(mixed_run):
    w = mixed_run
    everyone = {w.national.pk, *(p.pk for p in w.hidden)}
    page = web(w.system_lead).get(f"/opportunities/runs/{w.run.pk}/")
    assert "Download the instance" in page_text(page)
    response = web(w.system_lead).get(f"/opportunities/runs/{w.run.pk}/instance.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert candidate_ids(response.content) == everyone
    response = api(w.admin).get(f"{API}/runs/{w.run.pk}/instance.zip")
    assert response.status_code == 200 and candidate_ids(response.content) == everyone
    events = AuditEvent.objects.filter(action=AuditAction.EXPORT, target_id=str(w.run.pk))
    assert sorted((e.actor_id, e.channel) for e in events) == sorted(
        [(w.system_lead.pk, "web"), (w.admin.pk, "api")])


def test_the_runner_is_refused_once_someone_in_it_is_hidden_from_them(mixed_run):
    """Visibility is checked at download time, not when the run was made."""
    w = mixed_run
    w.hidden[0].visibility = Visibility.ORGANISATION
    w.hidden[0].save()
    assert web(w.system_lead).get(
        f"/opportunities/runs/{w.run.pk}/instance.zip").status_code == 403
    assert api(w.system_lead).get(f"{API}/runs/{w.run.pk}/instance.zip").status_code == 403
    assert api(w.admin).get(f"{API}/runs/{w.run.pk}/instance.zip").status_code == 200


# --------------------------------------------------------------------------------------
# (b) nothing derived from protected characteristics
# --------------------------------------------------------------------------------------

#: Each candidate's characteristics and their opposite on every grouping a run may name.
FLIPS = {
    "ethnic_category": ("A", "N"),
    "sex": ("1", "2"),
    "disability": ("N", "Y"),
}

candidate = st.fixed_dictionaries({
    "ethnic_category": st.sampled_from(FLIPS["ethnic_category"]),
    "sex": st.sampled_from(FLIPS["sex"]),
    "disability": st.sampled_from(FLIPS["disability"]),
    # preference rank per opportunity (None: no interest); ties in merit are common
    "ranks": st.lists(st.sampled_from([1, 1, 2, None]), min_size=2, max_size=2),
})


def _export(run_pk: int, admin) -> bytes:
    """Run the whole task and download the instance as an administrator; roll it all back."""
    with transaction.atomic():
        run = MatchRun.objects.get(pk=run_pk)
        matching.execute(run)
        archive = services.export_instance(admin, run)
        transaction.set_rollback(True)
    return archive


def test_the_export_is_byte_identical_whatever_any_candidates_protected_group():
    w = make_opportunity_world()
    second = make_opportunity(w.rj2, posted_by=w.host_lead, title="Board observer")

    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(
        people=st.lists(candidate, min_size=2, max_size=6),
        group=st.sampled_from(PositiveActionGroup.values),
        seats=st.tuples(st.integers(1, 2), st.integers(1, 2)),
        release_cap=st.one_of(st.none(), st.integers(1, 3)),
        flip=st.integers(0, 5),
    )
    def check(people, group, seats, release_cap, flip):
        with transaction.atomic():
            opportunities = [w.opportunity, second]
            for opportunity, n in zip(opportunities, seats, strict=True):
                opportunity.seats = n
                opportunity.save()
            made = []
            for spec in people:
                person = make_person(w.rj1, visibility=Visibility.SYSTEM)
                ProtectedCharacteristics.objects.create(
                    person=person, **{name: spec[name] for name in FLIPS})
                for opportunity, rank in zip(opportunities, spec["ranks"], strict=True):
                    if rank is not None:
                        make_interest(opportunity, person, rank=rank)
                made.append(person)
            run = MatchRun.objects.create(
                scope=RunScope.SYSTEM, system=w.system, created_by=w.system_lead,
                weights=services.default_weights(), release_cap=release_cap,
                positive_action_group=group)
            before = _export(run.pk, w.admin)
            # Flip every protected characteristic of one candidate; nothing else changes.
            chosen = made[flip % len(made)].characteristics
            for name, (one, other) in FLIPS.items():
                setattr(chosen, name, other if getattr(chosen, name) == one else one)
            chosen.save()
            after = _export(run.pk, w.admin)
            assert after == before, (files_of(before), files_of(after))
            transaction.set_rollback(True)

    check()


def test_the_export_readme_says_scores_are_merit_and_the_tie_break_is_left_out():
    w = make_opportunity_world()
    make_interest(w.opportunity, make_person(w.rj1, visibility=Visibility.SYSTEM))
    run = services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system,
                             positive_action_group=PositiveActionGroup.WOMEN)
    run.refresh_from_db()
    files = files_of(services.export_instance(w.system_lead, run))
    assert sorted(files) == ["README.txt", "candidates.csv", "opportunities.csv", "pairs.csv"]
    assert files["candidates.csv"].splitlines()[0] == "candidate_id,employer"
    assert files["pairs.csv"].splitlines()[0] == "candidate_id,opportunity_id,score"
    assert "Scores are merit points only" in files["README.txt"]
    assert "That solve has no tie-break" in files["README.txt"]


# --------------------------------------------------------------------------------------
# (c) totals are merit
# --------------------------------------------------------------------------------------


def test_the_run_total_is_the_sum_of_the_shown_proposals_merit():
    """With the tie-break on, the solver's objective is merit × (C + 1) + people in the group;
    the page and the API show merit only."""
    w = make_opportunity_world()
    w.opportunity.seats = 2
    w.opportunity.save()
    second = make_opportunity(w.rj2, posted_by=w.host_lead, title="Board observer")
    for rank, sex in ((1, "2"), (1, "1"), (2, "2"), (3, "1")):
        person = make_person(w.rj1, visibility=Visibility.SYSTEM)
        ProtectedCharacteristics.objects.create(person=person, sex=sex)
        make_interest(w.opportunity, person, rank=rank)
        make_interest(second, person, rank=2)
    run = services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system,
                             positive_action_group=PositiveActionGroup.WOMEN)
    run.refresh_from_db()
    assert run.placements == 3

    page = web(w.system_lead).get(f"/opportunities/runs/{run.pk}/")
    html, text = page.content.decode(), page_text(page)
    optimal = re.search(r"Optimal \(exact\) ([\d,]+) (\d+)", text)
    greedy = re.search(r"Greedy \(best pair first\) ([\d,]+) (\d+)", text)
    # the Score cell of each proposal row: its merit, then its points by part
    shown = [int(s) for s in re.findall(r'<td class="nhsuk-table__cell">(\d+)<br>', html)]
    assert optimal and greedy
    assert len(shown) == 3  # every proposal is shown to the runner
    assert int(optimal[1].replace(",", "")) == sum(shown)
    assert int(greedy[1].replace(",", "")) <= sum(shown)

    body = api(w.system_lead).get(f"{API}/runs/{run.pk}").json()
    assert body["merit_total"] == sum(p["score"] for p in body["proposals"]) == sum(shown)
    assert body["greedy_merit_total"] == run.greedy_merit_total <= body["merit_total"]
    assert "objective" not in body and "greedy_objective" not in body


def test_proposals_of_equal_merit_are_listed_in_the_same_order_whatever_their_group():
    """The tie-break decides who is placed, never the order the page lists equal merit in
    (an order that put the group first would name who is in it)."""
    w = make_opportunity_world()
    w.opportunity.seats = 2
    w.opportunity.save()
    first = make_person(w.rj1, visibility=Visibility.SYSTEM, given_name="Fay")
    second = make_person(w.rj1, visibility=Visibility.SYSTEM, given_name="Gus")
    ProtectedCharacteristics.objects.create(person=first, sex="1")
    ProtectedCharacteristics.objects.create(person=second, sex="2")
    for person in (first, second):
        make_interest(w.opportunity, person, rank=1)
    run = services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system,
                             positive_action_group=PositiveActionGroup.WOMEN)
    run.refresh_from_db()
    text = page_text(web(w.system_lead).get(f"/opportunities/runs/{run.pk}/"))
    assert text.index(first.full_name) < text.index(second.full_name)
    body = api(w.system_lead).get(f"{API}/runs/{run.pk}").json()
    assert [p["person"]["id"] for p in body["proposals"]] == [first.pk, second.pk]
