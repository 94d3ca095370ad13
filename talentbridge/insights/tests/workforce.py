"""A small hand-made NHS and workforce whose figures are worked out by hand in the tests.

    North West (Y62): system QOP {R0A, RM3}, system QYG {RBN}
    London (Y56):     system QMJ {RJ1}

Staff in the October 2026 snapshot (W = White, code A; M = ethnic minority, code H;
U = not stated, code Z):

    R0A  8a W23 M11 | 8b W12 M9 | 8d W8 | board (VSM, board=Y) W8 M8 | band 5 W4 M2 U2
    RM3  8a W5 M3   | band 5 W20 M10
    RBN  band 5 W10
    RJ1  8a W30 M20 | VSM M2 | band 5 W40 M40

The October 2025 snapshot has the same people except that in R0A four White and one ethnic
minority 8a staff were at band 7 (promoted since), and nobody was at RM3 band 5.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from talentbridge.accounts.models import Role
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_region
from talentbridge.people.tests.factories import make_system
from talentbridge.people.tests.factories import make_user

AS_OF = dt.date(2026, 10, 1)
PREVIOUS = dt.date(2025, 10, 1)
HEADER = ("person_id,org_code,band,staff_group,ethnic_category,sex,disability,date_of_birth,"
          "fte,start_date,board")
ETHNIC = {"W": "A", "M": "H", "U": "Z"}

#: (org, band, group, count, board)
STAFF_2026 = [
    ("R0A", "8a", "W", 23, False), ("R0A", "8a", "M", 11, False),
    ("R0A", "8b", "W", 12, False), ("R0A", "8b", "M", 9, False),
    ("R0A", "8d", "W", 8, False),
    ("R0A", "VSM", "W", 8, True), ("R0A", "VSM", "M", 8, True),
    ("R0A", "5", "W", 4, False), ("R0A", "5", "M", 2, False), ("R0A", "5", "U", 2, False),
    ("RM3", "8a", "W", 5, False), ("RM3", "8a", "M", 3, False),
    ("RM3", "5", "W", 20, False), ("RM3", "5", "M", 10, False),
    ("RBN", "5", "W", 10, False),
    ("RJ1", "8a", "W", 30, False), ("RJ1", "8a", "M", 20, False),
    ("RJ1", "VSM", "M", 2, False),
    ("RJ1", "5", "W", 40, False), ("RJ1", "5", "M", 40, False),
]


def rows(staff=STAFF_2026, *, promoted_from_7: dict | None = None, drop: set | None = None):
    """CSV lines for ``staff``: person ids are stable (``<org>-<band>-<group>-<n>``), so the
    two snapshots share people. ``promoted_from_7`` {(org, group): n} puts the first n of that
    org's 8a group at band 7 instead; ``drop`` leaves out (org, band) blocks."""
    lines = [HEADER]
    promoted_from_7 = promoted_from_7 or {}
    drop = drop or set()
    for org, band, group, count, board in staff:
        if (org, band) in drop:
            continue
        for n in range(count):
            level = band
            if band == "8a" and n < promoted_from_7.get((org, group), 0):
                level = "7"
            sex = "F" if n % 2 else "M"
            lines.append(",".join([
                f"{org}-{band}-{group}-{n}", org, level, "08", ETHNIC[group], sex, "N",
                "1980-01-01", "1.0", "2010-01-01", "Y" if board else "N"]))
    return lines


def snapshot_csv(**kwargs) -> bytes:
    return ("\n".join(rows(**kwargs)) + "\n").encode()


def previous_csv() -> bytes:
    return snapshot_csv(promoted_from_7={("R0A", "W"): 4, ("R0A", "M"): 1},
                        drop={("RM3", "5")})


def recruitment_csv() -> bytes:
    """R0A: White 40 shortlisted, 12 appointed; ethnic minority 50 shortlisted, 10 appointed;
    plus 10 White applicants not shortlisted (left out of the ratio)."""
    out = io.StringIO()
    out.write("applicant_id,org_code,band,ethnic_category,disability,shortlisted,appointed\n")
    n = 0
    for group, shortlisted, appointed in (("W", 40, 12), ("M", 50, 10)):
        for i in range(shortlisted):
            n += 1
            out.write(f"A{n},R0A,8a,{ETHNIC[group]},N,Y,{'Y' if i < appointed else 'N'}\n")
    for _ in range(10):
        n += 1
        out.write(f"A{n},R0A,8a,A,N,N,N\n")
    return out.getvalue().encode()


def disciplinary_csv() -> bytes:
    """Three ethnic minority staff at R0A entered the formal process (too few to show)."""
    lines = ["person_id,org_code,entered_formal_process"]
    lines += [f"R0A-8a-M-{i},R0A,Y" for i in range(3)]
    lines += [f"R0A-8a-W-{i},R0A,N" for i in range(5)]
    return ("\n".join(lines) + "\n").encode()


def build_nhs() -> SimpleNamespace:
    nw = make_region("Y62", "North West")
    london = make_region("Y56", "London")
    qop = make_system("QOP", nw, name="NHS Greater Manchester Integrated Care Board")
    qyg = make_system("QYG", nw, name="NHS Cheshire and Merseyside Integrated Care Board")
    qmj = make_system("QMJ", london, name="NHS North Central London Integrated Care Board")
    r0a = make_org("R0A", qop, name="MANCHESTER UNIVERSITY NHS FOUNDATION TRUST")
    rm3 = make_org("RM3", qop, name="NORTHERN CARE ALLIANCE NHS FOUNDATION TRUST")
    rbn = make_org("RBN", qyg, name="MERSEY AND WEST LANCASHIRE TEACHING HOSPITALS NHS TRUST")
    rj1 = make_org("RJ1", qmj, name="GUY'S AND ST THOMAS' NHS FOUNDATION TRUST")
    return SimpleNamespace(
        nw=nw, london=london, qop=qop, qyg=qyg, qmj=qmj, r0a=r0a, rm3=rm3, rbn=rbn, rj1=rj1,
        admin=make_user("admin", role=Role.ADMINISTRATOR),
        analyst=make_user("analyst", role=Role.ANALYST, scope=nw),
        london_analyst=make_user("london.analyst", role=Role.ANALYST, scope=london),
        org_lead=make_user("org.lead", role=Role.ORGANISATION_TALENT_LEAD, scope=r0a),
        national=make_user("national.lead", role=Role.NATIONAL_LEAD),
        leader=make_user("leader"),
    )


def import_events(nhs, data: bytes, kind: str = "recruitment", scope: str = "organisation:R0A"):
    """An event file of the year to AS_OF imported by the administrator (foreground):
    (the record, read again after the import; whether it was created)."""
    from talentbridge.insights import services

    record, created = services.start_events_import(
        nhs.admin, data, filename=f"{kind}.csv", kind=kind, period_start=dt.date(2025, 10, 2),
        period_end=AS_OF, scope=scope, run=services.run_events_import)
    record.refresh_from_db()
    return record, created


def import_both(nhs) -> SimpleNamespace:
    """Import both snapshots (for England: every trust is in them) and the event files (for
    R0A, the only organisation in them) as the administrator (foreground)."""
    from talentbridge.insights import services

    def snap(data, day, name):
        record, _ = services.start_snapshot_import(
            nhs.admin, data, filename=name, as_of=day, scope="england",
            run=services.run_snapshot_import)
        record.refresh_from_db()
        assert record.status == "ready", record.errors
        return record

    def events(data, kind):
        record, _ = import_events(nhs, data, kind)
        assert record.status == "ready", record.errors
        return record

    return SimpleNamespace(
        previous=snap(previous_csv(), PREVIOUS, "staff-2025.csv"),
        current=snap(snapshot_csv(), AS_OF, "staff-2026.csv"),
        recruitment=events(recruitment_csv(), "recruitment"),
        disciplinary=events(disciplinary_csv(), "disciplinary"),
    )
