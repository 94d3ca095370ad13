"""Old audit events keep identifiers, not names (talentbridge.audit.labels): the actor's label
becomes "user 42" (or "anonymous"), a person's or other personal record's label becomes its
kind and id ("person 17"), and usernames and searched names leave the details (user ids, or a
keyed fingerprint of what was typed).

The table is append-only: in one transaction this drops the database's triggers, rewrites the
labels, and creates the triggers again (as migration 0002 made them)."""

from importlib import import_module

from django.db import migrations

from talentbridge.audit.labels import NAMED_TARGETS, fingerprint

TRIGGERS = import_module("talentbridge.audit.migrations.0002_append_only_triggers")
#: Labels that were never a name: an export's table, the audit trail itself, free text with
#: no target type (the demo's seed), and the paths of refused requests.
KEEP_TYPES = NAMED_TARGETS | {"insights.table", "audit.auditevent", ""}


def _kind(apps, target_type: str) -> str:
    try:
        return str(apps.get_model(*target_type.split(".", 1))._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


def _user_ids(users, username) -> list[int]:
    return sorted(users.filter(username__iexact=str(username)).values_list("pk", flat=True))


def _owner(users, value):
    ids = _user_ids(users, value)
    return ids[0] if ids else None


def _scrub_detail(users, action: str, detail):
    if not isinstance(detail, dict):
        return detail
    detail = dict(detail)
    if isinstance(detail.get("owner"), str):
        detail["owner"] = _owner(users, detail["owner"])
    if isinstance(detail.get("username"), str) and not detail["username"].startswith("fp:"):
        detail["username"] = fingerprint(detail["username"])
    if isinstance(detail.get("participants"), list):
        detail["participants"] = sorted(
            {pk for name in detail["participants"] if isinstance(name, str)
             for pk in _user_ids(users, name)}
            | {v for v in detail["participants"] if isinstance(v, int)})
    if action == "search" and isinstance(detail.get("name"), str):
        detail["name"] = fingerprint(detail["name"])
    if action == "search" and isinstance(detail.get("actor"), str):
        detail["actor"] = _user_ids(users, detail["actor"])
    filters = detail.get("filters")
    if isinstance(filters, dict) and isinstance(filters.get("actor"), str):
        detail["filters"] = {**filters, "actor": _user_ids(users, filters["actor"])}
    return detail


def _new_labels(apps, users, event) -> dict:
    actor = f"user {event.actor_id}" if event.actor_id else "anonymous"
    target = event.target_label
    if event.target_type not in KEEP_TYPES and not target.startswith("/"):
        target = f"{_kind(apps, event.target_type)} {event.target_id}".strip()[:200]
    return {"actor_label": actor, "target_label": target,
            "detail": _scrub_detail(users, event.action, event.detail)}


def _execute(schema_editor, statements: dict) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    Event = apps.get_model("audit", "AuditEvent")
    users = apps.get_model("accounts", "User")._base_manager
    _execute(schema_editor, {"sqlite": TRIGGERS.SQLITE_REVERSE,
                             "postgresql": TRIGGERS.POSTGRES_REVERSE[:1]})
    for event in Event.objects.order_by("pk").iterator(chunk_size=2000):
        new = _new_labels(apps, users, event)
        if any(getattr(event, name) != value for name, value in new.items()):
            Event.objects.filter(pk=event.pk).update(**new)
    _execute(schema_editor, {"sqlite": TRIGGERS.SQLITE, "postgresql": TRIGGERS.POSTGRES[1:]})


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("audit", "0004_access_refused"), ("accounts", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
