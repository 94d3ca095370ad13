"""Reading and checking a leaders' feed: a CSV or XLSX file in the shape of an ESR report.

No official list of ESR export column names is published, so the headers a feed may use are
kept here, in one place (:data:`COLUMNS`), and documented in docs/staff-record.md. Headers are
matched ignoring case, spaces, underscores and hyphens ("Staff Group", "STAFF_GROUP" and
"staffgroup" are the same header).

:func:`read_feed` turns the file into rows (or refuses the whole file: wrong type, not UTF-8,
no header row, a required column missing); :func:`check_rows` checks every row against the
others and against what is already known (:class:`Known`), and returns every rejected row with
its row number, column, value and why. Nothing here reads or writes the database.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from talentbridge.people.codes import PayBand
from talentbridge.people.codes import ProfessionalBackground
from talentbridge.people.codes import StaffGroup

#: Our field -> (the header we write in templates and messages, other headers accepted).
#: Every header is matched by :func:`normalise`. Change this dict (and docs/staff-record.md)
#: if an organisation's ESR report names a column differently.
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nhs_identifier": ("NHS Identifier", ("NHS ID", "NHS Identifier Number")),
    "given_name": ("Given Name", ("First Name", "Forename")),
    "family_name": ("Family Name", ("Last Name", "Surname")),
    "work_email": ("NHS Work Email", ("Work Email", "Work Email Address", "Email Address")),
    "job_title": ("Job Title", ("Position Title", "Job Role")),
    "pay_band": ("Band", ("Pay Band", "Grade", "AfC Band")),
    "staff_group": ("Staff Group", ("Staff Group Code",)),
    "started_in_post": ("Start Date in Post", ("Start Date", "Date Started in Post",
                                               "Assignment Start Date")),
    "line_manager": ("Line Manager NHS Identifier", ("Line Manager NHS ID",
                                                     "Manager NHS Identifier")),
}
#: Columns a row may leave empty (a chief executive has no line manager in the feed).
OPTIONAL = frozenset({"line_manager"})
REQUIRED = tuple(name for name in COLUMNS if name not in OPTIONAL)

#: The bands and grades a leaders' feed may carry: Agenda for Change bands 1-9 (8a-8d), VSM,
#: and the medical grades (consultant, specialty doctor or specialist, resident doctor).
FEED_BANDS = tuple(PayBand.values)
#: Medical grades by the words a staff record uses for them.
MEDICAL_GRADES = {"consultant": PayBand.CONSULTANT, "specialtydoctor": PayBand.SPECIALTY_DOCTOR,
                  "specialist": PayBand.SPECIALTY_DOCTOR,
                  "residentdoctor": PayBand.RESIDENT_DOCTOR}
#: Work e-mail domains: NHSmail, or an NHS organisation's own domain.
NHS_EMAIL = re.compile(r"@(nhs\.net|([a-z0-9-]+\.)+nhs\.uk)$", re.IGNORECASE)
NHS_IDENTIFIER = re.compile(r"^[A-Za-z0-9-]{1,30}$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y")
MAX_ROWS = 50_000

#: A new person's professional background (Person requires one; the feed does not carry it)
#: comes from their staff group; the leader may change it on their profile, and later feeds
#: never overwrite it.
BACKGROUND_BY_STAFF_GROUP = {
    StaffGroup.MEDICAL_AND_DENTAL: ProfessionalBackground.MEDICINE,
    StaffGroup.NURSING_AND_MIDWIFERY: ProfessionalBackground.NURSING,
    StaffGroup.ALLIED_HEALTH_PROFESSIONALS: ProfessionalBackground.ALLIED_HEALTH,
    StaffGroup.ADDITIONAL_PROFESSIONAL_SCIENTIFIC: ProfessionalBackground.HEALTHCARE_SCIENCE,
    StaffGroup.HEALTHCARE_SCIENTISTS: ProfessionalBackground.HEALTHCARE_SCIENCE,
    StaffGroup.ESTATES_AND_ANCILLARY: ProfessionalBackground.ESTATES,
}


def background_for(staff_group: str) -> str:
    return BACKGROUND_BY_STAFF_GROUP.get(staff_group, ProfessionalBackground.OTHER)


def normalise(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(header or "")).lower()


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for name, (main, others) in COLUMNS.items():
        for header in (main, *others):
            lookup[normalise(header)] = name
    return lookup


def header(name: str) -> str:
    """The column's header as we name it in messages."""
    return COLUMNS[name][0]


@dataclass(frozen=True)
class Rejection:
    row: int  # the row number in the file (the header is row 1); 0: the file as a whole
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value,
                "reason": self.reason}

    @property
    def message(self) -> str:
        return f'Row {self.row}, {self.column} "{self.value}": {self.reason}'


@dataclass
class FeedRow:
    """One checked row: our field names to clean values."""

    row: int
    nhs_identifier: str
    given_name: str
    family_name: str
    work_email: str
    job_title: str
    pay_band: str
    staff_group: str
    started_in_post: dt.date
    line_manager: str = ""


class FeedRefused(ValidationError):
    """The file as a whole cannot be read (type, encoding, header)."""

    def __init__(self, message: str):
        super().__init__({"file": message})


# --------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------


def _text_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes, filename: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedRefused(f"{filename} is not UTF-8 text (byte {error.start + 1} cannot be "
                          "read): save the report as CSV UTF-8 and upload it again") from None
    if "\x00" in text:
        raise FeedRefused(f"{filename} is not a CSV text file")
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]


def _xlsx_rows(data: bytes, filename: str) -> list[list[str]]:
    # openpyxl is slow to import and only XLSX feeds need it
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zip, XML and format errors all mean "not a workbook we can read"
        raise FeedRefused(f"{filename} is not an XLSX workbook that can be read") from None
    try:
        sheet = book.worksheets[0]
        return [[_text_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def read_feed(data: bytes, filename: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The file's headers and its rows as (row number, {our field: text}). Raises
    :class:`FeedRefused` naming what is wrong with the file as a whole."""
    suffix = Path(filename or "").suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(data, filename)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(data, filename)
    else:
        raise FeedRefused(f'The selected file must be a CSV or XLSX file, not "{filename}"')
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        raise FeedRefused(f"{filename} is empty: it needs a header row and a row per leader")
    headers = rows[0]
    columns = _match_headers(headers)
    body = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c for c in cells):
            continue
        body.append((number, {name: (cells[i] if i < len(cells) else "")
                              for name, i in columns.items()}))
    if len(body) > MAX_ROWS:
        raise FeedRefused(f"{filename} has {len(body):,} rows; a leaders' feed may have at "
                          f"most {MAX_ROWS:,}")
    return headers, body


def _match_headers(headers: list[str]) -> dict[str, int]:
    lookup = _header_lookup()
    columns: dict[str, int] = {}
    for i, text in enumerate(headers):
        name = lookup.get(normalise(text))
        if name is None:
            continue
        if name in columns:
            raise FeedRefused(f'The header row has two columns for {header(name)}: '
                              f'"{headers[columns[name]]}" and "{text}"')
        columns[name] = i
    missing = [header(name) for name in REQUIRED if name not in columns]
    if missing:
        raise FeedRefused(f"The header row has no column for {', '.join(missing)} (found: "
                          f"{', '.join(h for h in headers if h) or 'nothing'}). See the "
                          "columns a feed must have")
    return columns


# --------------------------------------------------------------------------------------
# Checking every row
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Known:
    """What the checks need to know from outside the file (read by the service)."""

    today: dt.date
    #: NHS identifiers of the current people of the feed's organisation.
    organisation_identifiers: frozenset[str] = frozenset()
    #: Work e-mail (lower case) -> the NHS identifier of the person who has it ("" if none).
    emails: dict[str, str] = field(default_factory=dict)


def parse_band(text: str) -> str | None:
    """An Agenda for Change band, VSM or a medical grade as our code ("8a", "vsm",
    "consultant"), or None."""
    value = normalise(text)
    if value in {"vsm", "bandvsm", "veryseniormanager", normalise(PayBand.VSM.label)}:
        return PayBand.VSM
    by_label = {normalise(band.label): band for band in PayBand}
    if value in MEDICAL_GRADES or value in by_label:
        return MEDICAL_GRADES.get(value) or by_label[value]
    value = value.removeprefix("afc").removeprefix("band")
    return value if value in FEED_BANDS else None


def parse_staff_group(text: str) -> str | None:
    value = text.strip()
    if value.isdigit() and len(value) <= 2:
        value = value.zfill(2)
    if value in StaffGroup.values:
        return value
    by_name = {normalise(label): code for code, label in StaffGroup.choices}
    return by_name.get(normalise(text))


def parse_date(text) -> dt.date | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(text).strip(), fmt).date()
        except ValueError:
            continue
    return None


def _check_email(value: str) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return "not a valid e-mail address"
    if not NHS_EMAIL.search(value):
        return "not an NHS work address (it must end @nhs.net or in .nhs.uk)"
    return None


def _check_fields(number: int, raw: dict, known: Known) -> tuple[dict, list[Rejection]]:
    """The row's values, each checked on its own."""
    out: dict = {}
    problems: list[Rejection] = []

    def reject(name: str, reason: str) -> None:
        problems.append(Rejection(number, header(name), raw.get(name, ""), reason))

    for name in REQUIRED:
        if not raw.get(name, "").strip():
            reject(name, "a value is required")
    value = raw.get("nhs_identifier", "").strip()
    if value and not NHS_IDENTIFIER.match(value):
        reject("nhs_identifier", "must be letters, digits and hyphens, at most 30")
    out["nhs_identifier"] = value
    for name, limit in (("given_name", 100), ("family_name", 100), ("job_title", 150)):
        out[name] = raw.get(name, "").strip()
        if len(out[name]) > limit:
            reject(name, f"longer than {limit} characters")
    email = raw.get("work_email", "").strip()
    if email and (reason := _check_email(email)):
        reject("work_email", reason)
    out["work_email"] = email.lower()
    if raw.get("pay_band", "").strip():
        out["pay_band"] = parse_band(raw["pay_band"])
        if out["pay_band"] is None:
            reject("pay_band", "unknown band: use 1 to 9, 8a to 8d, VSM, consultant, "
                               "specialty doctor or resident doctor")
    if raw.get("staff_group", "").strip():
        out["staff_group"] = parse_staff_group(raw["staff_group"])
        if out["staff_group"] is None:
            reject("staff_group", "unknown staff group: use a code 01 to 10 or its name")
    if raw.get("started_in_post", "").strip():
        out["started_in_post"] = parse_date(raw["started_in_post"])
        if out["started_in_post"] is None:
            reject("started_in_post", "not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
        elif out["started_in_post"] > known.today:
            reject("started_in_post", "in the future: the feed lists people in post today")
    out["line_manager"] = raw.get("line_manager", "").strip()
    return out, problems


def _duplicates(rows: list[tuple[int, dict]], name: str, reason: str) -> list[Rejection]:
    def key(raw):
        value = raw.get(name, "").strip()
        return value.lower() if name == "work_email" else value

    counts = Counter(key(raw) for _, raw in rows if key(raw))
    first: dict[str, int] = {}
    out = []
    for number, raw in rows:
        value = key(raw)
        if counts.get(value, 0) > 1:
            if value not in first:
                first[value] = number
                continue
            out.append(Rejection(number, header(name), raw[name].strip(),
                                 f"{reason} (row {first[value]} has it too)"))
    return out


def _cross_checks(rows: list[tuple[int, dict]], known: Known) -> list[Rejection]:
    """Checks of a row against the other rows and against the people already known."""
    problems = [*_duplicates(rows, "nhs_identifier", "duplicate NHS identifier in the file"),
                *_duplicates(rows, "work_email", "duplicate e-mail in the file")]
    in_file = {raw.get("nhs_identifier", "").strip() for _, raw in rows}
    for number, raw in rows:
        ident = raw.get("nhs_identifier", "").strip()
        manager = raw.get("line_manager", "").strip()
        if manager and manager == ident:
            problems.append(Rejection(number, header("line_manager"), manager,
                                      "a person cannot be their own line manager"))
        elif manager and manager not in in_file and manager not in known.organisation_identifiers:
            problems.append(Rejection(
                number, header("line_manager"), manager,
                "line manager not found: not in this file nor a current person of the "
                "organisation"))
        email = raw.get("work_email", "").strip().lower()
        owner = known.emails.get(email)
        if email and owner is not None and owner != ident:
            problems.append(Rejection(number, header("work_email"), raw["work_email"].strip(),
                                      "duplicate e-mail: another person already has it"))
    return problems


def check_rows(rows: Iterable[tuple[int, dict]], known: Known
               ) -> tuple[list[FeedRow], list[Rejection]]:
    """Every row checked: the clean rows, and every rejected row (empty when all are fine).
    A file with any rejection must change nothing."""
    rows = list(rows)
    clean: list[FeedRow] = []
    problems: list[Rejection] = []
    for number, raw in rows:
        values, found = _check_fields(number, raw, known)
        problems.extend(found)
        if not found:
            clean.append(FeedRow(row=number, **values))
    problems.extend(_cross_checks(rows, known))
    problems.sort(key=lambda r: (r.row, list(COLUMNS).index(_field_of(r.column))))
    return (clean if not problems else []), problems


def _field_of(column: str) -> str:
    return next((name for name in COLUMNS if header(name) == column), "nhs_identifier")


def template_csv() -> str:
    """A header row with every column, for the upload page's example."""
    return ",".join(header(name) for name in COLUMNS) + "\n"


#: Two invented rows for the example file: a chief executive and a director who reports to them.
EXAMPLE_ROWS = (
    "EXAMPLE-0001,Alex,Example,alex.example@example.nhs.uk,Chief Executive,VSM,08,2021-04-01,",
    "EXAMPLE-0002,Sam,Sample,sam.sample@example.nhs.uk,Director of Operations,9,08,2022-09-01,"
    "EXAMPLE-0001",
)


def example_csv() -> str:
    """The example feed offered for download on the upload page: the header row and two
    invented leaders, in the columns and formats a feed uses."""
    return template_csv() + "".join(row + "\n" for row in EXAMPLE_ROWS)
