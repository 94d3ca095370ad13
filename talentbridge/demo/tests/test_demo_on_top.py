"""The demo sits on top: no capability imports it, by import statement or by module name."""

from __future__ import annotations

import ast
from pathlib import Path

from talentbridge.core.scoping import UNSCOPED_MODULES

ROOT = Path(__file__).resolve().parents[2]
CAPABILITIES = ("core", "organisations", "accounts", "people", "audit", "talent",
                "opportunities", "insights", "succession")


def _names_demo(name: str | None) -> bool:
    return bool(name) and (name == "talentbridge.demo" or name.startswith("talentbridge.demo."))


def demo_references(path: Path, root: Path = ROOT) -> list[str]:
    """Where a module imports the demo app, or names one of its modules in a string (as
    `import_module` would), other than as a key of the scoping allowlist."""
    allowlisted = set(UNSCOPED_MODULES)
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.module == "talentbridge":
                names += [f"talentbridge.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [] if node.value in allowlisted else [node.value]
        else:
            continue
        found += [f"{path.relative_to(root)}:{node.lineno} {name}"
                  for name in names if _names_demo(name)]
    return found


def capability_modules() -> list[Path]:
    return [path for app in CAPABILITIES for path in sorted((ROOT / app).rglob("*.py"))
            if "tests" not in path.relative_to(ROOT).parts]


def test_no_capability_module_reaches_the_demo_app():
    modules = capability_modules()
    assert len(modules) > 50  # the capabilities were found
    assert [ref for path in modules for ref in demo_references(path)] == []


def test_the_check_finds_an_import_and_a_module_name(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from talentbridge import demo\n"
              "from talentbridge.demo.generator import demo_people\n"
              "BUILDERS = ['talentbridge.demo.talent']\n")
    found = demo_references(sneaky, root=tmp_path)
    assert [ref.split(" ")[1] for ref in found] == [
        "talentbridge.demo", "talentbridge.demo.generator", "talentbridge.demo.talent"]
