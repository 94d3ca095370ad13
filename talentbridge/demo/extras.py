"""Demo data of the capability apps, built after the base demo (people, careers, users).

Each builder offers `build(seed, stdout, reset=False)`: idempotent, deterministic for a seed.
"""

from __future__ import annotations

import time

from . import board
from . import insights
from . import learning
from . import lifecycle
from . import mentoring
from . import opportunities
from . import plans
from . import programmes
from . import succession
from . import support
from . import talent
from . import tenure

#: In dependency order: talent data feeds opportunity matching; the lifecycle demo uses both
#: (a conversation review falling due, a nomination); insights stand alone; succession plans
#: name people in the talent pools and the people as the lifecycle left them; FPPT records and
#: references are of the board posts' incumbents (after the succession demo, which makes them);
#: post holdings follow the board posts and their incumbents; mentoring pairs the demo's senior
#: leaders and gives the demo leader a mentor; support's check-ins, offers and pulse answers are
#: of the incumbents, and its early warnings read tenure's holdings and segments and who has a
#: mentor. The learning log shares an entry with the leader's mentor only when a mentoring
#: relationship is running. Programmes' outcomes read the careers as the lifecycle left them.
#: Development plans link conversations, interests and programmes, so they come last.
EXTRA_DEMOS = (talent, opportunities, lifecycle, insights, succession, board, tenure, mentoring,
               support, learning, programmes, plans)
#: Each builder's function that removes its demo data (before the base demo is deleted).
DELETERS = {
    talent: talent.delete,
    opportunities: opportunities.delete_demo_opportunities,
    lifecycle: lifecycle.delete,
    insights: insights.delete_demo,
    succession: succession.delete,
    board: board.delete,
    learning: learning.delete,
    mentoring: mentoring.delete,
    plans: plans.delete,
    tenure: tenure.delete,
    support: support.delete,
    programmes: programmes.delete,
}


def label(module) -> str:
    """The capability a builder makes demo data for, as printed ("talent", "insights")."""
    return module.__name__.rsplit(".", 1)[1]


def delete_extras() -> None:
    """Remove the apps' demo data, last built first, so the base demo can be deleted."""
    for module in reversed(EXTRA_DEMOS):
        DELETERS[module]()


def build_extras(seed: int, stdout=None, reset: bool = False) -> None:
    for module in EXTRA_DEMOS:
        started = time.perf_counter()
        module.build(seed, stdout, reset)
        if stdout is not None:
            stdout.write(f"{label(module)} demo data ready "
                         f"({time.perf_counter() - started:.1f} s).")
