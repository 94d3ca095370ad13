"""API shapes shared by the apps whose records sit in an area (an integrated care system or a
region)."""

from __future__ import annotations

from ninja import Schema


class AreaCodesOut(Schema):
    """Reads a record's optional `system` and `region` as their codes (None where not set).

    It declares no fields: a schema that inherits it declares ``system`` and ``region`` itself,
    with their descriptions, where it wants them in openapi.json."""

    @staticmethod
    def resolve_system(obj) -> str | None:
        return obj.system.code if obj.system_id else None

    @staticmethod
    def resolve_region(obj) -> str | None:
        return obj.region.code if obj.region_id else None
