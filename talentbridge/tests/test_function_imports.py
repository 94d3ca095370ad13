"""The check that every import inside a function says why it is there."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_function_imports",
                                              ROOT / "scripts" / "check_function_imports.py")
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def test_an_import_inside_a_function_needs_a_reason(tmp_path):
    module = tmp_path / "pages.py"
    module.write_text("import os\n\n\ndef page():\n    from json import dumps\n"
                      "    return dumps(os.sep)\n")
    assert check.unexplained(module) == [f"{module}:5: from json import dumps"]
    assert check.main([str(tmp_path)]) == 1


def test_a_comment_on_the_line_or_above_the_run_of_imports_is_a_reason(tmp_path):
    module = tmp_path / "export.py"
    module.write_text(
        "def export():\n"
        "    # openpyxl is slow to import and only exports need it\n"
        "    from openpyxl import Workbook\n"
        "    from openpyxl.styles import (\n"
        "        Font,\n"
        "    )\n"
        "    return Workbook, Font\n\n\n"
        "def ready():\n"
        "    from . import checks  # registers the start-up checks\n")
    assert check.unexplained(module) == []
    assert check.main([str(tmp_path)]) == 0


def test_tests_and_migrations_are_not_checked(tmp_path):
    for folder in ("tests", "migrations"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text("def f():\n    import json\n")
    assert check.main([str(tmp_path)]) == 0


def test_the_code_base_passes():
    assert check.main([]) == 0
