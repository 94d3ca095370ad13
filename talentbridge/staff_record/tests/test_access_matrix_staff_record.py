"""The staff record access matrix: every role × the feed's organisation (own: the one the
persona's role or employment is at, RJ1; other: RX1), decided by the policy and through the
web and API faces, against expectations written out by hand below (not derived from the
policy code). "Manage" is: upload a feed, see its imports, answer its "Left or moved?" list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.staff_record import policy
from talentbridge.staff_record.models import FeedImport

from .feeds import csv_bytes
from .feeds import row

pytestmark = pytest.mark.django_db

ORDER = ["own_org", "other_org"]
# Y = allowed, . = refused; columns in ORDER
MANAGE = {
    "administrator":                       "Y Y",
    "organisation_administrator":          "Y .",
    "organisation_talent_lead":            ". .",
    "system_talent_lead":                  ". .",
    "regional_lead":                       ". .",
    "national_lead":                       ". .",
    "analyst":                             ". .",
    "programme_manager":                   ". .",
    "leader":                              ". .",
    "ended_organisation_administrator":    ". .",
    "inactive_administrator":              ". .",
}
PERSONAS = list(MANAGE)
CASES = [(p, t) for p in PERSONAS for t in ORDER]


def expected(persona: str, target: str) -> bool:
    return MANAGE[persona].split()[ORDER.index(target)] == "Y"


def make_persona(w, persona: str):
    roles = {
        "administrator": (Role.ADMINISTRATOR, None),
        "organisation_administrator": (Role.ORGANISATION_ADMINISTRATOR, w.rj1),
        "organisation_talent_lead": (Role.ORGANISATION_TALENT_LEAD, w.rj1),
        "system_talent_lead": (Role.SYSTEM_TALENT_LEAD, w.system),
        "regional_lead": (Role.REGIONAL_LEAD, w.region),
        "national_lead": (Role.NATIONAL_LEAD, None),
        "analyst": (Role.ANALYST, w.rj1),
        "programme_manager": (Role.PROGRAMME_MANAGER, w.rj1),
        "leader": (None, None),
        "ended_organisation_administrator": (Role.ORGANISATION_ADMINISTRATOR, w.rj1),
        "inactive_administrator": (Role.ADMINISTRATOR, None),
    }
    role, scope = roles[persona]
    user = make_user(f"m.{persona}", role=role, scope=scope,
                     is_active=persona != "inactive_administrator")
    make_person(w.rj1, user=user)
    if persona.startswith("ended_"):
        RoleAssignment.objects.filter(user=user).update(
            ends_at=timezone.now() - dt.timedelta(days=1))
    return user


def organisation(w, target: str):
    return w.rj1 if target == "own_org" else w.rx1


@pytest.mark.parametrize(("persona", "target"), CASES)
def test_policy(w, persona, target):
    user = make_persona(w, persona)
    org = organisation(w, target)
    assert policy.can_manage(user, org.pk) is expected(persona, target)
    assert policy.can_manage(grants_for(user), org.pk) is expected(persona, target)
    managed = policy.managed_organisation_ids(user)
    assert (managed is None or org.pk in managed) is expected(persona, target)
    assert policy.uses_staff_record(user) is any(expected(persona, t) for t in ORDER)


@pytest.mark.parametrize(("persona", "target"), CASES)
def test_web_missing_list(w, persona, target):
    user = make_persona(w, persona)
    client = Client()
    client.force_login(user)
    response = client.get(reverse("staff_record:missing",
                                  args=[organisation(w, target).ods_code]))
    if not user.is_active:
        assert response.status_code == 302  # to sign in
        return
    assert response.status_code == (200 if expected(persona, target) else 403)


@pytest.mark.parametrize(("persona", "target"), CASES)
def test_api_upload(w, persona, target):
    user = make_persona(w, persona)
    _, key = ApiToken.issue(user, "matrix")
    org = organisation(w, target)
    response = Client(HTTP_AUTHORIZATION=f"Bearer {key}").post(
        "/api/v1/staff-record/feeds", {
            "organisation": org.ods_code,
            "file": SimpleUploadedFile("leaders.csv", csv_bytes([row(f"X{persona}"[:30])]))})
    if not user.is_active:
        assert response.status_code == 401
        return
    allowed = expected(persona, target)
    assert response.status_code == (202 if allowed else 403), response.content
    assert FeedImport.objects.filter(organisation=org).exists() is allowed
