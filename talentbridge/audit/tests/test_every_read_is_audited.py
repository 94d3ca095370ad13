"""Every page and API operation that shows a named person's data records who read whom.

The test walks every URL pattern and every API GET operation that takes a parameter (a
person, conversation, assessment, review, pool, interest, run, placement … id). Each must be
listed below, either in READS (a GET as the user given answers 200 and writes a read event
with that request's id, naming the people shown), in POST_ONLY (a GET is refused with 405) or
in NAMES_NO_ONE (with the reason). A new page or operation fails the walk until it is listed,
and a listed read fails when its event is missing. Pages without a parameter that name people
(searches, my opportunities, my nominations) are in LISTS.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse
from django.utils import timezone

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.board.checklist import add_default_items
from talentbridge.board.models import BoardReference
from talentbridge.board.models import FpptCheck
from talentbridge.board.models import FpptItem
from talentbridge.board.tests.factories import YEAR as BOARD_YEAR
from talentbridge.board.tests.factories import member as board_member
from talentbridge.board.tests.factories import start_records
from talentbridge.config.api import api
from talentbridge.data_rights import corrections
from talentbridge.learning.models import Share
from talentbridge.learning.models import ShareRoute
from talentbridge.learning.tests.factories import write_entry
from talentbridge.mentoring.models import MatchingProposal
from talentbridge.mentoring.models import MatchingRun
from talentbridge.mentoring.models import MentoringOffer
from talentbridge.mentoring.models import MentoringRelationship
from talentbridge.mentoring.models import MentoringRequest
from talentbridge.opportunities import services as opportunity_services
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.tests.factories import make_interest
from talentbridge.opportunities.tests.factories import make_opportunity_world
from talentbridge.people.moves import move_person
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.plans import services as plan_services
from talentbridge.programmes.models import Application
from talentbridge.programmes.models import Decision
from talentbridge.programmes.models import Session
from talentbridge.programmes.tests.factories import make_cohort
from talentbridge.programmes.tests.factories import make_programme
from talentbridge.staff_record.models import FeedAbsence
from talentbridge.staff_record.models import FeedImport
from talentbridge.staff_record.models import FeedStatus
from talentbridge.succession.models import BoardPost
from talentbridge.succession.models import BoardPostKind
from talentbridge.succession.tests.factories import make_post
from talentbridge.succession.tests.factories import make_successor
from talentbridge.talent.conversations import assessment_services
from talentbridge.talent.conversations import services as conversation_services
from talentbridge.talent.conversations.tests.factories import record_values
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews.tests.factories import ensure_reference_data
from talentbridge.talent.reviews.tests.factories import make_review
from talentbridge.talent.reviews.tests.factories import place
from talentbridge.tenure.models import PostHolding

pytestmark = pytest.mark.django_db

READ_ACTIONS = (AuditAction.VIEW, AuditAction.VIEW_CHARACTERISTICS, AuditAction.SEARCH,
                AuditAction.EXPORT)

# route -> (who reads, the path's parameters): "who" is an attribute of the world (None: not
# signed in); parameters are attributes too, or literal strings.
READS = {
    "people:move-cancel": ("admin", {"pk": "nina_id", "move_id": "move_id"}),
    "talent:assessment-close": ("bob", {"pk": "round_id"}),
    "talent:pool-nomination-withdraw": ("bob", {"pk": "nomination_id"}),
    "people:detail": ("bob", {"pk": "alice_id"}),
    "people:edit": ("bob", {"pk": "alice_id"}),
    "people:account": ("admin", {"pk": "alice_id"}),
    "people:move-new": ("admin", {"pk": "alice_id"}),
    "GET /api/v1/people/{id}/moves": ("admin", {"id": "alice_id"}),
    "erasure:erase": ("admin", {"pk": "alice_id"}),
    "organisations:detail": ("bob", {"ods_code": "RJ1"}),
    "organisations:system": ("bob", {"code": "QMJ"}),
    "talent:person-talent": ("bob", {"person_pk": "alice_id"}),
    "talent:conversation-new": ("bob", {"person_pk": "alice_id"}),
    "talent:conversation": ("bob", {"pk": "conversation_id"}),
    "talent:conversation-record": ("bob", {"pk": "conversation_id"}),
    "talent:conversation-reflection": ("alice", {"pk": "conversation_id"}),
    "talent:assessment-new": ("bob", {"person_pk": "alice_id"}),
    "talent:assessment": ("bob", {"pk": "round_id"}),
    "talent:assessment-invite": ("bob", {"pk": "round_id"}),
    "talent:assessment-rate": ("alice", {"pk": "round_id", "kind": "self"}),
    "talent:rater": (None, {"token": "rater_token"}),
    "talent:review": ("bob", {"pk": "review_id"}),
    "talent:review-place": ("bob", {"pk": "review_id"}),  # few: listed to choose from
    "talent:review-place-people": ("bob", {"pk": "review_id"}),
    "talent:review-move": ("bob", {"pk": "review_id", "placement_pk": "review_placement_id"}),
    "talent:review-export": ("bob", {"pk": "review_id", "fmt": "csv"}),
    "talent:placement-history": ("bob", {"person_pk": "alice_id"}),
    "talent:pool": ("bob", {"pk": "pool_id"}),
    "talent:pool-nominate": ("bob", {"pk": "pool_id"}),  # few: listed to choose from
    "talent:pool-nominate-people": ("bob", {"pk": "pool_id"}),
    "talent:pool-export": ("bob", {"pk": "pool_id", "fmt": "csv"}),
    "talent:pool-nomination-decide": ("bob", {"pk": "nomination_id"}),
    "talent:pool-membership-exit": ("bob", {"pk": "membership_id"}),
    "opportunities:detail": ("bob", {"pk": "opportunity_id"}),
    "opportunities:nominate": ("system_lead", {"pk": "opportunity_id"}),  # few: listed
    "opportunities:run": ("system_lead", {"pk": "run_id"}),
    "opportunities:run-export": ("system_lead", {"pk": "run_id"}),
    "opportunities:placement": ("bob", {"pk": "placement_id"}),
    "GET /api/v1/people/{id}": ("bob", {"id": "alice_id"}),
    "GET /api/v1/people/{id}/career": ("bob", {"id": "alice_id"}),
    "GET /api/v1/people/{id}/characteristics": ("alice", {"id": "alice_id"}),
    "GET /api/v1/talent/people/{id}/conversations": ("bob", {"id": "alice_id"}),
    "GET /api/v1/talent/conversations/{id}": ("bob", {"id": "conversation_id"}),
    "GET /api/v1/talent/people/{id}/assessments": ("bob", {"id": "alice_id"}),
    "GET /api/v1/talent/assessments/{id}": ("bob", {"id": "round_id"}),
    "GET /api/v1/talent/assessments/{id}/invitations/awaiting-approval": (
        "mo", {"id": "round_id"}),
    "GET /api/v1/talent/assessments/{id}/summary": ("bob", {"id": "round_id"}),
    "GET /api/v1/talent/rater/{token}": (None, {"token": "rater_token"}),
    "GET /api/v1/talent/reviews/{id}": ("bob", {"id": "review_id"}),
    "GET /api/v1/talent/reviews/{id}/export": ("bob", {"id": "review_id"}),
    "GET /api/v1/talent/people/{id}/placements": ("bob", {"id": "alice_id"}),
    "GET /api/v1/talent/pools/{id}/members": ("bob", {"id": "pool_id"}),
    "GET /api/v1/talent/pools/{id}/export": ("bob", {"id": "pool_id"}),
    "GET /api/v1/opportunities/runs/{id}": ("system_lead", {"id": "run_id"}),
    "GET /api/v1/opportunities/runs/{id}/instance.zip": ("system_lead", {"id": "run_id"}),
    "GET /api/v1/opportunities/placements/{id}": ("bob", {"id": "placement_id"}),
    "GET /api/v1/opportunities/{id}/interests": ("bob", {"id": "opportunity_id"}),
    "staff_record:missing": ("admin", {"ods_code": "RJ1"}),
    "staff_record:missing-answer": ("admin", {"ods_code": "RJ1", "person_id": "alice_id"}),
    "GET /api/v1/staff-record/organisations/{ods}/missing": ("admin", {"ods": "RJ1"}),
    "data_rights:correction": ("admin", {"pk": "correction_id"}),
    "GET /api/v1/corrections/{id}": ("admin", {"id": "correction_id"}),
    "support:leader": ("support_lead", {"person_id": "nina_id"}),
    "GET /api/v1/support/leaders/{id}": ("support_lead", {"id": "nina_id"}),
    "succession:chart": ("bob", {"ods": "RJ1"}),
    "succession:chart-export": ("bob", {"ods": "RJ1", "fmt": "csv"}),
    "succession:holder-people": ("bob", {"pk": "post_id"}),
    "succession:holder": ("bob", {"pk": "post_id"}),  # few: listed to choose from
    "tenure:organisation": ("bob", {"ods": "RJ1"}),
    "tenure:holdings-export": ("bob", {"ods": "RJ1", "fmt": "csv"}),
    "tenure:exit": ("bob", {"pk": "holding_id"}),
    "GET /api/v1/tenure/organisations/{ods}/holdings": ("bob", {"ods": "RJ1"}),
    "board:record": ("chris", {"pk": "fppt_record_id"}),
    "board:attest": ("fay", {"pk": "fay_record_id"}),
    "board:check": ("chris", {"pk": "fppt_check_id"}),
    "board:records-export": ("chris", {"fmt": "csv"}),
    "board:submission": ("chris", {"ods_code": "RJ1", "year": "fppt_year"}),
    "board:submission-export": ("chris", {"ods_code": "RJ1", "year": "fppt_year",
                                          "fmt": "csv"}),
    "board:reference": ("chris", {"pk": "reference_id"}),
    "GET /api/v1/board/fppt/{id}": ("chris", {"id": "fppt_record_id"}),
    "GET /api/v1/board/references/{id}": ("chris", {"id": "reference_id"}),
    "GET /api/v1/board/submissions/{ods_code}/{year}": (
        "chris", {"ods_code": "RJ1", "year": "fppt_year"}),
    # alice's learning log entry, which she shared with mo, her line manager
    "learning:entry": ("mo", {"pk": "learning_entry_id"}),
    "GET /api/v1/learning/entries/{id}": ("mo", {"id": "learning_entry_id"}),
    "mentoring:relationship": ("alice", {"pk": "mentoring_relationship_id"}),
    "mentoring:run": ("mentoring_pm", {"pk": "mentoring_run_id"}),
    "GET /api/v1/mentoring/relationships/{id}": ("alice", {"id": "mentoring_relationship_id"}),
    "GET /api/v1/mentoring/runs/{id}": ("mentoring_pm", {"id": "mentoring_run_id"}),
    "plans:person": ("bob", {"person_pk": "alice_id"}),
    "plans:add": ("bob", {"person_pk": "alice_id"}),
    "plans:action": ("bob", {"pk": "plan_action_id"}),
    "plans:edit": ("bob", {"pk": "plan_action_id"}),
    "plans:progress": ("bob", {"pk": "plan_action_id"}),
    "GET /api/v1/plans/people/{id}/actions": ("bob", {"id": "alice_id"}),
    "GET /api/v1/plans/actions/{id}": ("bob", {"id": "plan_action_id"}),
    "programmes:cohort": ("pm", {"pk": "cohort_id"}),
    "programmes:application": ("pm", {"pk": "programme_application_id"}),
    "programmes:attendance": ("pm", {"pk": "session_id"}),
    "programmes:outcome": ("pm", {"pk": "programme_application_id"}),
    "GET /api/v1/programmes/cohorts/{id}/applications": ("pm", {"id": "cohort_id"}),
    "programmes:nominate": ("bob", {"pk": "cohort_id"}),  # few: listed to choose from
    "programmes:nominate-people": ("bob", {"pk": "cohort_id"}),
}
#: query strings some operations need
QUERIES = {"GET /api/v1/talent/reviews/{id}/export": "?format=csv",
           "board:records-export": "?organisation={rj1_id}",
           "GET /api/v1/talent/pools/{id}/export": "?format=csv",
           "talent:pool-nominate-people": "?q=ash",  # pickers' suggestions: Alice Ashworth
           "talent:review-place-people": "?q=nolan",  # Nina Nolan, not yet placed
           "succession:holder-people": "?q=ash",
           "programmes:nominate-people": "?q=ash"}  # Alice Ashworth, who may be appointed

POST_ONLY = {
    "accounts:assign-role": ("admin", {"pk": "1"}),
    "accounts:deactivate": ("admin", {"pk": "1"}),
    "accounts:reactivate": ("admin", {"pk": "1"}),
    "accounts:resend-invitation": ("admin", {"pk": "1"}),
    "people:invite": ("admin", {"pk": "alice_id"}),
    "people:reset-visibility": ("admin", {"pk": "alice_id"}),
    "people:admin-characteristics": ("admin", {"pk": "alice_id"}),
    "talent:assessment-remind": ("bob", {"pk": "round_id"}),
    "talent:assessment-approve": ("mo", {"pk": "round_id", "invitation_pk": "1"}),
    "talent:review-calibrate": ("bob", {"pk": "review_id"}),
    "talent:pool-status": ("bob", {"pk": "pool_id"}),
    "opportunities:offer": ("system_lead", {"pk": "1"}),
    "opportunities:placement-action": ("bob", {"pk": "placement_id", "action": "home"}),
    "insights:snapshot-retry": ("admin", {"pk": "1"}),
    "insights:events-retry": ("admin", {"pk": "1"}),
    "opportunities:run-retry": ("system_lead", {"pk": "1"}),
    "staff_record:retry": ("admin", {"pk": "1"}),
    "succession:remove-successor": ("bob", {"pk": "post_id", "person_id": "alice_id"}),
    "learning:revoke": ("alice", {"pk": "learning_entry_id", "share_id": "1"}),
    "mentoring:request-withdraw": ("alice", {"pk": "1"}),
    "mentoring:goal-add": ("alice", {"pk": "mentoring_relationship_id"}),
    "mentoring:goal-status": ("alice", {"pk": "mentoring_relationship_id"}),
    "mentoring:meeting-add": ("alice", {"pk": "mentoring_relationship_id"}),
    "mentoring:end": ("alice", {"pk": "mentoring_relationship_id"}),
    "mentoring:review": ("alice", {"pk": "mentoring_relationship_id"}),
    "mentoring:confirm": ("mentoring_pm", {"pk": "mentoring_run_id"}),
    "support:offer-answer": ("support_lead", {"pk": "1"}),
    "programmes:cohort-status": ("pm", {"pk": "cohort_id"}),
    "programmes:decide": ("pm", {"pk": "programme_application_id"}),
}

NAMES_NO_ONE = {
    "board:delegates": "the delegates a board's chair has named: users, not the people the "
                       "board records are about",
    "accounts:token-revoke": "asks to confirm revoking a token: its name and prefix",
    "accounts:end-role": "asks to confirm ending a role: the account's username (audited all "
                         "the same)",
    "people:career-remove": "asks to confirm removing a role from the leader's own history",
    "opportunities:withdraw": "asks to confirm withdrawing the leader's own interest",
    "opportunities:transition": "asks to confirm closing the opportunity; names no one",
    "insights:snapshot-delete": "asks to confirm deleting an import: its file name",
    "insights:events-delete": "asks to confirm deleting an import: its file name",
    "accounts:password-reset-confirm": "a form to choose a new password, from an e-mailed link",
    "organisations:kind": "a form to change an organisation's kind",
    "accounts:invitation": "the invitation's own account (name and username), to whoever holds "
                           "its single-use link",
    "accounts:user": "an account: its username, name, status and roles (audited all the same)",
    "GET /api/v1/users/{id}": "an account: its username, name, status and roles (audited all "
                              "the same)",
    "talent:readiness-edit": "a readiness level (reference data)",
    "talent:review-lock": "asks to confirm locking; names the review, not its people",
    "opportunities:run-progress": "the run's status and percent only",
    "opportunities:edit": "the opportunity's own fields",
    "opportunities:interest": "the signed-in leader's own statement of interest",
    "insights:export": "published figures with small numbers suppressed",
    "insights:snapshot": "an import's status and rejected values (line, field, value): no "
                         "named person; only its uploader and administrators",
    "insights:snapshot-errors": "the same rejected values as a CSV file",
    "insights:events": "an events import's status and rejected values",
    "insights:events-errors": "the same rejected values as a CSV file",
    "GET /api/v1/organisations/{ods_code}": "an organisation's reference data",
    "GET /api/v1/systems/{code}": "a system's reference data",
    "GET /api/v1/talent/pools/{id}": "a pool's details and member counts",
    "GET /api/v1/talent/pools/{id}/composition": "suppressed aggregates (audited all the same)",
    "GET /api/v1/opportunities/{id}": "the opportunity itself",
    "GET /api/v1/insights/snapshots/{id}": "an import's status",
    "GET /api/v1/insights/events/{id}": "an import's status",
    "staff_record:import": "a leaders' feed import's status, counts and rejected values (row, "
                           "column, value); only for its organisation's administrators",
    "GET /api/v1/staff-record/feeds/{id}": "the same leaders' feed import's status",
    "succession:map": "every board post of a system, its public holder, risk and cover; no "
                      "successor is named",
    "succession:map-export": "the same system map as a file (audited as an export)",
    "succession:add-successor": "without a search the form names no one; the people a search "
                                "finds are audited",
    "succession:risk": "a form to set a board post's vacancy risk",
    "succession:edit-post": "a form to change a board post's dates and interim holding",
    "learning:edit": "the author's own entry, only to its author (their own log is not "
                     "audited as a read: docs/learning-log.md)",
    "learning:share": "whom the author may share their own entry with",
    "learning:delete": "asks the author to confirm deleting their own entry",
    "learning:lesson": "an anonymous lesson: it names no one and links to no author",
    "learning:lesson-report": "a form to report an anonymous lesson",
    "learning:lesson-remove": "asks an administrator to confirm removing an anonymous lesson",
    "GET /api/v1/learning/lessons/{lesson_id}": "an anonymous lesson",
    "tenure:figures-export": "published tenure figures with small numbers suppressed",
    "GET /api/v1/tenure/organisations/{ods}/segments": "an organisation's published oversight "
                                                       "segments",
    "support:check-in-new": "a form to record a check-in with a board member, named as their "
                            "public board post names them; no check-in is shown",
    "support:offer-new": "a form to offer support to a board member, named as their public "
                         "board post names them; no offer is shown",
    "support:commitment-edit": "a commitment of the leadership compact: a body's promise",
    "support:compact-export": "the compact's figures through the disclosure rules (audited "
                              "as an export)",
    "talent:pool-funnel": "a pool's fairness funnel: disclosure-controlled aggregates",
    "talent:review-funnel": "a locked review's fairness funnel: disclosure-controlled "
                            "aggregates",
    "programmes:programme": "a programme's description, criteria and cohorts",
    "programmes:funnel": "a programme's fairness funnel: disclosure-controlled aggregates "
                         "(audited as a view of the programme)",
    "programmes:funnel-export": "the same funnel as a file (audited as an export)",
    "GET /api/v1/programmes/{id}/funnel": "the same funnel through the API",
    "programmes:apply": "a form to apply to a cohort, for the person themselves",
    "programmes:add-session": "a form to add a session to a cohort",
    "programmes:feedback": "a form for the person's own feedback on their place",
    "programmes:cohort-create": "a form to add a cohort; its panel picker names users, not "
                                "the people the programme's records are about",
    "programmes:panel": "a cohort's panel members: users, not the people the programme's "
                        "records are about",
}

LISTS = {
    "/api/v1/succession/posts?scope=RJ1": "bob",
    "/succession/posts/{post_id}/successors/add/?q=Ashworth": "bob",
    "/people/?name=Ashworth": "bob",
    "/talent/search/?name=Ashworth": "bob",
    "/people/suggestions/?q=Ash": "bob",
    "/api/v1/people?name=Ashworth": "bob",
    "/api/v1/talent/search?name=Ashworth": "bob",
    "/talent/me/": "alice",
    "/talent/placements/mine/": "alice",
    "/opportunities/mine/": "system_lead",
    "/talent/pools/mine/": "bob",
    "/api/v1/opportunities/me/interests": "alice",
    "/api/v1/opportunities/me/placements": "alice",
    "/api/v1/talent/nominations/mine": "bob",
    "/my-data/views/": "alice",
    "/api/v1/people/me/views": "alice",
    "/my-data/corrections/": "alice",
    "/api/v1/people/me/corrections": "alice",
    "/my-data/corrections/queue/": "admin",
    "/api/v1/corrections": "admin",
    "/learning/shared-with-me/": "mo",
    "/api/v1/learning/shared-with-me": "mo",
    "/mentoring/": "alice",
    "/mentoring/relationships/": "mentoring_pm",
    "/mentoring/matching/": "mentoring_pm",
    "/api/v1/mentoring/me/relationships": "alice",
    "/api/v1/mentoring/relationships": "mentoring_pm",
    "/api/v1/mentoring/requests?scope=ENGLAND": "mentoring_pm",
    "/api/v1/mentoring/offers?scope=ENGLAND": "mentoring_pm",
    "/plans/me/": "alice",
    "/api/v1/plans/me/actions": "alice",
}


def _programmes(w) -> None:
    """A programme for England with a cohort whose panel is its manager, and Alice's place."""
    w.pm = make_user("pm", role=Role.PROGRAMME_MANAGER)
    programme = make_programme()
    cohort = make_cohort(programme)
    cohort.panel.add(w.pm)
    w.cohort_id = cohort.pk
    w.programme_application_id = Application.objects.create(
        cohort=cohort, person=w.alice_person, statement="I lead",
        decision=Decision.SELECTED).pk
    w.session_id = Session.objects.create(cohort=cohort, title="Board simulation",
                                          held_on=dt.date(2027, 2, 1)).pk


def web_routes() -> dict[str, str]:
    """Every web URL pattern with a parameter, by its name."""
    found = {}

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("api/"):
                    continue
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
                found[namespace + pattern.name] = str(pattern.pattern)

    walk(get_resolver().url_patterns)
    return found


def api_routes() -> set[str]:
    """Every API GET operation with a path parameter."""
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    return {f"GET {path}" for path, operations in paths.items()
            if "{" in path and "get" in operations}


def test_every_page_and_operation_with_a_parameter_is_listed():
    listed = set(READS) | set(POST_ONLY) | set(NAMES_NO_ONE)
    routes = set(web_routes()) | api_routes()
    assert sorted(routes - listed) == [], "new pages or operations: audit them and list them"
    assert sorted(listed - routes) == [], "listed but gone: remove them from the lists"


@pytest.fixture
def w():
    ensure_reference_data()
    w = make_opportunity_world()
    w.grid = ReviewGrid.objects.get(code="nine_box")
    w.cells = {(c.column, c.row): c for c in GridCell.objects.filter(grid=w.grid)}
    w.readiness = {r.code: r for r in ReadinessLevel.objects.all()}
    w.mo = make_user("mo", first_name="Mo", last_name="Manager")
    w.mo_person = make_person(w.rj1, user=w.mo, given_name="Mo", family_name="Manager")
    w.alice_person.line_manager = w.mo_person
    w.alice_person.save()
    w.nina = make_person(w.rj1, given_name="Nina", family_name="Nolan")
    w.alice_id = w.alice_person.pk

    conversation = conversation_services.start_conversation(w.bob, w.alice_person,
                                                            record_values(w))
    w.conversation_id = conversation.pk
    today = timezone.localdate()
    assessment_round = assessment_services.open_round(w.bob, w.alice_person,
                                                      closes_on=today + dt.timedelta(days=14))
    w.round_id = assessment_round.pk
    tokens = []
    assessment_services.invite_raters(
        w.bob, assessment_round, [("a.peer@nhs.net", "peer"), ("friend@example.com", "other")],
        link_for=lambda token: tokens.append(token) or token)
    w.rater_token = tokens[0]

    review = make_review(w)
    w.review_id = review.pk
    w.review_placement_id = place(w, review, w.alice_person).pk
    pool = pool_services.create_pool(
        w.bob, name="Aspiring directors", purpose="Future directors", entry_criteria="8c",
        scope_level="organisation", organisation=w.rj1)
    w.membership_id = PoolMembership.objects.create(
        pool=pool, person=w.alice_person, joined_on="2026-01-01", review_on="2027-01-01").pk
    w.nina_id = w.nina.pk
    w.move_id = move_person(w.admin, w.nina, to_organisation=w.rx1,
                            effective_on=today + dt.timedelta(days=3)).pk
    w.nomination_id = pool_services.nominate(w.bob, pool, person_id=w.nina.pk,
                                             statement="Ready to grow").pk
    w.pool_id = pool.pk

    make_interest(w.opportunity, w.alice_person)
    w.opportunity_id = w.opportunity.pk
    run = opportunity_services.start_run(w.system_lead, scope=RunScope.SYSTEM, system=w.system)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    w.run_id = run.pk
    w.placement_id = opportunity_services.offer(w.system_lead, run.proposals.get()).pk
    feed = FeedImport.objects.create(organisation=w.rj1, source_filename="leaders.csv",
                                     status=FeedStatus.APPLIED, finished_at=timezone.now())
    FeedAbsence.objects.create(feed=feed, person=w.alice_person)  # on "Left or moved?"
    w.post_id = make_post(w.rj1, incumbent=w.nina).pk
    w.holding_id = PostHolding.unscoped.get(post_id=w.post_id).pk  # opened with the post
    w.support_lead = make_user("support.lead", role=Role.REGIONAL_LEAD, scope=w.region)
    make_successor(BoardPost.objects.get(pk=w.post_id), w.alice_person)
    _board(w)
    w.learning_entry_id = write_entry(w.alice_person).pk
    Share.objects.create(entry_id=w.learning_entry_id, person=w.mo_person,
                         route=ShareRoute.LINE_MANAGER)
    _mentoring(w)
    w.plan_action_id = plan_services.add_action(w.alice, w.alice_person, {
        "title": "Shadow the finance director", "due_on": today + dt.timedelta(days=30)}).pk
    _programmes(w)
    w.correction_id = corrections.request_correction(
        w.alice, area="job_title", requested_correction="Chief Operating Officer").pk
    return w


def _mentoring(w) -> None:
    """Nina mentors Alice; an England programme manager's run proposed the pair."""
    w.mentoring_pm = make_user("mentoring.pm", role=Role.PROGRAMME_MANAGER)
    w.mentoring_relationship_id = MentoringRelationship.objects.create(
        mentor=w.nina, mentee=w.alice_person, started_on=timezone.localdate()).pk
    run = MatchingRun.objects.create(scope_code="ENGLAND", scope_name="England", summary={
        "mentees": 1, "mentors": 1, "listed_pairs": 1, "excluded_pairs": 0,
        "stable": {"matched": 1, "total": 3.0}, "optimal": {"matched": 1, "total": 3.0},
        "pairs_that_differ": 0, "blocking_pairs_of_optimal": []})
    MatchingProposal.objects.create(
        run=run, method="stable", score=3,
        request=MentoringRequest.objects.create(person=w.alice_person, needs=[2]),
        offer=MentoringOffer.objects.create(person=w.nina, lcf_domains=[2]))
    w.mentoring_run_id = run.pk


def _board(w) -> None:
    """RJ1's chair, and its finance director, who leaves: her FPPT record and reference."""
    add_default_items(FpptItem)  # a transactional test's flush empties the migration's rows
    w.chris, _, _ = board_member(w.rj1, "chris", "Chris", "Chair", BoardPostKind.CHAIR)
    w.fay, fay_person, finance_post = board_member(w.rj1, "fay", "Fay", "Finance",
                                                   BoardPostKind.FINANCE)
    records = start_records(w)
    w.fppt_year, w.rj1_id = BOARD_YEAR, w.rj1.pk
    w.fppt_record_id = w.fay_record_id = records[fay_person.pk].pk
    w.fppt_check_id = FpptCheck.unscoped.filter(record_id=w.fppt_record_id).first().pk
    finance_post.incumbent = None  # she leaves: her reference is made
    finance_post.save()
    w.reference_id = BoardReference.unscoped.get(person=fay_person).pk


def _client(w, who) -> Client:
    client = Client()
    if who is not None:
        client.force_login(getattr(w, who))
    return client


def _path(w, route: str, parameters: dict) -> str:
    values = {k: getattr(w, v, v) for k, v in parameters.items()}
    if route.startswith("GET "):
        path = route.removeprefix("GET ")
        for name, value in values.items():
            path = path.replace(f"{{{name}}}", str(value))
        return path + QUERIES.get(route, "").format(**vars(w))
    return reverse(route, kwargs=values) + QUERIES.get(route, "").format(**vars(w))


def _api_client(w, who) -> Client:
    if who is None:
        return Client()
    _, key = ApiToken.issue(getattr(w, who), "walk")
    return Client(headers={"Authorization": f"Bearer {key}"})


def people_named(events) -> set[int]:
    named = set()
    for event in events:
        if event.target_type == "people.person" and event.target_id:
            named.add(int(event.target_id))
        if "person" in event.detail:
            named.add(int(event.detail["person"]))
        named.update(event.detail.get("people", []))
    return named


def _read_events(response):
    return list(AuditEvent.objects.filter(request_id=response["X-Request-ID"],
                                          action__in=READ_ACTIONS))


def test_every_read_of_a_named_person_is_audited(w):
    problems = []
    for route, (who, parameters) in READS.items():
        path = _path(w, route, parameters)
        client = _api_client(w, who) if route.startswith("GET ") else _client(w, who)
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"{route}: GET {path} answered {response.status_code}")
            continue
        events = _read_events(response)
        if not events:
            problems.append(f"{route}: GET {path} wrote no read event")
        elif not people_named(events):
            problems.append(f"{route}: GET {path} wrote events naming no one")
    assert problems == [], "\n".join(problems)


def test_pages_that_list_named_people_without_a_parameter_are_audited(w):
    problems = []
    for path, who in LISTS.items():
        path = path.format(post_id=w.post_id)
        client = _api_client(w, who) if path.startswith("/api/") else _client(w, who)
        response = client.get(path)
        named = people_named(_read_events(response))
        if response.status_code != 200 or not named:
            problems.append(f"{path}: {response.status_code}, named {sorted(named)}")
    assert problems == [], "\n".join(problems)


def test_post_only_routes_refuse_a_get(w):
    wrong = {}
    for route, (who, parameters) in POST_ONLY.items():
        status = _client(w, who).get(_path(w, route, parameters)).status_code
        if status != 405:
            wrong[route] = status
    assert wrong == {}


def test_the_audit_names_what_was_read(w):
    """Spot checks of the events' content: the placement, the interest list, the 360
    summary and the run's proposals name Alice."""
    checks = SimpleNamespace(
        placement=_client(w, "bob").get(f"/opportunities/placements/{w.placement_id}/"),
        interests=_api_client(w, "bob").get(f"/api/v1/opportunities/{w.opportunity_id}"
                                            "/interests"),
        summary=_api_client(w, "bob").get(f"/api/v1/talent/assessments/{w.round_id}/summary"),
        run=_client(w, "system_lead").get(f"/opportunities/runs/{w.run_id}/"),
    )
    for name, response in vars(checks).items():
        events = _read_events(response)
        assert w.alice_id in people_named(events), name
        assert all(e.actor.username in ("bob", "sam") for e in events), name
        assert all(e.actor_label == f"user {e.actor_id}" for e in events), name
    summary = _read_events(checks.summary)[0]
    assert (summary.target_type, summary.detail["what"]) == ("talent.assessmentround",
                                                             "360 summary")


def test_a_raters_link_is_audited_without_saying_whose(w):
    """The 360 promise: the trail says a link was opened for Alice's assessment, never by
    which invitation (nor which address)."""
    for path in (f"/talent/rate/{w.rater_token}/", f"/api/v1/talent/rater/{w.rater_token}"):
        response = Client().get(path)
        event = _read_events(response)[0]
        assert (event.actor_label, event.target_id) == ("anonymous", str(w.round_id))
        assert set(event.detail) == {"people", "people_count", "what"}
        assert "a.peer@nhs.net" not in str(event.detail) + event.target_label
