"""Who may do what with board posts and succession plans (docs/succession.md says the same).

Built on the one people policy: every successor a page, export or API answer names is also a
person the user may see (`Successor.objects.visible_to(user)`). The rules, in plain words:

1. A post's succession plan is owned by the talent leads of the post's organisation and by
   administrators: they add, change and remove successors, read the plan's notes, set or
   clear the post's vacancy risk by hand (with a reason) and change the post's facts.
2. System talent leads read the plans of the posts in their system, regional talent leads in
   their region, national talent leads in England; they do not change them or read the notes.
3. Board posts themselves (organisation, kind, incumbent, risk and whether they are covered)
   are public facts of a board; the charts, the system map and the posts list are open to
   every talent lead and administrator. Successors appear only under rule 1 or 2, and only
   those the user may see.
4. Bench strength and supply against demand are counts of posts (people in pools through the
   disclosure rules): every talent lead, analyst and administrator may read them.
5. A successor must be someone the user may see, and whose own visibility choice lets the
   post's organisation see them: employed there, in its system having chosen "system" or
   wider, or anywhere having chosen "national". Never the post's incumbent.
"""

from __future__ import annotations

from talentbridge.accounts.grants import grants_for
from talentbridge.organisations.scopes import placements_on
from talentbridge.people.codes import Visibility
from talentbridge.people.policy import SYSTEM_OR_WIDER


def place_of(organisation_id: int) -> tuple[int | None, int | None]:
    """(system id, region id) of an organisation today."""
    placement = placements_on().get(organisation_id)
    return (placement.system_id, placement.region_id) if placement else (None, None)


def owns_plan(user, post) -> bool:
    """Rule 1: the organisation's talent leads and administrators."""
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    return grants.is_administrator or post.organisation_id in grants.lead_organisation_ids


def can_view_plan(user, post, place: tuple[int | None, int | None] | None = None) -> bool:
    """Rules 1 and 2: owners, and the talent leads of the post's system, region or England."""
    if owns_plan(user, post):
        return True
    grants = grants_for(user)
    if grants.user_id is None:
        return False
    if grants.is_national_lead:
        return True
    system_id, region_id = place or place_of(post.organisation_id)
    return bool((system_id is not None and system_id in grants.lead_system_ids)
                or (region_id is not None and region_id in grants.lead_region_ids))


def can_see_notes(user, post) -> bool:
    return owns_plan(user, post)


def can_override_risk(user, post) -> bool:
    return owns_plan(user, post)


def can_view_posts(user) -> bool:
    """Rule 3: the charts, system maps and the posts list."""
    grants = grants_for(user)
    return grants.user_id is not None and (grants.is_administrator or grants.is_talent_lead)


def can_view_bench_strength(user) -> bool:
    """Rule 4: counts of posts for talent leads, analysts and administrators."""
    grants = grants_for(user)
    return grants.user_id is not None and (
        grants.is_administrator or grants.is_talent_lead or bool(grants.analyst_scopes))


def plan_scope_sees(post, person, post_system_id: int | None,
                    person_system_id: int | None) -> bool:
    """Rule 5: does the person's visibility choice let the post's organisation see them?"""
    if person.organisation_id == post.organisation_id:
        return True
    if person.visibility == Visibility.NATIONAL:
        return True
    return (post_system_id is not None and person_system_id == post_system_id
            and person.visibility in SYSTEM_OR_WIDER)
