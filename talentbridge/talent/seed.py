"""Seed (idempotently) the configurable readiness levels and review grids.

Used by migration 0002 and by anything that must find them even after a test database flush.
"""

from __future__ import annotations

from talentbridge.talent.frameworks import DEFAULT_GRIDS
from talentbridge.talent.frameworks import DEFAULT_READINESS
from talentbridge.talent.frameworks import NINE_BOX_GUIDE
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid


def ensure_seeded(readiness_model=None, grid_model=None, cell_model=None, *,
                  overwrite: bool = False) -> None:
    """Create the default readiness levels and grids where missing; never overwrite edits
    (unless ``overwrite``, for tests that put the defaults back as they were)."""
    if readiness_model is None:
        readiness_model, grid_model, cell_model = ReadinessLevel, ReviewGrid, GridCell

    def ensure(model, **fields):
        manager = model.objects
        return (manager.update_or_create if overwrite else manager.get_or_create)(**fields)

    for code, label, order in DEFAULT_READINESS:
        ensure(readiness_model, code=code, defaults={"label": label, "order": order})
    for spec in DEFAULT_GRIDS:
        guide = ({str(k): v for k, v in NINE_BOX_GUIDE.items()}
                 if spec["code"] == "nine_box" else {})
        grid, _ = ensure(
            grid_model, code=spec["code"],
            defaults={"name": spec["name"], "x_label": spec["x_label"],
                      "y_label": spec["y_label"], "x_values": spec["x_values"],
                      "y_values": spec["y_values"], "guide": guide},
        )
        for (column, row), (label, description) in spec["cells"].items():
            ensure(cell_model, grid=grid, column=column, row=row,
                   defaults={"label": label, "description": description})
