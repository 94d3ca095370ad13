"""The score of one (person, opportunity) pair: a documented, weighted sum of parts.

Every part is a whole number of *points* (weights are stored per run by the app, defaults in
:class:`Weights`):

``development``
    ``development_per_domain`` points for each NHS Leadership Competency Framework (LCF) domain
    the opportunity develops that the person has said they want to grow (domains 1..6, see
    :data:`LCF_DOMAINS`).
``aspiration``
    ``aspiration`` points if the opportunity builds towards one of the person's career
    aspirations (e.g. ``"executive_director"``).
``preference``
    ``preference_first`` points for the person's first choice, ``preference_step`` fewer for
    each later rank, never below 0; nothing if the person did not rank it.
``readiness``
    points for the person's readiness for a move: ``ready_now``, ``1_2_years``,
    ``3_plus_years``; ``not_seeking`` earns nothing.
``novelty``
    ``new_host`` + ``new_kind`` + ``new_sector`` points for a host organisation, kind of
    organisation (acute trust, ICB, …) and sector the person has never worked in.
``geography``
    ``same_system`` / ``same_region`` / ``elsewhere`` points for where the opportunity is,
    but only if it is within the travel the person said they would consider (own system, own
    region, or anywhere; "own organisation" puts nothing elsewhere within it); outside it, 0.

Merit is the sum of those parts.

Positive-action tie-break (optional, off by default, always labelled)
    The Equality Act 2010, ss.158–159, allows positive action for people who share a protected
    characteristic that is under-represented, but in recruitment and promotion only to choose
    between candidates *as qualified as each other*. So the tie-break may only separate equal
    merit. With it switched on the total is::

        total = merit × (candidates_in_run + 1) + (1 if the person is eligible else 0)

    A real difference of one merit point is worth ``candidates_in_run + 1`` total points, more
    than the tie-break can add up to across a whole run (at most one point per placed
    candidate, at most ``candidates_in_run`` placements). So neither a single comparison nor
    the optimiser's total over a run can ever trade merit for the tie-break: it only decides
    between options of exactly equal merit. With it switched off, ``total = merit``.

    A total with the tie-break is per-person data about a protected characteristic
    (``total mod (candidates_in_run + 1)`` is the flag), so only merit may leave the run: the
    app stores, shows and exports merit (``merit = total // (candidates_in_run + 1)``), and an
    exported instance is solved without the tie-break, to the same merit total.

Many pairs at once
    :func:`score_arrays` is :func:`score_pair` written over whole NumPy arrays (one element per
    pair, codes described on :class:`PairArrays`), so that a run over tens of thousands of
    people scores millions of pairs without a Python object per pair. It gives the same parts,
    merit and total as :func:`score_pair`, part by part (tested on random pairs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from enum import StrEnum

import numpy as np

__all__ = [
    "LCF_DOMAINS",
    "PART_NAMES",
    "READINESS",
    "TRAVEL",
    "WHERE",
    "ArrayScores",
    "Opportunity",
    "PairArrays",
    "PairScore",
    "Person",
    "Readiness",
    "Travel",
    "Weights",
    "explain",
    "reasons",
    "score_arrays",
    "score_pair",
]

#: NHS Leadership Competency Framework for board members (NHS England, 2024): the 6 domains.
LCF_DOMAINS: Mapping[int, str] = {
    1: "driving high quality and sustainable outcomes",
    2: "setting strategy and delivering long-term transformation",
    3: "promoting equality and inclusion, and reducing health and workforce inequalities",
    4: "providing robust governance and assurance",
    5: "creating a compassionate, just and positive culture",
    6: "building a trusted relationship with partners and communities",
}

PART_NAMES = (
    "development",
    "aspiration",
    "preference",
    "readiness",
    "novelty",
    "geography",
    "positive_action",
)


class Readiness(StrEnum):
    READY_NOW = "ready_now"
    ONE_TO_TWO_YEARS = "1_2_years"
    THREE_PLUS_YEARS = "3_plus_years"
    NOT_SEEKING = "not_seeking"


class Travel(StrEnum):
    """How far the person said they would travel for an opportunity. ``own_organisation``:
    only within their own organisation, so no opportunity elsewhere is within their travel."""

    OWN_ORGANISATION = "own_organisation"
    OWN_SYSTEM = "own_system"
    OWN_REGION = "own_region"
    ANYWHERE = "anywhere"


@dataclass(frozen=True)
class Person:
    """What scoring needs to know about a candidate (plain data, no database)."""

    development_needs: frozenset[int] = frozenset()
    """LCF domains (1..6) the person wants to grow."""
    aspirations: frozenset[str] = frozenset()
    readiness: Readiness | str = Readiness.NOT_SEEKING
    worked_at: frozenset[str] = frozenset()
    """Organisations the person has worked at (their current employer included)."""
    worked_kinds: frozenset[str] = frozenset()
    worked_sectors: frozenset[str] = frozenset()
    system: str = ""
    """Integrated care system (ICS) the person works in."""
    region: str = ""
    """NHS England region the person works in."""
    travel: Travel | str = Travel.OWN_SYSTEM
    positive_action: bool = False
    """Shares a characteristic under-represented in the roles this run fills (labelled per run)."""


@dataclass(frozen=True)
class Opportunity:
    domains: frozenset[int] = frozenset()
    """LCF domains (1..6) this opportunity develops."""
    leads_to: frozenset[str] = frozenset()
    """Career aspirations this opportunity builds towards."""
    host: str = ""
    kind: str = ""
    """Kind of organisation, e.g. "acute trust", "integrated care board"."""
    sector: str = ""
    system: str = ""
    region: str = ""


@dataclass(frozen=True)
class Weights:
    """Points per part; stored with each run so that its scores can be explained later."""

    development_per_domain: int = 10
    aspiration: int = 15
    preference_first: int = 20
    preference_step: int = 5
    ready_now: int = 20
    ready_1_2_years: int = 10
    ready_3_plus_years: int = 0
    new_host: int = 10
    new_kind: int = 5
    new_sector: int = 5
    same_system: int = 10
    same_region: int = 6
    elsewhere: int = 3
    positive_action_tie_break: bool = False
    """Equality Act 2010 s.158/159 tie-break between candidates of equal merit only."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "positive_action_tie_break":
                if not isinstance(value, bool):
                    raise TypeError("positive_action_tie_break must be True or False")
            elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"weight {f.name} must be a whole number ≥ 0, got {value!r}")


@dataclass(frozen=True)
class Details:
    """The facts behind the parts, kept so that a score can be explained in words."""

    developed: tuple[int, ...]
    """LCF domains developed that the person wants to grow."""
    wanted: tuple[int, ...]
    aspirations: tuple[str, ...]
    preference_rank: int | None
    readiness: Readiness
    new_host: bool
    new_kind: bool
    new_sector: bool
    host: str
    kind: str
    sector: str
    where: str
    """"same_system", "same_region" or "elsewhere"."""
    travel: Travel


@dataclass(frozen=True)
class PairScore:
    """The score of one pair: the total used by the solver, its parts and why."""

    total: int
    """What the solver maximises (merit, scaled when the positive-action tie-break is on)."""
    merit: int
    """Sum of the merit parts (every part except ``positive_action``)."""
    parts: dict[str, int]
    details: Details


def _readiness_points(readiness: str, w: Weights) -> int:
    return {
        Readiness.READY_NOW: w.ready_now,
        Readiness.ONE_TO_TWO_YEARS: w.ready_1_2_years,
        Readiness.THREE_PLUS_YEARS: w.ready_3_plus_years,
    }.get(Readiness(readiness), 0)


def _geography(person: Person, opp: Opportunity, w: Weights) -> tuple[int, str]:
    """Return (points, where) with where in same_system / same_region / elsewhere."""
    if opp.system and opp.system == person.system:
        where = "same_system"
    elif opp.region and opp.region == person.region:
        where = "same_region"
    else:
        where = "elsewhere"
    allowed = {
        Travel.OWN_ORGANISATION: set(),
        Travel.OWN_SYSTEM: {"same_system"},
        Travel.OWN_REGION: {"same_system", "same_region"},
        Travel.ANYWHERE: {"same_system", "same_region", "elsewhere"},
    }[Travel(person.travel)]
    if where not in allowed:
        return 0, where
    return {"same_system": w.same_system, "same_region": w.same_region,
            "elsewhere": w.elsewhere}[where], where


def score_pair(
    person: Person,
    opportunity: Opportunity,
    weights: Weights | None = None,
    preference_rank: int | None = None,
    *,
    candidates_in_run: int = 1,
) -> PairScore:
    """Score one pair. ``preference_rank`` is 1 for the person's first choice, None if unranked.

    ``candidates_in_run`` (the number of candidates being matched together) sets the scale of
    the positive-action tie-break; it only matters when the tie-break is switched on.
    """
    w = weights or Weights()
    if preference_rank is not None and preference_rank < 1:
        raise ValueError("preference_rank starts at 1 (first choice)")
    if candidates_in_run < 1:
        raise ValueError("candidates_in_run must be at least 1")
    unknown = (person.development_needs | opportunity.domains) - set(LCF_DOMAINS)
    if unknown:
        raise ValueError(f"unknown LCF domain(s) {sorted(unknown)}; domains are 1..6")

    developed = sorted(person.development_needs & opportunity.domains)
    aspirations = sorted(person.aspirations & opportunity.leads_to)
    new_host = opportunity.host not in person.worked_at
    new_kind = bool(opportunity.kind) and opportunity.kind not in person.worked_kinds
    new_sector = bool(opportunity.sector) and opportunity.sector not in person.worked_sectors
    geo_points, where = _geography(person, opportunity, w)
    preference = 0
    if preference_rank is not None:
        preference = max(0, w.preference_first - (preference_rank - 1) * w.preference_step)

    parts = {
        "development": w.development_per_domain * len(developed),
        "aspiration": w.aspiration if aspirations else 0,
        "preference": preference,
        "readiness": _readiness_points(person.readiness, w),
        "novelty": w.new_host * new_host + w.new_kind * new_kind + w.new_sector * new_sector,
        "geography": geo_points,
        "positive_action": 0,
    }
    merit = sum(parts.values())
    total = merit
    if w.positive_action_tie_break:
        parts["positive_action"] = 1 if person.positive_action else 0
        total = merit * (candidates_in_run + 1) + parts["positive_action"]
    details = Details(
        developed=tuple(developed),
        wanted=tuple(sorted(person.development_needs)),
        aspirations=tuple(aspirations),
        preference_rank=preference_rank,
        readiness=Readiness(person.readiness),
        new_host=new_host,
        new_kind=new_kind,
        new_sector=new_sector,
        host=opportunity.host,
        kind=opportunity.kind,
        sector=opportunity.sector,
        where=where,
        travel=Travel(person.travel),
    )
    return PairScore(total=total, merit=merit, parts=parts, details=details)


# --------------------------------------------------------------------------------------------
# Many pairs at once (NumPy)
# --------------------------------------------------------------------------------------------

#: ``PairArrays.readiness`` codes: index into this tuple.
READINESS: tuple[str, ...] = tuple(r.value for r in Readiness)
#: ``PairArrays.where`` codes: where the opportunity is, relative to the person.
WHERE: tuple[str, ...] = ("same_system", "same_region", "elsewhere")
#: ``PairArrays.travel`` codes. A pair is within the person's travel when ``where < travel``.
TRAVEL: tuple[str, ...] = tuple(t.value for t in Travel)

_POPCOUNT = np.array([bin(i).count("1") for i in range(64)], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class PairArrays:
    """Many pairs, one element per pair: int or bool NumPy arrays of the same length.

    ``need_mask`` and ``develops_mask`` are LCF domains as bit masks (domain k ↔ bit k−1);
    aspirations are codes, 0 for none and the same positive code on both sides for a match;
    ``preference_rank`` is 0 when the person did not rank the opportunity; ``readiness``,
    ``where`` and ``travel`` index :data:`READINESS`, :data:`WHERE` and :data:`TRAVEL`;
    ``new_host``, ``new_kind`` and ``new_sector`` say whether the person has never worked at
    the host, in its kind of organisation, in its sector.
    """

    need_mask: np.ndarray
    develops_mask: np.ndarray
    person_aspiration: np.ndarray
    opportunity_aspiration: np.ndarray
    preference_rank: np.ndarray
    readiness: np.ndarray
    new_host: np.ndarray
    new_kind: np.ndarray
    new_sector: np.ndarray
    where: np.ndarray
    travel: np.ndarray
    positive_action: np.ndarray


@dataclass(frozen=True, eq=False)
class ArrayScores:
    """:class:`PairScore` for many pairs: int64 arrays, one element per pair."""

    parts: dict[str, np.ndarray]
    """Points per part, keyed by :data:`PART_NAMES`."""
    merit: np.ndarray
    total: np.ndarray


def score_arrays(
    pairs: PairArrays, weights: Weights | None = None, *, candidates_in_run: int = 1
) -> ArrayScores:
    """Score many pairs at once, exactly as :func:`score_pair` scores each one."""
    w = weights or Weights()
    if candidates_in_run < 1:
        raise ValueError("candidates_in_run must be at least 1")
    n = pairs.need_mask.shape[0]
    developed = _POPCOUNT[(pairs.need_mask & pairs.develops_mask) & 63]
    aspiration = (pairs.person_aspiration > 0) & (
        pairs.person_aspiration == pairs.opportunity_aspiration
    )
    rank = pairs.preference_rank.astype(np.int64)
    preference = np.where(
        rank > 0, np.maximum(0, w.preference_first - (rank - 1) * w.preference_step), 0
    )
    readiness_points = np.array(
        [_readiness_points(r, w) for r in READINESS], dtype=np.int64
    )
    where_points = np.array([w.same_system, w.same_region, w.elsewhere], dtype=np.int64)
    where = pairs.where.astype(np.int64)
    geography = np.where(where < pairs.travel, where_points[where], 0)
    parts = {
        "development": developed * w.development_per_domain,
        "aspiration": aspiration.astype(np.int64) * w.aspiration,
        "preference": preference.astype(np.int64),
        "readiness": readiness_points[pairs.readiness],
        "novelty": (
            pairs.new_host.astype(np.int64) * w.new_host
            + pairs.new_kind.astype(np.int64) * w.new_kind
            + pairs.new_sector.astype(np.int64) * w.new_sector
        ),
        "geography": geography.astype(np.int64),
        "positive_action": np.zeros(n, dtype=np.int64),
    }
    merit = np.zeros(n, dtype=np.int64)
    for name in PART_NAMES:
        merit += parts[name]
    total = merit.copy()
    if w.positive_action_tie_break:
        parts["positive_action"] = pairs.positive_action.astype(np.int64)
        total = merit * (candidates_in_run + 1) + parts["positive_action"]
    return ArrayScores(parts=parts, merit=merit, total=total)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: Letters whose names start with a vowel sound ("an NHS trust", "an ICB", "a CCG").
_VOWEL_SOUND_LETTERS = frozenset("AEFHILMNORSX")


def _article(noun: str) -> str:
    """ "a" or "an", by the sound of the first word: "an integrated care board", "an acute
    trust", "an NHS trust" (said letter by letter), "a university hospital", "a community
    provider"."""
    words = noun.strip().split()
    word = words[0].strip("\"'(") if words else ""
    if not word:
        return "a"
    if len(word) > 1 and word.isupper():  # an initialism, said letter by letter
        return "an" if word[0] in _VOWEL_SOUND_LETTERS else "a"
    lower = word.lower()
    if lower.startswith(("uni", "use", "usu", "ute", "eu", "one", "once")):
        return "a"
    if lower.startswith(("hour", "honest", "honour", "heir")):
        return "an"
    return "an" if lower[0] in "aeiou" else "a"


def _join(items: list[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def reasons(score: PairScore, *, positive_action: bool = True) -> dict[str, str]:
    """One plain-English phrase per part that scored (non-zero), keyed by part name.

    ``positive_action=False`` leaves out the positive-action phrase, for readers who must not
    learn from it that the person shares a protected characteristic (the phrase belongs to
    the person themselves); the scores are untouched.
    """
    d = score.details
    out: dict[str, str] = {}
    if score.parts["development"]:
        names = _join([f'"{LCF_DOMAINS[k]}"' for k in d.developed])
        noun = "domain" if len(d.wanted) == 1 else "domains"
        out["development"] = (
            f"it develops {len(d.developed)} of the {len(d.wanted)} leadership {noun} you want "
            f"to grow ({names})"
        )
    if score.parts["aspiration"]:
        wanted = [a.replace("_", " ") for a in d.aspirations]
        out["aspiration"] = f"it builds towards your aspiration: {_join(wanted)}"
    if score.parts["preference"] and d.preference_rank is not None:
        out["preference"] = f"you ranked it your {_ordinal(d.preference_rank)} choice"
    if score.parts["readiness"]:
        out["readiness"] = {
            Readiness.READY_NOW: "you said you are ready for a move now",
            Readiness.ONE_TO_TWO_YEARS: "you said you will be ready for a move in 1 to 2 years",
            Readiness.THREE_PLUS_YEARS: "you said you will be ready for a move in 3 or more "
            "years",
            Readiness.NOT_SEEKING: "",
        }[d.readiness]
    if score.parts["novelty"]:
        new = []
        if d.new_host:
            new.append(f"at {d.host or 'this organisation'}")
        if d.new_kind:
            new.append(f"in {_article(d.kind)} {d.kind}")
        if d.new_sector:
            new.append(f"in the {d.sector} sector")
        out["novelty"] = f"it gives you new experience: you have not worked {_join(new, 'or')}"
    if score.parts["geography"]:
        out["geography"] = {
            "same_system": "it is in your own integrated care system",
            "same_region": "it is in your own region, within the travel you said you would "
            "consider",
            "elsewhere": "it is outside your region, and you said you would consider anywhere",
        }[d.where]
    if positive_action and score.parts["positive_action"]:
        out["positive_action"] = (
            "positive action (Equality Act 2010 s.158/159) was used only as a tie-break "
            "between candidates of equal merit"
        )
    return out


_THIRD_PERSON = ((re.compile(r"\bgives you\b"), "gives them"),
                 (re.compile(r"\byour\b"), "their"),
                 (re.compile(r"\byou\b"), "they"))


def in_third_person(explanation: str) -> str:
    """An explanation from :func:`explain`, which speaks to the leader ("you ranked it your
    1st choice"), as others read it ("they ranked it their 1st choice").

    It rewrites only the pronouns of the phrases above, so it also reads explanations
    stored before this function existed.
    """
    text = explanation
    for pattern, replacement in _THIRD_PERSON:
        text = pattern.sub(replacement, text)
    return text


def explain(score: PairScore, *, positive_action: bool = True) -> str:
    """A sentence such as "Proposed because: it develops 2 of the 3 … domains you want …".

    ``positive_action=False`` leaves out the positive-action phrase (see :func:`reasons`).
    """
    found = reasons(score, positive_action=positive_action)
    phrases = [found[p] for p in PART_NAMES if p in found]
    if not phrases:
        return "Proposed, although none of the scoring parts applied (score 0)."
    return "Proposed because: " + "; ".join(phrases) + "."
