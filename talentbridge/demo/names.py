"""Synthetic name lists for demo leaders (the data in names.json): common given and family
names across many heritages found in the UK. Written for this project from general knowledge
of common names; no real person's data. Any resemblance of a generated name to a real person
is coincidence.

Names are picked by heritage with a loose link to the (synthetic) ethnic category: a quarter of
given names come from another list, because many people's names do not follow their ethnicity.
"""

from __future__ import annotations

import random

from .data_files import data_beside

# heritage: (female given names, male given names, family names), from names.json
NAMES: dict[str, tuple[list[str], list[str], list[str]]] = {
    heritage: (lists["female"], lists["male"], lists["family"])
    for heritage, lists in data_beside(__file__).items()
}

#: Heritage mix of names for each ethnic category (weights).
HERITAGE_BY_ETHNIC_CATEGORY: dict[str, dict[str, int]] = {
    "A": {"british": 93, "irish": 5, "european": 2},
    "B": {"irish": 85, "british": 15},
    "C": {"european": 75, "british": 15, "irish": 5, "middle_eastern": 5},
    "D": {"british": 55, "caribbean": 45},
    "E": {"british": 50, "african": 50},
    "F": {"british": 50, "indian": 30, "muslim_south_asian": 20},
    "G": {"british": 50, "european": 20, "caribbean": 10, "middle_eastern": 10, "chinese": 10},
    "H": {"indian": 95, "muslim_south_asian": 5},
    "J": {"muslim_south_asian": 100},
    "K": {"muslim_south_asian": 100},
    "L": {"other_asian": 70, "indian": 15, "muslim_south_asian": 15},
    "M": {"caribbean": 90, "british": 10},
    "N": {"african": 95, "british": 5},
    "P": {"african": 50, "caribbean": 50},
    "R": {"chinese": 100},
    "S": {"middle_eastern": 70, "other_asian": 10, "african": 10, "european": 10},
    "Z": {"british": 70, "irish": 4, "european": 6, "indian": 7, "muslim_south_asian": 4,
          "african": 4, "caribbean": 2, "chinese": 1, "other_asian": 1, "middle_eastern": 1},
}
HERITAGE_BY_ETHNIC_CATEGORY["99"] = HERITAGE_BY_ETHNIC_CATEGORY["Z"]


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def pick_name(rng: random.Random, ethnic_category: str, female: bool) -> tuple[str, str]:
    """A (given name, family name) pair, loosely linked to the ethnic category."""
    mix = HERITAGE_BY_ETHNIC_CATEGORY[ethnic_category]
    family_heritage = _weighted(rng, mix)
    given_heritage = family_heritage if rng.random() < 0.75 else _weighted(rng, mix)
    if given_heritage == family_heritage and rng.random() < 0.08:
        given_heritage = "british"  # many people of every heritage have an English given name
    females, males, _ = NAMES[given_heritage]
    given = rng.choice(females if female else males)
    family = rng.choice(NAMES[family_heritage][2])
    return given, family


def email_local_part(given: str, family: str) -> str:
    """'Dela Cruz' → 'delacruz', "O'Brien" → 'obrien'; keeps hyphens."""
    def clean(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum() or ch == "-")

    return f"{clean(given)}.{clean(family)}"
