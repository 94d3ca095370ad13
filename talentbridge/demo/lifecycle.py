"""Demo of the people lifecycle, built through the real services on top of the base demo.

`build(seed, stdout, reset=False)` needs the demo people, sign-ins, conversations and
opportunities (see `talentbridge.demo.extras` for the order). At Manchester University NHS FT
(the demo talent lead's trust, R0A), as its organisation administrator (`org.admin`):

- moves (`talentbridge.people.moves.move_person`, recorded by the demo administrator): a
  leader who moved here from a trust in another integrated care system three months ago (their
  career history shows both), and a leader of R0A whose move to that trust is waiting for its
  date next month;
- two leaders' feeds, read, checked and applied by the staff record's own import code
  (`start_feed_import`, then `run_feed_import`, the task's body): first a file rejected with
  every problem named by row, then the trust's feed, applied. It lists everyone in post but one
  leader (who is then on the "Left or moved?" list) and one new starter, whom the import
  invites (a pending invitation on the users page);
- two correction requests from the demo leader: one refused by the organisation
  administrator, one waiting in their queue;
- notifications for the demo leader, each sent by the action it reports: a nomination by the
  system talent lead (read), a career conversation review falling due (the daily reminders)
  and the refused correction (unread);
- a welcome for the programme manager and the analyst (sign-ins without a leader's profile),
  pointing to their account page.

Everything is recognised by the demo's e-mail domain, NHS identifiers and sign-ins, and is
deleted with them (`delete`). Without `reset`, existing lifecycle demo data is left alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from talentbridge.accounts.models import User
from talentbridge.data_rights.corrections import request_correction
from talentbridge.data_rights.corrections import resolve
from talentbridge.data_rights.models import CorrectionRequest
from talentbridge.notifications.kinds import Kind
from talentbridge.notifications.models import Notification
from talentbridge.notifications.services import mark_all_read
from talentbridge.notifications.services import notify
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.services import nominate
from talentbridge.organisations.models import Organisation
from talentbridge.people.models import Move
from talentbridge.people.models import Person
from talentbridge.people.moves import move_person
from talentbridge.staff_record import services as feeds
from talentbridge.staff_record.feed import COLUMNS
from talentbridge.staff_record.feed import header
from talentbridge.staff_record.models import FeedImport
from talentbridge.talent.conversations.services import update_conversation
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.reminders import send_due_reminders

from .generator import demo_people
from .generator import open_organisations
from .opportunities import DEMO_MARK
from .plan import DEMO_EMAIL_DOMAIN
from .steps import say

HOME = "R0A"  # Manchester University NHS FT
HOME_SYSTEM = "QOP"  # NHS Greater Manchester
APPLIED_FEED = "mft-leaders-feed.csv"
REJECTED_FEED = "mft-leaders-feed-draft.csv"
#: The new starter the applied feed creates (and invites).
STARTER = {"nhs_identifier": "DEMO-NEW-000001", "given_name": "Jordan",
           "family_name": "Ellis", "work_email": f"jordan.ellis.starter@{DEMO_EMAIL_DOMAIN}",
           "job_title": "Deputy Director of Operations", "pay_band": "8c",
           "staff_group": "08"}


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(
        username__in=["admin", "org.admin", "leader", "system.lead"])}


def demo_feeds():
    return FeedImport.objects.filter(source_filename__in=[APPLIED_FEED, REJECTED_FEED],
                                     uploaded_by__username="org.admin")


def delete() -> None:
    """Remove the lifecycle demo: feeds, moves, correction requests, notifications to demo
    addresses and the accounts the feed's invitation made (the base demo deletes the rest)."""
    people = demo_people()
    demo_feeds().delete()  # their "Left or moved?" answers go with them
    Move.unscoped.filter(person__in=people).delete()
    CorrectionRequest.unscoped.filter(person__in=people).delete()
    Notification.unscoped.filter(email_address__iendswith="@" + DEMO_EMAIL_DOMAIN).delete()
    people.filter(user__username__iendswith="@" + DEMO_EMAIL_DOMAIN).update(user=None)
    User.objects.filter(username__iendswith="@" + DEMO_EMAIL_DOMAIN).delete()


def build(seed: int, stdout=None, reset: bool = False) -> None:
    users = _users()
    if not demo_people().exists():
        say(stdout, "No demo people yet: build the demo data first (manage.py demo_data).")
        return
    if len(users) < 4:
        say(stdout, "The demo sign-ins admin, org.admin, leader and system.lead are not all "
                    "there (demo data from an older version): rebuild it with --reset.")
        return
    if demo_feeds().exists() and not reset:
        say(stdout, "Lifecycle demo data already exists. Nothing changed; use reset to build "
                    "it again.")
        return
    today = timezone.localdate()
    with transaction.atomic():
        if reset:
            delete()
        home = Organisation.objects.get(ods_code=HOME)
        mover, elsewhere = _move_in(users["admin"], home, today)
        _move_out(users["admin"], home, elsewhere, today, exclude={mover.pk})
        gone = _import_feeds(users["org.admin"], home, today, exclude={mover.pk})
        _leader_notifications(users, today)
        _welcome()
    say(stdout, f"Lifecycle: {mover.full_name} moved to {home.display_name} from "
                f"{elsewhere.display_name}; two leaders' feeds (one applied, one rejected); "
                f"{gone.full_name} on the \"Left or moved?\" list; a pending invitation, "
                "correction requests and notifications.")


# --------------------------------------------------------------------------------------
# Moves
# --------------------------------------------------------------------------------------


def _candidates(organisation_ids, today: dt.date, exclude=frozenset()):
    """Demo leaders in post for over six months, without an account or reports, in a fixed
    order (the plan's NHS identifiers)."""
    return (demo_people().filter(organisation_id__in=organisation_ids, user__isnull=True,
                                 reports__isnull=True, left_nhs_on__isnull=True,
                                 pay_band__in=["8a", "8b", "8c", "8d"],
                                 started_in_post__lt=today - dt.timedelta(days=180))
            .exclude(pk__in=exclude).select_related("organisation")
            .order_by("nhs_identifier"))


def _other_system_trusts(home: Organisation) -> list[int]:
    """Open organisations in other systems: those of ``home``'s kind in its region first."""
    organisations = open_organisations()
    region = next(o.region_code for o in organisations if o.code == home.ods_code)
    others = sorted((o for o in organisations if o.system_code != HOME_SYSTEM),
                    key=lambda o: (o.kind != home.kind, o.region_code != region, o.code))
    ids = dict(Organisation.objects.values_list("ods_code", "pk"))
    return [ids[o.code] for o in others]


def _move_in(admin, home: Organisation, today: dt.date) -> tuple[Person, Organisation]:
    person = next((_candidates([pk], today).first() for pk in _other_system_trusts(home)
                   if _candidates([pk], today).exists()), None)
    if person is None:
        raise RuntimeError("No demo leader in another system could move to "
                           f"{home.display_name}: build more demo leaders.")
    elsewhere = person.organisation
    manager = Person.unscoped.filter(organisation=home, line_manager__isnull=True).first()
    move_person(admin, person, to_organisation=home,
                effective_on=today - dt.timedelta(days=90), line_manager=manager)
    return Person.unscoped.get(pk=person.pk), elsewhere


def _move_out(admin, home: Organisation, to: Organisation, today: dt.date, exclude) -> None:
    person = _candidates([home.pk], today, exclude).last()
    move_person(admin, person, to_organisation=to, effective_on=today + dt.timedelta(days=30))


# --------------------------------------------------------------------------------------
# Leaders' feeds
# --------------------------------------------------------------------------------------


def _csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header(name) for name in COLUMNS])
    for row in rows:
        writer.writerow([row.get(name, "") for name in COLUMNS])
    return out.getvalue().encode()


def _row(person: Person) -> dict:
    return {"nhs_identifier": person.nhs_identifier, "given_name": person.given_name,
            "family_name": person.family_name, "work_email": person.work_email,
            "job_title": person.job_title,
            "pay_band": "VSM" if person.pay_band == "vsm" else person.pay_band,
            "staff_group": person.staff_group,
            "started_in_post": person.started_in_post.isoformat(),
            "line_manager": person.line_manager.nhs_identifier if person.line_manager else ""}


def _upload(actor, home: Organisation, filename: str, rows: list[dict]) -> FeedImport:
    """Upload a feed and run its import as the task does (it may have run already)."""
    feed = feeds.start_feed_import(actor, _csv(rows), organisation=home, filename=filename)
    return feeds.run_feed_import(feed.pk)


def _rejected_rows(people: list[Person], today: dt.date) -> list[dict]:
    first, second, third = (_row(p) for p in people[:3])
    return [
        {**first, "work_email": first["work_email"].replace(DEMO_EMAIL_DOMAIN, "example.com")},
        {**second, "pay_band": "Band 10"},
        {**third, "started_in_post": (today + dt.timedelta(days=14)).isoformat()},
        {**STARTER, "started_in_post": today.isoformat(), "line_manager": "DEMO-999999"},
    ]


def _import_feeds(actor, home: Organisation, today: dt.date, exclude) -> Person:
    """The rejected draft, then the applied feed leaving out one leader; returns them."""
    people = list(Person.unscoped.filter(organisation=home, left_nhs_on__isnull=True)
                  .select_related("line_manager").order_by("nhs_identifier"))
    in_feed = people
    gone = next(p for p in reversed(in_feed) if p.user_id is None and p.pk not in exclude
                and not any(q.line_manager_id == p.pk for q in people))
    _upload(actor, home, REJECTED_FEED, _rejected_rows(in_feed, today))
    manager = next(p for p in people if p.line_manager_id is None)
    starter = {**STARTER, "started_in_post": (today - dt.timedelta(days=14)).isoformat(),
               "line_manager": manager.nhs_identifier}
    _upload(actor, home, APPLIED_FEED, [*(_row(p) for p in in_feed if p != gone), starter])
    return gone


# --------------------------------------------------------------------------------------
# Corrections and notifications
# --------------------------------------------------------------------------------------


def _corrections(leader, org_admin) -> None:
    refused = request_correction(
        leader, area="dates", requested_correction="I started in the NHS in 2008, not 2009.",
        details="Started in the NHS: 2009")
    resolve(org_admin, refused, status="refused", response=(
        "The electronic staff record gives 2009. Ask your HR team to correct it there; the "
        "next leaders' feed will then bring it here."))
    request_correction(leader, area="job_title",
                       requested_correction="Associate Director of Operations, Surgery")


def _nominate(system_lead, person: Person) -> None:
    """The system talent lead nominates the leader for the first open demo opportunity they
    may be nominated for."""
    for opportunity in (Opportunity.objects.filter(summary__endswith=DEMO_MARK,
                                                   status="published").order_by("pk")):
        try:
            nominate(system_lead, opportunity, person,
                     "Your talent conversation said you want system experience.")
        except ValidationError:
            continue
        return


def _leader_notifications(users: dict[str, User], today: dt.date) -> None:
    leader = Person.unscoped.get(user=users["leader"])
    _nominate(users["system.lead"], leader)
    mark_all_read(users["leader"])  # the leader has read the nomination; the rest is new
    _corrections(users["leader"], users["org.admin"])
    conversation = (CareerConversation.unscoped.filter(person=leader, status="recorded")
                    .select_related("held_by").order_by("-held_on").first())
    if conversation is not None and conversation.held_by is not None:
        update_conversation(conversation.held_by, conversation,
                            {"next_review_on": today + dt.timedelta(days=5)})
        send_due_reminders(today)


#: What the welcome tells the demo sign-ins without a leader's profile.
WELCOMES = {
    "programme.manager": (
        "You are a programme manager in the North West. You run its development programmes "
        "(applications to score, cohorts, sessions, each programme's fairness funnel) and "
        "match mentors with the leaders who ask for one; the role shows no one's talent "
        "profile. Your account page says what your role lets you do."),
    "analyst": (
        "You are an analyst in the North West. You can read the leadership pipeline, WRES, "
        "progression and projection figures for your area (figures about groups only, with "
        "small numbers hidden) and import workforce snapshots for it. Your account page "
        "says what your role lets you do."),
}


def _welcome() -> None:
    """Welcome the sign-ins in :data:`WELCOMES` (an unread notification on their home)."""
    for user in User.objects.filter(username__in=WELCOMES).order_by("username"):
        notify(kind=Kind.INVITATION, to_user=user, subject="Welcome to TalentBridge",
               body=WELCOMES[user.username], link=reverse("people:me"))
