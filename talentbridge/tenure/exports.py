"""CSV and XLSX downloads of the tenure figures (the same controlled values as the pages) and
of an organisation's holdings (named: only after the tenure policy decided), with real dates
(a date cell in Excel, ISO 8601 in CSV), audited as EXPORT."""

from __future__ import annotations

from django.utils.text import slugify

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import MAX_PEOPLE_IDS
from talentbridge.audit.services import record
from talentbridge.core.exports import FORMATS
from talentbridge.core.exports import check_format
from talentbridge.core.exports import table_bytes

from . import figures
from .figures import READ_AT_YEARS
from .presenters import KIND_LABELS
from .presenters import REASON_LABELS
from .presenters import interim_followed
from .presenters import person_name

FIGURES_NOTE = ("Exported from TalentBridge. Below England, counts of 1 to 7 are shown as *, "
                "others rounded to the nearest 5; medians and shares need 8 or more holdings.")
HOLDINGS_NOTE = ("Exported from TalentBridge. OFFICIAL-SENSITIVE: named board post holders and "
                 "why they left.")
FIGURES = ("survival", "segments", "turnover", "chief-executives")


def _survival_rows(scope, population: str, grouping: str) -> list[dict]:
    found = figures.survival(scope, population, grouping)
    return [{"Group": g.label, "Holdings": g.holdings, "Exits": g.exits,
             "In post": g.in_post, "Median years in post": g.median_years,
             **{f"In post at {y} years": v for y, v in zip(READ_AT_YEARS, g.survival,
                                                           strict=True)}}
            for g in found.groups]


def _turnover_rows(scope, population: str) -> list[dict]:
    return [{"Year": y.year, "In post on 1 January": y.in_post_at_start, "Exits": y.exits,
             "Turnover": y.turnover, "Appointments": y.appointments,
             "Interim appointments": y.interim_appointments, "Interim rate": y.interim_rate}
            for y in figures.turnover(scope, population)]


def _ce_rows(scope) -> list[dict]:
    counts = figures.chief_executives_per_organisation(scope)
    return [{"Chief executives since": counts.since, "Chief executives in five years": band,
             "Organisations": shown} for band, shown in counts.bands]


def figure_rows(scope, what: str, population: str, grouping: str) -> list[dict]:
    if what == "turnover":
        return _turnover_rows(scope, population)
    if what == "chief-executives":
        return _ce_rows(scope)
    if what == "segments":
        return _survival_rows(scope, figures.CHIEF_EXECUTIVES, "segment")
    return _survival_rows(scope, population, grouping)


def export_figures(user, scope, what: str, fmt: str, *, population: str, grouping: str,
                   request=None) -> tuple[str, str, bytes]:
    fmt = check_format(fmt)
    rows = figure_rows(scope, what, population, grouping)
    content = table_bytes(rows, fmt, sheet_name="Tenure", note=FIGURES_NOTE)
    record(actor=user, action=AuditAction.EXPORT, request=request,
           target_type="tenure.figures", target_id=f"{what}:{scope.code}",
           target_label=f"Tenure figures ({what}), {scope.name}",
           detail={"format": fmt, "rows": len(rows), "population": population,
                   "group": grouping})
    return f"tenure-{what}-{slugify(scope.code)}.{fmt}", FORMATS[fmt], content


def holding_rows(holdings) -> list[dict]:
    return [{"Person": person_name(h), "Kind of post": KIND_LABELS.get(h.kind, h.kind),
             "Started on": h.started_on, "Left on": h.ended_on,
             "Interim": "Yes" if h.interim else "No",
             "First chief executive post": "Yes" if h.first_time else "No",
             "Why they left": REASON_LABELS.get(h.exit_reason, ""),
             "Interim followed": interim_followed(h.interim_followed) if h.ended_on else ""}
            for h in holdings]


def export_holdings(user, organisation, holdings, fmt: str, *, request=None
                    ) -> tuple[str, str, bytes]:
    fmt = check_format(fmt)
    rows = holding_rows(holdings)
    content = table_bytes(rows, fmt, sheet_name="Holdings", note=HOLDINGS_NOTE)
    people = sorted({h.person_id for h in holdings if h.person_id})
    record(actor=user, action=AuditAction.EXPORT, target=organisation, request=request,
           detail={"format": fmt, "rows": len(rows), "people": people[:MAX_PEOPLE_IDS],
                   "people_count": len(people), "what": "board post holdings"})
    return f"board-holdings-{slugify(organisation.ods_code)}.{fmt}", FORMATS[fmt], content
