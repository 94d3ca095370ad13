"""CSV and XLSX download of the compact's figures: counts through the disclosure rules, never
a leader's answer, audited as EXPORT."""

from __future__ import annotations

from django.utils.text import slugify

from talentbridge.audit.exports import audited_export
from talentbridge.core.exports import Export

from .presenters import AGREEMENT_HEADINGS
from .presenters import figures_row

NOTE = ("Exported from TalentBridge. The leadership compact against what leaders report: "
        "fewer than 11 responses are not reported, counts of 1 to 7 show as *, others are "
        "rounded to the nearest 5.")


def compact_rows(figures) -> list[dict]:
    rows = []
    for f in figures:
        row = figures_row(f)
        rows.append({
            "Commitment": row["title"], "Owner": row["owner"], "For leaders in": row["for"],
            "Measure": row["measure"], "Due by": f.commitment.due_on, "Status": row["status"],
            "Responses": row["responses"],
            **{heading: (row["by_answer"][i] if f.reported else "")
               for i, heading in enumerate(AGREEMENT_HEADINGS)},
            "Agree or strongly agree": row["agree"],
        })
    return rows


def export_compact(user, pulse, figures, fmt: str, *, request=None) -> Export:
    return audited_export(user, pulse, compact_rows(figures), fmt,
                          f"leadership-compact-{slugify(pulse.name)}", sheet_name="Compact",
                          note=NOTE, request=request)
