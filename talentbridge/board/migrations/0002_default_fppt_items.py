"""The default FPPT checklist: the items the FPPT framework asks to be recorded for each board
member each year (docs/board.md). Administrators may change the list afterwards."""

from django.db import migrations

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


def add_items(apps, schema_editor):
    FpptItem = apps.get_model("board", "FpptItem")
    for position, (code, name, member_attests) in enumerate(DEFAULT_ITEMS, start=1):
        FpptItem.objects.update_or_create(code=code, defaults={
            "name": name, "position": position * 10, "member_attests": member_attests})


def remove_items(apps, schema_editor):
    apps.get_model("board", "FpptItem").objects.filter(
        code__in=[code for code, _, _ in DEFAULT_ITEMS], checks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("board", "0001_initial")]
    operations = [migrations.RunPython(add_items, remove_items)]
