"""Load the real NHS organisation reference data (ODS, Open Government Licence v3.0).

All-or-nothing: every file is read and checked first; any broken row stops the load with a
message naming the file, the line, the field and the value, and nothing is written. Loading
twice changes nothing (idempotent).

The July 2026 ODS file shows where each trust sits after the April 2026 ICB mergers. A trust
whose ICB differs there from July 2025 gets its 2022 membership ended on 31 March 2026 and a
new one from 1 April 2026, when the mergers took effect. Merged ICBs' names were not published
in the file, so their name is built from the ICBs they replaced.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from django.db import transaction

from talentbridge.core.forms import nhs_date

from .models import IntegratedCareSystem
from .models import KindSource
from .models import Organisation
from .models import OrganisationKind
from .models import OrganisationMembership
from .models import Region

DATA_DIR = Path(__file__).parent / "data"
ICBS_ESTABLISHED = dt.date(2022, 7, 1)
MERGERS_EFFECTIVE = dt.date(2026, 4, 1)
ODS_CODE = re.compile(r"^[A-Z0-9]{3,5}$")


class ReferenceDataError(ValueError):
    """One or more broken rows. `problems` lists each as 'file line N: field "value" …'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], what: str) -> None:
        bucket[what] = bucket.get(what, 0) + 1

    def __str__(self) -> str:
        if not self.created and not self.updated:
            return "Reference data already up to date: nothing changed."
        parts = [f"created {n} {what}" for what, n in sorted(self.created.items())]
        parts += [f"updated {n} {what}" for what, n in sorted(self.updated.items())]
        return "Reference data loaded: " + ", ".join(parts) + "."


def guess_kind(name: str) -> str:
    """A best guess of a trust's kind from its name; administrators correct it."""
    upper = name.upper()
    if "AMBULANCE" in upper:
        return OrganisationKind.AMBULANCE
    if "INTEGRATED CARE BOARD" in upper:
        return OrganisationKind.ICB
    mental_words = ("MENTAL HEALTH", "PARTNERSHIP", "TAVISTOCK", "MERSEY CARE", "PENNINE CARE",
                    "LEARNING DISABILIT")
    if any(word in upper for word in mental_words):
        return OrganisationKind.MENTAL_HEALTH
    if "COMMUNITY" in upper or "HEALTH AND CARE" in upper:
        return OrganisationKind.COMMUNITY
    return OrganisationKind.ACUTE


def _date(value: str, where: str, name: str, problems: list[str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date()
    except ValueError:
        problems.append(f'{where}: {name} "{value}" is not a date in the form YYYYMMDD')
        return None


def _rows(path: Path, header: bool, problems: list[str]):
    """Yield (line number, row) from a CSV file, reporting files that are not UTF-8."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(f"{path.name}: not UTF-8 text ({error.reason} at byte {error.start})")
        return
    reader = csv.DictReader(text.splitlines()) if header else csv.reader(text.splitlines())
    yield from enumerate(reader, start=2 if header else 1)


def _require(row: dict, columns: tuple[str, ...], where: str, problems: list[str]) -> bool:
    ok = True
    for column in columns:
        value = (row.get(column) or "").strip()
        if not value:
            problems.append(f'{where}: {column} is empty')
            ok = False
    return ok


@dataclass
class _Parsed:
    regions: dict[str, dict] = field(default_factory=dict)
    systems: dict[str, dict] = field(default_factory=dict)
    trusts: dict[str, dict] = field(default_factory=dict)
    trusts_2026: dict[str, dict] = field(default_factory=dict)


def parse(data_dir: Path = DATA_DIR) -> _Parsed:
    """Read and check every file; raise ReferenceDataError listing every broken row."""
    problems: list[str] = []
    parsed = _Parsed()
    _parse_regions(data_dir, parsed, problems)
    _parse_systems(data_dir, parsed, problems)
    _parse_trusts(data_dir, parsed, problems)
    _parse_trusts_2026(data_dir, parsed, problems)
    if problems:
        raise ReferenceDataError(problems)
    return parsed


def _complete_rows(path: Path, columns: tuple[str, ...], problems: list[str]):
    """(where, row) for each row of a CSV file with a header that has every one of `columns`
    (the others are recorded as problems)."""
    for line, row in _rows(path, True, problems):
        where = f"{path.name} line {line}"
        if _require(row, columns, where, problems):
            yield where, row


def _refused(where: str, problems: list[str], checks) -> bool:
    """Whether a row fails one of its `checks` ((failed, what is wrong) pairs, in order): the
    first that fails is recorded as the row's problem."""
    for failed, wrong in checks:
        if failed:
            problems.append(f"{where}: {wrong}")
            return True
    return False


def _new_member(where: str, problems: list[str], row: dict, own: tuple[str, dict],
                parent: tuple[str, dict, str]) -> tuple[str, str] | None:
    """A row's own ODS code and its parent's code (`own`: the column and those read so far;
    `parent`: the column, the known parents and what they are), or None when the code is not
    an ODS code, the parent is not known or the code appears twice (recorded as problems)."""
    (column, seen), (parent_column, parents, kind) = own, parent
    code, parent_code = row[column].strip(), row[parent_column].strip()
    if _refused(where, problems, (
            (not ODS_CODE.match(code), f'{column} "{code}" is not an ODS code'),
            (parent_code not in parents, f'{parent_column} "{parent_code}" is not a known {kind}'),
            (code in seen, f'{column} "{code}" appears twice'))):
        return None
    return code, parent_code


def _parse_regions(data_dir: Path, parsed: _Parsed, problems: list[str]) -> None:
    """NHS England regions: code, name and GSS code."""
    for where, row in _complete_rows(data_dir / "nhs_england_regions.csv",
                                     ("nhs_region_code", "nhs_region_name"), problems):
        code = row["nhs_region_code"].strip()
        if not re.fullmatch(r"Y\d\d", code):
            problems.append(f'{where}: nhs_region_code "{code}" is not an NHS England region code')
            continue
        parsed.regions[code] = {"name": row["nhs_region_name"].strip(),
                                "gss_code": (row.get("nhs_region_gss_code_2022") or "").strip()}


def _parse_systems(data_dir: Path, parsed: _Parsed, problems: list[str]) -> None:
    """Integrated care boards 2022-2025, each in a known region."""
    for where, row in _complete_rows(data_dir / "icb_reference_2022-2025.csv",
                                     ("icb_ods_code", "icb_name", "nhs_region_code"), problems):
        codes = _new_member(where, problems, row, ("icb_ods_code", parsed.systems),
                            ("nhs_region_code", parsed.regions, "region"))
        if codes is None:
            continue
        code, region = codes
        parsed.systems[code] = {"name": row["icb_name"].strip(), "region": region,
                                "gss_code": (row.get("icb_gss_code") or "").strip()}


def _parse_trusts(data_dir: Path, parsed: _Parsed, problems: list[str]) -> None:
    """NHS trusts as of July 2025, each in a known ICB."""
    for where, row in _complete_rows(data_dir / "nhs_trusts_icb_region_2025-07.csv",
                                     ("ods_code", "trust_name", "icb_ods_code", "open_date"),
                                     problems):
        codes = _new_member(where, problems, row, ("ods_code", parsed.trusts),
                            ("icb_ods_code", parsed.systems, "ICB"))
        if codes is None:
            continue
        code, icb = codes
        parsed.trusts[code] = {
            "name": row["trust_name"].strip(),
            "postcode": (row.get("postcode") or "").strip(),
            "opened_on": _date(row["open_date"].strip(), where, "open_date", problems),
            "closed_on": _date((row.get("close_date") or "").strip(), where, "close_date",
                               problems),
            "icb": icb,
        }


def _parse_trusts_2026(data_dir: Path, parsed: _Parsed, problems: list[str]) -> None:
    """NHS trusts from the ODS file of July 2026 (English ones only), region and ICB."""
    name = "ods_etr_trusts_2026-07.csv"
    for line, row in _rows(data_dir / name, False, problems):
        where = f"{name} line {line}"
        if len(row) < 12:
            problems.append(f"{where}: has {len(row)} fields, expected at least 12")
            continue
        code, trust_name, region, icb = (v.strip() for v in row[:4])
        if not region:  # Welsh trusts have no NHS England region
            continue
        if _refused(where, problems, (
                (not ODS_CODE.match(code), f'organisation code "{code}" is not an ODS code'),
                (region not in parsed.regions, f'region "{region}" is not a known region'),
                (not ODS_CODE.match(icb), f'ICB code "{icb}" is not an ODS code'))):
            continue
        parsed.trusts_2026[code] = {
            "name": trust_name, "region": region, "icb": icb, "postcode": row[9].strip(),
            "opened_on": _date(row[10].strip(), where, "open date", problems),
            "closed_on": _date(row[11].strip(), where, "close date", problems),
        }


def _merged_system_names(parsed: _Parsed) -> dict[str, tuple[str, str, list[str]]]:
    """New ICB code → (name, region code, predecessor codes) for ICBs seen only in 2026."""
    predecessors: dict[str, set[str]] = {}
    regions: dict[str, str] = {}
    for code, row in parsed.trusts_2026.items():
        if row["icb"] in parsed.systems:
            continue
        regions.setdefault(row["icb"], row["region"])
        before = parsed.trusts.get(code)
        if before:
            predecessors.setdefault(row["icb"], set()).add(before["icb"])
        else:
            predecessors.setdefault(row["icb"], set())
    result = {}
    for code, olds in predecessors.items():
        names = [parsed.systems[o]["name"].removeprefix("NHS ").removesuffix(
            " Integrated Care Board") for o in sorted(olds)]
        result[code] = (merged_system_name(names, code), regions[code], sorted(olds))
    return result


def merged_system_name(former_names: list[str], code: str) -> str:
    """The name of an ICB formed by the 2026 mergers, which the ODS files do not name yet:
    from the ICBs it replaced, with its ODS code (two new ICBs may share a former one)."""
    label = " and ".join(former_names) if former_names else "unnamed"
    return (f"NHS {label} Integrated Care Board (formed on {nhs_date(MERGERS_EFFECTIVE)}, "
            f"ODS {code})")


def _upsert(model, lookup: dict, values: dict, summary: LoadSummary, what: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        summary.count(summary.created, what)
        return obj
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        obj.save()
        summary.count(summary.updated, what)
    return obj


def _membership(org, system, region, valid_from, valid_to, summary):
    _upsert(OrganisationMembership, {"organisation": org, "valid_from": valid_from},
            {"system": system, "region": region, "valid_to": valid_to}, summary, "memberships")


@transaction.atomic
def load_reference_data(data_dir: Path = DATA_DIR) -> LoadSummary:
    parsed = parse(data_dir)
    summary = LoadSummary()

    regions = {code: _upsert(Region, {"code": code}, values, summary, "regions")
               for code, values in parsed.regions.items()}

    merged = _merged_system_names(parsed)
    systems: dict[str, IntegratedCareSystem] = {}
    for code, row in parsed.systems.items():
        systems[code] = _upsert(
            IntegratedCareSystem, {"code": code},
            {"name": row["name"], "gss_code": row["gss_code"], "region": regions[row["region"]],
             "established_on": ICBS_ESTABLISHED},
            summary, "systems")
    for code, (name, region, _olds) in merged.items():
        systems[code] = _upsert(
            IntegratedCareSystem, {"code": code},
            {"name": name, "region": regions[region], "established_on": MERGERS_EFFECTIVE},
            summary, "systems")
    successors: dict[str, set[str]] = {}
    for code, (_name, _region, olds) in merged.items():
        for old in olds:
            successors.setdefault(old, set()).add(code)
    for old, news in sorted(successors.items()):
        # An ICB whose trusts went to more than one new ICB was split: no single successor.
        successor = systems[next(iter(news))] if len(news) == 1 else None
        systems[old] = _upsert(
            IntegratedCareSystem, {"code": old},
            {"closed_on": MERGERS_EFFECTIVE - dt.timedelta(days=1), "merged_into": successor},
            summary, "systems")

    # Each ICB is also an organisation that employs leaders.
    for system in systems.values():
        org = _icb_organisation(system, summary)
        _membership(org, system, system.region, system.established_on, system.closed_on, summary)

    for code in sorted(set(parsed.trusts) | set(parsed.trusts_2026)):
        before, after = parsed.trusts.get(code), parsed.trusts_2026.get(code)
        latest = after or before
        closed_on = latest["closed_on"]
        if before is None and closed_on and closed_on < ICBS_ESTABLISHED:
            continue  # closed before integrated care systems existed
        org = _organisation(code, latest, before or after, summary)
        first = before or after
        start = max(first["opened_on"] or ICBS_ESTABLISHED, ICBS_ESTABLISHED)
        first_system = systems[first["icb"]]
        moved = before is not None and after is not None and after["icb"] != before["icb"]
        if moved and (closed_on is None or closed_on >= MERGERS_EFFECTIVE):
            _membership(org, first_system, first_system.region, start,
                        MERGERS_EFFECTIVE - dt.timedelta(days=1), summary)
            new_system = systems[after["icb"]]
            _membership(org, new_system, regions[after["region"]], MERGERS_EFFECTIVE,
                        closed_on, summary)
        else:
            _membership(org, first_system, first_system.region, start, closed_on, summary)
    return summary


def _icb_organisation(system: IntegratedCareSystem, summary: LoadSummary) -> Organisation:
    obj = Organisation.objects.filter(ods_code=system.code).first()
    values = {"name": system.name, "opened_on": system.established_on,
              "closed_on": system.closed_on}
    if obj is None:
        summary.count(summary.created, "organisations")
        return Organisation.objects.create(ods_code=system.code, kind=OrganisationKind.ICB,
                                           **values)
    return _update_fields(obj, values, summary)


def _organisation(code: str, latest: dict, first: dict, summary: LoadSummary) -> Organisation:
    values = {"name": latest["name"], "postcode": latest["postcode"],
              "opened_on": first["opened_on"], "closed_on": latest["closed_on"]}
    obj = Organisation.objects.filter(ods_code=code).first()
    if obj is None:
        summary.count(summary.created, "organisations")
        return Organisation.objects.create(ods_code=code, kind=guess_kind(latest["name"]),
                                           kind_source=KindSource.DERIVED, **values)
    if obj.kind_source == KindSource.DERIVED and obj.kind != guess_kind(latest["name"]):
        values["kind"] = guess_kind(latest["name"])
    return _update_fields(obj, values, summary)


def _update_fields(obj, values: dict, summary: LoadSummary):
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.save(update_fields=changed)
        summary.count(summary.updated, "organisations")
    return obj
