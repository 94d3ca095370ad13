"""Demo board posts and succession plans: every board post of every demo organisation with
its incumbent, and plans with realistic cover gaps. Deterministic for a seed; idempotent.

Incumbents of executive posts are the demo people who already hold those titles (the chief
executive and the executive team the base demo built); chairs and non-executive directors are
created here as demo people of their organisation (with careers' worth of characteristics, so
the make-up figures have them). Assumptions (published figures where we have them):

- about 8% of executive posts are held by an interim (King's Fund / NHS Providers, 2018);
- incumbents aged 58 or over expect to retire at 60 to 62; about 12% of other executives are
  expected to move on within 2 years; non-executive terms are 3 years from appointment;
- about a third of executive posts have no successor named, a quarter have someone ready now;
  non-executive posts rarely have plans; successors come mostly from the same organisation,
  then the system (people who chose "system" or wider), then anywhere (people who chose
  "national").
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from engine.succession.risk import add_months
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.codes import PayBand
from talentbridge.people.codes import ProfessionalBackground
from talentbridge.people.codes import Sex
from talentbridge.people.codes import StaffGroup
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Person
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor
from talentbridge.talent.models import PoolMembership

from . import roles
from .generator import demo_people
from .names import email_local_part
from .names import pick_name
from .plan import DEMO_EMAIL_DOMAIN
from .steps import build_once
from .steps import delete_counted

#: The executive team's directorates that hold a board post, and its kind.
DIRECTORATE_POSTS = {
    "nursing": BoardPostKind.NURSING, "medical": BoardPostKind.MEDICAL,
    "finance": BoardPostKind.FINANCE, "operations": BoardPostKind.OPERATIONS,
    "people": BoardPostKind.PEOPLE, "strategy": BoardPostKind.OTHER_EXECUTIVE,
}
#: Who could succeed to each kind of post: professional backgrounds.
SUCCESSOR_BACKGROUNDS = {
    BoardPostKind.NURSING: {"nursing", "midwifery", "allied_health"},
    BoardPostKind.MEDICAL: {"medicine"},
    BoardPostKind.FINANCE: {"finance"},
    BoardPostKind.OPERATIONS: {"operations", "nursing", "allied_health"},
    BoardPostKind.PEOPLE: {"people"},
    BoardPostKind.OTHER_EXECUTIVE: {"strategy", "operations"},
}
SENIOR_BANDS = {"9", "8d", "vsm", "consultant"}
NON_EXECUTIVES = 5
TERM_YEARS = 3


def demo_posts():
    """Board posts of the organisations that have demo people."""
    return BoardPost.objects.filter(
        organisation_id__in=demo_people().values("organisation_id"))


def delete() -> int:
    posts = demo_posts()
    count = delete_counted(posts, Successor.unscoped.filter(post__in=posts))
    board_people = demo_people().filter(job_title__in=("Chair", "Non-executive Director"))
    ProtectedCharacteristics.unscoped.filter(person__in=board_people).delete()
    board_people.delete()
    return count


def build(seed: int, stdout=None, reset: bool = False) -> None:
    build_once(stdout, reset, "board posts", demo_posts(), delete,
               lambda: _build(random.Random(f"succession-{seed}")),
               needs=demo_people(), missing="Succession: no demo people yet, so nothing to build.")


def _build(rng: random.Random) -> str:
    posts = _build_posts(rng)
    return f"Built {len(posts)} board posts and {_build_plans(rng, posts)} successors"


# --------------------------------------------------------------------------------------
# Posts and incumbents
# --------------------------------------------------------------------------------------


def _people_by_organisation() -> dict[int, list[tuple]]:
    rows = demo_people().order_by("pk").values_list(
        "pk", "organisation_id", "organisation__kind", "job_title", "pay_band",
        "professional_background", "visibility", "started_in_post",
        "characteristics__date_of_birth")
    people: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        people[row[1]].append(row)
    return people


def _executive_titles(kind: str) -> dict[str, str]:
    """Job title → directorate of the executive team of an organisation of this kind."""
    return {title: directorate for title, directorate, _, _ in
            roles.EXECUTIVE_TEAMS.get(kind, roles.EXECUTIVE_TEAMS["acute"])}


def _expected_vacancy(rng, kind: str, started: dt.date | None, born: dt.date | None,
                      today: dt.date) -> tuple[dt.date | None, str]:
    if kind in (BoardPostKind.CHAIR, BoardPostKind.NON_EXECUTIVE):
        end = started or today
        while end <= today:
            end = add_months(end, 12 * TERM_YEARS)  # 29 February becomes 28 February
        return end, "end_of_term"
    if born is not None and today.year - born.year >= 58:
        retire_at = add_months(born, 12 * rng.choice((60, 61, 62)))
        return max(retire_at, today + dt.timedelta(days=rng.randint(60, 700))), "retirement"
    if rng.random() < 0.12:
        return today + dt.timedelta(days=rng.randint(90, 720)), "other"
    return None, ""


def _post(rng, org_id, kind, title, person, today, *, interim_share=0.08) -> BoardPost:
    person_id, started, born = (person[0], person[7], person[8]) if person else (None, None,
                                                                                   None)
    expected, reason = _expected_vacancy(rng, kind, started, born, today)
    return BoardPost(
        organisation_id=org_id, kind=kind, title=title, incumbent_id=person_id,
        started_on=started, interim=rng.random() < interim_share,
        expected_vacancy_on=expected, vacancy_reason=reason,
        senior_independent_director=title == "Non-executive Director (senior independent "
                                             "director)")


def _build_posts(rng) -> list[BoardPost]:
    today = timezone.localdate()
    people = _people_by_organisation()
    board = _create_board_members(rng, people, today)
    posts = []
    for org_id in sorted(people):
        rows = people[org_id]
        titles = _executive_titles(rows[0][2])
        ceo = next((p for p in rows if p[3] == "Chief Executive"), None)
        posts.append(_post(rng, org_id, BoardPostKind.CHIEF_EXECUTIVE, "Chief Executive", ceo,
                           today, interim_share=0.06))
        taken = set()
        for p in rows:
            directorate = titles.get(p[3])
            kind = DIRECTORATE_POSTS.get(directorate)
            if kind is not None and kind not in taken:
                taken.add(kind)
                posts.append(_post(rng, org_id, kind, p[3], p, today))
        chair, *non_executives = board[org_id]
        posts.append(_post(rng, org_id, BoardPostKind.CHAIR, "Chair", chair, today,
                           interim_share=0.03))
        for index, ned in enumerate(non_executives):
            title = ("Non-executive Director (senior independent director)" if index == 0
                     else "Non-executive Director")
            posts.append(_post(rng, org_id, BoardPostKind.NON_EXECUTIVE, title, ned, today,
                               interim_share=0.0))
    return BoardPost.objects.bulk_create(posts, batch_size=1000)


def _create_board_members(rng, people, today) -> dict[int, list[tuple]]:
    """A chair and five non-executive directors per organisation, as demo people."""
    planned = []
    for org_id in sorted(people):
        for index in range(1 + NON_EXECUTIVES):
            female = rng.random() < 0.45
            ethnic = rng.choices(["A", "C", "H", "N", "M", "J", "Z"],
                                 weights=[70, 8, 6, 4, 3, 3, 6])[0]
            given, family = pick_name(rng, ethnic, female)
            started = today - dt.timedelta(days=rng.randint(60, 5 * 365))
            born = dt.date(today.year - rng.randint(48, 72), rng.randint(1, 12), 1)
            planned.append((org_id, index, given, family, female, ethnic, started, born))
    created = Person.objects.bulk_create([
        Person(given_name=given, family_name=family, organisation_id=org_id,
               work_email=f"{email_local_part(given, family)}.board{org_id}-{index}"
                          f"@{DEMO_EMAIL_DOMAIN}",
               job_title="Chair" if index == 0 else "Non-executive Director",
               pay_band=PayBand.VSM, staff_group=StaffGroup.ADMINISTRATIVE_AND_CLERICAL,
               professional_background=ProfessionalBackground.CORPORATE_GOVERNANCE,
               started_in_post=started, visibility=Visibility.ORGANISATION)
        for org_id, index, given, family, female, ethnic, started, born in planned],
        batch_size=1000)
    ProtectedCharacteristics.objects.bulk_create([
        ProtectedCharacteristics(person_id=person.pk, ethnic_category=plan[5],
                                 sex=Sex.FEMALE if plan[4] else Sex.MALE, date_of_birth=plan[7])
        for person, plan in zip(created, planned, strict=True)], batch_size=1000)
    board: dict[int, list[tuple]] = defaultdict(list)
    for person, plan in zip(created, planned, strict=True):
        board[plan[0]].append((person.pk, plan[0], "", person.job_title, "vsm", "governance",
                               "organisation", plan[6], plan[7]))
    return board


# --------------------------------------------------------------------------------------
# Succession plans
# --------------------------------------------------------------------------------------

READINESS_WEIGHTS = {Readiness.NOW: 25, Readiness.ONE_TO_TWO_YEARS: 45,
                     Readiness.THREE_OR_MORE_YEARS: 30}


def _candidates() -> tuple[dict, dict, dict]:
    """Senior demo people by (organisation, background), by (system, background) among those
    who chose "system" or wider, and by background among those who chose "national"."""
    placements = placements_on()
    by_org, by_system, national = defaultdict(list), defaultdict(list), defaultdict(list)
    rows = demo_people().filter(pay_band__in=SENIOR_BANDS).exclude(
        job_title__in=("Chair", "Non-executive Director")).order_by("pk").values_list(
        "pk", "organisation_id", "professional_background", "visibility")
    for pk, org_id, background, visibility in rows:
        by_org[org_id, background].append(pk)
        place = placements.get(org_id)
        if place and visibility in (Visibility.SYSTEM, Visibility.NATIONAL):
            by_system[place.system_id, background].append((pk, org_id))
        if visibility == Visibility.NATIONAL:
            national[background].append(pk)
    return placements, by_org, (by_system, national)


def _pick_successors(rng, post, backgrounds, placements, by_org, wider) -> list[int]:
    by_system, national = wider
    place = placements.get(post.organisation_id)
    chosen: list[int] = []
    wanted = rng.choices((0, 1, 2, 3), weights=(33, 30, 25, 12))[0]
    for _ in range(wanted):
        source = rng.choices(("organisation", "system", "national"), weights=(60, 30, 10))[0]
        background = rng.choice(sorted(backgrounds))
        if source == "organisation":
            pool = by_org.get((post.organisation_id, background), [])
        elif source == "system" and place:
            pool = [pk for pk, org in by_system.get((place.system_id, background), [])
                    if org != post.organisation_id]
        else:
            pool = national.get(background, [])
        pool = [pk for pk in pool if pk != post.incumbent_id and pk not in chosen]
        if pool:
            chosen.append(rng.choice(pool))
    return chosen


def _build_plans(rng, posts: list[BoardPost]) -> int:
    placements, by_org, wider = _candidates()
    pools = dict(PoolMembership.unscoped.filter(exited_on__isnull=True)
                 .values_list("person_id", "pool_id"))
    chief_backgrounds = {"operations", "finance", "nursing", "medicine"}
    lines = []
    for post in posts:
        if post.kind == BoardPostKind.NON_EXECUTIVE or (
                post.kind == BoardPostKind.CHAIR and rng.random() < 0.7):
            continue
        backgrounds = (chief_backgrounds if post.kind == BoardPostKind.CHIEF_EXECUTIVE
                       else SUCCESSOR_BACKGROUNDS.get(post.kind, {"governance"}))
        people = _pick_successors(rng, post, backgrounds, placements, by_org, wider)
        emergency = rng.random() < 0.6
        for index, person_id in enumerate(people):
            readiness = rng.choices(list(READINESS_WEIGHTS),
                                    weights=list(READINESS_WEIGHTS.values()))[0]
            lines.append(Successor(
                post=post, person_id=person_id, readiness=readiness,
                emergency_cover=emergency and index == 0, talent_pool_id=pools.get(person_id),
                notes="Acting up arrangements agreed with the chair" if index == 0 and emergency
                else ""))
    Successor.objects.bulk_create(lines, batch_size=1000)
    return len(lines)
