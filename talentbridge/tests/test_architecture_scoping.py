"""Person-level tables are read only through the access policy, by construction.

Three checks, each failing with a message that says what to do:
1. every model that holds rows about a named person (a foreign key to Person, or to such a
   model) has a scoped ``objects`` (`talentbridge.core.scoping.ScopedManager`);
2. no production module reads a person-level model's ``objects`` except through
   ``visible_to``, and only the modules in ``UNSCOPED_MODULES`` name ``unscoped`` (or Django's
   ``_default_manager`` / ``_base_manager``);
3. at run time ``Person.objects.filter(...)`` raises.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps

from talentbridge.core.scoping import UNSCOPED_MODULES
from talentbridge.core.scoping import UnscopedAccess
from talentbridge.core.scoping import is_person_level
from talentbridge.people.models import Person

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "talentbridge"
#: Not production code: tests read tables to check what users see; migrations use
#: historical models.
EXEMPT_PARTS = {"tests", "browser_tests", "migrations"}
ALLOWED_METHODS = {"visible_to", "create", "bulk_create", "none"}
BYPASSES = {"unscoped", "_default_manager", "_base_manager"}


def person_level_models() -> list[type]:
    """Person, and every model reaching it through a foreign key (to a fixed point)."""
    found = {Person}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found or model._meta.app_label not in {
                    "people", "talent", "opportunities", "insights", "organisations",
                    "accounts", "audit", "data_rights", "succession", "board", "mentoring",
                    "tenure", "support", "learning", "plans", "programmes"}:
                continue
            for field in model._meta.get_fields():
                if (getattr(field, "many_to_one", False) or getattr(field, "one_to_one", False)) \
                        and field.concrete and field.related_model in found:
                    found.add(model)
                    changed = True
                    break
    return sorted(found, key=lambda m: m._meta.label)


#: Models that reach Person but hold no data about the person themselves, and why.
NOT_PERSON_DATA: dict[str, str] = {
    "succession.BoardPost":
        "a board post belongs to its organisation; who holds it is public (every NHS body "
        "publishes its board), and the post holds nothing else about them",
}

#: Models read only by the user they belong to: ``objects.visible_to(user)`` gives that user's
#: own rows and nothing else reads ``objects``; the same module check applies to them.
RECIPIENT_SCOPED = ("notifications.Notification",)


def production_modules() -> list[tuple[str, Path]]:
    modules = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if EXEMPT_PARTS & set(relative.parts[:-1]) or path.name == "conftest.py":
            continue
        modules.append((".".join(relative.with_suffix("").parts).removesuffix(".__init__"),
                        path))
    return modules


def violations(module: str, source: str, model_names: set[str]) -> list[str]:
    """Every direct read of a person-level table in one module's source, as messages."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Attribute):
            continue
        inner = node.value
        if not (isinstance(inner.value, ast.Name) and inner.value.id in model_names):
            continue
        model, manager, method = inner.value.id, inner.attr, node.attr
        where = f"{module}:{node.lineno}"
        if manager == "objects" and method not in ALLOWED_METHODS:
            found.append(
                f"{where} reads {model}.objects.{method}(...), a table of named people, "
                f"without a viewer. Read it as {model}.objects.visible_to(request.user)"
                f".{method}(...) so the access policy decides; if no one is viewing (a "
                f"background task, the demo data), add the module to UNSCOPED_MODULES in "
                f"talentbridge/core/scoping.py with its reason and use {model}.unscoped.")
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Attribute) and node.attr in BYPASSES
                and isinstance(node.value, ast.Name) and node.value.id in model_names
                and module not in UNSCOPED_MODULES):
            found.append(
                f"{module}:{node.lineno} uses {node.value.id}.{node.attr}, which reads every "
                f"row whoever is asking, but {module} is not in UNSCOPED_MODULES "
                f"(talentbridge/core/scoping.py). Use {node.value.id}.objects.visible_to("
                f"request.user), or add the module there with the reason no viewer applies.")
    return found


def test_every_model_holding_a_persons_data_is_scoped():
    unscoped = [m._meta.label for m in person_level_models()
                if not is_person_level(m) and m._meta.label not in NOT_PERSON_DATA]
    assert not unscoped, (
        f"{unscoped} hold rows about named people (they reach people.Person by a foreign key) "
        "but their `objects` is not a talentbridge.core.scoping.ScopedManager. Declare "
        "`unscoped, objects = person_managers(\"<path to the person>\")` "
        "(talentbridge.core.model_bases) after the fields.")


def test_no_module_reads_a_person_level_table_around_the_policy():
    names = {m.__name__ for m in person_level_models() if m._meta.label not in NOT_PERSON_DATA}
    names |= {apps.get_model(label).__name__ for label in RECIPIENT_SCOPED}
    problems = []
    for module, path in production_modules():
        problems += violations(module, path.read_text(), names)
    assert not problems, "\n".join(problems)


def test_every_allowlisted_module_exists_gives_a_reason_and_still_needs_it():
    names = {m.__name__ for m in person_level_models()}
    names |= {apps.get_model(label).__name__ for label in RECIPIENT_SCOPED}
    sources = dict(production_modules())
    for module, reason in UNSCOPED_MODULES.items():
        assert len(reason) > 20, f"{module}: say why no viewer applies"
        path = sources.get(module)
        assert path is not None, f"{module} is on the allowlist but no longer exists"
        tree = ast.parse(path.read_text())
        uses = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in BYPASSES]
        assert uses or module == "talentbridge.core.scoping", \
            f"{module} no longer reads around the policy: take it off the allowlist"
    assert names  # the walk found the models


def test_the_check_names_the_module_line_and_the_fix():
    """A new view reading Person.objects directly fails with a message saying what to do."""
    source = ("from talentbridge.people.models import Person\n\n"
              "def leaders(request):\n"
              "    return Person.objects.filter(pay_band='9')\n")
    (message,) = violations("talentbridge.people.new_page", source, {"Person"})
    assert message.startswith("talentbridge.people.new_page:4 reads Person.objects.filter")
    assert "Person.objects.visible_to(request.user).filter" in message
    (message,) = violations("talentbridge.people.new_page",
                            source.replace("objects.filter", "unscoped.filter"), {"Person"})
    assert "is not in UNSCOPED_MODULES" in message
    assert violations("talentbridge.people.new_page",
                      source.replace("objects.filter", "objects.visible_to(request.user)"
                                     ".filter"), {"Person"}) == []


@pytest.mark.django_db
def test_unscoped_reads_raise_at_run_time_and_visible_to_answers():
    with pytest.raises(UnscopedAccess, match=r"Person.objects.visible_to\(request.user"):
        list(Person.objects.filter(pay_band="9"))
    with pytest.raises(UnscopedAccess):
        Person.objects.count()
    assert list(Person.objects.visible_to(None)) == []


@pytest.mark.django_db
def test_recipient_scoped_tables_refuse_reads_without_a_recipient():
    for label in RECIPIENT_SCOPED:
        model = apps.get_model(label)
        with pytest.raises(UnscopedAccess, match=r"visible_to\(request.user\)"):
            model.objects.count()
        assert list(model.objects.visible_to(None)) == []
