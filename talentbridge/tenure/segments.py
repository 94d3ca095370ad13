"""NHS Oversight Framework segments: an organisation's history, and the import of published
segments from CSV (organisation_code,effective_from,segment,framework_year), all or nothing:
every rejected row is reported with its line, field and value, and nothing is saved unless
every row is good.

Segments are published quarterly: 1 to 4 from 2021/22 to 2024/25 (4: the Recovery Support
Programme), 1 to 4 by quartile plus 5 (intensive support) in 2025/26, and 1 to 4 by fixed
thresholds from 2026/27. So a segment is 1 to 5, 5 only in 2025/26, and takes effect on the
first day of a quarter.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from dataclasses import field

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.organisations.models import Organisation

from . import policy
from .models import OversightSegment

COLUMNS = ("organisation_code", "effective_from", "segment", "framework_year")
QUARTER_MONTHS = (1, 4, 7, 10)
SEGMENT_5_YEAR = "2025/26"
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True)
class Rejected:
    line: int
    field: str
    value: str
    message: str


@dataclass
class ImportResult:
    saved: int = 0
    created: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def history(user, organisation: Organisation) -> list[OversightSegment]:
    if not policy.can_view_segments(user):
        raise PermissionDenied("Only talent leads, analysts and administrators see oversight "
                               "segments.")
    return list(OversightSegment.objects.filter(organisation=organisation)
                .order_by("-effective_from"))


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _check_year(value: str) -> str:
    match = _YEAR.match(value)
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        return f'Give the framework year as, for example, 2025/26 ("{value}" is not one)'
    return ""


def _check_row(line: int, row: dict, organisations: dict[str, int]) -> list[Rejected]:
    problems = []
    code = (row.get("organisation_code") or "").strip().upper()
    day_text = (row.get("effective_from") or "").strip()
    segment_text = (row.get("segment") or "").strip()
    year = (row.get("framework_year") or "").strip()
    if code not in organisations:
        problems.append(Rejected(line, "organisation_code", code,
                                 f'"{code}" is not the ODS code of an organisation'))
    day = _date(day_text)
    if day is None:
        problems.append(Rejected(line, "effective_from", day_text,
                                 f'"{day_text}" is not a date like 2025-04-01'))
    elif day.day != 1 or day.month not in QUARTER_MONTHS:
        problems.append(Rejected(line, "effective_from", day_text,
                                 f"{day_text} is not the first day of a quarter (1 January, "
                                 "1 April, 1 July or 1 October)"))
    if segment_text not in {"1", "2", "3", "4", "5"}:
        problems.append(Rejected(line, "segment", segment_text,
                                 f'The segment must be a whole number from 1 to 5 '
                                 f'("{segment_text}" is not)'))
    elif segment_text == "5" and year != SEGMENT_5_YEAR:
        problems.append(Rejected(line, "segment", segment_text,
                                 f"Segment 5 was used only in {SEGMENT_5_YEAR}, not {year}"))
    if message := _check_year(year):
        problems.append(Rejected(line, "framework_year", year, message))
    return problems


def parse(text: str) -> tuple[list[tuple[int, dict]], list[Rejected]]:
    """The rows of a CSV (with their line numbers), or the problem with its header."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [Rejected(1, "header", ",".join(header),
                             f"The first line must name the columns {','.join(COLUMNS)} "
                             f"(missing: {', '.join(missing)})")]
    rows = [(reader.line_num, {k.strip(): v for k, v in row.items() if k}) for row in reader]
    if not rows:
        return [], [Rejected(1, "file", "", "The file has no rows of segments")]
    return rows, []


def check(text: str) -> tuple[list[OversightSegment], list[Rejected]]:
    rows, rejected = parse(text)
    organisations = dict(Organisation.objects.values_list("ods_code", "pk"))
    seen: dict[tuple[str, str], int] = {}
    segments = []
    for line, row in rows:
        problems = _check_row(line, row, organisations)
        key = ((row.get("organisation_code") or "").strip().upper(),
               (row.get("effective_from") or "").strip())
        if key in seen:
            problems.append(Rejected(line, "effective_from", key[1],
                                     f"{key[0]} has a segment from {key[1]} on line "
                                     f"{seen[key]} already"))
        seen.setdefault(key, line)
        rejected += problems
        if not problems:
            segments.append(OversightSegment(
                organisation_id=organisations[key[0]], effective_from=_date(key[1]),
                segment=int(row["segment"].strip()),
                framework_year=row["framework_year"].strip()))
    return segments, rejected


def import_segments(user, text: str, *, request=None) -> ImportResult:
    """Save every row (a segment already held for the organisation and quarter is replaced),
    or none when any row is rejected."""
    if not policy.can_import_segments(user):
        raise PermissionDenied("Only administrators import oversight segments.")
    segments, rejected = check(text)
    if rejected:
        return ImportResult(rejected=rejected)
    with transaction.atomic():
        existing = set(OversightSegment.objects.filter(
            organisation_id__in={s.organisation_id for s in segments}).values_list(
            "organisation_id", "effective_from"))
        OversightSegment.objects.bulk_create(
            segments, update_conflicts=True,
            unique_fields=["organisation", "effective_from"],
            update_fields=["segment", "framework_year"])
        created = sum((s.organisation_id, s.effective_from) not in existing for s in segments)
        record(actor=user, action=AuditAction.CREATE, request=request,
               target_type="tenure.oversightsegment", target_id="import",
               target_label="Oversight segments import",
               detail={"rows": len(segments), "created": created})
    return ImportResult(saved=len(segments), created=created)


def as_errors(rejected: list[Rejected]) -> ValidationError:
    """Every rejected row as one ValidationError on "file" (the API and CLI say them all)."""
    return ValidationError({"file": [
        f"Line {r.line}, {r.field} \"{r.value}\": {r.message}" for r in rejected]})
