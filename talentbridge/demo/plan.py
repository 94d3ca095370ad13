"""Plan a synthetic population of NHS leaders: plain Python, no Django, no database.

Every person here is invented. The plan is a pure function of (organisations, seed, size): one
`random.Random(seed)` is drawn from in a fixed order (organisations sorted by ODS code, people in
creation order), so the same seed gives the same people, names, careers and characteristics.
Dates are relative to a fixed reference day, `AS_OF`, not to today.

Sources and assumptions (published NHS figures; figures marked "assumed" are ours):

- Ethnicity (WRES reports): BME share of the whole workforce 28.6% (2024), VSM 12.7%
  (2024), boards 16.5%. The share falls with seniority; we interpolate 8a 20%, 8b 17%, 8c 15%,
  8d 14%, band 9 13%, VSM 12.7%. Consultants in medical leadership roles 35% (assumed: about
  half of consultants are from ethnic minorities, fewer in leadership roles). London is higher
  and the South West lower (assumed multipliers in `REGION_BME_MULTIPLIER`), scaled so that each
  band's national share stays on target. The ethnic-minority share is spread over codes D–S and
  the White share over A–C (assumed weights below); about 5% are Z (not stated, 3%) or 99 (not
  known, 2%). Z/99 are left out of shares, as WRES does.
- Sex: about 64% female at 8a falling to 47% at VSM (assumed, after NHS Digital workforce
  statistics: the workforce is about 77% female, its most senior grades about half); nursing,
  midwifery and allied health lean female, estates, digital and finance lean male, adjusted so
  each band's share stays on target. A few are "not known".
- Disability: 3.5% declare a disability (ESR-like, WDES reports: about 3% in ESR), 4.5% prefer
  not to say, 10% not known.
- Sexual orientation, religion: plausible shares (assumed; religion varies with ethnicity, as in
  the 2021 census).
- Age: mean 45 at 8a rising to 54 for chief executives (assumed); NHS careers start at 21–26
  (medicine 23–26), some later after another career.
- Tenure: chief executives and executives about 3.5 years mean in post (NHS studies: median CEO
  tenure about 3 years), other leaders 4 years.
- Careers: 1–5 earlier roles, about a third in the same organisation, a third elsewhere in the
  same system, a fifth elsewhere in the region, the rest anywhere in England; some secondments,
  interim and acting roles, non-executive and trustee roles, national bodies, and partner
  sectors (local government, social care, voluntary, academia, civil service, private sector,
  armed forces). Each role ends the day before the next begins; the current substantive role is
  the last to start.
- Visibility: 45% organisation, 35% system, 20% national (assumed).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field

from . import roles
from .names import email_local_part
from .names import pick_name

AS_OF = dt.date(2026, 10, 1)
DEMO_EMAIL_DOMAIN = "demo.talentbridge.nhs.uk"
ICBS_ESTABLISHED = dt.date(2022, 7, 1)

#: Demo sign-ins that have their own person record, and where they work.
LEADER_ORGANISATION = "R0A"  # Manchester University NHS Foundation Trust (Greater Manchester)
SYSTEM_ORGANISATION = "QOP"  # NHS Greater Manchester Integrated Care Board

BME_SHARE = {"8a": 0.20, "8b": 0.17, "8c": 0.15, "8d": 0.14, "9": 0.13, "vsm": 0.127,
             "consultant": 0.35}
REGION_BME_MULTIPLIER = {"Y56": 2.3, "Y60": 1.15, "Y61": 1.0, "Y62": 0.95, "Y59": 0.9,
                         "Y63": 0.7, "Y58": 0.55}
BME_CODES = {"H": 28, "J": 7, "K": 2, "L": 10, "M": 10, "N": 18, "P": 3, "D": 3, "E": 2,
             "F": 3, "G": 3, "R": 4, "S": 7}
WHITE_CODES = {"A": 86, "B": 3, "C": 11}
FEMALE_SHARE = {"8a": 0.64, "8b": 0.61, "8c": 0.58, "8d": 0.55, "9": 0.52, "vsm": 0.47,
                "consultant": 0.40}
FEMALE_ADJUSTMENT = {"nursing": 0.22, "midwifery": 0.30, "allied_health": 0.12, "people": 0.10,
                     "communications": 0.10, "other": 0.08, "finance": -0.10, "digital": -0.20,
                     "estates": -0.25, "operations": -0.03}
DISABILITY = {"Y": 3.5, "N": 82.0, "Z": 4.5, "U": 10.0}
SEXUAL_ORIENTATION = {"1": 85.5, "2": 2.5, "3": 1.2, "4": 0.3, "U": 0.5, "Z": 6.0, "9": 4.0}
RELIGION_BY_GROUP = {
    "white": {"christianity": 44, "none": 38, "judaism": 1, "buddhism": 1, "other": 2,
              "not_stated": 14},
    "indian": {"hinduism": 45, "sikhism": 16, "islam": 8, "christianity": 10, "jainism": 2,
               "none": 7, "not_stated": 12},
    "muslim": {"islam": 86, "none": 2, "not_stated": 12},
    "black": {"christianity": 72, "islam": 9, "none": 6, "other": 1, "not_stated": 12},
    "other_asian": {"christianity": 38, "hinduism": 18, "islam": 12, "buddhism": 12,
                    "none": 6, "not_stated": 14},
    "chinese": {"none": 45, "christianity": 20, "buddhism": 14, "not_stated": 21},
    "mixed_other": {"christianity": 36, "none": 32, "islam": 10, "other": 4,
                    "not_stated": 18},
}
RELIGION_GROUP = {"A": "white", "B": "white", "C": "white", "H": "indian", "J": "muslim",
                  "K": "muslim", "L": "other_asian", "M": "black", "N": "black", "P": "black",
                  "R": "chinese", "D": "mixed_other", "E": "mixed_other", "F": "mixed_other",
                  "G": "mixed_other", "S": "mixed_other", "Z": "white", "99": "white"}
AGE = {  # band: (mean, sd, youngest, oldest)
    "8a": (45, 7, 29, 64), "8b": (47, 7, 31, 65), "8c": (48, 7, 32, 65), "8d": (50, 6, 34, 65),
    "9": (51, 6, 36, 65), "vsm": (52, 6, 38, 66), "ceo": (54, 5, 40, 66),
    "consultant": (49, 7, 36, 66),
}
VISIBILITY = {"organisation": 45, "system": 35, "national": 20}
CLINICAL = {"medicine", "nursing", "midwifery", "allied_health", "healthcare_science",
            "pharmacy", "other"}

#: Whom each band reports to, nearest first (within the same directorate where possible).
MANAGER_BANDS = {
    "8a": [("8b",), ("8c",), ("8d", "9"), ("vsm",)],
    "8b": [("8c",), ("8d", "9"), ("vsm",)],
    "8c": [("8d", "9"), ("vsm",)],
    "8d": [("vsm",)],
    "9": [("vsm",)],
    "consultant": [("vsm",)],
}


@dataclass(frozen=True)
class OrgInfo:
    """An NHS organisation as the plan needs it (from the database, or made up in tests)."""

    code: str
    name: str
    kind: str
    system_code: str
    system_name: str
    region_code: str
    opened_on: dt.date | None = None


@dataclass(slots=True)
class CareerEntry:
    organisation_code: str | None
    organisation_name: str
    sector: str
    role_title: str
    kind: str
    started_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True, slots=True)
class Characteristics:
    """A planned person's protected characteristics, kept apart as the database keeps them
    (the fields of `ProtectedCharacteristics`)."""

    ethnic_category: str
    sex: str
    disability: str
    sexual_orientation: str
    religion: str
    date_of_birth: dt.date


@dataclass(slots=True)
class PlannedPerson:
    key: int
    organisation_code: str
    band: str
    rank: int
    background: str
    directorate: str
    job_title: str
    staff_group: str
    manager_key: int | None = None
    demo_username: str = ""
    given_name: str = ""
    family_name: str = ""
    work_email: str = ""
    visibility: str = "organisation"
    started_in_post: dt.date | None = None
    started_in_nhs: dt.date | None = None
    characteristics: Characteristics | None = None  # drawn by `characteristics()`
    career: list[CareerEntry] = field(default_factory=list)


@dataclass
class DemoPlan:
    seed: int
    people: list[PlannedPerson]
    organisation_codes: list[str]

    def by_username(self) -> dict[str, PlannedPerson]:
        return {p.demo_username: p for p in self.people if p.demo_username}


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    if total <= 0 or not weights:
        return [0] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _add_years(day: dt.date, years: float) -> dt.date:
    return day + dt.timedelta(days=round(years * 365.25))


class _Planner:
    def __init__(self, orgs: list[OrgInfo], seed: int, leaders: int, as_of: dt.date):
        self.rng = random.Random(seed)
        self.seed = seed
        self.leaders = leaders
        self.as_of = as_of
        self.orgs = sorted((o for o in orgs if o.kind in roles.KIND_WEIGHT),
                           key=lambda o: o.code)
        if not self.orgs:
            raise ValueError("No open NHS organisations: load the reference data first.")
        self.by_code = {o.code: o for o in self.orgs}
        self.by_system: dict[str, list[OrgInfo]] = defaultdict(list)
        self.by_region: dict[str, list[OrgInfo]] = defaultdict(list)
        for org in self.orgs:
            self.by_system[org.system_code].append(org)
            self.by_region[org.region_code].append(org)
        self.people: list[PlannedPerson] = []

    # ---- who works where --------------------------------------------------------------
    def executive_teams(self) -> dict[str, list[roles.ExecPost]]:
        teams = {}
        for org in self.orgs:
            posts = roles.EXECUTIVE_TEAMS[org.kind]
            teams[org.code] = [p for p in posts if p[3] >= 1.0 or self.rng.random() < p[3]]
        return teams

    def sizes(self, teams) -> dict[str, int]:
        def minimum(org: OrgInfo) -> int:
            base = 1 + len(teams[org.code]) + sum(roles.BAND_MINIMUM.values())
            base += 1 if org.kind in ("acute", "mental_health") else 0
            return max(base, 40) if org.code in (LEADER_ORGANISATION,
                                                 SYSTEM_ORGANISATION) else base

        anchors = [self.by_code[c] for c in (LEADER_ORGANISATION, SYSTEM_ORGANISATION)
                   if c in self.by_code]
        rest = [o for o in self.orgs if o not in anchors]
        self.rng.shuffle(rest)
        chosen, budget = [], 0
        for org in anchors + rest:
            if budget + minimum(org) > self.leaders * 0.7 and chosen:
                continue
            chosen.append(org)
            budget += minimum(org)
        if budget > self.leaders:
            raise ValueError(f"leaders: {self.leaders} is too few; use at least {budget}.")
        chosen.sort(key=lambda o: o.code)
        weights = [roles.KIND_WEIGHT[o.kind] * self.rng.lognormvariate(0, 0.35) for o in chosen]
        extra = _largest_remainder(self.leaders - budget, weights)
        return {o.code: minimum(o) + n for o, n in zip(chosen, extra, strict=True)}

    def _title(self, kind: str, background: str, band: str) -> str:
        table = roles.ICB_TITLES.get(background) if kind == "icb" else None
        table = table or roles.TITLES[background]
        return self._fill(self.rng.choice(table[band]), kind)

    def _fill(self, template: str, kind: str) -> str:
        if "{" not in template:
            return template
        return template.format(
            division=self.rng.choice(roles.DIVISIONS[kind]),
            specialty=self.rng.choice(roles.SPECIALTIES),
            profession=self.rng.choice(roles.AHP_PROFESSIONS),
            science=self.rng.choice(roles.SCIENCE_AREAS),
        )

    def _person(self, org: OrgInfo, band: str, rank: int, background: str, directorate: str,
                title: str) -> PlannedPerson:
        staff_group = "08" if band == "vsm" else roles.STAFF_GROUP[background]
        if band == "vsm" and directorate == "medical":
            staff_group = "01"  # medical directors keep a medical contract
        person = PlannedPerson(
            key=len(self.people), organisation_code=org.code, band=band, rank=rank,
            background=background, directorate=directorate, job_title=title,
            staff_group=staff_group)
        self.people.append(person)
        return person

    def organisation_people(self, org: OrgInfo, size: int, team) -> list[PlannedPerson]:
        rng = self.rng
        start = len(self.people)
        ceo_background = _pick(rng, roles.CEO_BACKGROUNDS)
        self._person(org, "vsm", roles.CEO_RANK, ceo_background, "ceo", "Chief Executive")
        for title, directorate, backgrounds, _p in team:
            self._person(org, "vsm", roles.BAND_RANK["vsm"], _pick(rng, backgrounds),
                         directorate, title)
        rest = size - 1 - len(team)
        consultants = 0
        if org.kind in ("acute", "mental_health"):
            consultants = max(1, round(rest * roles.CONSULTANT_SHARE[org.kind]))
        elif rest * roles.CONSULTANT_SHARE[org.kind] >= 1:
            consultants = round(rest * roles.CONSULTANT_SHARE[org.kind])
        minimum = sum(roles.BAND_MINIMUM.values())
        counts = _largest_remainder(rest - consultants - minimum,
                                    [roles.BAND_SHARES[b] for b in roles.LEADER_BANDS])
        for band, n in zip(roles.LEADER_BANDS[::-1], counts[::-1], strict=True):
            for _ in range(n + roles.BAND_MINIMUM[band]):
                background = _pick(rng, roles.BACKGROUNDS[org.kind])
                self._person(org, band, roles.BAND_RANK[band], background,
                             roles.DIRECTORATE[background],
                             self._title(org.kind, background, band))
        titles = {"icb": roles.ICB_CONSULTANT_TITLES,
                  "mental_health": roles.MENTAL_HEALTH_CONSULTANT_TITLES}
        for _ in range(consultants):
            title = self._fill(rng.choice(titles.get(org.kind, roles.CONSULTANT_TITLES)),
                               org.kind)
            self._person(org, "consultant", roles.BAND_RANK["consultant"], "medicine",
                         "medical", title)
        people = self.people[start:]
        if org.code == LEADER_ORGANISATION:
            self._place_demo_leaders(people)
        if org.code == SYSTEM_ORGANISATION:
            lead = next(p for p in people if p.band == "8d")
            self._make(lead, "people", "Associate Director of Talent and Leadership",
                       "system.lead")
        self._line_manage(people)
        return people

    def _make(self, person: PlannedPerson, background: str, title: str, username: str = ""):
        person.background = background
        person.directorate = roles.DIRECTORATE[background]
        person.staff_group = roles.STAFF_GROUP[background]
        person.job_title = title
        person.demo_username = username

    def _place_demo_leaders(self, people: list[PlannedPerson]) -> None:
        band_8c = [p for p in people if p.band == "8c"]
        band_8b = [p for p in people if p.band == "8b"]
        self._make(band_8c[0], "nursing", "Head of Nursing – Surgery", "manager")
        self._make(band_8c[1], "people", "Head of Talent and Organisational Development",
                   "org.lead")
        self._make(band_8b[0], "nursing", "Lead Nurse – Surgery", "leader")
        for person in [p for p in people if p.band in ("8b", "8a")][1:4]:
            if person.background not in ("nursing", "midwifery"):
                self._make(person, "nursing", self._title("acute", "nursing", person.band))

    def _line_manage(self, people: list[PlannedPerson]) -> None:
        ceo = people[0]
        executives = {p.directorate: p for p in people if p.rank == roles.BAND_RANK["vsm"]}
        by_band_directorate: dict[tuple[str, str], list[PlannedPerson]] = defaultdict(list)
        for person in people:
            by_band_directorate[(person.band, person.directorate)].append(person)
        turn: Counter = Counter()

        def executive_for(directorate: str) -> PlannedPerson:
            while directorate in roles.DIRECTORATE_FALLBACK or directorate in executives:
                if directorate in executives:
                    return executives[directorate]
                directorate = roles.DIRECTORATE_FALLBACK.get(directorate, "ceo")
            return ceo

        for person in people:
            if person is ceo:
                continue
            if person.rank == roles.BAND_RANK["vsm"]:
                person.manager_key = ceo.key
                continue
            manager = None
            for bands in MANAGER_BANDS[person.band]:
                if bands == ("vsm",):
                    manager = executive_for(person.directorate)
                    break
                pool = [m for b in bands for m in by_band_directorate[(b, person.directorate)]]
                if pool:
                    slot = (bands, person.directorate)
                    manager = pool[turn[slot] % len(pool)]
                    turn[slot] += 1
                    break
            person.manager_key = manager.key
        demo = {p.demo_username: p for p in people if p.demo_username}
        if "manager" in demo:
            manager = demo["manager"]
            demo["leader"].manager_key = manager.key
            reports = [p for p in people if p.band in ("8b", "8a")
                       and p.background == "nursing" and not p.demo_username][:3]
            for report in reports:
                report.manager_key = manager.key

    # ---- characteristics --------------------------------------------------------------
    def characteristics(self) -> None:
        rng = self.rng
        weight: dict[str, Counter] = defaultdict(Counter)
        for p in self.people:
            weight[p.band][self.by_code[p.organisation_code].region_code] += 1
        scale = {}
        for band, regions in weight.items():
            mean = sum(n * REGION_BME_MULTIPLIER.get(r, 1.0) for r, n in regions.items())
            scale[band] = BME_SHARE[band] * sum(regions.values()) / mean
        adjust: dict[str, list[float]] = defaultdict(list)
        for p in self.people:
            adjust[p.band].append(FEMALE_ADJUSTMENT.get(p.background, 0.0))
        mean_adjust = {band: sum(v) / len(v) for band, v in adjust.items()}

        for p in self.people:
            region = self.by_code[p.organisation_code].region_code
            r = rng.random()
            if r < 0.03:
                ethnic_category = "Z"
            elif r < 0.05:
                ethnic_category = "99"
            else:
                bme = min(0.85, scale[p.band] * REGION_BME_MULTIPLIER.get(region, 1.0))
                ethnic_category = _pick(rng, BME_CODES if rng.random() < bme else WHITE_CODES)
            female = (FEMALE_SHARE[p.band] + FEMALE_ADJUSTMENT.get(p.background, 0.0)
                      - mean_adjust[p.band])
            is_female = rng.random() < min(0.95, max(0.05, female))
            sex = "X" if rng.random() < 0.004 else ("2" if is_female else "1")
            disability = _pick(rng, DISABILITY)
            sexual_orientation = _pick(rng, SEXUAL_ORIENTATION)
            religion = _pick(rng, RELIGION_BY_GROUP[RELIGION_GROUP[ethnic_category]])
            age_key = "ceo" if p.rank == roles.CEO_RANK else p.band
            mean, sd, youngest, oldest = AGE[age_key]
            age = min(oldest, max(youngest, rng.gauss(mean, sd)))
            p.characteristics = Characteristics(
                ethnic_category, sex, disability, sexual_orientation, religion,
                date_of_birth=self.as_of - dt.timedelta(days=round(age * 365.25)))
            p.visibility = _pick(rng, VISIBILITY)
            given, family = pick_name(rng, ethnic_category, is_female)
            p.given_name, p.family_name = given, family
        for username, visibility in (("leader", "system"), ("manager", "national"),
                                     ("org.lead", "national"), ("system.lead", "national")):
            for p in self.people:
                if p.demo_username == username:
                    p.visibility = visibility

    def emails(self) -> None:
        seen: Counter = Counter()
        for p in self.people:
            local = email_local_part(p.given_name, p.family_name)
            seen[local] += 1
            suffix = "" if seen[local] == 1 else str(seen[local])
            p.work_email = f"{local}{suffix}@{DEMO_EMAIL_DOMAIN}"

    # ---- careers ----------------------------------------------------------------------
    def careers(self) -> None:
        for p in self.people:
            self._career(p)

    def _ladder_title(self, p: PlannedPerson, level: int, org_kind: str,
                      first: bool = False) -> str:
        """A past role's title: level 0 entry grade, 1 band 7, 2..6 8a..9, 7 executive."""
        rng = self.rng
        if p.background == "medicine":
            ladder = ["Foundation Doctor", "Core Trainee – {specialty}",
                      "Specialty Registrar – {specialty}", "Consultant – {specialty}",
                      "Clinical Director – {specialty}", "Associate Medical Director",
                      "Deputy Medical Director", "Medical Director"]
            return self._fill(ladder[min(level, len(ladder) - 1)], org_kind)
        if level <= 1:
            titles = roles.EARLY_TITLES[p.background][level]
            title = titles[0] if first or len(titles) == 1 else rng.choice(titles[1:])
            return self._fill(title, org_kind)
        if level <= 6:
            band = roles.LEADER_BANDS[level - 2]
            return self._title(org_kind, p.background, band)
        posts = [t for t, _d, bgs, _p in roles.EXECUTIVE_TEAMS[org_kind] if p.background in bgs]
        return rng.choice(posts) if posts else self._title(org_kind, p.background, "9")

    def _level(self, p: PlannedPerson) -> int:
        if p.background == "medicine":
            return {"consultant": 4, "vsm": 7}[p.band] + (1 if p.rank == roles.CEO_RANK else 0)
        if p.band == "vsm":
            return 8 if p.rank == roles.CEO_RANK else 7
        return roles.LEADER_BANDS.index(p.band) + 2

    def _past_organisation(self, p: PlannedPerson, started: dt.date) -> OrgInfo | None:
        """Same organisation 35%, same system 30%, same region 20%, anywhere 15%."""
        rng = self.rng
        home = self.by_code[p.organisation_code]
        r = rng.random()
        if r < 0.35 and (home.opened_on is None or home.opened_on <= started
                         or (home.kind == "icb" and started < ICBS_ESTABLISHED)):
            return home  # an ICB before July 2022 becomes its clinical commissioning group
        if r < 0.65:
            pools = [self.by_system[home.system_code], self.by_region[home.region_code]]
        elif r < 0.85:
            pools = [self.by_region[home.region_code], self.orgs]
        else:
            pools = [self.orgs]
        for pool in pools:
            candidates = [o for o in pool if o.code != home.code
                          and (o.opened_on is None or o.opened_on <= started)]
            if candidates:
                return rng.choice(candidates)
        return None

    def _nhs_entry(self, p: PlannedPerson, started: dt.date, ended: dt.date, level: int,
                   kind: str, org: OrgInfo | None, first: bool) -> CareerEntry:
        home = self.by_code[p.organisation_code]
        if org is None or (org.kind == "icb" and started < ICBS_ESTABLISHED):
            base = org or home
            area = re.sub(r" Integrated Care Board.*$", "", base.system_name)
            area = area.removeprefix("NHS ")
            return CareerEntry(None, f"NHS {area} Clinical Commissioning Group", "nhs",
                               self._ladder_title(p, level, "icb", first), kind, started,
                               ended)
        return CareerEntry(org.code, "", "nhs", self._ladder_title(p, level, org.kind, first),
                           kind, started, ended)

    def _partner_entry(self, p: PlannedPerson, started: dt.date, ended: dt.date,
                       kind: str) -> CareerEntry:
        rng = self.rng
        region = self.by_code[p.organisation_code].region_code
        if rng.random() > 0.7:
            region = rng.choice(sorted(roles.LOCAL_AUTHORITIES))
        sector = _pick(rng, roles.PARTNER_SECTORS)
        names = {
            "local_government": roles.LOCAL_AUTHORITIES.get(region, ["a county council"]),
            "social_care": roles.SOCIAL_CARE, "voluntary": roles.VOLUNTARY,
            "academia": roles.UNIVERSITIES.get(region, ["a university"]),
            "civil_service": roles.CIVIL_SERVICE, "private": roles.PRIVATE,
            "armed_forces": roles.ARMED_FORCES,
        }[sector]
        if kind == "secondment" and sector in ("private", "armed_forces", "academia"):
            kind = "substantive"
        return CareerEntry(None, rng.choice(names), sector, rng.choice(roles.PARTNER_TITLES[
            sector]), kind, started, ended)

    def _national_entry(self, p: PlannedPerson, started: dt.date, ended: dt.date,
                        level: int) -> CareerEntry:
        if started >= dt.date(2016, 4, 1) and started < dt.date(2022, 7, 1) \
                and self.rng.random() < 0.5:
            name, sector = "NHS Improvement", "nhs"
        elif started >= dt.date(2013, 4, 1):
            name, sector = "NHS England", "nhs"
        else:
            name, sector = "Department of Health", "civil_service"
        band = roles.LEADER_BANDS[min(max(level - 2, 0), 4)]
        title = self._title("icb", "strategy" if p.background == "medicine" else p.background,
                            band)
        return CareerEntry(None, name, sector, title, "substantive", started, ended)

    def _career(self, p: PlannedPerson) -> None:
        rng, as_of = self.rng, self.as_of
        dob = p.characteristics.date_of_birth
        age = (as_of - dob).days / 365.25
        late_starter = False
        if p.background == "medicine":
            start_age = rng.uniform(23, 26)
        elif p.background in CLINICAL:
            start_age = rng.uniform(21, 24)
        else:
            start_age = rng.uniform(21, 28)
        if rng.random() < 0.15:
            start_age += rng.uniform(2, 12)
            late_starter = True
        start_age = min(start_age, age - 4)
        career_start = _add_years(dob, start_age)
        years = (as_of - career_start).days / 365.25
        mean_tenure = 3.5 if p.band in ("vsm", "consultant") else 4.0
        tenure = min(rng.expovariate(1 / mean_tenure), years - 1.5, 15.0)
        tenure = max(tenure, 0.1)
        post_start = as_of - dt.timedelta(days=round(tenure * 365.25))
        span = (post_start - career_start).days
        count = rng.choices([1, 2, 3, 4, 5], weights=[15, 25, 28, 20, 12])[0]
        count = max(count, min(5, int(span / 365.25 / 8)))  # long careers have more roles
        count = max(1, min(count, int(span / 365.25 / 1.5)))
        shares = [rng.uniform(0.6, 1.6) for _ in range(count)]
        bounds = [career_start]
        for share in shares[:-1]:
            bounds.append(bounds[-1] + dt.timedelta(days=max(1, round(span * share /
                                                                       sum(shares)))))
        bounds.append(post_start)
        level_now = self._level(p)
        partner_at = -1
        clinical = p.background in CLINICAL
        if late_starter and rng.random() < 0.6:
            partner_at = 0
        elif rng.random() < (0.10 if clinical else 0.22) and count >= 2:
            partner_at = rng.randrange(count)
        national_at = rng.randrange(1, count) if count >= 2 and rng.random() < 0.06 else -1
        entries: list[CareerEntry] = []
        previous_org: OrgInfo | None = None
        for i in range(count):
            started, ended = bounds[i], bounds[i + 1] - dt.timedelta(days=1)
            ended = max(ended, started)
            level = (i * level_now) // count
            r = rng.random()
            kind = "substantive"
            if i > 0 and r < 0.08:
                kind = "secondment"
            elif i > 0 and r < 0.13 and level >= 4:
                kind = "interim"
            elif i > 0 and r < 0.19 and level >= 2:
                kind = "acting"
            if i == partner_at:
                entries.append(self._partner_entry(p, started, ended, kind))
                continue
            if i == national_at:
                entries.append(self._national_entry(p, started, ended, level))
                continue
            if kind == "acting" and previous_org is not None:
                org = previous_org
            else:
                org = self._past_organisation(p, started)
            previous_org = org
            entries.append(self._nhs_entry(p, started, ended, level, kind, org, i == 0))
        if p.rank >= roles.BAND_RANK["8d"] and rng.random() < 0.15:
            entries.append(self._non_executive(p, career_start, post_start))
        entries.sort(key=lambda e: e.started_on)
        entries.append(CareerEntry(p.organisation_code, "", "nhs", p.job_title, "substantive",
                                   post_start, None))
        p.career = entries
        p.started_in_post = post_start
        p.started_in_nhs = min(e.started_on for e in entries
                               if e.sector == "nhs" and e.kind != "non_executive")

    def _non_executive(self, p: PlannedPerson, career_start: dt.date,
                       post_start: dt.date) -> CareerEntry:
        rng = self.rng
        earliest = max(career_start, post_start - dt.timedelta(days=5 * 365))
        latest = post_start - dt.timedelta(days=30)
        if latest < earliest:
            latest = earliest
        started = earliest + dt.timedelta(days=rng.randrange((latest - earliest).days + 1))
        ended = None
        if rng.random() < 0.5:
            ended = min(started + dt.timedelta(days=rng.randrange(365, 4 * 365)),
                        self.as_of - dt.timedelta(days=1))
            ended = max(ended, started)
        home = self.by_code[p.organisation_code]
        if rng.random() < 0.5:
            others = [o for o in self.by_region[home.region_code]
                      if o.system_code != home.system_code and o.kind != "icb"
                      and (o.opened_on is None or o.opened_on <= started)]
            if others:
                org = rng.choice(others)
                return CareerEntry(org.code, "", "nhs", rng.choice(roles.NON_EXECUTIVE_TITLES),
                                   "non_executive", started, ended)
        return CareerEntry(None, rng.choice(roles.VOLUNTARY), "voluntary",
                           rng.choice(roles.TRUSTEE_TITLES), "non_executive", started, ended)


def plan_demo(orgs: list[OrgInfo], seed: int = 2026, leaders: int = 20000,
              as_of: dt.date = AS_OF) -> DemoPlan:
    """The whole synthetic population for these organisations, as plain objects."""
    planner = _Planner(orgs, seed, leaders, as_of)
    teams = planner.executive_teams()
    sizes = planner.sizes(teams)
    for code in sorted(sizes):
        planner.organisation_people(planner.by_code[code], sizes[code], teams[code])
    planner.characteristics()
    planner.emails()
    planner.careers()
    return DemoPlan(seed=seed, people=planner.people, organisation_codes=sorted(sizes))
