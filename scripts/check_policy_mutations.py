"""Prove the access matrices guard every rule: loosen (or delete) one rule of an access policy
module at a time (every app's) and check that its matrix tests then fail.

    .venv/bin/python scripts/check_policy_mutations.py

The mutations are dealt out to a few pytest processes (MUTATION_WORKERS, 2 by default), each of
which tries its share in memory, one after another (`policy_mutations_plugin.py` says how).
Exit status 0 only if every mutation is caught ("killed"). `make test` runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from policy_mutations_plugin import PLAN
from policy_mutations_plugin import RESULT

ROOT = Path(__file__).resolve().parents[1]

PEOPLE = "talentbridge/people/policy.py"
GRANTS = "talentbridge/accounts/grants.py"
OPPORTUNITIES = "talentbridge/opportunities/policy.py"
TALENT = "talentbridge/talent/policy.py"
REVIEWS = "talentbridge/talent/reviews/policy.py"
CONVERSATIONS = "talentbridge/talent/conversations/policy.py"
INSIGHTS = "talentbridge/insights/policy.py"
STAFF_RECORD = "talentbridge/staff_record/policy.py"
SUCCESSION = "talentbridge/succession/policy.py"
MOVES = "talentbridge/people/move_policy.py"
ACCOUNTS = "talentbridge/accounts/policy.py"
DATA_RIGHTS = "talentbridge/data_rights/policy.py"
ERASURE = "talentbridge/data_rights/erasure_policy.py"
BOARD = "talentbridge/board/policy.py"
LEARNING = "talentbridge/learning/policy.py"
MENTORING = "talentbridge/mentoring/policy.py"
PLANS = "talentbridge/plans/policy.py"
TENURE = "talentbridge/tenure/policy.py"
SUPPORT = "talentbridge/support/policy.py"
PROGRAMMES = "talentbridge/programmes/policy.py"

PEOPLE_MATRIX = ["talentbridge/people/tests/test_access_matrix.py",
                 "talentbridge/people/tests/test_administered_people.py"]
MOVES_MATRIX = "talentbridge/people/tests/test_access_matrix_moves.py"
#: The access matrix that guards each policy module (the fastest that covers its rules).
MATRIX_TESTS = {
    PEOPLE: PEOPLE_MATRIX,
    GRANTS: [*PEOPLE_MATRIX, "talentbridge/accounts/tests/test_account_policy_matrix.py",
             "talentbridge/support/tests/test_support_access_matrix.py"],
    OPPORTUNITIES: ["talentbridge/opportunities/tests/test_access_matrix_opportunities.py",
                    MOVES_MATRIX],
    MOVES: ["talentbridge/people/tests/test_moves.py", MOVES_MATRIX,
            "talentbridge/staff_record/tests/test_mergers.py"],
    TALENT: ["talentbridge/talent/conversations/tests/test_conversations_access_matrix.py"],
    REVIEWS: ["talentbridge/talent/reviews/tests/test_reviews_access_matrix.py", MOVES_MATRIX],
    CONVERSATIONS: ["talentbridge/talent/conversations/tests/test_conversations_access_matrix.py"],
    INSIGHTS: ["talentbridge/insights/tests/test_access_matrix_insights.py"],
    STAFF_RECORD: ["talentbridge/staff_record/tests/test_access_matrix_staff_record.py"],
    SUCCESSION: ["talentbridge/succession/tests/test_succession_access_matrix.py"],
    ACCOUNTS: ["talentbridge/accounts/tests/test_account_policy_matrix.py"],
    DATA_RIGHTS: ["talentbridge/data_rights/tests/test_data_rights_access_matrix.py"],
    ERASURE: ["talentbridge/data_rights/tests/test_erasure_policy_matrix.py"],
    BOARD: ["talentbridge/board/tests/test_board_access_matrix.py"],
    LEARNING: ["talentbridge/learning/tests/test_learning_access_matrix.py"],
    MENTORING: ["talentbridge/mentoring/tests/test_mentoring_access_matrix.py"],
    PLANS: ["talentbridge/plans/tests/test_plans_access_matrix.py"],
    TENURE: ["talentbridge/tenure/tests/test_tenure_access_matrix.py"],
    SUPPORT: ["talentbridge/support/tests/test_support_access_matrix.py"],
    PROGRAMMES: ["talentbridge/programmes/tests/test_programmes_access_matrix.py"],
}

#: (policy module, rule, text in the module, replacement). Each replacement deletes or
#: loosens one rule.
MUTATIONS = [
    # ---- people: who sees and edits whose profile --------------------------------------
    (PEOPLE, "administrators see characteristics only with a reason",
     "(grants.is_administrator and bool(reason.strip()))", "grants.is_administrator"),
    (PEOPLE, "only the person sees their own characteristics",
     "return is_self or (grants.is_administrator", "return True or (grants.is_administrator"),
    (PEOPLE, "organisation leads edit only their own organisation's people",
     "or person.organisation_id in grants.lead_organisation_ids\n        )",
     "or person.organisation_id in system_organisation_ids(grants)\n        )"),
    (PEOPLE, "only the person changes their own choices (talent leads may not)",
     "    if action == Action.CHANGE_CHOICES:\n        return is_self\n",
     "    if action == Action.CHANGE_CHOICES:\n"
     "        return is_self or person.organisation_id in grants.lead_organisation_ids\n"),
    (PEOPLE, "only the person changes their own choices (administrators may not)",
     "    if action == Action.CHANGE_CHOICES:\n        return is_self\n",
     "    if action == Action.CHANGE_CHOICES:\n"
     "        return is_self or grants.is_administrator\n"),
    (PEOPLE, "an administrator resets visibility only with a reason",
     "return grants.is_administrator and bool(reason.strip())\n    if action == Action.EDIT",
     "return grants.is_administrator\n    if action == Action.EDIT"),
    (PEOPLE, "line managers may not edit",
     "            is_self\n            or grants.is_administrator\n",
     "            is_self\n            or grants.is_administrator\n"
     "            or _manages(grants, person)\n"),
    (PEOPLE, "system reach needs a 'system' or wider choice (decision)",
     "        and person.visibility in SYSTEM_OR_WIDER\n", "\n"),
    (PEOPLE, "system reach needs a 'system' or wider choice (queryset)",
     "Q(organisation_id__in=system_reach, visibility__in=SYSTEM_OR_WIDER)",
     "Q(organisation_id__in=system_reach)"),
    (PEOPLE, "national reach needs a 'national' choice (decision)",
     "if sees_national(grants) and person.visibility == Visibility.NATIONAL:",
     "if sees_national(grants):"),
    (PEOPLE, "national reach needs a 'national' choice (queryset)",
     "allowed |= Q(visibility=Visibility.NATIONAL)", "allowed |= Q()"),
    (PEOPLE, "only talent leads have national reach",
     "    if sees_national(grants):\n        allowed |=", "    if True:\n        allowed |="),
    (PEOPLE, "regional and national leads see national choices",
     "    return grants.is_talent_lead\n",
     "    return bool(grants.lead_organisation_ids or grants.lead_system_ids)\n"),
    (PEOPLE, "organisation leads see their own organisation",
     "allowed |= Q(organisation_id__in=grants.lead_organisation_ids)", "pass"),
    (PEOPLE, "line managers see their reports (queryset)",
     "allowed |= Q(line_manager_id=grants.person_id)", "pass"),
    (PEOPLE, "line managers see two levels, not three",
     "return person.line_manager_id in grants.direct_report_ids",
     "return person.line_manager_id in grants.managed_person_ids"),
    (PEOPLE, "administrators see everyone",
     "        return Q()\n    allowed", "        pass\n    allowed"),
    (PEOPLE, "system leads are confined to their own system",
     "ids.update(organisation_ids_in_system(system_id))",
     "ids.update(__import__('talentbridge.organisations.models', "
     "fromlist=['x']).Organisation.objects.values_list('pk', flat=True))"),
    (PEOPLE, "characteristics rows: only the person's own",
     "    return Q(user_id=grants.user_id)\n", "    return Q()\n"),
    (PEOPLE, "organisation administrators administer only their own organisation's people",
     "or person.organisation_id in grants.administered_organisation_ids)",
     "or bool(grants.administered_organisation_ids))"),
    (PEOPLE, "the administered people are those of the administered organisations (queryset)",
     "    return Q(organisation_id__in=grants.administered_organisation_ids)\n",
     "    return Q()\n"),
    # ---- grants: what a user holds ------------------------------------------------------
    (GRANTS, "inactive users have no access",
     "or not getattr(who, \"is_authenticated\", False) or not who.is_active",
     "or not getattr(who, \"is_authenticated\", False)"),
    (GRANTS, "ended role assignments grant nothing",
     "RoleAssignment.objects.current().filter(user_id=who.pk)",
     "RoleAssignment.objects.filter(user_id=who.pk)"),
    (GRANTS, "only the administrator role makes an administrator",
     "return self.holds(Role.ADMINISTRATOR)", "return bool(self.held)"),
    (GRANTS, "a talent lead leads only the organisations of their role",
     "{h.organisation_id for h in self.scopes_of(Role.ORGANISATION_TALENT_LEAD)}",
     "{h.organisation_id for h in self.held if h.organisation_id}"),
    (GRANTS, "an organisation administrator administers only the organisations of their role",
     "{h.organisation_id for h in self.scopes_of(Role.ORGANISATION_ADMINISTRATOR)}",
     "{h.organisation_id for h in self.held if h.organisation_id}"),
    (GRANTS, "a right held at some places holds only at those places",
     "return everywhere or (place_id is not None and place_id in place_ids)",
     "return everywhere or bool(place_ids)"),
    # ---- accounts: who gives which role, and administers whose account -----------------
    (ACCOUNTS, "a role is held only at its own scope levels",
     "    if scope.level not in ROLE_SCOPE_LEVELS.get(role, set()):\n        return False\n",
     ""),
    (ACCOUNTS, "nobody gives themselves a role",
     "if grants.user_id is None or target_user_id == grants.user_id:\n        return False\n"
     "    if scope.level",
     "if grants.user_id is None:\n        return False\n    if scope.level"),
    (ACCOUNTS, "an organisation administrator gives only organisation-level roles",
     "        and scope.level == ScopeLevel.ORGANISATION\n", ""),
    (ACCOUNTS, "an organisation administrator gives roles only at their own organisation",
     "        and scope.id in grants.administered_organisation_ids\n", ""),
    (ACCOUNTS, "an organisation administrator gives roles only to people employed there",
     "        and employer_id == scope.id\n", ""),
    (ACCOUNTS, "an organisation administrator administers only their own people's accounts",
     "everywhere_or_at(grants.is_administrator, employer_id,",
     "everywhere_or_at(grants.is_administrator or bool(grants.administered_organisation_ids), "
     "employer_id,"),
    (ACCOUNTS, "an administrator administers every account",
     "everywhere_or_at(grants.is_administrator, employer_id,",
     "everywhere_or_at(False, employer_id,"),
    (ACCOUNTS, "nobody deactivates themselves",
     "    if grants.user_id is None or target_user_id == grants.user_id:\n        return False\n"
     "    if not may_administer_user",
     "    if grants.user_id is None:\n        return False\n    if not may_administer_user"),
    (ACCOUNTS, "nobody deactivates someone holding a role beyond their scope",
     "    return all(may_grant(grants, h.role, Scope.of(h), employer_id, target_user_id)\n"
     "               for h in target_held)\n", "    return True\n"),
    (ACCOUNTS, "only administrators and organisation administrators use the account pages",
     "    return grants.is_administrator or bool(grants.administered_organisation_ids)\n",
     "    return grants.user_id is not None\n"),
    # ---- opportunities ------------------------------------------------------------------
    (OPPORTUNITIES, "posting: a system lead only for hosts in their system",
     "return system_id in g.lead_system_ids or region_id in g.lead_region_ids\n\n\n"
     "def host_organisation_ids",
     "return bool(g.lead_system_ids) or region_id in g.lead_region_ids\n\n\n"
     "def host_organisation_ids"),
    (OPPORTUNITIES, "the host picker offers only organisations the lead may post for",
     "    if g.is_administrator or g.is_national_lead:\n        return None\n    ids = set(",
     "    if g.is_administrator or g.is_national_lead or g.is_talent_lead:\n        return None\n"
     "    ids = set("),
    (OPPORTUNITIES, "publishing needs a second pair of eyes",
     "if g.user_id is None or opportunity.posted_by_id == g.user_id:",
     "if g.user_id is None:"),
    (OPPORTUNITIES, "drafts are seen only by those who may post or publish them",
     "    if opportunity.status in (OpportunityStatus.DRAFT, OpportunityStatus.SUBMITTED):\n",
     "    if False:\n"),
    (OPPORTUNITIES, "a leader sees only opportunities within reach of their employer",
     "    return reach_includes(opportunity, g.person_organisation_id)\n",
     "    return True\n"),
    (OPPORTUNITIES, "nobody is offered an opportunity at their own employer",
     "    if person.organisation_id == opportunity.host_id:\n", "    if False:\n"),
    (OPPORTUNITIES, "bands outside the range are not eligible",
     "    if not band_in_range(opportunity, person.pay_band):\n", "    if False:\n"),
    (OPPORTUNITIES, "only talent leads and administrators nominate",
     "return ((g.is_talent_lead or g.is_administrator) and can_view(user, opportunity)",
     "return (True and can_view(user, opportunity)"),
    (OPPORTUNITIES, "a regional lead runs matches only in their region",
     "return getattr(region, \"pk\", region) in g.lead_region_ids",
     "return bool(g.lead_region_ids)"),
    (OPPORTUNITIES, "the list of match runs shows a system's runs only to its leads",
     "Q(scope=RunScope.SYSTEM, system_id__in=g.lead_system_ids)", "Q(scope=RunScope.SYSTEM)"),
    (OPPORTUNITIES, "home approval is the home organisation's lead",
     "g.is_administrator or _leads_side(g, placement, placement.home_organisation_id))",
     "g.is_administrator or bool(g.lead_organisation_ids))"),
    (OPPORTUNITIES, "host approval is the host organisation's lead",
     "g.is_administrator or _leads_side(g, placement, placement.opportunity.host_id))",
     "g.is_administrator or bool(g.lead_organisation_ids))"),
    (OPPORTUNITIES, "a placement is seen only by those it concerns",
     "            or placement.offered_by_id == g.user_id):\n",
     "            or True):\n"),
    (OPPORTUNITIES, "after a move the former home or host sees a placement only as the "
     "person's visibility choice allows",
     "            or can_person(g, Action.VIEW_PROFILE, placement.person))",
     "            or True)"),
    # ---- moves between employers and mergers --------------------------------------------
    (MOVES, "a move is recorded only by the releasing or receiving organisation",
     "return bool(move_organisation_ids(grants) & {from_organisation_id, to_organisation_id})",
     "return bool(move_organisation_ids(grants))"),
    (MOVES, "only administrators record a merger",
     "return grants.user_id is not None and grants.is_administrator",
     "return grants.user_id is not None"),
    (MOVES, "a pending move is seen by who sees the person or may record it",
     "return sees_person or may_record_move(who, from_organisation_id, to_organisation_id)",
     "return True"),
    (MOVES, "the former organisation's rules stop at the move",
     "    return person.moves.filter(from_organisation_id=organisation_id,\n"
     "                               applied_at__isnull=False).exists()\n",
     "    return False\n"),
    # ---- talent records -----------------------------------------------------------------
    (TALENT, "a line manager is the direct line manager only",
     "person.line_manager_id == grants.person_id",
     "person.line_manager_id is not None"),
    (TALENT, "talent records follow the people policy",
     "    return can(user, Action.VIEW_PROFILE, person)\n", "    return True\n"),
    # ---- career conversations and assessments -------------------------------------------
    (CONVERSATIONS, "private notes: only the person and who held it",
     "return is_self(user, conversation.person) or conversation.held_by_id == user_id",
     "return True"),
    (CONVERSATIONS, "the person does not hold their own conversation",
     "if grants_for(user).user_id is None or is_self(user, person):",
     "if grants_for(user).user_id is None:"),
    (CONVERSATIONS, "a talent lead holds conversations only at their own organisation",
     "    return _leads_employer(user, person) and can(user, Action.EDIT_PROFILE, person)\n",
     "    return can(user, Action.VIEW_PROFILE, person)\n"),
    (CONVERSATIONS, "the reflection is the person's own",
     "return grants_for(user).user_id is not None and is_self(user, conversation.person)",
     "return grants_for(user).user_id is not None"),
    (CONVERSATIONS, "the self-assessment is the person's own",
     "return grants_for(user).user_id is not None and is_self(user, assessment_round.person)",
     "return grants_for(user).user_id is not None"),
    (CONVERSATIONS, "leaders without reports do not search talent",
     "    return bool(grants.direct_report_ids)\n", "    return True\n"),
    (CONVERSATIONS, "only administrators edit readiness levels",
     "    return grants_for(user).is_administrator\n", "    return True\n"),
    # ---- talent reviews and pools -------------------------------------------------------
    (REVIEWS, "an organisation review is run by that organisation's lead",
     "return organisation_id is not None and organisation_id in roles.lead_organisation_ids",
     "return organisation_id is not None and bool(roles.lead_organisation_ids)"),
    (REVIEWS, "a system review is run by that system's lead",
     "return system_id is not None and system_id in roles.lead_system_ids",
     "return system_id is not None and bool(roles.lead_system_ids)"),
    (REVIEWS, "only people one may see are placed",
     "    if not Person.objects.visible_to(user).filter(pk=person.pk).exists():\n"
     "        return False\n", ""),
    (REVIEWS, "pools are managed within the manager's scope",
     "        or (org is not None and org in roles.lead_organisation_ids)\n    )",
     "        or bool(roles.lead_organisation_ids)\n    )"),
    (REVIEWS, "analysts see composition only within their scope",
     "return bool(roles.analyst_scopes) and _analyst_covers(roles, *_pool_place(pool))",
     "return bool(roles.analyst_scopes)"),
    (REVIEWS, "a nominator keeps their nomination only while they may see the person (move)",
     "        nomination.nominated_by_id == user_id\n"
     "        and can_see_talent_record(user, nomination.person))",
     "        nomination.nominated_by_id == user_id)"),
    (REVIEWS, "a closed pool takes nominations only from its managers",
     "    if managers_only and not manages_pool(user, pool):\n        return None\n", ""),
    # ---- insights -----------------------------------------------------------------------
    (INSIGHTS, "figures only within the viewer's scope",
     "    return placement.system_id in system_ids or placement.region_id in region_ids\n",
     "    return True\n"),
    (INSIGHTS, "a system scope is seen by its own leads",
     "return scope.pk in system_ids or _system_region(scope.pk) in region_ids",
     "return bool(system_ids) or _system_region(scope.pk) in region_ids"),
    (INSIGHTS, "programme managers see no figures",
     "        if a.role not in VIEWING_ROLES:\n            continue\n", ""),
    (INSIGHTS, "only administrators and analysts import",
     "        importing = a.role in IMPORTING_ROLES\n", "        importing = True\n"),
    (INSIGHTS, "England-wide figures need an England-wide role",
     "    if scope.level == scopes.ENGLAND:\n        return False\n",
     "    if scope.level == scopes.ENGLAND:\n        return bool(region_ids)\n"),
    # ---- staff record: leaders' feeds -----------------------------------------------------
    (STAFF_RECORD, "an organisation administrator manages only their own organisations",
     "return grants.is_administrator or organisation_id in grants.administered_organisation_ids",
     "return grants.is_administrator or bool(grants.administered_organisation_ids)"),
    (STAFF_RECORD, "only administrators manage every organisation",
     "return grants.is_administrator or organisation_id in grants.administered_organisation_ids",
     "return True"),
    (STAFF_RECORD, "organisation talent leads do not manage the staff record",
     "return grants.is_administrator or organisation_id in grants.administered_organisation_ids",
     "return grants.is_administrator or organisation_id in "
     "(grants.administered_organisation_ids | grants.lead_organisation_ids)"),
    (STAFF_RECORD, "only administrators are offered every organisation",
     "    if grants.is_administrator:\n        return None\n",
     "    if grants.is_administrator or grants.is_talent_lead:\n        return None\n"),
    (STAFF_RECORD, "the navigation offers the staff record only to those who manage one",
     "    return grants.signed_in and (grants.is_administrator\n",
     "    return grants.signed_in or (grants.is_administrator\n"),
    # ---- data rights --------------------------------------------------------------------
    (DATA_RIGHTS, "one's own record is one's own person, not anyone's",
     "and grants.person_id == person_id", ""),
    (DATA_RIGHTS, "the copy of a person's data is theirs alone",
     "return grants.user_id is not None and is_own(grants, person_id)\n\n\n"
     "def can_see_viewers", "return grants.user_id is not None\n\n\ndef can_see_viewers"),
    (DATA_RIGHTS, "who looked at a record is the person's alone",
     "return grants.user_id is not None and is_own(grants, person_id)\n\n\n"
     "def can_request_correction",
     "return grants.user_id is not None\n\n\ndef can_request_correction"),
    (DATA_RIGHTS, "a correction is asked for by the person only",
     "return grants.user_id is not None and is_own(grants, person_id)\n\n\n"
     "def can_handle_correction",
     "return grants.user_id is not None\n\n\ndef can_handle_correction"),
    (DATA_RIGHTS, "nobody deals with their own correction request",
     "if grants.user_id is None or is_own(grants, person_id):", "if grants.user_id is None:"),
    (DATA_RIGHTS, "organisation administrators deal with their organisations' requests only",
     "return organisation_id is not None and organisation_id in "
     "grants.administered_organisation_ids",
     "return bool(grants.administered_organisation_ids)"),
    (DATA_RIGHTS, "only administrators deal with every request",
     "    if grants.is_administrator:\n        return True\n",
     "    if grants.is_talent_lead or grants.is_administrator:\n        return True\n"),
    (DATA_RIGHTS, "organisation administrators list their organisations' requests only",
     "    allowed = Q(organisation_id__in=grants.administered_organisation_ids)\n",
     "    allowed = Q()\n"),
    (DATA_RIGHTS, "the queue leaves out one's own request",
     "return allowed & ~Q(person_id=grants.person_id)", "return allowed"),
    (DATA_RIGHTS, "the queue is for organisation administrators and administrators",
     "grants.is_administrator or bool(grants.administered_organisation_ids))",
     "grants.is_administrator or grants.person_id is not None)"),
    # ---- succession plans ------------------------------------------------------------------
    (SUCCESSION, "succession: a plan is owned only by its own organisation's talent leads",
     "grants.is_administrator or post.organisation_id in grants.lead_organisation_ids",
     "grants.is_administrator or bool(grants.lead_organisation_ids)"),
    (SUCCESSION, "succession: administrators own every plan",
     "return grants.is_administrator or post.organisation_id",
     "return post.organisation_id"),
    (SUCCESSION, "succession: system talent leads read only their own system's plans",
     "(system_id is not None and system_id in grants.lead_system_ids)",
     "(bool(grants.lead_system_ids))"),
    (SUCCESSION, "succession: regional talent leads read only their own region's plans",
     "(region_id is not None and region_id in grants.lead_region_ids)",
     "(bool(grants.lead_region_ids))"),
    (SUCCESSION, "succession: national talent leads read every plan",
     "    if grants.is_national_lead:\n        return True\n", ""),
    (SUCCESSION, "succession: notes are for the plan's owners only",
     "def can_see_notes(user, post) -> bool:\n    return owns_plan(user, post)",
     "def can_see_notes(user, post) -> bool:\n    return can_view_plan(user, post)"),
    (SUCCESSION, "succession: only owners set a post's risk by hand",
     "def can_override_risk(user, post) -> bool:\n    return owns_plan(user, post)",
     "def can_override_risk(user, post) -> bool:\n    return can_view_plan(user, post)"),
    (SUCCESSION, "succession: board posts only for talent leads and administrators",
     "(grants.is_administrator or grants.is_talent_lead)", "True"),
    (SUCCESSION, "succession: bench strength only for talent leads, analysts, administrators",
     "grants.is_administrator or grants.is_talent_lead or bool(grants.analyst_scopes))",
     "True)"),
    (SUCCESSION, "succession: a candidate from the system must have chosen system or wider",
     "            and person.visibility in SYSTEM_OR_WIDER)", "            )"),
    (SUCCESSION, "succession: system reach is the post's own system",
     "person_system_id == post_system_id", "person_system_id is not None"),
    (SUCCESSION, "succession: reach beyond the system needs a national choice",
     "if person.visibility == Visibility.NATIONAL:",
     "if person.visibility != Visibility.ORGANISATION:"),
    # ---- learning log ----------------------------------------------------------------------
    (LEARNING, "learning: only the author's own entries are rows anyone reads",
     "    return Q(user_id=grants.user_id)\n\n\ndef is_author",
     "    return Q()\n\n\ndef is_author"),
    (LEARNING, "learning: the author is the entry's own person",
     "        entry.person_id == grants.person_id)", "        True)"),
    (LEARNING, "learning: only the author changes, shares or deletes an entry",
     "    return is_author(user, entry)\n\n\ndef share_holds",
     "    return can_read(user, entry)\n\n\ndef share_holds"),
    (LEARNING, "learning: a share to the line manager holds only while they manage the author",
     "        return author.line_manager_id == share.person_id", "        return True"),
    (LEARNING, "learning: a share to a mentor holds only while the relationship runs",
     "        return current_relationships(author.pk, on).filter(mentor_id=share.person_id)"
     ".exists()",
     "        return True"),
    (LEARNING, "learning: a share to a mentor holds only while the relationship runs (lists)",
     "            return (author.pk, share.person_id) in running", "            return True"),
    (LEARNING, "learning: a share gives access only to the person it names",
     "            if s.person_id == grants.person_id]", "            if True]"),
    (LEARNING, "learning: the author shares with their own line manager only",
     "        return True if author.line_manager_id == reader.pk else None",
     "        return True"),
    (LEARNING, "learning: the author shares with a current mentor or coach only",
     "            mentor_id=reader.pk).first()", "            ).first()"),
    (LEARNING, "learning: only leaders keep a log and publish lessons",
     "    return grants.user_id is not None and grants.person_id is not None\n\n\ndef "
     "can_read_lessons",
     "    return grants.user_id is not None\n\n\ndef can_read_lessons"),
    (LEARNING, "learning: lessons are for leaders and administrators",
     "    return grants.user_id is not None and (grants.person_id is not None\n"
     "                                           or grants.is_administrator)",
     "    return grants.user_id is not None"),
    (LEARNING, "learning: only administrators remove lessons",
     "    return grants.user_id is not None and grants.is_administrator",
     "    return grants.user_id is not None"),
    # ---- tenure: holdings, exits and figures -------------------------------------------------
    (TENURE, "tenure: holdings are read by the organisation's own talent leads, not others'",
     "    if organisation_id in grants.lead_organisation_ids:\n        return True\n",
     "    if grants.lead_organisation_ids:\n        return True\n"),
    (TENURE, "tenure: system talent leads read only their own system's holdings",
     "bool((system_id is not None and system_id in grants.lead_system_ids)",
     "bool((bool(grants.lead_system_ids))"),
    (TENURE, "tenure: regional talent leads read only their own region's holdings",
     "or (region_id is not None and region_id in grants.lead_region_ids))\n",
     "or (bool(grants.lead_region_ids)))\n"),
    (TENURE, "tenure: analysts never read named holdings",
     "    if grants.is_administrator or grants.is_national_lead:\n        return True\n"
     "    if organisation_id",
     "    if grants.is_administrator or grants.is_national_lead or grants.analyst_scopes:\n"
     "        return True\n    if organisation_id"),
    (TENURE, "tenure: exits are recorded only by the organisation's own talent leads",
     "return grants.is_administrator or organisation_id in grants.lead_organisation_ids",
     "return grants.is_administrator or grants.is_talent_lead"),
    (TENURE, "tenure: administrators record exits",
     "return grants.is_administrator or organisation_id in grants.lead_organisation_ids",
     "return organisation_id in grants.lead_organisation_ids"),
    (TENURE, "tenure: figures only for talent leads, analysts and administrators",
     "grants.is_administrator or grants.is_talent_lead or bool(grants.analyst_scopes))",
     "True)"),
    (TENURE, "tenure: national figures only for national scope",
     "    if scope.national:\n        return False\n",
     "    if scope.national:\n        return grants.is_talent_lead\n"),
    (TENURE, "tenure: only national analysts see every scope",
     '("england", None) in \\\n            grants.analyst_scopes',
     "bool(grants.analyst_scopes)"),
    (TENURE, "tenure: regional figures for that region's leads only",
     "(region_id in grants.lead_region_ids\n", "(bool(grants.lead_region_ids)\n"),
    (TENURE, "tenure: regional figures for that region's analysts only",
     '("region", region_id) in analyst))',
     'any(level == "region" for level, _ in analyst)))'),
    (TENURE, "tenure: system figures for that system's leads only",
     "(system_id in grants.lead_system_ids\n", "(bool(grants.lead_system_ids)\n"),
    (TENURE, "tenure: system figures for that system's analysts only",
     '("system", system_id) in analyst))',
     'any(level == "system" for level, _ in analyst)))'),
    (TENURE, "tenure: an organisation's figures for its own leads only",
     "(organisation_id in grants.lead_organisation_ids\n",
     "(bool(grants.lead_organisation_ids)\n"),
    (TENURE, "tenure: an organisation's figures for its own analysts only",
     '("organisation", organisation_id) in analyst))',
     'any(level == "organisation" for level, _ in analyst)))'),
    (TENURE, "tenure: only administrators import segments",
     "return grants.user_id is not None and grants.is_administrator\n",
     "return grants.user_id is not None and (grants.is_administrator or grants.is_talent_lead)\n"),
    # ---- erasure on request ----------------------------------------------------------------
    (ERASURE, "only administrators erase",
     "    if not grants.is_administrator:\n        return False\n",
     "    if not grants.signed_in:\n        return False\n"),
    (ERASURE, "no one erases their own record",
     "    return not is_self\n", "    return True\n"),
    (ERASURE, "no one erases a record linked to their own account",
     "               or (person.user_id is not None and person.user_id == grants.user_id))",
     "               or False)"),
    # ---- board: FPPT records and Board Member References -----------------------------------
    (BOARD, "delegates read their organisation's records",
     "return self.leads | self.delegate_for", "return self.leads"),
    (BOARD, "only the chair and people director lead (not the senior independent director)",
     "return self.chair_of | self.people_director_of\n",
     "return self.chair_of | self.people_director_of | self.senior_independent_director_of\n"),
    (BOARD, "board readers read only their own organisation's records",
     "return grants.signed_in and organisation_id in standing.reads\n",
     "return grants.signed_in and bool(standing.reads)\n"),
    (BOARD, "talent leads do not read board records",
     "return grants.signed_in and organisation_id in standing.reads\n",
     "return grants.signed_in and (organisation_id in standing.reads or "
     "grants.is_talent_lead)\n"),
    (BOARD, "the senior independent director reads only the chair's record",
     "        grants.signed_in and member_is_chair\n", "        grants.signed_in\n"),
    (BOARD, "nobody keeps their own record",
     "return can_read(grants, standing, organisation_id) and not _own(grants, person_id)",
     "return can_read(grants, standing, organisation_id)"),
    (BOARD, "a member attests only for themself",
     "    return grants.signed_in and _own(grants, person_id)\n",
     "    return grants.signed_in\n"),
    (BOARD, "nobody signs off their own record",
     "    if not grants.signed_in or _own(grants, person_id):\n        return False\n"
     "    if member_is_chair:",
     "    if not grants.signed_in:\n        return False\n    if member_is_chair:"),
    (BOARD, "the chair's own record is signed off by the senior independent director",
     "        return organisation_id in standing.senior_independent_director_of\n",
     "        return organisation_id in standing.chair_of\n"),
    (BOARD, "only the chair signs off a member's record",
     "    return organisation_id in standing.chair_of\n",
     "    return organisation_id in standing.leads\n"),
    (BOARD, "only the chair and people director name delegates",
     "return grants.signed_in and organisation_id in standing.leads\n",
     "return grants.signed_in and organisation_id in standing.reads\n"),
    (BOARD, "regional talent leads see submissions of their region only",
     "region_id is not None and region_id in grants.lead_region_ids)",
     "bool(grants.lead_region_ids))"),
    (BOARD, "a reference is requested from another organisation than the holder",
     "return frozenset(o for o in standing.leads if o != holding_organisation_id)",
     "return frozenset(standing.leads)"),
    (BOARD, "delegates do not request references",
     "    return grants.signed_in and bool(standing.leads)\n",
     "    return grants.signed_in and bool(standing.reads)\n"),
    (BOARD, "only administrators configure the checklist",
     "return grants_for(who).is_administrator", "return grants_for(who).signed_in"),
    (BOARD, "a requester reads a reference only once supplied",
     "return grants.signed_in and supplied and requested_by_id == grants.user_id",
     "return grants.signed_in and requested_by_id == grants.user_id"),
    (BOARD, "a requester reads only the references they requested",
     "return grants.signed_in and supplied and requested_by_id == grants.user_id",
     "return grants.signed_in and supplied"),
    (BOARD, "the records filter is the board readers' organisations",
     "    return Q(organisation_id__in=sorted(standing.reads))\n",
     "    return Q(organisation_id__in=sorted(standing.reads | "
     "standing.senior_independent_director_of))\n"),
    (BOARD, "the chair's records filter is the senior independent director's organisations",
     "    return Q(organisation_id__in=sorted(standing.senior_independent_director_of),\n",
     "    return Q(organisation_id__in=sorted(standing.reads),\n"),
    (BOARD, "own records are the member's alone",
     "    return Q(person_id=grants.person_id)\n", "    return Q()\n"),
    (BOARD, "a signed-out user has no standing",
     "    return grants.signed_in and organisation_id in standing.reads\n",
     "    return organisation_id in standing.reads\n"),
    # ---- mentoring and coaching ---------------------------------------------------------
    (MENTORING, "mentoring: programme managers see only their own scope",
     'found |= Q(**{f"{path}__organisation_id__in": ids})', "found |= ~NOTHING"),
    (MENTORING, "mentoring: the scope rule is for programme managers only",
     "    if not is_programme_manager(grants):\n        return NOTHING\n    ids",
     "    if not is_programme_manager(grants):\n        return ~NOTHING\n    ids"),
    (MENTORING, "mentoring: a region's programme manager covers only that region",
     "ids.update(organisation_ids_in_region(held.region_id))", "return None"),
    (MENTORING, "mentoring: a system's programme manager covers only that system",
     "ids.update(organisation_ids_in_system(held.system_id))", "return None"),
    (MENTORING, "mentoring: a leader sees their own offer",
     'return _own(grants, "person") | _managed(grants, "person")\n\n\ndef request_rows',
     'return _managed(grants, "person")\n\n\ndef request_rows'),
    (MENTORING, "mentoring: requests only for their owner and programme managers in scope",
     'return _own(grants, "person") | _managed(grants, "person")\n\n\ndef conflict_rows',
     'return ~NOTHING\n\n\ndef conflict_rows'),
    (MENTORING, "mentoring: declared conflicts only for who declared them",
     'return _own(grants, "person") if grants.signed_in else NOTHING',
     'return (_own(grants, "person") | _managed(grants, "person")) if grants.signed_in '
     'else NOTHING'),
    (MENTORING, "mentoring: proposals only for programme managers",
     'return _managed(grants, "request__person", "offer__person")',
     'return _managed(grants, "request__person", "offer__person") | _own(grants, '
     '"request__person")'),
    (MENTORING, "mentoring: relationships only for the pair (beyond programme managers)",
     "        return NOTHING\n    return (Q(", "        return NOTHING\n    return ~NOTHING | (Q("),
    (MENTORING, "mentoring: goals only for the pair",
     'return _pair(grants, "relationship__") if grants.signed_in else NOTHING',
     'return (_pair(grants, "relationship__") | _managed(grants, "relationship__mentee")) '
     'if grants.signed_in else NOTHING'),
    (MENTORING, "mentoring: meeting notes only for the pair",
     "def can_see_notes(who, relationship) -> bool:\n"
     '    """Rule 2: meeting notes and end reviews\' comments are for the pair only."""\n'
     "    return is_pair(who, relationship)",
     "def can_see_notes(who, relationship) -> bool:\n"
     "    return is_pair(who, relationship) or is_programme_manager(who)"),
    (MENTORING, "mentoring: only the pair record goals, meetings and reviews",
     "def can_record(who, relationship) -> bool:\n"
     '    """Rule 2: goals, meetings, end reviews and ending are for the pair only."""\n'
     "    return is_pair(who, relationship)",
     "def can_record(who, relationship) -> bool:\n"
     "    return is_pair(who, relationship) or is_programme_manager(who)"),
    (MENTORING, "mentoring: a programme manager matches only within their scope",
     "set(organisation_ids) <= managed", "bool(managed)"),
    (MENTORING, "mentoring: only England's programme managers match all of England",
     "return organisation_ids is not None and set(", "return organisation_ids is None or set("),
    (MENTORING, "mentoring: only leaders and programme managers use mentoring",
     "(grants.person_id is not None or is_programme_manager(grants))", "True"),
    # ---- development plans -----------------------------------------------------------------
    (PLANS, "plans: a plan is seen only by whoever sees the person's conversations",
     "    return conversation_policy.can_view_conversations(user, person)\n",
     "    return True\n"),
    (PLANS, "plans: adding an action needs the person or who holds their conversations",
     "return is_self(user, person) or conversation_policy.can_hold_conversation(user, person)\n",
     "return is_self(user, person) or conversation_policy.can_view_conversations(user, "
     "person)\n"),
    (PLANS, "plans: the person adds actions to their own plan",
     "return is_self(user, person) or conversation_policy.can_hold_conversation(user, person)\n",
     "return conversation_policy.can_hold_conversation(user, person)\n"),
    (PLANS, "plans: changing an action needs the person or who holds their conversations",
     "            or conversation_policy.can_hold_conversation(user, person))",
     "            or conversation_policy.can_view_conversations(user, person))"),
    (PLANS, "plans: the person changes their own actions",
     "    return (is_self(user, person)\n", "    return (False\n"),
    # ---- support for chief executives and the compact ---------------------------------------
    (SUPPORT, "support: a regional lead is one of the leader's own region",
     "return region_id is not None and region_id in grants.lead_region_ids\n\n\ndef is_self",
     "return bool(grants.lead_region_ids)\n\n\ndef is_self"),
    (SUPPORT, "support: the leader sees their own check-ins",
     "return grants.user_id is not None and grants.person_id == person.pk",
     "return False"),
    (SUPPORT, "support: only the leader and their regional lead read check-ins",
     "return is_self(user, person) or is_regional_lead_of(user, person)\n\n\ndef can_record",
     "return True\n\n\ndef can_record"),
    (SUPPORT, "support: only the regional lead records check-ins and offers",
     "    return is_regional_lead_of(user, person)\n\n\ndef can_answer_offer",
     "    return can_view_support(user, person)\n\n\ndef can_answer_offer"),
    (SUPPORT, "support: only the leader or their regional lead answers an offer",
     "return is_self(user, offer.leader) or is_regional_lead_of(user, offer.leader)",
     "return True"),
    (SUPPORT, "support: check-in rows only of the regions a lead leads",
     "    if organisations:\n        people |= Q(organisation_id__in=organisations)",
     "    if grants.lead_region_ids:\n        people |= Q(organisation_id__isnull=False)"),
    (SUPPORT, "support: check-in rows include the leader's own",
     "people = Q(pk=grants.person_id) if grants.person_id else Q(pk__in=[])",
     "people = Q(pk__in=[])"),
    (SUPPORT, "support: pulse answers are the leader's own only",
     "    return Q(pk=grants.person_id)\n", "    return Q()\n"),
    (SUPPORT, "support: national leads read every region's warnings",
     "    if grants.is_national_lead:\n        return None\n", ""),
    (SUPPORT, "support: warnings only of the lead's own regions",
     "return set(grants.lead_region_ids)", "return None"),
    (SUPPORT, "support: regional leads manage only their own region's commitments",
     "everywhere_or_at(grants.is_national_lead, region_id,",
     "everywhere_or_at(grants.is_national_lead or bool(grants.lead_region_ids), region_id,"),
    (SUPPORT, "support: national leads manage every commitment",
     "everywhere_or_at(grants.is_national_lead, region_id,",
     "everywhere_or_at(False, region_id,"),
    (SUPPORT, "support: only national leads open a pulse",
     "return grants.user_id is not None and grants.is_national_lead\n",
     "return grants.user_id is not None and grants.is_talent_lead\n"),
    (SUPPORT, "support: only board leaders answer the pulse",
     "return grants.user_id is not None and is_board_leader(grants.person_id)",
     "return grants.user_id is not None and grants.person_id is not None"),
    (SUPPORT, "support: the compact's figures not for everyone signed in",
     "return bool(grants.is_talent_lead or grants.analyst_scopes or grants.is_administrator\n"
     "                or is_board_leader(grants.person_id))",
     "return True"),
    (SUPPORT, "support: a board leader is an incumbent of a board post",
     "return person_id is not None and BoardPost.objects.filter("
     "incumbent_id=person_id).exists()",
     "return person_id is not None"),
    # ---- development programmes ------------------------------------------------------------
    (PROGRAMMES, "programmes: a programme manager runs only programmes their scope holds",
     "    if level == \"region\":\n        return region is not None and scope_id == region",
     "    if level == \"region\":\n        return True"),
    (PROGRAMMES, "programmes: an organisation's programme manager only its own",
     "    return org is not None and scope_id == org", "    return True"),
    (PROGRAMMES, "programmes: a system's programme manager only its own system",
     "return system is not None and scope_id == system", "return True"),
    (PROGRAMMES, "programmes: administrators run every programme",
     "return grants.is_administrator or _role_holds(grants, Role.PROGRAMME_MANAGER, place)",
     "return _role_holds(grants, Role.PROGRAMME_MANAGER, place)"),
    (PROGRAMMES, "programmes: panel members see their cohort's applications",
     "or (on_panel(user, cohort) and not is_applicant(user, application)))",
     ")"),
    (PROGRAMMES, "programmes: only the panel scores",
     "and on_panel(user, cohort) and not is_applicant(user, application))",
     "and not is_applicant(user, application))"),
    (PROGRAMMES, "programmes: a panel member never scores their own application",
     "and on_panel(user, cohort) and not is_applicant(user, application))",
     "and on_panel(user, cohort))"),
    (PROGRAMMES, "programmes: scoring only while selecting",
     "return (cohort.status in (CohortStatus.OPEN, CohortStatus.SELECTION)\n",
     "return (True\n"),
    (PROGRAMMES, "programmes: only managers see every panel score",
     "def can_see_all_scores(user, programme) -> bool:\n"
     "    \"\"\"Rule 1: each panel member's scores; the applicant sees none (rule 3).\"\"\"\n"
     "    return manages(user, programme)",
     "def can_see_all_scores(user, programme) -> bool:\n    return True"),
    (PROGRAMMES, "programmes: applications only to open cohorts",
     "return (grants.person_id is not None and cohort.status == CohortStatus.OPEN",
     "return (grants.person_id is not None"),
    (PROGRAMMES, "programmes: applicants only from the programme's scope",
     "            and in_scope(cohort.programme, grants.person_organisation_id,\n"
     "                         placements=placements))", "            )"),
    (PROGRAMMES, "programmes: nominate only people one may see",
     "    return (can_person(grants, Action.VIEW_PROFILE, person)\n",
     "    return (True\n"),
    (PROGRAMMES, "programmes: only talent leads and line managers nominate",
     "    if not (grants.is_talent_lead or person.pk in grants.managed_person_ids):\n"
     "        return False\n", ""),
    (PROGRAMMES, "programmes: nobody nominates themselves",
     "    if person.user_id is not None and person.user_id == grants.user_id:\n"
     "        return False\n", ""),
    (PROGRAMMES, "programmes: analysts read funnels only in their scope",
     "    return (_role_holds(grants, Role.ANALYST, place)",
     "    return (bool(grants.analyst_scopes)"),
    (PROGRAMMES, "programmes: feedback only once the place ended",
     "    return ended and not hasattr_feedback(place)",
     "    return not hasattr_feedback(place)"),
    (PROGRAMMES, "programmes: feedback only from the participant",
     "    if not is_applicant(user, place) or place.decision != Decision.SELECTED:",
     "    if place.decision != Decision.SELECTED:"),
]


def plan_shards(mutations: list, shards: int) -> list[list[dict]]:
    """Deal the mutations out in turn, so each process gets some of every policy module."""
    plans: list[list[dict]] = [[] for _ in range(shards)]
    for index, (module, rule, old, new) in enumerate(mutations):
        plans[index % shards].append({"module": module, "rule": rule, "old": old, "new": new,
                                      "tests": MATRIX_TESTS[module]})
    return plans


def run_shard(plan: list[dict], scratch: Path, index: int) -> dict:
    """One pytest process trying its share of the mutations in memory; its result."""
    plan_file, result_file = scratch / f"plan{index}.json", scratch / f"result{index}.json"
    plan_file.write_text(json.dumps(plan))
    tests = sorted({test for mutation in plan for test in mutation["tests"]})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]),
           PLAN: str(plan_file), RESULT: str(result_file)}
    # -n 0: the plugin runs the tests itself, in this one process.
    # The verdicts are shown as they come; the rest of pytest's output only if it went wrong.
    other = []
    with subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
             "-p", "policy_mutations_plugin", *tests],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True) as process:
        for line in process.stdout:
            if line.startswith(("  killed", "  SURVIVED")):
                print(line, end="", flush=True)
            else:
                other.append(line)
    if not result_file.exists():
        return {"baseline": [f"pytest stopped with status {process.returncode}:",
                             *other[-30:]], "verdicts": [], "drift": []}
    return json.loads(result_file.read_text())


def main() -> int:
    workers = max(1, min(int(os.environ.get("MUTATION_WORKERS", "2")), os.cpu_count() or 1))
    # MUTATION_ONLY="region|band" tries just the rules whose names contain one of those words.
    only = [w.lower() for w in os.environ.get("MUTATION_ONLY", "").split("|") if w]
    mutations = [m for m in MUTATIONS if not only or any(w in m[1].lower() for w in only)]
    sources = {module: (ROOT / module).read_text() for module in MATRIX_TESTS}
    stale = [f"{module}: {rule}" for module, rule, old, _new in mutations
             if old not in sources[module]]
    for what in stale:
        print(f"  STALE    {what} (the text to mutate is no longer there)")
    mutations = [m for m in mutations if m[2] in sources[m[0]]]
    plans = [plan for plan in plan_shards(mutations, workers) if plan]
    with tempfile.TemporaryDirectory() as tmp, ThreadPoolExecutor(len(plans) or 1) as pool:
        results = list(pool.map(lambda job: run_shard(job[1], Path(tmp), job[0]),
                                enumerate(plans)))
    broken = [line for result in results for line in result["baseline"]]
    if broken:
        print("The matrix tests fail on the unmutated policies: fix them first.", *broken,
              sep="\n  ")
        return 1
    drifted = [line for result in results for line in result["drift"]]
    if drifted:
        print("The matrix tests fail on the unmutated policies after the mutations: the test "
              "database drifted, so the results above prove nothing.", *drifted, sep="\n  ")
        return 1
    survived = stale + [what for result in results for verdict, what in result["verdicts"]
                        if verdict != "killed  "]
    total = len(stale) + len(mutations)
    modules = len({m[0] for m in mutations})
    print(f"{total - len(survived)} of {total} loosened rules in {modules} policy modules "
          "caught by the access matrices.")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
