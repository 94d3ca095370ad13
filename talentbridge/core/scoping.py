"""Person-level tables are read through the access policy, by construction.

Every model that holds data about a named person declares two managers:

- ``objects`` (a `ScopedManager`) refuses to read on its own: ``Person.objects.filter(...)``
  raises `UnscopedAccess`. The way in is ``Model.objects.visible_to(grants_or_user)``: the rows
  about people that user may see, by the people policy (`talentbridge.people.policy`). Writing
  new rows (``create``, ``bulk_create``) needs no scope: the service decided first.
- ``unscoped`` reads every row. Only the modules listed in `UNSCOPED_MODULES` may use it, each
  for the reason given there; ``talentbridge/tests/test_architecture_scoping.py`` fails when any
  other module names it, or reads ``objects`` other than through ``visible_to``.

``unscoped`` is Django's default manager (it is declared first), so Django's own machinery
(related managers such as ``person.career_history``, uniqueness checks, forms' choices) keeps
working: it only ever starts from an object the caller already holds.
"""

from __future__ import annotations

from importlib import import_module

from django.db import models

#: Modules that may read person-level tables without a viewer, and why. Tests are exempt.
UNSCOPED_MODULES: dict[str, str] = {
    "talentbridge.people.profiles":
        "works out whose profile a user has and whom they manage, and which users are "
        "employed by an organisation (whose accounts its administrators administer): the "
        "input to the policies",
    "talentbridge.people.audit_names":
        "tells the audit trail which person ids no longer exist (erased): ids only; names come "
        "through Person.objects.visible_to(viewer)",
    "talentbridge.data_rights.erasure":
        "erases a person the erasure policy let an administrator erase, or whose retention "
        "period passed (a daily task, no viewer): it must find every row about them",
    "talentbridge.data_rights.retention":
        "finds the records whose retention period passed (a daily task, no viewer); only ids "
        "and counts leave it",
    "talentbridge.core.scoping":
        "defines visible_to, which starts from every row and filters by the policy",
    "talentbridge.people.services":
        "reads a person's protected characteristics only after the policy's "
        "require(VIEW_CHARACTERISTICS): themselves, or an administrator with a stated reason",
    "talentbridge.people.invitations":
        "reads only the basic profile (name, job, organisation, work e-mail, account) of the "
        "people the user administers (people.policy.administered_people_filter), to invite "
        "them; no talent data",
    "talentbridge.people.web_services":
        "counts leaders per organisation and band for the organisation pages; no person-level "
        "row leaves it",
    "talentbridge.people.moves":
        "records and applies moves between employers: the staff-record feed, mergers and the "
        "daily task move people no one is viewing; who may record a move is decided first by "
        "people.move_policy (the releasing or receiving organisation)",
    "talentbridge.talent.search.services":
        "narrows a search that starts from Person.objects.visible_to(user) by pool membership "
        "and grid cell (subqueries keyed to those people only)",
    "talentbridge.talent.reviews.services":
        "reads a review's placements after the review policy decided the user may view or run "
        "it; rows shown are filtered again to people the user may see",
    "talentbridge.talent.reviews.pool_services":
        "reads a pool's nominations and memberships after the pool policy decided (managers, "
        "and nominees for their own); rows shown are filtered to people the user may see",
    "talentbridge.talent.conversations.services":
        "reads and locks a conversation after the conversation policy decided on its person",
    "talentbridge.talent.conversations.assessment_services":
        "finds an invited rater's round by their single-use link (raters do not sign in), "
        "matches rater addresses to colleagues, and locks rounds after the policy decided",
    "talentbridge.opportunities.services":
        "reads a placement, interest or conflict after the opportunity policy decided: a host "
        "organisation's talent lead approves a placement of someone they may not otherwise see",
    "talentbridge.opportunities.matching":
        "a match run is a background task: it reads the people of the run, who were chosen "
        "through its runner's policy (Person.objects.visible_to(runner)) when it was built",
    "talentbridge.data_rights.corrections":
        "lists correction requests by the organisation they were sent to "
        "(data_rights.policy.corrections_filter and queue_filter decide), which stays theirs "
        "after the person moves, and locks one after the policy decided",
    "talentbridge.data_rights.waiting":
        "counts the open correction requests in the user's queue for their home "
        "(data_rights.policy.queue_filter decides); only the count leaves it",
    "talentbridge.notifications.delivery":
        "the e-mail task sends one notification, found by its id, after the change that made "
        "it committed; no one is viewing",
    "talentbridge.talent.reminders":
        "the daily reminders task finds reviews falling due (no one is viewing) and tells only "
        "the leader, their line manager and the pool's owner",
    "talentbridge.succession.figures":
        "counts every board post and succession plan in a scope (bench strength, supply "
        "against demand, slate make-up through the disclosure rules): counts leave it, "
        "never a row about a person",
    "talentbridge.succession.services":
        "counts each post's successors to say whether it is covered (a fact of the post, not "
        "a name), and checks a plan for duplicates and its one emergency cover, after the "
        "succession policy decided; successors shown come from Successor.objects.visible_to",
    "talentbridge.learning.services":
        "reads one learning log entry, or the shares made to the signed-in person, to ask the "
        "learning policy whether each share still holds (a current mentoring relationship, the "
        "author's line manager); the author's own entries come from Entry.objects.visible_to",
    "talentbridge.demo.learning": "builds the synthetic demo learning log entries and shares",
    "talentbridge.staff_record.apply":
        "applies an organisation's leaders' feed after the staff record policy decided (its "
        "administrator or an administrator): matches people by NHS identifier across employers",
    "talentbridge.staff_record.services":
        "reads the feed's \"Left or moved?\" list and records answers after the staff record "
        "policy decided (the organisation's administrator or an administrator)",
    "talentbridge.board.fppt":
        "reads FPPT records and checks after the board policy decided (the organisation's "
        "chair, people director and their delegates; the member for their attestation), and "
        "finds a member's latest LCF self-assessment round to link it to their record",
    "talentbridge.board.references":
        "reads Board Member References after the board policy decided (the holding "
        "organisation's board readers, or a requester it was supplied to), and finds the "
        "member a requester names by their NHS e-mail address",
    "talentbridge.board.reminders":
        "the daily reminders task finds FPPT records falling due (no one is viewing) and "
        "tells only the organisation's chair, people director, delegates and the member",
    "talentbridge.board.exports":
        "writes the rows of FPPT records that board.fppt read after the board policy decided",
    "talentbridge.mentoring.services":
        "counts a mentor's current relationships (capacity) and answers other apps' "
        "current_relationships(mentee_id) for a mentee the caller already decided on; "
        "checks a leader's own open requests for duplicates",
    "talentbridge.mentoring.conflicts":
        "reads the people, line managers, declared conflicts and current relationships of a "
        "matching the mentoring policy let a programme manager run; only the pairs in "
        "conflict leave it",
    "talentbridge.mentoring.matching":
        "marks the requests of a confirmed run matched after the mentoring policy decided",
    "talentbridge.mentoring.waiting":
        "counts the open requests of a programme manager's scope and the relationships "
        "waiting for a leader (mentoring.policy decides); only counts leave it",
    "talentbridge.demo.mentoring": "builds the synthetic demo mentoring",
    "talentbridge.plans.services":
        "reads a development plan, its actions and their updates after the plans policy "
        "decided on the plan's person (who may see their career conversations)",
    "talentbridge.demo.plans": "builds the synthetic demo development plans",
    "talentbridge.programmes.services":
        "reads a cohort's applications, scores, attendance and feedback after the programmes "
        "policy decided (the programme's managers, its panel, the applicant for their own): "
        "programme managers see applicants they may not otherwise see",
    "talentbridge.talent.reviews.funnels":
        "counts a pool's nominations and memberships, and a locked review's placements, by "
        "stage and group for the fairness funnel after the review policy decided; only "
        "disclosure-controlled aggregates leave it",
    "talentbridge.programmes.funnel":
        "counts a programme's applications by stage and group for the fairness funnel, after "
        "the programmes policy decided; only disclosure-controlled aggregates leave it",
    "talentbridge.demo.programmes": "builds the synthetic demo programmes, cohorts and outcomes",
    "talentbridge.demo.board": "builds the synthetic demo FPPT records and references",
    "talentbridge.support.services":
        "reads check-in dates and pressure, and taken-up offers, of the leaders whose early "
        "warnings the support policy let a regional or national lead read: no notes leave it",
    "talentbridge.support.compact":
        "counts pulse answers per commitment for the compact's figures (through the disclosure "
        "rules: never a person's answer), and finds the board leaders to tell a round is open",
    "talentbridge.demo.support": "builds the synthetic demo check-ins, offers and pulse answers",
    "talentbridge.demo.generator": "builds the synthetic demo NHS; no one is viewing",
    "talentbridge.tenure.models":
        "works out, when a holding is saved, whether it is the person's first chief executive "
        "post from their earlier holdings; nothing is shown",
    "talentbridge.tenure.holdings":
        "opens and closes holdings as a board post changes holder, after the succession "
        "service that changed it asked its policy (or a page or import did)",
    "talentbridge.tenure.services":
        "reads an organisation's holdings after the tenure policy decided (those who may see "
        "its succession plans), and gives other apps' services the chief executives in post "
        "(the caller's policy decides before anything is shown)",
    "talentbridge.tenure.figures":
        "counts holdings and their lengths in a scope (survival curves, turnover, chief "
        "executives per organisation) through the disclosure rules: only aggregates leave it",
    "talentbridge.demo.tenure": "builds the synthetic demo post holdings and oversight segments",
    "talentbridge.demo.users":
        "links the synthetic demo people to their demo sign-ins; no one is viewing",
    "talentbridge.demo.opportunities": "builds the synthetic demo opportunities",
    "talentbridge.demo.lifecycle":
        "builds the synthetic demo moves, feeds, corrections and notifications",
    "talentbridge.demo.talent_reviews": "builds the synthetic demo talent reviews and pools",
    "talentbridge.demo.succession":
        "builds the synthetic demo board posts, board members and succession plans",
    "talentbridge.demo.conversations":
        "builds the synthetic demo conversations and assessments",
    "talentbridge.talent.management.commands.talent_bench":
        "builds and removes its own synthetic benchmark people",
    "talentbridge.succession.management.commands.succession_bench":
        "builds and removes its own synthetic benchmark people and plans",
    "talentbridge.opportunities.management.commands.opportunities_bench":
        "builds and removes its own synthetic benchmark people",
}

#: Manager methods that do not read: writing new rows, or an empty queryset.
_NOT_READS = frozenset({"create", "bulk_create", "none"})


class UnscopedAccess(RuntimeError):
    """A person-level table was read without saying for whom."""


def _message(model) -> str:
    name = model.__name__
    return (f"{name}.objects reads rows about named people without a viewer. Use "
            f"{name}.objects.visible_to(request.user or grants) (the access policy), or, in a "
            f"module listed in talentbridge/core/scoping.py UNSCOPED_MODULES with its reason, "
            f"{name}.unscoped.")


class ScopedManager(models.Manager):
    """The ``objects`` of a person-level model: no reads except through ``visible_to``.

    ``person_path`` is the lookup from the model to its `Person` ("" for Person itself);
    ``rule`` names the function (in dotted form) that gives, for a user's grants, a filter on
    Person for the people whose rows they may read: the people policy's, unless the model's
    rows are narrower (protected characteristics: only the person's own)."""

    def __init__(self, person_path: str = "person",
                 rule: str = "talentbridge.people.policy.visible_people_filter"):
        super().__init__()
        self.person_path = person_path
        self.rule = rule

    def get_queryset(self):
        raise UnscopedAccess(_message(self.model))

    def _every_row(self):
        return super().get_queryset()

    def _rule(self):
        module, _, name = self.rule.rpartition(".")
        return getattr(import_module(module), name)

    def visible_to(self, who):
        """The rows about people ``who`` (a user or their grants) may see."""
        people_filter = self._rule()(who)
        if not self.person_path:
            return self._every_row().filter(people_filter)
        person_model = self.model
        for step in self.person_path.split("__"):
            person_model = person_model._meta.get_field(step).related_model
        people = person_model.unscoped.filter(people_filter).values("pk")
        return self._every_row().filter(**{f"{self.person_path}__in": people})

    def create(self, **kwargs):
        return self._every_row().create(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        return self._every_row().bulk_create(objs, *args, **kwargs)

    def none(self):
        return self._every_row().none()


def is_person_level(model) -> bool:
    """Is ``model``'s ``objects`` a `ScopedManager`?"""
    return isinstance(model._meta.managers_map.get("objects"), ScopedManager)
