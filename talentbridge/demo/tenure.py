"""Demo tenure: for every demo board post, who held it back about ten years, why they left and
whether an interim followed, and each demo organisation's oversight segment per quarter for
the last three years. Deterministic for a seed; idempotent. Built after the succession demo,
whose posts and incumbents it follows (the current holding matches each post's incumbent and
start date).

Assumptions (published figures where we have them; the rest are stated guesses):

- median chief executive tenure about 3 years (The King's Fund / NHS Providers, 2018), shorter
  where the organisation is challenged (segment 4 or 5: median about 1 to 2 years; HSJ 2017
  found 11 months at inadequate trusts); executive directors about 4 years; chairs and
  non-executive directors serve terms of 3 years, often renewed once;
- segments: mostly 2 and 3, some 1, about 10% in 4 and a few in 5 (5 only in 2025/26);
- leaving: retirement and another NHS role most often; "mutual agreement or asked to leave"
  and dismissal more often in challenged organisations; end of term for non-executives and
  for interims;
- about a quarter of chief executive exits are followed by an interim, more in challenged
  organisations; about half of substantive chief executives are in their first such post;
- a few recent exits have no reason recorded yet (waiting work for the talent leads).

Past holders who left within the retention period are synthetic demo people of the
organisation, recorded as having left the NHS on the day their holding ended (so they are not
counted as today's staff). Holdings that ended before it are built as the daily erasure leaves
them, without a person: a new demo gives that erasure nothing to do (it would otherwise spend
its first run erasing thousands of past holders, one at a time).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from talentbridge.data_rights import retention
from talentbridge.people.codes import PayBand
from talentbridge.people.codes import ProfessionalBackground
from talentbridge.people.codes import StaffGroup
from talentbridge.people.codes import Visibility
from talentbridge.people.models import Person
from talentbridge.succession.models import BoardPostKind
from talentbridge.tenure.models import ExitReason
from talentbridge.tenure.models import OversightSegment
from talentbridge.tenure.models import PostHolding

from .generator import demo_people
from .names import email_local_part
from .names import pick_name
from .plan import DEMO_EMAIL_DOMAIN
from .steps import say
from .succession import demo_posts

YEARS_BACK = 10
QUARTERS = 12
PAST_TITLE = "Former board member"
#: (median years in post, Weibull shape) by kind of post, for settled organisations; a
#: challenged organisation's chief executives stay CHALLENGED_FACTOR as long.
TENURE = {
    BoardPostKind.CHIEF_EXECUTIVE: (3.9, 1.3),
    BoardPostKind.CHAIR: (5.0, 2.5),
    BoardPostKind.NON_EXECUTIVE: (5.0, 2.5),
}
EXECUTIVE_TENURE = (4.0, 1.4)
CHALLENGED_FACTOR = 0.42
SEGMENT_WEIGHTS = {1: 14, 2: 40, 3: 34, 4: 10, 5: 2}
SETTLED_REASONS = {
    ExitReason.RETIREMENT: 30, ExitReason.ANOTHER_NHS_ROLE: 38, ExitReason.LEFT_NHS: 10,
    ExitReason.MUTUAL_AGREEMENT: 12, ExitReason.DISMISSAL: 2, ExitReason.ILL_HEALTH: 8,
}
CHALLENGED_REASONS = {
    ExitReason.RETIREMENT: 14, ExitReason.ANOTHER_NHS_ROLE: 24, ExitReason.LEFT_NHS: 10,
    ExitReason.MUTUAL_AGREEMENT: 38, ExitReason.DISMISSAL: 8, ExitReason.ILL_HEALTH: 6,
}
NON_EXECUTIVE_REASONS = {
    ExitReason.END_OF_TERM: 75, ExitReason.ANOTHER_NHS_ROLE: 8, ExitReason.RETIREMENT: 7,
    ExitReason.LEFT_NHS: 5, ExitReason.ILL_HEALTH: 3, ExitReason.MUTUAL_AGREEMENT: 2,
}


def past_holders():
    return demo_people().filter(job_title=PAST_TITLE)


def delete() -> int:
    posts = demo_posts()
    organisations = posts.values("organisation_id")
    count = PostHolding.unscoped.filter(organisation_id__in=organisations).delete()[0]
    OversightSegment.objects.filter(organisation_id__in=organisations).delete()
    past_holders().delete()
    return count


def build(seed: int, stdout=None, reset: bool = False) -> None:
    started = time.perf_counter()
    posts = list(demo_posts().order_by("organisation_id", "kind", "pk"))
    if not posts:
        say(stdout, "Tenure: no demo board posts yet, so nothing to build.")
        return
    with transaction.atomic():
        built = past_holders().exists() or PostHolding.unscoped.filter(
            post__in=posts, person__isnull=True, ended_on__isnull=False).exists()
        if built and not reset:
            say(stdout, "Demo post holdings already exist. Nothing changed.")
            return
        # holdings opened by a change of holder since the posts were built go too
        say(stdout, f"Deleted {delete()} demo post holdings.")
        rng = random.Random(f"tenure-{seed}")
        today = timezone.localdate()
        segments = _build_segments(rng, sorted({p.organisation_id for p in posts}), today)
        challenged = {org for org, rows in segments.items() if rows[-1].segment >= 4}
        holdings = _build_holdings(rng, posts, challenged, today)
    say(stdout, f"Built {holdings} post holdings and {sum(map(len, segments.values()))} "
                f"oversight segments in {time.perf_counter() - started:.1f} s.")


# --------------------------------------------------------------------------------------
# Oversight segments
# --------------------------------------------------------------------------------------


def framework_year(day: dt.date) -> str:
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def _quarter_starts(today: dt.date) -> list[dt.date]:
    month = 3 * ((today.month - 1) // 3) + 1
    day = dt.date(today.year, month, 1)
    starts = []
    for _ in range(QUARTERS):
        starts.append(day)
        day = dt.date(day.year - (day.month == 1), (day.month - 4) % 12 + 1, 1)
    return starts[::-1]


def _build_segments(rng, organisation_ids, today) -> dict[int, list[OversightSegment]]:
    starts = _quarter_starts(today)
    rows: dict[int, list[OversightSegment]] = {}
    for org in organisation_ids:
        level = rng.choices(list(SEGMENT_WEIGHTS), weights=list(SEGMENT_WEIGHTS.values()))[0]
        history = []
        for day in starts:
            if rng.random() < 0.08:  # a change of segment now and then
                level = min(5, max(1, level + rng.choice((-1, 1))))
            year = framework_year(day)
            segment = level if level < 5 or year == "2025/26" else 4
            history.append(OversightSegment(organisation_id=org, effective_from=day,
                                            segment=segment, framework_year=year))
        rows[org] = history
    OversightSegment.objects.bulk_create([s for h in rows.values() for s in h],
                                         batch_size=1000)
    return rows


# --------------------------------------------------------------------------------------
# Holdings
# --------------------------------------------------------------------------------------


def _length(rng, kind: str, challenged: bool) -> int:
    median, shape = TENURE.get(kind, EXECUTIVE_TENURE)
    if challenged and kind == BoardPostKind.CHIEF_EXECUTIVE:
        median *= CHALLENGED_FACTOR
    scale = median / (0.6931471805599453 ** (1 / shape))  # the Weibull whose median is median
    return max(60, int(rng.weibullvariate(scale, shape) * 365.25))


def _reason(rng, kind: str, challenged: bool, interim: bool) -> str:
    if interim:
        return ExitReason.END_OF_TERM
    weights = (NON_EXECUTIVE_REASONS
               if kind in (BoardPostKind.CHAIR, BoardPostKind.NON_EXECUTIVE)
               else CHALLENGED_REASONS if challenged else SETTLED_REASONS)
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _current(rng, post, today) -> dict | None:
    if post.incumbent_id is None:
        return None
    started = post.started_on or today - dt.timedelta(days=rng.randint(90, 1500))
    return {"person_id": post.incumbent_id, "started_on": started, "ended_on": None,
            "interim": post.interim, "exit_reason": "", "interim_followed": None}


def _history(rng, post, challenged: bool, today: dt.date) -> list[dict]:
    """The post's holdings, newest first: the incumbent's, then predecessors back ten years,
    an interim between some of them."""
    kind = post.kind
    current = _current(rng, post, today)
    holdings = [current] if current else []
    next_start = current["started_on"] if current else today - dt.timedelta(
        days=rng.randint(14, 120))
    interim_share = {BoardPostKind.CHIEF_EXECUTIVE: 0.45 if challenged else 0.22,
                     BoardPostKind.NON_EXECUTIVE: 0.0, BoardPostKind.CHAIR: 0.08}.get(kind,
                                                                                       0.15)
    earliest = today - dt.timedelta(days=int(YEARS_BACK * 365.25))
    followed_by_interim = bool(current and current["interim"])
    while next_start > earliest:
        interim = (not followed_by_interim) and rng.random() < interim_share
        length = rng.randint(90, 300) if interim else _length(rng, kind, challenged)
        ended = next_start - dt.timedelta(days=0 if interim else rng.randint(0, 45))
        started = ended - dt.timedelta(days=length)
        holdings.append({
            "person_id": None, "started_on": started, "ended_on": ended, "interim": interim,
            "exit_reason": _reason(rng, kind, challenged, interim),
            "interim_followed": followed_by_interim})
        followed_by_interim, next_start = interim, started
    return holdings


def _first_time(rng, holding: dict, kind: str) -> bool:
    return (kind == BoardPostKind.CHIEF_EXECUTIVE and not holding["interim"]
            and rng.random() < 0.5)


def _past_people(rng, wanted: list[tuple[int, dt.date]]) -> list[int]:
    """One synthetic past holder per (organisation, day they left)."""
    planned = []
    for index, (org_id, left_on) in enumerate(wanted):
        female = rng.random() < 0.45
        given, family = pick_name(rng, rng.choice("AAAAAACHNM"), female)
        planned.append(Person(
            given_name=given, family_name=family, organisation_id=org_id,
            work_email=f"{email_local_part(given, family)}.past{index}@{DEMO_EMAIL_DOMAIN}",
            job_title=PAST_TITLE, pay_band=PayBand.VSM,
            staff_group=StaffGroup.ADMINISTRATIVE_AND_CLERICAL,
            professional_background=ProfessionalBackground.CORPORATE_GOVERNANCE,
            left_nhs_on=left_on, visibility=Visibility.ORGANISATION))
    return [p.pk for p in Person.objects.bulk_create(planned, batch_size=1000)]


def _mark_unrecorded(rng, rows: list[PostHolding], today: dt.date) -> None:
    """A few exits of the last year without a reason yet."""
    recent = today - dt.timedelta(days=365)
    for row in rows:
        if row.ended_on and row.ended_on >= recent and rng.random() < 0.3:
            row.exit_reason, row.interim_followed = "", None


def _build_holdings(rng, posts, challenged: set[int], today: dt.date) -> int:
    planned: list[tuple] = []
    for post in posts:
        for holding in _history(rng, post, post.organisation_id in challenged, today):
            planned.append((post, holding))
    kept_from = today - dt.timedelta(days=retention.days(retention.LEFT_NHS))
    wanted = [(post.organisation_id, h["ended_on"]) for post, h in planned
              if h["person_id"] is None and h["ended_on"] >= kept_from]
    people = iter(_past_people(rng, wanted))
    rows = []
    for post, h in planned:
        erased = h["person_id"] is None and h["ended_on"] < kept_from
        person_id = None if erased else h["person_id"] or next(people)
        rows.append(PostHolding(
            post=post, organisation_id=post.organisation_id, kind=post.kind,
            person_id=person_id, started_on=h["started_on"], ended_on=h["ended_on"],
            interim=h["interim"], exit_reason=h["exit_reason"],
            interim_followed=h["interim_followed"], first_time=_first_time(rng, h, post.kind)))
    _mark_unrecorded(rng, rows, today)
    PostHolding.unscoped.bulk_create(rows, batch_size=1000)
    return len(rows)


def organisations_by_segment() -> dict[int, list[int]]:
    """Latest segment → demo organisations (for the demo's tests and notes)."""
    latest: dict[int, int] = {}
    for org, segment in OversightSegment.objects.order_by("organisation_id", "effective_from") \
            .values_list("organisation_id", "segment"):
        latest[org] = segment
    found: dict[int, list[int]] = defaultdict(list)
    for org, segment in latest.items():
        found[segment].append(org)
    return dict(found)
