"""NHS frameworks the talent app records against, and their sources (docs/talent-conversations.md).

- The six domains of the NHS Leadership Competency Framework for board members (NHS England,
  28 February 2024), with their exact 2024 names, and its five-point frequency scale.
- Growth categories of Scope for Growth (depth, breadth, stretch/complexity).
- The HEE Health & Care Leaders Scheme 9-box labels (top and middle rows were published; the
  bottom row's labels were not captured, so ours say plainly what the toolkit says of it).
Readiness labels and grids are data (models), seeded from here by migration and editable.
"""

from talentbridge.core.code_lists import code_lists

LcfDomain, LcfFrequency, GrowthCategory, ImpactLevel, TravelReach = code_lists(__name__)


#: Each domain's name in short, for tables (the full name is ``LcfDomain(d).label``).
LCF_SHORT_NAMES = {
    LcfDomain.OUTCOMES: "Outcomes",
    LcfDomain.STRATEGY: "Strategy",
    LcfDomain.EQUALITY: "Equality and inclusion",
    LcfDomain.GOVERNANCE: "Governance",
    LcfDomain.CULTURE: "Culture",
    LcfDomain.PARTNERS: "Partners and communities",
}


def domain_short_names(domains) -> str:
    """ "Strategy; Governance" for domains [2, 4]: words, never the domains' numbers."""
    return "; ".join(LCF_SHORT_NAMES[LcfDomain(int(d))] for d in domains or ())


def domains_to_mask(domains) -> int:
    """LCF domain numbers (1–6) → a bit mask (domain k ↔ bit k−1), so search and matching can
    filter and compare portably and fast."""
    mask = 0
    for domain in domains:
        domain = int(domain)
        if domain not in LcfDomain.values:
            raise ValueError(f"{domain} is not an LCF domain (1 to 6)")
        mask |= 1 << (domain - 1)
    return mask


def mask_to_domains(mask: int) -> list[int]:
    return [d for d in LcfDomain.values if mask & (1 << (d - 1))]


LCF_SCORE = {
    LcfFrequency.ALMOST_ALWAYS: 4,
    LcfFrequency.FREQUENTLY: 3,
    LcfFrequency.OCCASIONALLY: 2,
    LcfFrequency.RARELY_OR_NEVER: 1,
    LcfFrequency.NO_CHANCE: None,
}


#: Readiness levels seeded into the ReadinessLevel table (labels editable by administrators).
DEFAULT_READINESS = [
    ("ready_now", "Ready now", 1),
    ("1_2_years", "Ready in 1 to 2 years", 2),
    ("3_plus_years", "Ready in 3 or more years", 3),
    ("not_seeking", "Not seeking a move", 4),
]

#: Grids seeded into ReviewGrid/GridCell. Columns run left → right, rows bottom → top.
NINE_BOX = {
    "code": "nine_box",
    "name": "9-box: performance and potential (HEE talent toolkit)",
    "x_label": "Performance",
    "y_label": "Potential",
    "x_values": ["Lower", "Moderate", "Higher"],
    "y_values": ["Best suited to current grade", "Wants to progress", "High potential"],
    "cells": {
        # (column, row): (label, description)
        (1, 1): ("Current grade: lower performance",
                 "Best suited to current grade; performance below expectations"),
        (2, 1): ("Current grade: performing", "Best suited to current grade; meets expectations"),
        (3, 1): ("Current grade: strong performance",
                 "Best suited to current grade; exceeds expectations"),
        (1, 2): ("Early promise", "Wants to progress; not yet showing enough ability, "
                                  "aspiration or engagement"),
        (2, 2): ("Potential leader", "Wants to progress; developing"),
        (3, 2): ("Growing leader / strong contributor", "Wants to progress; performing strongly"),
        (1, 3): ("Strong early promise (4+ years)",
                 "High potential; a transition marking — expect a move within 18 months"),
        (2, 3): ("High potential (1–3 years)", "High potential for the next level"),
        (3, 3): ("Very strong contributor / ready for promotion now",
                 "High potential and ready now"),
    },
}

SCOPE_FOR_GROWTH = {
    "code": "scope_for_growth",
    "name": "Scope for Growth: impact and growth",
    "x_label": "Impact",
    "y_label": "Growth",
    "x_values": [label for _, label in ImpactLevel.choices],
    "y_values": ["Depth", "Breadth", "Stretch"],
    "cells": {
        (x, y): (f"{ImpactLevel.choices[x - 1][1]}, {g}", "")
        for x in (1, 2, 3)
        for y, g in ((1, "depth"), (2, "breadth"), (3, "stretch"))
    },
}

DEFAULT_GRIDS = [NINE_BOX, SCOPE_FOR_GROWTH]

#: Share of a calibrated population the guide expects in each 9-box row (bottom → top);
#: a guide, not a quota (configurable per grid).
NINE_BOX_GUIDE = {1: 0.20, 2: 0.60, 3: 0.20}
