"""Job titles, executive teams and professional backgrounds for the synthetic NHS leaders.

Plain data, no Django. Codes are the string values of `talentbridge.people.codes` (a test checks
that every value used here is a valid choice there). Titles follow common NHS usage; they are
illustrative, not an official list.
"""

from __future__ import annotations

from .data_files import data_beside

#: Pay bands from the most junior leadership band up; consultants sit beside 8d/9.
LEADER_BANDS = ("8a", "8b", "8c", "8d", "9")

#: Seniority rank: a line manager always ranks above the people they manage.
#: The chief executive is rank 7, other VSM executives 6.
BAND_RANK = {"8a": 1, "8b": 2, "8c": 3, "8d": 4, "9": 5, "consultant": 4, "vsm": 6}
CEO_RANK = 7

#: Share of an organisation's non-executive leaders in each band (ESR-like shape: many 8a,
#: few band 9). Assumption, loosely after NHS Digital workforce statistics by AfC band.
BAND_SHARES = {"8a": 0.47, "8b": 0.26, "8c": 0.15, "8d": 0.08, "9": 0.04}

#: Fewest leaders of each band per organisation, so every tree has every level.
BAND_MINIMUM = {"9": 1, "8d": 1, "8c": 2, "8b": 3, "8a": 4}

#: Share of an organisation's leaders who are consultants in a medical leadership role.
CONSULTANT_SHARE = {"acute": 0.08, "mental_health": 0.06, "community": 0.03,
                    "ambulance": 0.02, "icb": 0.03}

#: Relative size of an organisation's leadership population by kind (acute trusts biggest).
KIND_WEIGHT = {"acute": 10.0, "mental_health": 6.0, "community": 4.0, "ambulance": 5.0,
               "icb": 4.0}

#: Staff group (NHS Data Dictionary STAFF GROUP) for each professional background.
STAFF_GROUP = {
    "medicine": "01",
    "nursing": "03",
    "midwifery": "03",
    "allied_health": "04",
    "pharmacy": "05",
    "other": "05",  # here: clinical and counselling psychologists, psychotherapists
    "healthcare_science": "06",
    "estates": "09",
    "finance": "08",
    "operations": "08",
    "people": "08",
    "strategy": "08",
    "digital": "08",
    "communications": "08",
    "governance": "08",
}

#: Which executive director's directorate a background reports into.
DIRECTORATE = {
    "medicine": "medical",
    "pharmacy": "medical",
    "healthcare_science": "medical",
    "other": "medical",
    "nursing": "nursing",
    "midwifery": "nursing",
    "allied_health": "operations",
    "operations": "operations",
    "estates": "estates",
    "finance": "finance",
    "digital": "digital",
    "people": "people",
    "strategy": "strategy",
    "communications": "strategy",
    "governance": "governance",
}

#: When an organisation has no executive for a directorate, who it reports to instead.
DIRECTORATE_FALLBACK = {"estates": "finance", "digital": "finance", "governance": "strategy",
                        "strategy": "ceo", "operations": "ceo", "people": "ceo",
                        "medical": "ceo", "nursing": "ceo", "finance": "ceo"}

#: Backgrounds of chief executives (weights).
CEO_BACKGROUNDS = {"operations": 30, "finance": 20, "nursing": 18, "medicine": 10,
                   "strategy": 10, "people": 5, "allied_health": 4, "digital": 3}

#: Backgrounds of leaders at bands 8a–9 by kind of organisation (weights).
BACKGROUNDS: dict[str, dict[str, int]] = {
    "acute": {"nursing": 24, "midwifery": 4, "allied_health": 10, "healthcare_science": 6,
              "pharmacy": 4, "finance": 10, "operations": 18, "people": 6, "strategy": 3,
              "digital": 7, "estates": 3, "communications": 2, "governance": 2, "other": 1},
    "mental_health": {"nursing": 30, "allied_health": 12, "other": 10, "pharmacy": 3,
                      "finance": 9, "operations": 15, "people": 7, "strategy": 4, "digital": 5,
                      "estates": 2, "communications": 2, "governance": 1},
    "community": {"nursing": 32, "allied_health": 18, "pharmacy": 2, "other": 3, "finance": 9,
                  "operations": 15, "people": 7, "strategy": 4, "digital": 5, "estates": 2,
                  "communications": 2, "governance": 1},
    "ambulance": {"allied_health": 30, "nursing": 6, "operations": 25, "finance": 9,
                  "people": 8, "strategy": 4, "digital": 7, "estates": 5, "communications": 3,
                  "governance": 3},
    "icb": {"nursing": 10, "pharmacy": 6, "allied_health": 3, "finance": 16, "operations": 22,
            "strategy": 18, "digital": 8, "people": 7, "communications": 5, "governance": 5},
}

#: Partner sectors that leaders worked in before or between NHS roles (weights).
PARTNER_SECTORS = {
    "local_government": 34, "social_care": 14, "voluntary": 20, "academia": 14,
    "civil_service": 8, "private": 6, "armed_forces": 4,
}

# ---- words: titles, divisions and employers (the data in roles.json) -------------------
_WORDS = data_beside(__file__)

#: Executive teams by kind of organisation: (title, directorate, {background: weight},
#: probability the post exists).
ExecPost = tuple[str, str, dict[str, int], float]
EXECUTIVE_TEAMS: dict[str, list[ExecPost]] = {
    kind: [tuple(post) for post in posts] for kind, posts in _WORDS["executive_teams"].items()}

#: Divisions by kind of organisation; specialties, allied health professions and healthcare
#: science areas (for the placeholders of titles).
DIVISIONS: dict[str, list[str]] = _WORDS["divisions"]
SPECIALTIES: list[str] = _WORDS["specialties"]
AHP_PROFESSIONS: list[str] = _WORDS["ahp_professions"]
SCIENCE_AREAS: list[str] = _WORDS["science_areas"]

#: Titles at bands 8a–9 by background, and those that differ at an ICB (commissioning rather
#: than running services). Placeholders: {division}, {specialty}, {profession}, {science}.
TITLES: dict[str, dict[str, list[str]]] = _WORDS["titles"]
ICB_TITLES: dict[str, dict[str, list[str]]] = _WORDS["icb_titles"]

#: Medical leadership roles held by consultants: at a trust, an ICB, a mental health trust.
CONSULTANT_TITLES: list[str] = _WORDS["consultant_titles"]
ICB_CONSULTANT_TITLES: list[str] = _WORDS["icb_consultant_titles"]
MENTAL_HEALTH_CONSULTANT_TITLES: list[str] = _WORDS["mental_health_consultant_titles"]

#: Earlier-career titles by background: [entry (band 5-6), band 7].
EARLY_TITLES: dict[str, list[list[str]]] = _WORDS["early_titles"]
MEDICAL_CAREER: list[str] = _WORDS["medical_career"]

#: Partner-sector employers (by region where local) and roles. Council, university and
#: charity names are of public bodies, not people.
LOCAL_AUTHORITIES: dict[str, list[str]] = _WORDS["local_authorities"]
UNIVERSITIES: dict[str, list[str]] = _WORDS["universities"]
VOLUNTARY: list[str] = _WORDS["voluntary"]
SOCIAL_CARE: list[str] = _WORDS["social_care"]
CIVIL_SERVICE: list[str] = _WORDS["civil_service"]
PRIVATE: list[str] = _WORDS["private"]
ARMED_FORCES: list[str] = _WORDS["armed_forces"]
PARTNER_TITLES: dict[str, list[str]] = _WORDS["partner_titles"]
NON_EXECUTIVE_TITLES: list[str] = _WORDS["non_executive_titles"]
TRUSTEE_TITLES: list[str] = _WORDS["trustee_titles"]
