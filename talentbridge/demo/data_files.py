"""Synthetic lists kept as data: a list module (`names`, `roles`) reads the JSON file beside it
of the same name (``names.py`` reads ``names.json``). Plain Python, no Django."""

from __future__ import annotations

import json
from pathlib import Path


def data_beside(module_file: str):
    """The JSON file beside a module, of the module's name, read (lists stay in file order)."""
    return json.loads(Path(module_file).with_suffix(".json").read_text(encoding="utf-8"))
