"""Synthetic leaders' feeds for the tests (no real person's data), and the world they apply to.

    w.rj1        the feed's organisation (RJ1), in system QMJ
    w.rx1        another organisation (RX1), in system QMF
    w.oadmin     organisation administrator of RJ1
    w.xadmin     organisation administrator of RX1
    w.admin      administrator for England
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

from django.utils import timezone

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user
from talentbridge.staff_record import services
from talentbridge.staff_record.models import FeedImport
from talentbridge.staff_record.models import FeedStatus

HEADER = ["NHS Identifier", "Given Name", "Family Name", "NHS Work Email", "Job Title", "Band",
          "Staff Group", "Start Date in Post", "Line Manager NHS Identifier"]


def build_world() -> SimpleNamespace:
    region = make_region()
    system = make_system("QMJ", region)
    other = make_system("QMF", region)
    rj1 = make_org("RJ1", system, name="RIVERSIDE TEACHING HOSPITALS NHS FOUNDATION TRUST")
    rx1 = make_org("RX1", other, name="HILLTOP COMMUNITY NHS TRUST")
    return SimpleNamespace(
        region=region, system=system, rj1=rj1, rx1=rx1,
        oadmin=make_user("oadmin", role=Role.ORGANISATION_ADMINISTRATOR, scope=rj1,
                         email="oadmin@riverside.nhs.uk"),
        xadmin=make_user("xadmin", role=Role.ORGANISATION_ADMINISTRATOR, scope=rx1,
                         email="xadmin@hilltop.nhs.uk"),
        admin=make_user("admin", role=Role.ADMINISTRATOR, email="admin@nhs.net"),
    )


def row(ident: str, given: str = "Ada", family: str = "Fenwick", *, email: str | None = None,
        title: str = "Director of Nursing", band: str = "8d", group: str = "03",
        start: str = "2024-04-01", manager: str = "") -> list[str]:
    email = email if email is not None else f"{given.lower()}.{family.lower()}@nhs.net"
    return [ident, given, family, email, title, band, group, start, manager]


def csv_bytes(rows: list[list[str]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode()


def xlsx_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    from openpyxl import Workbook  # only the XLSX tests need it

    book = Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


#: A small organisation: a chief executive and two directors who report to them.
TEAM = [
    row("100001", "Ada", "Fenwick", title="Chief Executive", band="VSM", group="08"),
    row("100002", "Bea", "Grant", title="Director of Nursing", band="9", group="03",
        manager="100001"),
    row("100003", "Cal", "Hughes", title="Director of Finance", band="8d",
        group="Administrative and Clerical", manager="100001"),
]


def stopped_import(w) -> FeedImport:
    """An import of TEAM for RJ1 whose worker stopped an hour ago, its upload kept."""
    feed = FeedImport.objects.create(organisation=w.rj1, source_filename="leaders.csv",
                                     uploaded_by=w.oadmin, status=FeedStatus.RUNNING,
                                     heartbeat_at=timezone.now() - dt.timedelta(hours=1),
                                     upload_path="uploads/kept.csv")
    services._stored(feed.upload_path).parent.mkdir(parents=True, exist_ok=True)
    services._stored(feed.upload_path).write_bytes(csv_bytes(TEAM))
    return feed
