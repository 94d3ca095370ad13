"""The slowest queries of a load test run, and PostgreSQL's plans for the top ones.

``python -m talentbridge.loadtest.explain QUERY_LOG_DIR TOP`` under the load test's settings:
merges every web process's query log (talentbridge/loadtest/querylog.py), writes
``slowest-queries.json`` (by total time) into it and ``explain.md`` (``EXPLAIN (ANALYZE,
BUFFERS)`` of the top reads, run with the parameters of their slowest run, inside a transaction
that is rolled back) beside it, and prints the merged list as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import django

django.setup()

# Django is set up just above.
from django.db import connection  # noqa: E402
from django.db import transaction  # noqa: E402


def merge(folder: Path) -> list[dict]:
    merged: dict[str, dict] = {}
    for path in folder.glob("queries-*.json"):
        for text, row in json.loads(path.read_text()).items():
            into = merged.setdefault(text, {"text": text, "count": 0, "total": 0.0, "max": 0.0})
            into["count"] += row["count"]
            into["total"] += row["total"]
            if row["max"] >= into["max"]:
                into.update(max=row["max"], sql=row["sql"], params=row["params"])
    return sorted(merged.values(), key=lambda r: -r["total"])


class _RolledBack(Exception):
    pass


def plan(sql: str, params: list) -> str:
    """EXPLAIN ANALYZE runs the statement: inside a transaction that is always rolled back."""
    lines: list[str] = []
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                lines = [row[0] for row in cursor.fetchall()]
            raise _RolledBack
    except _RolledBack:
        pass
    except Exception as error:  # noqa: BLE001 - a plan that cannot be made is reported
        lines = [f"(no plan: {type(error).__name__}: {error})"]
    return "\n".join(lines)


def write(folder: Path, rows: list[dict], top: int) -> None:
    """The merged log, and the plans of the `top` slowest reads (a write here is one row by
    its key; EXPLAIN would run it, and its JSON parameters do not survive the log)."""
    (folder / "slowest-queries.json").write_text(json.dumps(rows, indent=1))
    reads = [r for r in rows if r["text"].lstrip().upper().startswith("SELECT")]
    parts = []
    for n, row in enumerate(reads[:top], start=1):
        parts.append(f"## {n}. {row['count']} runs, {row['total'] * 1000:.0f} ms in all, "
                     f"slowest {row['max'] * 1000:.1f} ms\n\n```sql\n{row['sql']}\n```\n\n"
                     f"```\n{plan(row['sql'], row['params'])}\n```\n")
    (folder.parent / "explain.md").write_text("\n".join(parts))


if __name__ == "__main__":
    where = Path(sys.argv[1])
    found = merge(where)
    write(where, found, int(sys.argv[2]))
    print(json.dumps([{k: r[k] for k in ("text", "count", "total", "max")} for r in found]))
