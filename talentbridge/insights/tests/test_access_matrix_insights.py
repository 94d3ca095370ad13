"""The insights access matrix: every persona × scope relationship × action (view the
dashboard, export, import), decided by the policy and through the web and API faces, against
expectations written out by hand below (not derived from the policy code).

The personas' home is Manchester University NHS FT (R0A), in Greater Manchester (QOP), in the
North West (Y62). Targets, by their relationship to that home:

    england        England as a whole
    own_region     Y62              other_region   London, Y56
    own_system     QOP              sibling_system Cheshire and Merseyside, QYG (same region)
    far_system     QMJ (London)
    own_org        R0A              same_system_org RM3    same_region_org RBN
    far_org        RJ1 (London)
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.insights import policy
from talentbridge.insights import scopes
from talentbridge.insights import services
from talentbridge.people.tests.factories import make_user

from .pages import tables
from .workforce import AS_OF
from .workforce import HEADER
from .workforce import build_nhs
from .workforce import import_both

TARGETS = {
    "england": "england", "own_region": "region:Y62", "other_region": "region:Y56",
    "own_system": "system:QOP", "sibling_system": "system:QYG", "far_system": "system:QMJ",
    "own_org": "organisation:R0A", "same_system_org": "organisation:RM3",
    "same_region_org": "organisation:RBN", "far_org": "organisation:RJ1",
}
ORDER = list(TARGETS)

# Y = allowed, . = refused; columns in ORDER:
#              eng reg oreg sys sib far org sso sro far_org
VIEW = {
    "administrator":            "Y Y Y Y Y Y Y Y Y Y",
    "national_lead":            "Y Y Y Y Y Y Y Y Y Y",
    "analyst_england":          "Y Y Y Y Y Y Y Y Y Y",
    "regional_lead":            ". Y . Y Y . Y Y Y .",
    "analyst_region":           ". Y . Y Y . Y Y Y .",
    "system_lead":              ". . . Y . . Y Y . .",
    "analyst_system":           ". . . Y . . Y Y . .",
    "organisation_lead":        ". . . . . . Y . . .",
    "analyst_organisation":     ". . . . . . Y . . .",
    "programme_manager":        ". . . . . . . . . .",
    "leader":                   ". . . . . . . . . .",
    "ended_analyst_region":     ". . . . . . . . . .",
    "inactive_administrator":   ". . . . . . . . . .",
}
# Importing rows of an organisation (or, for areas, all of an area's organisations).
IMPORT = {
    "administrator":            "Y Y Y Y Y Y Y Y Y Y",
    "national_lead":            ". . . . . . . . . .",
    "analyst_england":          "Y Y Y Y Y Y Y Y Y Y",
    "regional_lead":            ". . . . . . . . . .",
    "analyst_region":           ". Y . Y Y . Y Y Y .",
    "system_lead":              ". . . . . . . . . .",
    "analyst_system":           ". . . Y . . Y Y . .",
    "organisation_lead":        ". . . . . . . . . .",
    "analyst_organisation":     ". . . . . . Y . . .",
    "programme_manager":        ". . . . . . . . . .",
    "leader":                   ". . . . . . . . . .",
    "ended_analyst_region":     ". . . . . . . . . .",
    "inactive_administrator":   ". . . . . . . . . .",
}
PERSONAS = list(VIEW)


def expected(table: dict, persona: str, target: str) -> bool:
    return table[persona].split()[ORDER.index(target)] == "Y"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("insights-matrix")
    with django_db_blocker.unblock(), override_settings(INSIGHTS_STORAGE_DIR=folder):
        from django.db import transaction

        with transaction.atomic():
            nhs = build_nhs()
            import_both(nhs)
            users = {
                "administrator": nhs.admin, "national_lead": nhs.national,
                "analyst_england": make_user("m.analyst.eng", role=Role.ANALYST),
                "regional_lead": make_user("m.regional", role=Role.REGIONAL_LEAD, scope=nhs.nw),
                "analyst_region": nhs.analyst,
                "system_lead": make_user("m.system", role=Role.SYSTEM_TALENT_LEAD,
                                         scope=nhs.qop),
                "analyst_system": make_user("m.analyst.sys", role=Role.ANALYST, scope=nhs.qop),
                "organisation_lead": nhs.org_lead,
                "analyst_organisation": make_user("m.analyst.org", role=Role.ANALYST,
                                                  scope=nhs.r0a),
                "programme_manager": make_user("m.programme", role=Role.PROGRAMME_MANAGER,
                                               scope=nhs.nw),
                "leader": nhs.leader,
                "ended_analyst_region": make_user("m.ended", role=Role.ANALYST, scope=nhs.nw),
                "inactive_administrator": make_user("m.inactive", role=Role.ADMINISTRATOR,
                                                    is_active=False),
            }
            RoleAssignment.objects.filter(user=users["ended_analyst_region"]).update(
                ends_at=timezone.now() - dt.timedelta(days=1))
            yield nhs, users
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _insights_storage(world):
    """Replaces the conftest's per-test storage: the module's world has its files."""
    yield


def _fresh(user):
    user.refresh_from_db()
    user.__dict__.pop("_insights_grants", None)
    return user


CASES = [(p, t) for p in PERSONAS for t in ORDER]


@pytest.mark.django_db
@pytest.mark.parametrize("persona,target", CASES)
def test_policy(world, persona, target):
    _nhs, users = world
    user = _fresh(users[persona])
    scope = scopes.parse(TARGETS[target])
    assert policy.can(user, policy.Action.VIEW, scope, AS_OF) is expected(VIEW, persona, target)
    assert policy.can(user, policy.Action.EXPORT, scope, AS_OF) is expected(VIEW, persona,
                                                                            target)
    assert policy.can(user, policy.Action.IMPORT, scope, AS_OF) is expected(IMPORT, persona,
                                                                            target)
    offered = {s.key for s in policy.visible_scopes(user, AS_OF)}
    assert (TARGETS[target] in offered) is expected(VIEW, persona, target)


@pytest.mark.django_db
@pytest.mark.parametrize("persona,target", CASES)
def test_web_dashboard_and_export(world, persona, target):
    _nhs, users = world
    client = Client()
    client.force_login(users[persona]) if users[persona].is_active else None
    response = client.get(reverse("insights:dashboard"), {"scope": TARGETS[target]})
    export = client.get(reverse("insights:export", args=["pipeline", "csv"]),
                        {"page": "pipeline", "scope": TARGETS[target]})
    allowed = expected(VIEW, persona, target)
    if not any(expected(VIEW, persona, t) for t in ORDER):  # no insights at all
        assert response.status_code in (302, 403) and export.status_code in (302, 403)
        return
    assert response.status_code == 200
    shown = any(k.startswith("Headcount and share by level") for k in tables(response))
    assert shown is allowed
    if not allowed:
        assert "Select an area you have access to" in response.content.decode()
    assert export.status_code == (200 if allowed else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("persona,target", CASES)
def test_api_figures(world, persona, target):
    _nhs, users = world
    user = users[persona]
    _, key = ApiToken.issue(user, "matrix")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get("/api/v1/insights/pipeline", {"scope": TARGETS[target]})
    if not user.is_active:
        assert response.status_code == 401
        return
    assert response.status_code == (200 if expected(VIEW, persona, target) else 403)


ORG_TARGETS = ["own_org", "same_system_org", "same_region_org", "far_org"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona,target", [(p, t) for p in PERSONAS for t in ORG_TARGETS])
def test_import_through_the_page(world, persona, target):
    """A one-row file declared for the target organisation: imported, or refused because the
    area is not one the persona may import for (nothing stored)."""
    _nhs, users = world
    code = TARGETS[target].split(":")[1]
    data = f"{HEADER}\nX-{persona}-{code},{code},8a,08,A,F,N,1980-01-01,1.0,2010-01-01,N\n"
    client = Client()
    if users[persona].is_active:
        client.force_login(users[persona])
    day = dt.date(2024, 1, 1) + dt.timedelta(days=CASES.index((persona, target)))
    response = client.post(reverse("insights:import-snapshot"), {
        "file": SimpleUploadedFile("one.csv", io.BytesIO(data.encode()).getvalue()),
        "as_of_day": day.day, "as_of_month": day.month, "as_of_year": day.year,
        "scope": TARGETS[target]})
    can_import_somewhere = any(expected(IMPORT, persona, t) for t in ORDER)
    if not can_import_somewhere:
        assert response.status_code in (302, 403)
        return
    if not expected(IMPORT, persona, target):
        assert response.status_code == 200
        assert (f"Select an area you may import for: {TARGETS[target]} is not one"
                in response.content.decode())
        assert not services.WorkforceSnapshot.objects.filter(as_of=day).exists()
        return
    assert response.status_code == 302
    record = services.WorkforceSnapshot.objects.get(as_of=day)
    assert record.status == "ready", record.errors
    assert record.scope_key == TARGETS[target]


@pytest.mark.django_db
@pytest.mark.parametrize("persona,target", CASES)
def test_api_import_is_only_for_areas_within_the_importer_s(world, persona, target):
    """Declaring an area through the API: outside the persona's own, 400 naming the scope
    (or 403 for those who may not import at all); nothing is stored either way."""
    _nhs, users = world
    user = users[persona]
    _, key = ApiToken.issue(user, "matrix-import")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    day = dt.date(2023, 1, 1) + dt.timedelta(days=CASES.index((persona, target)))
    response = client.post("/api/v1/insights/snapshots", {
        "file": SimpleUploadedFile("one.csv", f"{HEADER}\n".encode()),
        "as_of": day.isoformat(), "scope": TARGETS[target]})
    if not user.is_active:
        assert response.status_code == 401
    elif not any(expected(IMPORT, persona, t) for t in ORDER):
        assert response.status_code == 403
    elif not expected(IMPORT, persona, target):
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert error["field"] == "scope" and TARGETS[target] in error["message"]
    else:  # allowed: the header-only file is queued and then refused for its content
        assert response.status_code == 202
        assert response.json()["status"] in ("rejected", "failed")
    assert not services.WorkforceSnapshot.objects.filter(as_of=day, status="ready").exists()
