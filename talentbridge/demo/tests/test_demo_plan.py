"""The population plan on its own: plain Python, no database."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from talentbridge.demo import roles
from talentbridge.demo.plan import DEMO_EMAIL_DOMAIN
from talentbridge.demo.plan import OrgInfo
from talentbridge.demo.plan import plan_demo
from talentbridge.people import codes
from talentbridge.people.models import nhs_start_problem

REGIONS = ["Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"]
KINDS = ["acute", "acute", "acute", "mental_health", "community", "ambulance"]


def organisations() -> list[OrgInfo]:
    orgs = [
        OrgInfo("R0A", "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "acute", "QOP",
                "NHS Greater Manchester Integrated Care Board", "Y62", dt.date(2017, 10, 1)),
        OrgInfo("QOP", "NHS Greater Manchester Integrated Care Board", "icb", "QOP",
                "NHS Greater Manchester Integrated Care Board", "Y62", dt.date(2022, 7, 1)),
    ]
    for r, region in enumerate(REGIONS):
        for s in range(2):
            system = f"Q{r}{s}X"
            name = f"NHS Test {r}{s} Integrated Care Board"
            orgs.append(OrgInfo(system, name, "icb", system, name, region, dt.date(2022, 7, 1)))
            for k, kind in enumerate(KINDS):
                orgs.append(OrgInfo(f"R{r}{s}{k}", f"TRUST {r}{s}{k}", kind, system, name,
                                    region, None if k % 2 else dt.date(2010, 4, 1)))
    return orgs


@pytest.fixture(scope="module")
def plan():
    return plan_demo(organisations(), seed=2026, leaders=6000)


def test_the_same_seed_gives_the_same_plan(plan):
    again = plan_demo(organisations(), seed=2026, leaders=6000)
    assert [(p.work_email, p.job_title, p.characteristics, p.manager_key, p.career)
            for p in again.people] == [(p.work_email, p.job_title, p.characteristics,
                                        p.manager_key, p.career) for p in plan.people]
    other = plan_demo(organisations(), seed=2027, leaders=6000)
    assert [p.work_email for p in other.people] != [p.work_email for p in plan.people]


def test_every_code_is_a_valid_choice(plan):
    def values(choices) -> set[str]:
        return {str(v) for v in choices.values}

    for p in plan.people:
        assert p.band in codes.LEADERSHIP_BANDS
        assert p.staff_group in values(codes.StaffGroup)
        assert p.background in values(codes.ProfessionalBackground)
        assert p.visibility in values(codes.Visibility)
        c = p.characteristics
        assert c.ethnic_category in values(codes.EthnicCategory)
        assert c.sex in values(codes.Sex)
        assert c.disability in values(codes.Disability)
        assert c.sexual_orientation in values(codes.SexualOrientation)
        assert c.religion in values(codes.Religion)
        for entry in p.career:
            assert entry.sector in values(codes.Sector)
            assert entry.kind in values(codes.CareerRoleKind)
            assert entry.organisation_code or entry.organisation_name
            assert len(entry.role_title) <= 150
        assert p.work_email.endswith("@" + DEMO_EMAIL_DOMAIN)
    assert len({p.work_email for p in plan.people}) == len(plan.people)


def test_staff_groups_follow_professional_background(plan):
    for p in plan.people:
        if p.band == "vsm":
            assert p.staff_group == ("01" if p.directorate == "medical" else "08")
        else:
            assert p.staff_group == roles.STAFF_GROUP[p.background]
        if p.band == "consultant":
            assert p.background == "medicine"


def test_one_chief_executive_per_organisation(plan):
    chiefs = Counter(p.organisation_code for p in plan.people if p.rank == roles.CEO_RANK)
    assert set(chiefs.values()) == {1}
    assert set(chiefs) == set(plan.organisation_codes)


def test_ages_fit_careers(plan):
    for p in plan.people:
        born = p.characteristics.date_of_birth
        assert p.started_in_nhs >= born + dt.timedelta(days=round(20.9 * 365.25))
        assert p.started_in_post >= p.started_in_nhs
        assert not nhs_start_problem(p.started_in_nhs), p.started_in_nhs
        assert p.career[-1].started_on == p.started_in_post
        starts = [e.started_on for e in p.career]
        assert max(starts) == p.started_in_post


def share(people, test) -> float:
    known = [p for p in people if p.characteristics.ethnic_category not in ("Z", "99")]
    return sum(test(p) for p in known) / len(known)


def test_ethnic_minority_share_falls_with_seniority_and_is_higher_in_london(plan):
    orgs = {o.code: o for o in organisations()}

    def minority(p) -> bool:
        return p.characteristics.ethnic_category in codes.ETHNIC_MINORITY_CATEGORIES

    by_band = {b: share([p for p in plan.people if p.band == b], minority)
               for b in ("8a", "8b", "8c", "vsm")}
    assert by_band["8a"] > by_band["8c"] > by_band["vsm"]
    assert by_band["8a"] == pytest.approx(0.20, abs=0.03)
    london = [p for p in plan.people if orgs[p.organisation_code].region_code == "Y56"]
    elsewhere = [p for p in plan.people if orgs[p.organisation_code].region_code != "Y56"]
    assert share(london, minority) > 1.5 * share(elsewhere, minority)
    not_stated = sum(p.characteristics.ethnic_category in ("Z", "99")
                     for p in plan.people) / len(plan.people)
    assert 0.03 < not_stated < 0.07


def test_women_are_a_majority_at_8a_and_fewer_at_vsm(plan):
    def female_share(band):
        people = [p for p in plan.people if p.band == band]
        return sum(p.characteristics.sex == "2" for p in people) / len(people)

    assert female_share("8a") > 0.58
    assert female_share("vsm") < female_share("8a") - 0.08


def test_too_few_leaders_is_refused_with_the_number_needed():
    with pytest.raises(ValueError, match="too few"):
        plan_demo(organisations(), seed=1, leaders=30)
