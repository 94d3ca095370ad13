"""A leader's Leadership Competency Framework gaps: the domains their latest assessment rates
lowest (docs/development-plans.md).

Each domain may carry up to three scores on the LCF frequency scale (1 "Rarely" to 4 "Almost
always"): the self-assessment, the line manager's and the colleagues' (360) band. A domain's
rating is the mean of the scores it has; the gaps are the domains with the lowest rating,
the ``how_many`` lowest plus any tied with the last of them. A domain nobody scored is never a
gap (there is nothing to say it is weak), and a leader rated "Almost always" everywhere has no
gaps.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from fractions import Fraction

#: The top of the scale: a domain rated this is a strength, never a gap.
TOP_SCORE = 4
GAPS_SHOWN = 2


def rating(scores: Iterable[int | None]) -> Fraction | None:
    """The mean of the scores given (exactly), or None when none were."""
    given = [s for s in scores if s is not None]
    return Fraction(sum(given), len(given)) if given else None


def lowest_domains(scores: Mapping[int, Iterable[int | None]], how_many: int = GAPS_SHOWN
                   ) -> list[int]:
    """The gap domains, lowest rated first (ties by domain number)."""
    rated = sorted(((r, domain) for domain, s in scores.items()
                    if (r := rating(s)) is not None and r < TOP_SCORE))
    if not rated or how_many <= 0:
        return []
    cut = rated[min(how_many, len(rated)) - 1][0]
    return [domain for r, domain in rated if r <= cut]
