"""Code lists for opportunities, interests, match runs and placements (one place).

LCF domains are the six domains of the NHS Leadership Competency Framework for board members
(NHS England, 28 February 2024), with their exact 2024 names. They are stored as a bit mask
(domain k ↔ bit k−1), so that the match run can compare a leader's development needs with what
an opportunity develops for millions of pairs with whole-array NumPy operations.
"""

from __future__ import annotations

import re

from talentbridge.core.code_lists import code_lists
from talentbridge.people.codes import PayBand
from talentbridge.talent.frameworks import LcfDomain  # noqa: F401  (one definition of the LCF)
from talentbridge.talent.frameworks import domains_to_mask  # noqa: F401  (one definition of the LCF)
from talentbridge.talent.frameworks import mask_to_domains  # noqa: F401  (one definition of the LCF)

(
    OpportunityKind, OpportunityStatus, Reach, Aspiration, InterestSource, InterestStatus,
    RunScope, RunStatus, PositiveActionGroup, PlacementStatus, Decision,
) = code_lists(__name__)


#: A leader's travel reach in their talent profile (talentbridge.talent.frameworks.TravelReach)
#: as the engine's travel (engine.matching.scoring.Travel).
TRAVEL_OF_REACH = {
    "organisation": "own_organisation",
    "system": "own_system",
    "region": "own_region",
    "national": "anywhere",
}


#: Words in the role a leader aspires to (their talent profile's free-text `aspiration_role`,
#: from their latest career conversation) that tell which aspiration an opportunity can build
#: towards. Tried in this order; the first that matches wins; none matching means no
#: aspiration points. Whole words, case ignored.
ASPIRATION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("non_executive_director", ("non-executive", "non executive", "nonexecutive", "ned",
                                "chair")),
    ("system_leader", ("icb", "integrated care", "system", "partnership", "place")),
    ("executive_director", ("deputy chief executive",)),
    ("chief_executive", ("chief executive", "ceo")),
    ("clinical_leader", ("medical director", "clinical", "nurse", "nursing", "midwife",
                         "midwifery", "chief pharmacist", "allied health", "ahp",
                         "chief scientist", "chief scientific", "medical")),
    ("executive_director", ("director", "chief", "coo", "cfo", "executive")),
)


def aspiration_of_role(role: str) -> str:
    """The `Aspiration` a free-text role builds towards ("" for none), by `ASPIRATION_WORDS`:
    "Chief Executive" → chief_executive, "Director of Nursing" → clinical_leader,
    "Chief Operating Officer" → executive_director, "Deputy Director of Operations" →
    executive_director."""
    text = " " + re.sub(r"[^a-z0-9-]+", " ", (role or "").lower()) + " "
    for aspiration, words in ASPIRATION_WORDS:
        if any(f" {word} " in text for word in words):
            return aspiration
    return ""


#: Placements that hold a seat and stop a second offer to the same person.
OPEN_PLACEMENT_STATUSES = (PlacementStatus.OFFERED, PlacementStatus.ACCEPTED,
                           PlacementStatus.PLACED)


#: The order of bands and grades for "band within range". Agenda for Change bands rise 1 … 9,
#: then VSM. Medical grades sit beside the AfC band usually paired with leadership roles of the
#: same weight (an assumption, stated in docs/opportunities.md): resident doctor ≈ 7, specialty
#: doctor ≈ 8b, consultant ≈ 8d.
BAND_RANK: dict[str, int] = {
    PayBand.BAND_1: 1, PayBand.BAND_2: 2, PayBand.BAND_3: 3, PayBand.BAND_4: 4,
    PayBand.BAND_5: 5, PayBand.BAND_6: 6, PayBand.BAND_7: 7, PayBand.BAND_8A: 8,
    PayBand.BAND_8B: 9, PayBand.BAND_8C: 10, PayBand.BAND_8D: 11, PayBand.BAND_9: 12,
    PayBand.VSM: 13, PayBand.RESIDENT_DOCTOR: 7, PayBand.SPECIALTY_DOCTOR: 9,
    PayBand.CONSULTANT: 11,
}

#: Bands an opportunity's range may start or end at (the AfC ladder and VSM).
RANGE_BANDS = [(b.value, b.label) for b in PayBand if b.value not in
               ("resident_doctor", "specialty_doctor", "consultant")]
