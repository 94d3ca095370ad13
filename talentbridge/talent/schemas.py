"""API shapes shared by talent's rooms (conversations and reviews), which never import each
other."""

from __future__ import annotations

from ninja import Schema


class ReadinessCodeOut(Schema):
    """Reads a record's optional `readiness` (a ReadinessLevel) as its code, None where not set.

    It declares no field: a schema that inherits it declares ``readiness`` itself, where it
    wants it in openapi.json."""

    @staticmethod
    def resolve_readiness(obj) -> str | None:
        return obj.readiness.code if obj.readiness_id else None
