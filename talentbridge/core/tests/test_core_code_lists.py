"""Code lists held as data (`codes.toml` beside `codes.py`): every list in the project is bound
to the name of its table, reads as Django choices, and a malformed file is refused at start-up
with the file, the list and the member named."""

from __future__ import annotations

import ast
import importlib
import sys
import tomllib
import types
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models

import talentbridge
from talentbridge.core.code_lists import code_lists

PACKAGE = Path(talentbridge.__file__).parent
LIST_FILES = sorted(p for p in PACKAGE.rglob("*.toml") if p.with_suffix(".py").exists())


def _module(path: Path):
    return importlib.import_module(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))


def _choices_classes(path: Path) -> list[str]:
    return [node.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ClassDef)
            and any(ast.unparse(base).endswith("Choices") for base in node.bases)]


def test_every_code_list_is_kept_as_data():
    """No code list is written as a Python class: each is a table in a TOML file."""
    written_in_python = {str(p.relative_to(PACKAGE)): _choices_classes(p)
                         for p in PACKAGE.rglob("*.py")
                         if "migrations" not in p.parts and "tests" not in p.parts}
    assert {path: names for path, names in written_in_python.items() if names} == {}
    assert len(LIST_FILES) >= 15


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_list_is_bound_to_the_name_of_its_table(path):
    """A list moved in the file but not in the unpacking line would swap two lists' names."""
    module = _module(path)
    tables = tomllib.loads(path.read_text(encoding="utf-8"))
    for name, table in tables.items():
        code_list = getattr(module, name)
        assert code_list.__name__ == name
        assert code_list.__module__ == module.__name__
        assert [m.name for m in code_list] == [k for k in table if k != "about"]


def _literals_of_text(path: Path):
    """(line, values) of each `Literal["a", "b", ...]` written out in a module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal":
            values = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            if all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values):
                yield node.lineno, {v.value for v in values}


def test_no_api_schema_writes_out_a_code_lists_values():
    """An API field taking a code list's values reads them from the list
    (`Literal[tuple(Readiness.values)]`), so a member added to the list is accepted by the API
    too; a list written out again would silently refuse it. A field allowing only some of a
    list's values (a decision a panel may make) still writes them out."""
    lists = {f"{path.parent.name}.{name}": set(getattr(_module(path), name).values)
             for path in LIST_FILES for name in tomllib.loads(path.read_text(encoding="utf-8"))}
    restated = [f"{path.relative_to(PACKAGE)}:{line} restates {name}"
                for path in sorted(PACKAGE.rglob("api*.py")) if "tests" not in path.parts
                for line, values in _literals_of_text(path)
                for name, members in lists.items() if values - {""} == members]
    assert restated == []


def _lists_from(tmp_path: Path, text: str):
    (tmp_path / "codes.toml").write_text(text, encoding="utf-8")
    module = types.ModuleType("listed_codes")
    module.__file__ = str(tmp_path / "codes.py")
    sys.modules["listed_codes"] = module
    try:
        return code_lists("listed_codes")
    finally:
        del sys.modules["listed_codes"]


def test_a_list_reads_as_django_choices_with_its_labels_and_description(tmp_path):
    status, scale = _lists_from(tmp_path, """
[Status]
about = "How far it has got."
OPEN = ["open", "Open for applications"]
PENDING = ["", "Awaiting decision"]

[Scale]
LOW = [1, "1: low"]
HIGH = [2, "2: high"]
""")
    assert issubclass(status, models.TextChoices) and issubclass(scale, models.IntegerChoices)
    assert status.choices == [("open", "Open for applications"), ("", "Awaiting decision")]
    assert status.OPEN == "open" and status("").label == "Awaiting decision"
    assert status.__doc__ == "How far it has got."
    assert scale.HIGH == 2 and scale(1).label == "1: low"


@pytest.mark.parametrize("text, message", [
    ('[Status]\nopen = ["open", "Open"]\n', "Status.open: a member's name is in capitals"),
    ('[Status]\nOPEN = ["open"]\n', "Status.OPEN = ['open']: expected [value, \"Label\"]"),
    ('[Status]\nOPEN = ["open", 2]\n', "codes.toml: Status.OPEN = ['open', 2]: expected"),
    ('[Status]\nOPEN = [true, "Open"]\n', "codes.toml: Status.OPEN = [True, 'Open']: expected"),
    ('[Status]\nabout = "Empty."\n', "codes.toml: code list Status has no members"),
])
def test_a_malformed_list_is_refused_naming_the_list_and_member(tmp_path, text, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        _lists_from(tmp_path, text)
    assert message in str(refused.value)
