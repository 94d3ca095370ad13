"""The default FPPT checklist: the items the FPPT framework asks to be recorded for each board
member each year (docs/board.md). Administrators may change the list afterwards."""

from django.db import migrations

from talentbridge.board.checklist import DEFAULT_ITEMS, add_default_items


def add_items(apps, schema_editor):
    add_default_items(apps.get_model("board", "FpptItem"))


def remove_items(apps, schema_editor):
    apps.get_model("board", "FpptItem").objects.filter(
        code__in=[code for code, _, _ in DEFAULT_ITEMS], checks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("board", "0001_initial")]
    operations = [migrations.RunPython(add_items, remove_items)]
