"""Demo data of the capability apps, built after the base demo (people, careers, users).

Each app offers `demo.build(seed, stdout, reset=False)`: idempotent, deterministic for a seed.
"""

from __future__ import annotations

import time
from importlib import import_module

#: In dependency order: talent data feeds opportunity matching; insights stand alone.
EXTRA_DEMOS = (
    "talentbridge.talent.demo",
    "talentbridge.opportunities.demo",
    "talentbridge.insights.demo",
)
#: Each module's function that removes its demo data (before the base demo is deleted).
DELETERS = {
    "talentbridge.talent.demo": "delete",
    "talentbridge.opportunities.demo": "delete_demo_opportunities",
    "talentbridge.insights.demo": "delete_demo",
}


def delete_extras() -> None:
    """Remove the apps' demo data, last built first, so the base demo can be deleted."""
    for name in reversed(EXTRA_DEMOS):
        getattr(import_module(name), DELETERS[name])()


def build_extras(seed: int, stdout=None, reset: bool = False) -> None:
    for name in EXTRA_DEMOS:
        module = import_module(name)
        started = time.perf_counter()
        module.build(seed, stdout, reset)
        if stdout is not None:
            stdout.write(f"{name.split('.')[1]} demo data ready "
                         f"({time.perf_counter() - started:.1f} s).")
