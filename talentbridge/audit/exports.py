"""A download of a table about one record, audited as EXPORT (who, what, how many rows)."""

from __future__ import annotations

from talentbridge.core.exports import FORMATS
from talentbridge.core.exports import Export
from talentbridge.core.exports import check_format
from talentbridge.core.exports import table_bytes

from .models import AuditAction
from .services import record


def audited_export(user, target, rows: list[dict], fmt: str, stem: str, *, sheet_name: str,
                   note: str, detail: dict | None = None, request=None) -> Export:
    """``rows`` as the file ``<stem>.<fmt>`` (csv or xlsx, see table_bytes), its export
    recorded against ``target`` with ``detail`` and the format and row count."""
    fmt = check_format(fmt)
    content = table_bytes(rows, fmt, sheet_name=sheet_name, note=note)
    record(actor=user, action=AuditAction.EXPORT, target=target, request=request,
           detail={**(detail or {}), "format": fmt, "rows": len(rows)})
    return Export(f"{stem}.{fmt}", FORMATS[fmt], content, len(rows))
