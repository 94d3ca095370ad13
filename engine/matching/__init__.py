"""TalentBridge matching engine: place many NHS leaders into many opportunities at once.

Pure Python (NumPy, Polars, OR-Tools); no Django. Modules:

- :mod:`~engine.matching.instance` — the :class:`Instance` arrays, CSV reading / writing
- :mod:`~engine.matching.solver` — exact maximum-score placement as a min-cost flow
- :mod:`~engine.matching.core` — the solve's core of likely pairs and its proof of optimality
- :mod:`~engine.matching.greedy` — "best pair first" pass, for comparison
- :mod:`~engine.matching.scoring` — the documented score of one pair, and its explanation
- :mod:`~engine.matching.fairness` — proposal rates by group, with small-number suppression
- :mod:`~engine.matching.generate` — deterministic synthetic instances
- :mod:`~engine.matching.cli` — ``talentbridge match solve | generate | bench``
"""

from engine.matching.greedy import greedy
from engine.matching.instance import Instance
from engine.matching.instance import write_instance
from engine.matching.solver import solve

__all__ = ["Instance", "greedy", "solve", "write_instance"]
