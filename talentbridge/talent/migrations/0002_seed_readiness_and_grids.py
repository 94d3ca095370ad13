"""Seed the configurable readiness levels and the two review grids (editable afterwards)."""

from django.db import migrations


def seed(apps, schema_editor):
    from talentbridge.talent.frameworks import DEFAULT_GRIDS, DEFAULT_READINESS, NINE_BOX_GUIDE

    ReadinessLevel = apps.get_model("talent", "ReadinessLevel")
    ReviewGrid = apps.get_model("talent", "ReviewGrid")
    GridCell = apps.get_model("talent", "GridCell")
    for code, label, order in DEFAULT_READINESS:
        ReadinessLevel.objects.update_or_create(code=code, defaults={"label": label,
                                                                     "order": order})
    for spec in DEFAULT_GRIDS:
        guide = {str(k): v for k, v in NINE_BOX_GUIDE.items()} if spec["code"] == "nine_box" else {}
        grid, _ = ReviewGrid.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "x_label": spec["x_label"],
                      "y_label": spec["y_label"], "x_values": spec["x_values"],
                      "y_values": spec["y_values"], "guide": guide},
        )
        for (column, row), (label, description) in spec["cells"].items():
            GridCell.objects.update_or_create(
                grid=grid, column=column, row=row,
                defaults={"label": label, "description": description},
            )


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
