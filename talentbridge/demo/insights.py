"""Synthetic insights demo data: two ESR-style workforce snapshots a year apart (1 October 2025
and 1 October 2026) and the recruitment, disciplinary and training files for the year to each,
for the NHS trusts in the reference data. FOR THE DEMO ONLY.

    from talentbridge.demo import insights
    insights.build(seed=2026, stdout=sys.stdout, reset=False)

About 150,000 staff (a tenth of England), deterministic for a seed, imported through the same
validating service as real files (so the demo also exercises the import), in a few seconds.
The shape follows published WRES figures loosely: the ethnic-minority share falls with seniority
(about 42% at band 5, 12% at VSM), White staff are promoted a little more often and are more
likely to be appointed from shortlisting, ethnic-minority staff a little more likely to enter a
formal disciplinary process. Demo files are recognised by their names (``demo-...``).

Every demo file is for England and, as any file for an area must, has rows for every NHS trust
open and placed in a system on its date: staff of a trust that closed between the snapshots move
to the trusts that opened (or to others), and every trust has a few events of each kind.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import numpy as np
import polars as pl

from engine.insights import codes
from talentbridge.insights import scopes
from talentbridge.insights import services
from talentbridge.insights import storage
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import ImportStatus
from talentbridge.insights.models import WorkforceSnapshot

from .steps import say

PREFIX = "demo-"
FIRST = dt.date(2025, 10, 1)
SECOND = dt.date(2026, 10, 1)
STAFF = 150_000
TRUST_KINDS = ("acute", "mental_health", "community", "ambulance")

LADDER = ["2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM"]
MEDICAL = list(codes.MEDICAL_GRADES)  # resident -> specialty -> consultant
BANDS = LADDER + MEDICAL
BAND_P = np.array([8, 10, 9, 20, 17, 12, 5, 2.5, 1.2, 0.5, 0.2, 0.3, 5.0, 2.5, 4.5])
#: ethnic-minority share of staff at each band (falls with seniority)
MINORITY_P = np.array([0.30, 0.28, 0.25, 0.42, 0.32, 0.24, 0.18, 0.15, 0.13, 0.12, 0.11,
                       0.12, 0.55, 0.50, 0.38])
WHITE = np.array(["A", "B", "C"])
WHITE_P = np.array([0.85, 0.03, 0.12])
MINORITY = np.array(sorted(codes.MINORITY_CODES))
STAFF_GROUPS = np.array(list(codes.STAFF_GROUPS))


def _trusts(day: dt.date) -> list[str]:
    """ODS codes of the NHS trusts a file for England on ``day`` must cover (open and placed
    in a system that day)."""
    return sorted(services.required_organisations(scopes.ENGLAND_SCOPE, day))


def _cover(p: dict[str, np.ndarray], orgs: list[str], day_orgs: list[str],
           rng: np.random.Generator) -> None:
    """Move staff so that exactly the trusts of ``day_orgs`` have staff: those of a trust not
    open that day go to trusts without staff (else anywhere), and each trust still without
    staff takes a few people from elsewhere."""
    allowed = np.array([orgs.index(code) for code in day_orgs])
    empty = np.setdiff1d(allowed, p["org"])
    away = ~np.isin(p["org"], allowed)
    targets = empty if len(empty) else allowed
    p["org"] = np.where(away, targets[rng.integers(0, len(targets), len(away))], p["org"])
    for org in np.setdiff1d(allowed, p["org"]):
        p["org"][rng.choice(len(p["org"]), size=5, replace=False)] = org


def demo_records():
    return (WorkforceSnapshot.objects.filter(source_filename__startswith=PREFIX),
            EventFile.objects.filter(source_filename__startswith=PREFIX))


def delete_demo() -> int:
    n = 0
    for qs in demo_records():
        for record in qs:
            for path in (record.parquet_path, record.errors_path, record.upload_path):
                storage.remove(path)
            record.delete()
            n += 1
    return n


def _people(rng: np.random.Generator, n: int, orgs: list[str], org_p: np.ndarray,
            start: int, minority_boost: float = 0.0) -> dict[str, np.ndarray]:
    band = rng.choice(len(BANDS), size=n, p=BAND_P / BAND_P.sum())
    minority = rng.random(n) < np.minimum(MINORITY_P[band] + minority_boost, 0.95)
    unknown = rng.random(n) < 0.05
    eth = np.where(minority, MINORITY[rng.integers(0, len(MINORITY), n)],
                   WHITE[rng.choice(3, size=n, p=WHITE_P)])
    eth = np.where(unknown, np.where(rng.random(n) < 0.5, "Z", "99"), eth)
    return {
        "person_id": np.array([f"E{start + i:08d}" for i in range(n)]),
        "org": rng.choice(len(orgs), size=n, p=org_p),
        "band": band,
        "eth": eth,
        "minority": minority & ~unknown,
        "sex": np.where(rng.random(n) < 0.77, "F", "M"),
        "disability": np.array(["N", "Y", "U"])[rng.choice(3, size=n, p=[0.78, 0.05, 0.17])],
        "group": STAFF_GROUPS[rng.integers(0, len(STAFF_GROUPS), n)],
        "dob": rng.integers(-3650, 11000, n),  # days since 1970: 1960 to 2000
        "board": np.zeros(n, dtype=bool),
    }


def _frame(p: dict[str, np.ndarray], orgs: list[str], as_of: dt.date,
           rng: np.random.Generator) -> pl.DataFrame:
    n = len(p["person_id"])
    epoch = dt.date(1970, 1, 1)
    limit = (as_of - epoch).days
    start = np.minimum(p["dob"] + 18 * 365 + rng.integers(0, 25 * 365, n), limit)
    if "start" in p:
        start = np.where(p["start"] > 0, p["start"], start)
    return pl.DataFrame({
        "person_id": p["person_id"],
        "org_code": np.array(orgs)[p["org"]],
        "band": np.array(BANDS)[p["band"]],
        "staff_group": p["group"],
        "ethnic_category": p["eth"],
        "sex": p["sex"],
        "disability": p["disability"],
        "date_of_birth": pl.Series(p["dob"].astype(np.int32)).cast(pl.Date),
        "fte": np.array(["1.0", "0.8", "0.6"])[rng.choice(3, size=n, p=[0.75, 0.15, 0.10])],
        "start_date": pl.Series(start.astype(np.int32)).cast(pl.Date),
        "board": np.where(p["board"], "Y", "N"),
    })


def _boards(p: dict[str, np.ndarray], rng: np.random.Generator) -> None:
    vsm = p["band"] == BANDS.index("VSM")
    p["board"] = p["board"] | (vsm & (rng.random(len(vsm)) < 0.6))


def _next_year(p: dict[str, np.ndarray], orgs, org_p, rng) -> dict[str, np.ndarray]:
    """Leavers, promotions (White staff a little more often) and joiners."""
    n = len(p["person_id"])
    stay = rng.random(n) >= 0.10
    q = {k: v[stay].copy() for k, v in p.items()}
    m = len(q["person_id"])
    band = q["band"]
    promote_p = np.where(q["minority"], 0.065, 0.09)
    up = rng.random(m) < promote_p
    on_ladder = band < len(LADDER) - 1  # VSM is the top of the AfC ladder
    medical = (band >= len(LADDER)) & (band < len(BANDS) - 1)
    band = np.where(up & (on_ladder | medical), band + 1, band)
    q["band"] = band
    to_board = (band == BANDS.index("VSM")) & ~q["board"] & (rng.random(m) < 0.08)
    q["board"] = q["board"] | to_board
    q["start"] = np.zeros(m, dtype=np.int64)
    joiners = _people(rng, n - m + n // 100, orgs, org_p, start=10_000_000 + n,
                      minority_boost=0.03)
    _boards(joiners, rng)
    epoch = dt.date(1970, 1, 1)
    joiners["start"] = rng.integers((FIRST - epoch).days + 1, (SECOND - epoch).days + 1,
                                    len(joiners["person_id"]))
    joiners["dob"] = np.minimum(joiners["dob"], joiners["start"] - 18 * 365)
    return {k: np.concatenate([q[k], joiners[k]]) for k in q}


def _events(p: dict[str, np.ndarray], orgs: list[str], rng) -> dict[str, bytes]:
    n = len(p["person_id"])
    org_codes = np.array(orgs)[p["org"]]
    _, first_of_org = np.unique(p["org"], return_index=True)

    def covered(idx: np.ndarray) -> np.ndarray:
        """``idx`` (people) with the first person of each trust it leaves out (every trust
        must have rows in a file for England)."""
        return np.union1d(idx, first_of_org[~np.isin(p["org"][first_of_org], p["org"][idx])])

    n_rec = n // 5
    rec_min = rng.random(n_rec) < 0.38
    rec_eth = np.where(rec_min, MINORITY[rng.integers(0, len(MINORITY), n_rec)],
                       WHITE[rng.choice(3, size=n_rec, p=WHITE_P)])
    rec_eth = np.where(rng.random(n_rec) < 0.04, "Z", rec_eth)
    disabled = rng.random(n_rec) < 0.07
    short = rng.random(n_rec) < 0.4
    rate = np.where(rec_min, 0.13, 0.19) * np.where(disabled, 0.8, 1.0)
    appointed = short & (rng.random(n_rec) < rate)
    recruitment = pl.DataFrame({
        "applicant_id": [f"A{i:08d}" for i in range(n_rec)],
        "org_code": org_codes[_with_every_org(rng.integers(0, n, n_rec), covered)],
        "band": np.array(BANDS)[rng.choice(len(BANDS), size=n_rec, p=BAND_P / BAND_P.sum())],
        "ethnic_category": rec_eth,
        "disability": np.where(disabled, "Y", np.where(rng.random(n_rec) < 0.1, "U", "N")),
        "shortlisted": np.where(short, "Y", "N"),
        "appointed": np.where(appointed, "Y", "N"),
    })

    def people_events(fraction: float, p_white: float, p_minority: float, column: str):
        pick = covered(np.flatnonzero(rng.random(n) < fraction))
        hit = rng.random(len(pick)) < np.where(p["minority"][pick], p_minority, p_white)
        return pl.DataFrame({"person_id": p["person_id"][pick], "org_code": org_codes[pick],
                             column: np.where(hit, "Y", "N")})

    out = {}
    for name, frame in (
        ("recruitment", recruitment),
        ("disciplinary", people_events(0.03, 0.30, 0.42, "entered_formal_process")),
        ("training", people_events(0.40, 0.70, 0.62, "accessed_non_mandatory")),
    ):
        buf = io.BytesIO()
        frame.write_csv(buf)
        out[name] = buf.getvalue()
    return out


def _with_every_org(idx: np.ndarray, covered) -> np.ndarray:
    """``idx`` with its first entries replaced by one person of each trust it leaves out."""
    extra = np.setdiff1d(covered(idx), idx)
    out = idx.copy()
    out[:len(extra)] = extra
    return out


def _csv(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_csv(buf, date_format="%Y-%m-%d")
    return buf.getvalue()


def _import_snapshot(data: bytes, as_of: dt.date, stdout) -> WorkforceSnapshot:
    record, _ = services.start_snapshot_import(
        None, data, filename=f"{PREFIX}esr-{as_of.isoformat()}.csv", as_of=as_of,
        scope=scopes.ENGLAND, run=services.run_snapshot_import)
    record.refresh_from_db()
    if record.status != ImportStatus.READY:
        raise RuntimeError(f"demo snapshot {as_of} was not imported: {record.message} "
                           f"{record.errors[:3]}")
    say(stdout, f"  {record}: {record.message}")
    return record


def _import_events(data: bytes, kind: str, end: dt.date, stdout) -> EventFile:
    start = end.replace(year=end.year - 1) + dt.timedelta(days=1)
    record, _ = services.start_events_import(
        None, data, filename=f"{PREFIX}{kind}-{end.isoformat()}.csv", kind=kind,
        period_start=start, period_end=end, scope=scopes.ENGLAND,
        run=services.run_events_import)
    record.refresh_from_db()
    if record.status != ImportStatus.READY:
        raise RuntimeError(f"demo {kind} events were not imported: {record.message}")
    say(stdout, f"  {record}: {record.message}")
    return record


def build(seed: int = 2026, stdout=None, reset: bool = False, staff: int = STAFF) -> str:
    """Import the two demo snapshots and their event files. Without ``reset``, existing demo
    insights are left alone. Returns a one-line summary."""
    started = time.perf_counter()
    snapshots, events = demo_records()
    if snapshots.exists() or events.exists():
        if not reset:
            message = ("Insights demo data already exists; nothing changed (use --reset to "
                       "rebuild it).")
            say(stdout, message)
            return message
        say(stdout, f"Deleted {delete_demo()} insights demo imports.")
    first_orgs, second_orgs = _trusts(FIRST), _trusts(SECOND)
    both = sorted(set(first_orgs) & set(second_orgs))
    # Trusts open on one date only come last, with no staff of their own until _cover.
    orgs = both + sorted(set(first_orgs) ^ set(second_orgs))
    if not both:
        raise ValueError("No NHS trusts in the reference data: load it first "
                         "(manage.py load_reference_data).")
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0, 0.6, len(both))
    org_p = np.concatenate([size / size.sum(), np.zeros(len(orgs) - len(both))])
    cover_rng = np.random.default_rng(seed + 1)
    say(stdout, f"Insights demo: {staff:,} staff over {len(orgs)} trusts, snapshots as of "
                f"{FIRST} and {SECOND}.")
    first = _people(rng, staff, orgs, org_p, start=0)
    _cover(first, orgs, first_orgs, cover_rng)
    _boards(first, rng)
    first["start"] = np.zeros(staff, dtype=np.int64)
    second = _next_year(first, orgs, org_p, rng)
    _cover(second, orgs, second_orgs, cover_rng)
    for people, as_of in ((first, FIRST), (second, SECOND)):
        _import_snapshot(_csv(_frame(people, orgs, as_of, rng)), as_of, stdout)
        for kind, data in _events(people, orgs, rng).items():
            _import_events(data, kind, as_of, stdout)
    summary = (f"Insights demo data built (seed {seed}) in {time.perf_counter() - started:.1f} "
               f"s: two snapshots of about {staff:,} staff and six event files.")
    say(stdout, summary)
    return summary
