"""Data governance of imports: a file declares its area and must cover every NHS trust in it;
only those whose own area contains it may import it; figures for an area come only from
snapshots covering it; a snapshot to compare with must be earlier and one the user may see."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.insights import scopes
from talentbridge.insights import services
from talentbridge.insights import storage
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text

from .workforce import AS_OF
from .workforce import HEADER
from .workforce import PREVIOUS
from .workforce import import_both
from .workforce import import_events
from .workforce import recruitment_csv
from .workforce import snapshot_csv

pytestmark = pytest.mark.django_db
LATER = dt.date(2026, 11, 1)
ONE_ROW = f"{HEADER}\nR0A-8a-W-0,R0A,8a,08,A,M,Y,1980-01-01,1.0,2010-01-01,N\n".encode()
RULE = "Refused: a file must have rows for every NHS trust in the area it is for"


def _auth(user) -> dict:
    _, key = ApiToken.issue(user, "governance")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _parquet_files() -> list:
    folder = storage.root() / "parquet"
    return sorted(folder.glob("*")) if folder.exists() else []


def _defaults(nhs) -> dict:
    return {key: getattr(services.default_snapshot(scopes.parse(key)), "pk", None)
            for key in ("england", "region:Y62", "system:QOP", "organisation:R0A")}


def test_a_one_row_later_file_for_part_of_an_area_is_refused_and_changes_nothing(client, nhs):
    both = import_both(nhs)
    before, files = _defaults(nhs), _parquet_files()
    assert before["england"] == both.current.pk
    response = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("later.csv", ONE_ROW), "as_of": LATER.isoformat(),
        "scope": "system:QOP"}, **_auth(nhs.analyst))
    body = response.json()
    assert response.status_code == 202 and body["status"] == "rejected"
    assert body["message"].startswith(RULE)
    assert "for NHS Greater Manchester" not in body["message"]
    assert "Greater Manchester (QOP) on 1 November 2026 has no rows for RM3" in body["message"]
    assert [(r["line"], r["field"], r["value"]) for r in body["rejected_rows"]] == [
        (0, "org_code", "RM3")]
    assert WorkforceSnapshot.objects.get(pk=body["id"]).parquet_path == ""
    assert _parquet_files() == files  # nothing stored
    assert not WorkforceSnapshot.objects.ready().filter(as_of=LATER).exists()
    assert _defaults(nhs) == before  # nobody's default snapshot changed
    client.force_login(nhs.org_lead)
    assert "1 October 2026 (267 staff)" in page_text(client.get(reverse("insights:dashboard")))


def test_the_page_names_the_missing_organisations(client, nhs):
    client.force_login(nhs.analyst)
    response = client.post(reverse("insights:import-snapshot"), {
        "file": SimpleUploadedFile("later.csv", ONE_ROW), "as_of_day": 1,
        "as_of_month": 11, "as_of_year": 2026, "scope": "region:Y62"}, follow=True)
    text = page_text(response)
    assert RULE in text and "has no rows for RBN, RM3" in text
    assert "The file: Organisation code: no rows for this organisation" in \
        error_summary(response)


def test_an_organisation_s_own_file_is_used_for_that_organisation_only(client, nhs):
    both = import_both(nhs)
    record, _ = services.start_snapshot_import(
        make_user("r0a.analyst", role=Role.ANALYST, scope=nhs.r0a), ONE_ROW,
        filename="r0a.csv", as_of=LATER, scope="organisation:R0A",
        run=services.run_snapshot_import)
    record.refresh_from_db()
    assert record.status == "ready" and record.scope_key == "organisation:R0A"
    defaults = _defaults(nhs)
    assert defaults["organisation:R0A"] == record.pk
    assert defaults["england"] == defaults["region:Y62"] == defaults["system:QOP"] == \
        both.current.pk
    auth = _auth(nhs.admin)
    listed = client.get("/api/v1/insights/snapshots", {"scope": "system:QOP"}, **auth).json()
    assert [s["id"] for s in listed] == [both.current.pk, both.previous.pk]
    refused = client.get("/api/v1/insights/pipeline", {"scope": "system:QOP",
                                                        "snapshot": record.pk}, **auth)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "snapshot"
    assert f"snapshot with id {record.pk}" in refused.json()["errors"][0]["message"]
    client.force_login(nhs.admin)
    page = client.get(reverse("insights:dashboard"), {"scope": "system:QOP"})
    assert "1 November 2026" not in page_text(page)
    page = client.get(reverse("insights:dashboard"), {"scope": "system:QOP",
                                                       "snapshot": record.pk})
    assert f"Select a snapshot that covers the chosen area: {record.pk} does not" in \
        page_text(page)
    own = client.get(reverse("insights:dashboard"), {"scope": "organisation:R0A"})
    assert "1 November 2026 (1 staff)" in page_text(own)


def test_an_analyst_for_a_system_cannot_import_for_england(client, nhs):
    analyst = make_user("qop.analyst", role=Role.ANALYST, scope=nhs.qop)
    with pytest.raises(services.ValidationError) as error:
        services.start_snapshot_import(analyst, snapshot_csv(), filename="all.csv",
                                       as_of=AS_OF, scope="england")
    assert 'You may not import for "england"' in str(error.value)
    with pytest.raises(services.ValidationError, match="Select the area the file is for"):
        services.start_snapshot_import(analyst, snapshot_csv(), filename="all.csv",
                                       as_of=AS_OF)
    response = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("all.csv", snapshot_csv()), "as_of": AS_OF.isoformat(),
        "scope": "england"}, **_auth(analyst))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "scope"
    client.force_login(analyst)
    page = client.post(reverse("insights:import-snapshot"), {
        "file": SimpleUploadedFile("all.csv", snapshot_csv()), "as_of_day": 1,
        "as_of_month": 10, "as_of_year": 2026, "scope": "england"})
    assert "Select an area you may import for: england is not one" in error_summary(page)
    assert not WorkforceSnapshot.objects.exists() and _parquet_files() == []


def test_administrators_default_to_england_and_the_command_takes_a_scope(nhs, tmp_path):
    record, _ = services.start_snapshot_import(nhs.admin, snapshot_csv(), filename="all.csv",
                                               as_of=AS_OF, run=services.run_snapshot_import)
    assert record.scope_key == "england"
    path = tmp_path / "r0a.csv"
    path.write_bytes(ONE_ROW)
    with pytest.raises(CommandError, match=RULE):
        call_command("import_workforce", "--file", str(path), "--as-of", "2026-11-01",
                     "--scope", "system:QOP", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("import_workforce", "--file", str(path), "--as-of", "2026-11-01",
                 "--scope", "organisation:R0A", stdout=out)
    assert WorkforceSnapshot.objects.ready().get(as_of=LATER).scope_key == "organisation:R0A"


def test_an_event_file_must_cover_its_area_too(nhs):
    record, _ = import_events(nhs, recruitment_csv(), scope="system:QOP")
    assert record.status == "rejected" and record.message.startswith(RULE)
    assert "has no rows for RM3" in record.message
    assert not EventFile.objects.ready().exists()


def test_a_compare_with_later_than_the_main_snapshot_is_refused(client, nhs):
    both = import_both(nhs)
    auth = _auth(nhs.analyst)
    for path, field in (("pipeline", "previous"), ("progression", "earlier"),
                        ("projection", "earlier")):
        response = client.get(f"/api/v1/insights/{path}", {
            "scope": "region:Y62", "snapshot": both.previous.pk, field: both.current.pk},
            **auth)
        assert response.status_code == 400, path
        error = response.json()["errors"][0]
        assert error["field"] == field
        assert "must be earlier than 1 October 2025: the snapshot as of 1 October 2026" in \
            error["message"]
    client.force_login(nhs.analyst)
    page = client.get(reverse("insights:dashboard"), {
        "scope": "region:Y62", "snapshot": both.previous.pk, "previous": both.current.pk})
    assert "Compare with must be earlier than 1 October 2025" in error_summary(page)
    page = client.get(reverse("insights:progression"), {
        "scope": "region:Y62", "snapshot": both.previous.pk, "earlier": both.current.pk})
    assert "From snapshot must be earlier than 1 October 2025" in error_summary(page)


def _snapshots_either_side_of_rxx_moving(nhs, kind: str = "acute"):
    """RXX was in Cheshire and Merseyside (QYG) until March 2026, then in Greater Manchester
    (QOP): a snapshot of 1 October 2025 and a later one, both with RXX's staff."""
    rxx = make_org("RXX", nhs.qyg, kind=kind, valid_to=dt.date(2026, 3, 31))
    OrganisationMembership.objects.create(organisation=rxx, system=nhs.qop, region=nhs.nw,
                                          valid_from=dt.date(2026, 4, 1))
    extra = b"RXX-5-W-0,RXX,5,08,A,F,N,1980-01-01,1.0,2010-01-01,N\n"
    earlier, _ = services.start_snapshot_import(
        nhs.admin, snapshot_csv() + extra, filename="2025.csv", as_of=PREVIOUS,
        run=services.run_snapshot_import)
    later, _ = services.start_snapshot_import(
        nhs.admin, snapshot_csv(drop={("RM3", "5")}) + extra, filename="2026.csv",
        as_of=AS_OF, run=services.run_snapshot_import)
    return earlier, later


def test_a_compare_with_outside_the_user_s_view_on_its_date_is_refused(client, nhs):
    earlier, later = _snapshots_either_side_of_rxx_moving(nhs)
    analyst = make_user("qop.analyst", role=Role.ANALYST, scope=nhs.qop)
    query = {"scope": "organisation:RXX", "snapshot": later.pk}
    auth = _auth(analyst)
    assert client.get("/api/v1/insights/pipeline", query, **auth).status_code == 200
    response = client.get("/api/v1/insights/pipeline", {**query, "previous": earlier.pk},
                          **auth)
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        **response.json()["errors"][0], "field": "previous",
        "message": f"previous: you may not see figures for Rxx NHS Foundation Trust (RXX) as "
                   f"of 1 October 2025 (id {earlier.pk})"}
    progression = client.get("/api/v1/insights/progression", query, **auth)
    assert progression.status_code == 400  # the default skips what she may not see
    assert progression.json()["errors"][0]["field"] == "earlier"
    client.force_login(analyst)
    page = client.get(reverse("insights:progression"), {**query, "earlier": earlier.pk})
    assert ("From snapshot: you may not see figures for Rxx NHS Foundation Trust (RXX) as of "
            "1 October 2025") in error_summary(page)


def test_areas_list_each_visible_area_s_organisations_on_the_snapshot_s_date(client, nhs):
    # RXX, a mental health trust, moved from QYG to QOP in April 2026.
    earlier, later = _snapshots_either_side_of_rxx_moving(nhs, kind="mental_health")

    def areas(user, snapshot=None):
        query = {} if snapshot is None else {"snapshot": snapshot.pk}
        response = client.get("/api/v1/insights/areas", query, **_auth(user))
        assert response.status_code == 200, response.content
        return response.json()

    def members(body):
        return {a["key"]: (a["organisations"], a["kinds"]["mental_health"]
                           if a["kinds"] else None) for a in body["areas"]}

    before = areas(nhs.analyst, earlier)
    assert (before["as_of"], before["snapshot"]) == ("2025-10-01", earlier.pk)
    assert members(before) == {
        "region:Y62": (["R0A", "RBN", "RM3", "RXX"], ["RXX"]),
        "system:QOP": (["R0A", "RM3"], []),
        "system:QYG": (["RBN", "RXX"], ["RXX"]),
        "organisation:R0A": (["R0A"], None), "organisation:RBN": (["RBN"], None),
        "organisation:RM3": (["RM3"], None), "organisation:RXX": (["RXX"], None)}
    after = areas(nhs.analyst)  # the latest snapshot's date
    assert (after["as_of"], after["snapshot"]) == ("2026-10-01", later.pk)
    assert members(after)["system:QOP"] == (["R0A", "RM3", "RXX"], ["RXX"])
    assert members(after)["system:QYG"] == (["RBN"], [])
    assert after["areas"][0]["kinds"]["acute"] == ["R0A", "RBN", "RM3"]
    # An analyst for London sees London's areas only; a system analyst only her system's.
    assert [a["key"] for a in areas(nhs.london_analyst, earlier)["areas"]] == [
        "region:Y56", "system:QMJ", "organisation:RJ1"]
    qyg = make_user("qyg.analyst", role=Role.ANALYST, scope=nhs.qyg)
    assert members(areas(qyg, earlier)) == {
        "system:QYG": (["RBN", "RXX"], ["RXX"]), "organisation:RBN": (["RBN"], None),
        "organisation:RXX": (["RXX"], None)}
    assert [a["key"] for a in areas(qyg, later)["areas"]] == ["system:QYG", "organisation:RBN"]
    assert client.get("/api/v1/insights/areas", **_auth(nhs.leader)).status_code == 403
