"""Demo FPPT records and Board Member References: for every demo organisation's board posts
that have an incumbent, this year's FPPT record with its checklist (most checks done, some
still to do, about two in three signed off as fit and proper), and a Board Member Reference for
a few recent leavers of each board. Built after the succession demo (which makes the posts);
with no posts yet it builds nothing. Deterministic for a seed; idempotent.

Synthetic data only: evidence references are made-up file references, every reference says
there is nothing of concern.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from talentbridge.board.models import BoardDelegate
from talentbridge.board.models import BoardReference
from talentbridge.board.models import CheckOutcome
from talentbridge.board.models import Conclusion
from talentbridge.board.models import FpptCheck
from talentbridge.board.models import FpptItem
from talentbridge.board.models import FpptRecord
from talentbridge.board.models import ReferenceStatus
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind

from .generator import demo_people
from .steps import build_once
from .steps import delete_counted

#: Shares of this year's records: signed off, and (of those not) with every check done.
SIGNED_OFF = 0.65
#: Share of posts whose previous holder left within the last year (a reference made).
RECENT_LEAVERS = 0.06
CONCLUSION_CODE = "chair-conclusion"
NOTHING = "None known to the organisation."
#: The demo sign-in named a delegate of its organisation's board, so the demo shows the
#: FPPT records and references (demo chairs have no sign-in).
DELEGATE_USERNAME, DELEGATE_ORGANISATION = "org.admin", "R0A"


def _posts():
    organisations = demo_people().values("organisation_id")
    return (BoardPost.objects.filter(organisation_id__in=organisations, incumbent__isnull=False)
            .select_related("organisation").order_by("organisation_id", "kind", "pk"))


def _demo_records():
    return FpptRecord.unscoped.filter(person__in=demo_people())


def delete() -> int:
    records = _demo_records()
    count = delete_counted(records, FpptCheck.unscoped.filter(record__in=records))
    BoardReference.unscoped.filter(person__in=demo_people()).delete()
    BoardDelegate.objects.filter(user__username=DELEGATE_USERNAME).delete()
    return count


def build(seed: int, stdout=None, reset: bool = False) -> None:
    build_once(stdout, reset, "FPPT records", _demo_records(), delete,
               lambda: _build(random.Random(f"board-{seed}"), list(_posts())),
               needs=_posts(), missing="Board: no demo board posts yet, so no FPPT records.")


def _build(rng: random.Random, posts: list[BoardPost]) -> str:
    records = _build_records(rng, posts)
    references = _build_references(rng, posts)
    _name_delegate(posts)
    return f"Built {records} FPPT records and {references} Board Member References"


def _build_records(rng: random.Random, posts: list[BoardPost]) -> int:
    today = timezone.localdate()
    year = today.year
    items = list(FpptItem.objects.filter(active=True))
    FpptRecord.unscoped.bulk_create([FpptRecord(
        person_id=p.incumbent_id, organisation_id=p.organisation_id, post=p,
        post_title=p.title, member_is_chair=p.kind == BoardPostKind.CHAIR, year=year,
        due_on=dt.date(year, 12, 31) if today.month < 12 else today + dt.timedelta(days=10))
        for p in posts], ignore_conflicts=True)
    records = list(FpptRecord.unscoped.filter(year=year, person__in=demo_people()))
    checks = []
    signed = []
    for record in records:
        done_all = rng.random() < SIGNED_OFF
        for item in items:
            done = item.code != CONCLUSION_CODE and (done_all or rng.random() < 0.7)
            day = today - dt.timedelta(days=rng.randint(20, 200)) if done else None
            checks.append(FpptCheck(
                record=record, item=item, date_completed=day,
                outcome=CheckOutcome.SATISFACTORY if done else "",
                evidence_ref=f"FPPT/{record.organisation_id}/{record.pk}/{item.position}"
                if done else ""))
        if done_all:
            record.attested_on = today - dt.timedelta(days=rng.randint(20, 200))
            record.conclusion, record.signed_off_on = Conclusion.FIT, \
                today - dt.timedelta(days=rng.randint(1, 19))
            signed.append(record)
    FpptCheck.unscoped.bulk_create(checks, batch_size=2000)
    FpptRecord.unscoped.bulk_update(signed, ["attested_on", "conclusion", "signed_off_on"],
                                    batch_size=2000)
    FpptCheck.unscoped.filter(record__in=signed, item__code=CONCLUSION_CODE).update(
        outcome=CheckOutcome.SATISFACTORY, date_completed=today - dt.timedelta(days=1))
    return len(records)


def _name_delegate(posts: list[BoardPost]) -> None:
    user = get_user_model().objects.filter(username=DELEGATE_USERNAME).first()
    organisation = next((p.organisation for p in posts
                         if p.organisation.ods_code == DELEGATE_ORGANISATION), None)
    if user is not None and organisation is not None:
        BoardDelegate.objects.get_or_create(organisation=organisation, user=user)


def _build_references(rng: random.Random, posts: list[BoardPost]) -> int:
    """A recent leaver for a few posts: a senior demo person of the same organisation, not on
    its board now, who held the post until a day in the last year."""
    today = timezone.localdate()
    on_board = {p.incumbent_id for p in posts}
    seniors: dict[int, list[int]] = {}
    for pk, organisation_id in demo_people().filter(pay_band__in=("9", "vsm")).values_list(
            "pk", "organisation_id"):
        if pk not in on_board:
            seniors.setdefault(organisation_id, []).append(pk)
    made = []
    for post in posts:
        candidates = seniors.get(post.organisation_id)
        if not candidates or rng.random() >= RECENT_LEAVERS:
            continue
        left_on = today - dt.timedelta(days=rng.randint(10, 330))
        started_on = left_on - dt.timedelta(days=rng.randint(700, 2200))
        completed = rng.random() < 0.7
        made.append(BoardReference(
            person_id=candidates.pop(rng.randrange(len(candidates))),
            organisation_id=post.organisation_id, post_title=post.title,
            started_on=started_on, left_on=left_on,
            status=ReferenceStatus.COMPLETED if completed else ReferenceStatus.DRAFT,
            roles_and_dates=f"{post.title}, {post.organisation.display_name}, "
                            f"{started_on.isoformat()} to {left_on.isoformat()}",
            investigations=NOTHING, fitness_concerns=NOTHING, settlement_agreements=NOTHING,
            grievances=NOTHING, referee_declaration=completed,
            completed_on=left_on + dt.timedelta(days=7) if completed else None))
    BoardReference.unscoped.bulk_create(made)
    return len(made)
