"""The staff record's lists page (its home stopped at 200 organisations and 100 imports):
"Showing 1 to N of Z", the next page shows the rest, and another organisation's imports are
neither listed nor counted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talentbridge.accounts.models import Role
from talentbridge.accounts.models import RoleAssignment
from talentbridge.accounts.models import ScopeLevel
from talentbridge.core.tests.paging import two_pages
from talentbridge.core.tests.signing_in import client_for
from talentbridge.people.tests.factories import make_org
from talentbridge.staff_record import views
from talentbridge.staff_record.models import FeedImport

from .feeds import TEAM
from .feeds import row
from .test_pages_staff_record import post_feed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_a_page(monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)


def test_my_organisations_and_their_imports_page_without_anyone_elses(w):
    for code in ("RJ2", "RJ3"):
        RoleAssignment.objects.create(user=w.oadmin, role=Role.ORGANISATION_ADMINISTRATOR,
                                      scope_level=ScopeLevel.ORGANISATION,
                                      organisation=make_org(code, w.system, name=f"TRUST {code}"))
    for n in range(3):
        FeedImport.objects.create(organisation=w.rj1, source_filename=f"ours-{n}.csv",
                                  file_hash=str(n))
    FeedImport.objects.create(organisation=w.rx1, source_filename="theirs.csv", file_hash="x")
    client = client_for(w.oadmin)
    home = reverse("staff_record:home")
    first, second = two_pages(client, home, 3, "organisations", param="organisations_page")
    assert "HILLTOP" not in (first + second).upper()
    first, second = two_pages(client, home, 3, "imports", param="imports_page")
    assert "ours-0.csv" in second and "theirs.csv" not in first + second


def test_the_left_or_moved_list_pages(w):
    client = client_for(w.oadmin)
    post_feed(client, [*TEAM, row("100004", "Dee", "Irwin"), row("100005", "Eve", "Jones")])
    post_feed(client, TEAM[:2])
    first, second = two_pages(client, reverse("staff_record:missing", args=["RJ1"]), 3,
                              "people")
    assert "Cal Hughes" in first and "Eve Jones" in second


def test_a_rejected_feeds_rows_page(w, monkeypatch):
    monkeypatch.setattr(views, "REJECTED_PAGE_SIZE", 2)
    client = client_for(w.oadmin)
    bad = [row(f"10000{n}", "Dee", f"Irwin{n}", email=f"dee{n}@gmail.com") for n in (4, 5, 6)]
    post_feed(client, [*TEAM, *bad])
    feed = FeedImport.objects.get()
    # (the error summary above names every row; the table pages)
    two_pages(client, reverse("staff_record:import", args=[feed.pk]), 3, "rejected rows")
