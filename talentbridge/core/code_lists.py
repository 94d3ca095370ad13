"""Code lists are data: each app keeps the values its fields may take, with the label people
read, in `codes.toml` beside its `codes.py`, and `codes.py` turns them into Django choices:

    # programmes/codes.toml                # programmes/codes.py
    [Route]                                Route, ... = code_lists(__name__)
    about = "How someone came to apply."
    APPLIED = ["applied", "Applied"]
    NOMINATED = ["nominated", "Nominated"]

Each table is one list: its members in order, `NAME = [value, "Label"]`, and an optional
`about` (the list's description, which the API schema shows). Whole-number values make an
`IntegerChoices`, text values a `TextChoices`, so models, forms and the API use a list exactly
as a class written in Python. The lists come back in the file's order; a test checks that each
is bound to the name of its table.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import models

_MEMBER_NAME = re.compile(r"[A-Z][A-Z0-9_]*\Z")


def code_lists(module: str) -> tuple[type[models.Choices], ...]:
    """The code lists in the TOML file beside `module` (pass `__name__`), in the file's order;
    each belongs to that module, as a class written there would."""
    path = Path(sys.modules[module].__file__).with_suffix(".toml")
    with path.open("rb") as file:
        tables = tomllib.load(file)
    return tuple(_code_list(path, module, name, table) for name, table in tables.items())


def _code_list(path: Path, module: str, name: str, table: dict) -> type[models.Choices]:
    about = table.pop("about", "")
    members = [(member, _pair(path, name, member, pair)) for member, pair in table.items()]
    if not members:
        raise ImproperlyConfigured(f"{path.name}: code list {name} has no members")
    whole_numbers = all(isinstance(pair[0], int) for _member, pair in members)
    base = models.IntegerChoices if whole_numbers else models.TextChoices
    code_list = base(name, members, module=module)
    code_list.__doc__ = about
    return code_list


def _pair(path: Path, name: str, member: str, pair) -> tuple:
    """One member's [value, "Label"], checked, as the tuple Django's choices take."""
    where = f"{path.name}: {name}.{member}"
    if not _MEMBER_NAME.match(member):
        raise ImproperlyConfigured(f"{where}: a member's name is in capitals, like OPEN")
    if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[1], str)
            and isinstance(pair[0], str | int) and not isinstance(pair[0], bool)):
        raise ImproperlyConfigured(f'{where} = {pair!r}: expected [value, "Label"]')
    return tuple(pair)
