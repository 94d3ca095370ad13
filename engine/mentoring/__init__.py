"""TalentBridge mentoring engine: match mentees with mentors, stable and optimal.

Plain Python (NumPy, Polars, OR-Tools); no Django. Modules:

- :mod:`~engine.mentoring.instance` — the :class:`MentoringInstance` arrays, checked input
- :mod:`~engine.mentoring.stable` — mentee-proposing deferred acceptance with capacities
- :mod:`~engine.mentoring.optimal` — largest total score, exactly, as a min-cost flow
- :mod:`~engine.mentoring.check` — independent checks: hard rules and blocking pairs
- :mod:`~engine.mentoring.output` — running the methods, writing results all or nothing
- :mod:`~engine.mentoring.generate` — deterministic synthetic instances
- :mod:`~engine.mentoring.bench` — the benchmark and its raw OR-Tools baseline
- :mod:`~engine.mentoring.cli` — ``talentbridge mentoring match | generate | bench``
"""

from engine.mentoring.check import blocking_pairs
from engine.mentoring.check import check_matching
from engine.mentoring.instance import MentoringInputError
from engine.mentoring.instance import MentoringInstance
from engine.mentoring.instance import build_instance
from engine.mentoring.instance import read_instance
from engine.mentoring.optimal import MentoringSolveError
from engine.mentoring.optimal import optimal_matching
from engine.mentoring.stable import stable_matching

__all__ = [
    "MentoringInputError",
    "MentoringInstance",
    "MentoringSolveError",
    "blocking_pairs",
    "build_instance",
    "check_matching",
    "optimal_matching",
    "read_instance",
    "stable_matching",
]
