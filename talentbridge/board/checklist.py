"""The default FPPT checklist: the items the FPPT framework asks to be recorded for each board
member each year (docs/board.md). Seeded by a data migration; administrators change the list
afterwards."""

from __future__ import annotations

#: (code, item, completed by the member's self-attestation)
DEFAULT_ITEMS = [
    ("employment-history", "Employment history, with gaps explained", False),
    ("qualifications", "Qualifications and professional registration", False),
    ("references", "References: the Board Member Reference, covering NHS board roles in the "
                   "past 6 years", False),
    ("dbs", "DBS (criminal records) check at the required level", False),
    ("health", "Health self-declaration", False),
    ("insolvency", "Insolvency Service register", False),
    ("disqualified-directors", "Companies House disqualified directors register", False),
    ("removed-trustees", "Charity Commission register of removed trustees", False),
    ("employment-tribunals", "Employment tribunal judgments", False),
    ("social-media", "Social media search", False),
    ("settlement-agreements", "Settlement agreements", False),
    ("self-attestation", "Annual self-attestation form", True),
    ("lcf-appraisal", "LCF self-assessment and appraisal outcome", False),
    ("chair-conclusion", "Chair's overall conclusion: fit and proper", False),
]


def add_default_items(item_model) -> None:
    """Add (or restore the names of) the default items; ``item_model`` is FpptItem, or its
    historical version in a migration."""
    for position, (code, name, member_attests) in enumerate(DEFAULT_ITEMS, start=1):
        item_model.objects.update_or_create(code=code, defaults={
            "name": name, "position": position * 10, "member_attests": member_attests})
