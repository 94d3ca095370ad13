"""Reference codes used by the insights engine.

Sources (copied from the project's NHS domain notes, so nothing reads them at run time):

* Ethnic category: NHS Data Dictionary ETHNIC CATEGORY (2001 census "16+1"). Format an2:
  the first character is the national code, an optional second character is a local
  sub-code that must roll up to the national category. ``Z`` = not stated (asked,
  declined), ``99`` = not known (default, not asked).
* WRES: White = A, B, C; BME ("ethnic minority") = D-S; Z / 99 are excluded from
  numerators and denominators.
* Agenda for Change bands 1-7, 8a-8d, 9; very senior managers (VSM) sit outside AfC and
  WRES/WDES treat them as their own category. Medical and dental staff are on separate
  contracts (consultant, specialty doctor and specialist, resident/trainee).
* Staff group: NHS Data Dictionary STAFF GROUP codes 01-10.

Sex and disability: the domain notes do not give NHS code lists for these, so the
accepted spellings below are a configurable mapping (F / M / unknown; Y / N / unknown),
not a claim about an official code set.
"""

from __future__ import annotations

from typing import Final
from typing import Literal

EthnicGroup = Literal["white", "minority", "unknown"]

ETHNIC_CATEGORIES: Final[dict[str, str]] = {
    "A": "White - British",
    "B": "White - Irish",
    "C": "White - Any other White background",
    "D": "Mixed - White and Black Caribbean",
    "E": "Mixed - White and Black African",
    "F": "Mixed - White and Asian",
    "G": "Mixed - Any other mixed background",
    "H": "Asian or Asian British - Indian",
    "J": "Asian or Asian British - Pakistani",
    "K": "Asian or Asian British - Bangladeshi",
    "L": "Asian or Asian British - Any other Asian background",
    "M": "Black or Black British - Caribbean",
    "N": "Black or Black British - African",
    "P": "Black or Black British - Any other Black background",
    "R": "Other Ethnic Groups - Chinese",
    "S": "Other Ethnic Groups - Any other ethnic group",
    "Z": "Not stated (asked, declined)",
    "99": "Not known (not asked)",
}

WHITE_CODES: Final[frozenset[str]] = frozenset({"A", "B", "C"})
MINORITY_CODES: Final[frozenset[str]] = frozenset(
    {"D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S"}
)
UNKNOWN_ETHNIC_CODES: Final[frozenset[str]] = frozenset({"Z", "99"})
#: The 16 stated categories, in Data Dictionary order.
STATED_ETHNIC_CODES: Final[tuple[str, ...]] = tuple(
    c for c in ETHNIC_CATEGORIES if c not in UNKNOWN_ETHNIC_CODES
)
ETHNIC_CODE_ORDER: Final[tuple[str, ...]] = tuple(ETHNIC_CATEGORIES)

ETHNIC_GROUP_LABELS: Final[dict[str, str]] = {
    "white": "White",
    "minority": "Ethnic minority",
    "unknown": "Not stated / not known",
}


def normalise_ethnic_code(value: str | None) -> str | None:
    """Return the national ethnic category code for ``value`` or ``None`` if invalid.

    A blank value is treated as ``99`` (not known, the Data Dictionary default). A
    two-character value whose first character is a national code is a local sub-code
    and rolls up to that code (e.g. ``"CA"`` -> ``"C"``).
    """
    if value is None:
        return "99"
    v = value.strip().upper()
    if v == "":
        return "99"
    if v == "99":
        return "99"
    if len(v) <= 2 and v[0] in ETHNIC_CATEGORIES and v[0] != "9":
        return v[0]
    return None


def ethnic_group(code: str) -> EthnicGroup:
    """WRES grouping of a national ethnic category code."""
    if code in WHITE_CODES:
        return "white"
    if code in MINORITY_CODES:
        return "minority"
    return "unknown"


# --- Pay bands, grades and pipeline levels -------------------------------------------

AFC_BANDS: Final[tuple[str, ...]] = (
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8a",
    "8b",
    "8c",
    "8d",
    "9",
)
VSM: Final = "VSM"
BOARD: Final = "board"
MEDICAL_GRADES: Final[tuple[str, ...]] = ("resident_doctor", "specialty_doctor", "consultant")
MEDICAL_GRADE_LABELS: Final[dict[str, str]] = {
    "resident_doctor": "Resident doctor (trainee)",
    "specialty_doctor": "Specialty doctor and specialist",
    "consultant": "Consultant",
}
#: Every value accepted in the ``band`` column, in display order.
BANDS: Final[tuple[str, ...]] = (*AFC_BANDS, VSM, *MEDICAL_GRADES)

#: The AfC ladder used for the pipeline, promotion and projection, bottom to top.
#: ``board`` is a separate level taken from the optional board flag.
LEVELS: Final[tuple[str, ...]] = (*AFC_BANDS, VSM, BOARD)
#: The senior pipeline reported by default: band 8a up to VSM, then board.
SENIOR_LEVELS: Final[tuple[str, ...]] = ("8a", "8b", "8c", "8d", "9", VSM, BOARD)
#: Top of the ladder for "does the top reflect the workforce?" questions.
TOP_LEVELS: Final[tuple[str, ...]] = (VSM, BOARD)

_BAND_ALIASES: Final[dict[str, str]] = {
    "vsm": VSM,
    "very senior manager": VSM,
    "very senior managers": VSM,
    "consultant": "consultant",
    "consultants": "consultant",
    "specialty doctor": "specialty_doctor",
    "specialty_doctor": "specialty_doctor",
    "specialty doctor and specialist": "specialty_doctor",
    "sas": "specialty_doctor",
    "resident doctor": "resident_doctor",
    "resident_doctor": "resident_doctor",
    "trainee": "resident_doctor",
    "doctor in training": "resident_doctor",
}


def normalise_band(value: str | None) -> str | None:
    """Map spellings such as ``"Band 8A"``, ``"8A"``, ``"band_5"``, ``"VSM"`` to a band."""
    if value is None:
        return None
    v = value.strip().lower().replace("_", " ")
    if v in _BAND_ALIASES:
        return _BAND_ALIASES[v]
    if v.startswith("band"):
        v = v[4:].strip()
    v = v.replace(" ", "")
    return v if v in AFC_BANDS else None


def band_aliases() -> dict[str, str]:
    """Every accepted lower-cased spelling of a band mapped to its canonical value.

    Used to normalise a whole column in one vectorised ``replace``.
    """
    out: dict[str, str] = {}
    for band in AFC_BANDS:
        for spelling in (band, f"band {band}", f"band{band}", f"band_{band}"):
            out[spelling] = band
    out.update(_BAND_ALIASES)
    for grade in MEDICAL_GRADES:
        out[grade] = grade
    return out


def level_of(band: str, board: bool = False) -> str:
    """Pipeline level of a person: ``board`` when flagged, otherwise the band/grade."""
    return BOARD if board else band


#: Rank on the AfC ladder (medical grades are on their own ladder, see MEDICAL_RANK).
LEVEL_RANK: Final[dict[str, int]] = {lvl: i for i, lvl in enumerate(LEVELS)}
MEDICAL_RANK: Final[dict[str, int]] = {g: i for i, g in enumerate(MEDICAL_GRADES)}


def is_promotion(level_from: str, level_to: str) -> bool:
    """True if ``level_to`` is at least one level above ``level_from``.

    Moves within the AfC ladder and within the medical ladder compare ranks. A move from
    a medical grade to VSM or board counts as a promotion; any other cross-ladder move
    does not.
    """
    if level_from in LEVEL_RANK and level_to in LEVEL_RANK:
        return LEVEL_RANK[level_to] > LEVEL_RANK[level_from]
    if level_from in MEDICAL_RANK and level_to in MEDICAL_RANK:
        return MEDICAL_RANK[level_to] > MEDICAL_RANK[level_from]
    return level_from in MEDICAL_RANK and level_to in TOP_LEVELS


# --- Sex, disability, staff group ----------------------------------------------------

SEX_CODES: Final[dict[str, str]] = {"F": "Female", "M": "Male", "U": "Not known / not stated"}
_SEX_ALIASES: Final[dict[str, str]] = {
    "f": "F",
    "female": "F",
    "m": "M",
    "male": "M",
    "u": "U",
    "x": "U",
    "": "U",
    "unknown": "U",
    "not known": "U",
    "not stated": "U",
}
DISABILITY_CODES: Final[dict[str, str]] = {
    "Y": "Disabled",
    "N": "Not disabled",
    "U": "Not declared / unknown",
}
_DISABILITY_ALIASES: Final[dict[str, str]] = {
    "y": "Y",
    "yes": "Y",
    "n": "N",
    "no": "N",
    "u": "U",
    "": "U",
    "unknown": "U",
    "not declared": "U",
    "prefer not to say": "U",
    "not stated": "U",
}

STAFF_GROUPS: Final[dict[str, str]] = {
    "01": "Medical and Dental",
    "02": "Students",
    "03": "Nursing and Midwifery Registered",
    "04": "Allied Health Professionals",
    "05": "Additional Professional Scientific and Technical",
    "06": "Healthcare Scientists",
    "07": "Additional Clinical Services",
    "08": "Administrative and Clerical",
    "09": "Estates and Ancillary",
    "10": "Supplementary Roles",
}


def sex_aliases() -> dict[str, str]:
    """Accepted lower-cased spellings of sex mapped to F / M / U."""
    return dict(_SEX_ALIASES)


def disability_aliases() -> dict[str, str]:
    """Accepted lower-cased spellings of disability mapped to Y / N / U."""
    return dict(_DISABILITY_ALIASES)


def staff_group_aliases() -> dict[str, str]:
    """Accepted lower-cased spellings of staff group (code, ``"1"``, or name) -> code."""
    out: dict[str, str] = {}
    for code, name in STAFF_GROUPS.items():
        out[code] = code
        out[str(int(code))] = code
        out[name.lower()] = code
    return out


def ethnic_aliases() -> dict[str, str]:
    """Accepted upper-cased spellings of ethnic category -> national code.

    Covers the national codes, blank (-> 99) and every two-character local sub-code.
    """
    out: dict[str, str] = {"": "99", "99": "99"}
    for code in ETHNIC_CATEGORIES:
        if code == "99":
            continue
        out[code] = code
        for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789":
            out[code + ch] = code
    return out


BOOLEAN_ALIASES: Final[dict[str, bool]] = {
    "y": True,
    "yes": True,
    "1": True,
    "true": True,
    "t": True,
    "n": False,
    "no": False,
    "0": False,
    "false": False,
    "f": False,
}
