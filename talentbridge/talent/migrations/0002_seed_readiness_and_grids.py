"""Seed the configurable readiness levels and the two review grids (editable afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from talentbridge.talent.seed import ensure_seeded

    ensure_seeded(apps.get_model("talent", "ReadinessLevel"),
                  apps.get_model("talent", "ReviewGrid"), apps.get_model("talent", "GridCell"))


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
