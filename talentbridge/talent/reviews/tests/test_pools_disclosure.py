"""Talent pools play the attacker. The pool's managers know its members by name, so nothing
shown about the pool may tell them (or anyone) a member's ethnic group, sex or disability, or
that someone hidden from them is a member: make-up only from 20 members, as shares, counted at
the start of the quarter; counts exact only for administrators, of the members the viewer can
see for the pool's managers, and otherwise through the disclosure rule."""

import csv
import datetime as dt
import io
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import Role
from talentbridge.people.codes import Visibility
from talentbridge.people.models import ProtectedCharacteristics
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.reviews import exports
from talentbridge.talent.reviews import pool_makeup
from talentbridge.talent.reviews import pool_services as services
from talentbridge.talent.reviews.tests.factories import review_world

API = "/api/v1/talent"
LABELS = ["a", "b", "c"]
MAKEUP_WORDS = ("White", "Ethnic minority", "Female", "Male", "Disabled")


# --- the make-up rule on its own (plain data) ----------------------------------------------


def splits(n: int):
    for a in range(n + 1):
        for b in range(n + 1 - a):
            yield a, b, n - a - b


def test_nobody_who_knows_the_pool_size_can_prove_a_group_empty_or_full():
    """Every split of every pool of 20 to 100 people: group the splits by what is displayed;
    within each display, every category could hold someone and could miss someone. So the
    figures never tell a named member (or all of them) their group."""
    for n in range(pool_makeup.MIN_MEMBERS, 101):
        displays = defaultdict(list)
        for split in splits(n):
            shown = tuple(s.shown for s in pool_makeup.controlled_shares(LABELS, split))
            displays[shown].append(split)
        for shown, candidates in displays.items():
            for i in range(3):
                values = [c[i] for c in candidates]
                assert max(values) >= 1, f"{n} people, display {shown}: {LABELS[i]} is empty"
                assert min(values) <= n - 1, f"{n} people, display {shown}: all are {LABELS[i]}"


def test_shares_are_never_zero_or_everyone_and_small_pools_show_nothing():
    assert pool_makeup.controlled_shares(LABELS, [19, 0, 0]) is None
    assert pool_makeup.controlled_shares(LABELS, [1, 0, 0]) is None
    shown = [s.shown for s in pool_makeup.controlled_shares(LABELS, [10, 10, 0])]
    assert shown == ["*", "50%", "*"]  # the zero is hidden, then one more so it can't be derived
    shown = [s.shown for s in pool_makeup.controlled_shares(LABELS, [9, 12, 8])]
    assert shown == ["30%", "30%", "30%"]  # from rounded counts (10, 10, 10) of 30
    shown = [s.shown for s in pool_makeup.controlled_shares(LABELS, [392, 8, 0])]
    assert shown == ["over 95%", "*", "*"]  # not "100%": at least 8 are not in it
    assert pool_makeup.share_text(8, 400) == "under 5%"
    assert pool_makeup.share_text(392, 400) == "over 95%"


def test_the_make_up_date_is_the_first_day_of_the_quarter():
    assert pool_makeup.as_of(dt.date(2026, 12, 6)) == dt.date(2026, 10, 1)
    assert pool_makeup.as_of(dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert pool_makeup.as_of(dt.date(2026, 6, 30)) == dt.date(2026, 4, 1)


member = st.fixed_dictionaries({
    "ethnic_category": st.sampled_from(["A", "B", "H", "N", "S", "Z", "99", None]),
    "sex": st.sampled_from(["1", "2", "9", "X", None]),
    "disability": st.sampled_from(["Y", "N", "Z", "U", None]),
})


@settings(max_examples=60, deadline=None)
@given(people=st.lists(member, min_size=0, max_size=19),  # the documented threshold, 20
       other=member)
def test_in_a_small_pool_no_member_changes_what_is_shown(people, other):
    """Pools of fewer than 20: for every member, giving them other characteristics changes
    nothing on display (so nothing can be read back about them)."""
    before = services.makeup_of(people)
    for i in range(len(people)):
        changed = [*people[:i], other, *people[i + 1:]]
        assert services.makeup_of(changed) == before


# --- pages, API and exports ------------------------------------------------------------------


@pytest.fixture
def w(db):
    w = review_world()
    w.analyst = make_user("ann", role=Role.ANALYST, first_name="Ann", last_name="Analyst")
    return w


def make_pool(w, **fields):
    values = {"name": "Aspiring directors — RJ1", "purpose": "Develop future directors",
              "entry_criteria": "Band 8c or above", "scope_level": "organisation",
              "organisation": w.rj1, **fields}
    return services.create_pool(w.bob, **values)


def add_member(pool, person, *, ethnic="A", sex="2", disability="N",
               joined=dt.date(2026, 1, 1)):
    ProtectedCharacteristics.unscoped.update_or_create(
        person=person, defaults={"ethnic_category": ethnic, "sex": sex,
                                 "disability": disability})
    return PoolMembership.objects.create(pool=pool, person=person, joined_on=joined,
                                         review_on=joined.replace(year=joined.year + 1))


def api(client, user, path):
    _, key = ApiToken.issue(user, "test")
    return client.get(API + path, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_a_pool_of_one_named_member_shows_no_make_up_anywhere(client, w):
    pool = make_pool(w)
    add_member(pool, w.alice_person, ethnic="A", sex="2", disability="N")
    for user in (w.bob, w.admin, w.analyst):
        client.force_login(user)
        text = page_text(client.get(f"/talent/pools/{pool.pk}/"))
        assert "Not shown: fewer than 20 members" in text
        assert not any(word in text for word in MAKEUP_WORDS), user
        body = api(client, user, f"/pools/{pool.pk}/composition").json()
        assert body["makeup_shown"] is False and body["makeup_note"].startswith("Not shown")
        assert body["ethnicity"] == body["sex"] == body["disability"] == []
    for fmt in ("csv", "xlsx"):
        export = exports.export_pool(w.bob, pool, fmt)
        content = export.content.decode(errors="ignore") if fmt == "csv" else ""
        assert not any(word in content for word in MAKEUP_WORDS)
    rows = list(csv.DictReader(io.StringIO(exports.export_pool(w.bob, pool, "csv")
                                           .content.decode())))
    assert set(rows[0]) == {"Name", "Organisation", "Readiness", "Joined",
                            "Membership review date"}


def test_approving_one_more_member_moves_no_make_up_figure_until_the_next_quarter(
        client, w, monkeypatch):
    """29 members on 1 October (9 White, 12 ethnic minority, 8 not stated): the manager
    approves one more, from an ethnic minority, on 17 November. Nothing moves until
    1 January, when every join and exit of the quarter shows together."""
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2026, 11, 17))
    pool = make_pool(w)
    groups = ["A"] * 9 + ["H"] * 12 + ["Z"] * 8
    for i, code in enumerate(groups):
        add_member(pool, make_person(w.rj1, given_name=f"Member{i}"), ethnic=code,
                   sex="2" if i % 2 else "1", disability="N" if i % 3 else "Z")
    before = services.composition(w.bob, pool)
    assert [p.shown for p in before.ethnicity] == ["30%", "30%", "30%"]
    client.force_login(w.bob)
    page_before = page_text(client.get(f"/talent/pools/{pool.pk}/")).split("Members")[0]
    newcomer = make_person(w.rj1, given_name="Newcomer")
    ProtectedCharacteristics.objects.create(person=newcomer, ethnic_category="H", sex="2",
                                            disability="N")
    nomination = services.nominate(w.bob, pool, person_id=newcomer.pk, statement="Ready")
    services.decide(w.bob, nomination, approve=True, reason="Meets the criteria")
    after = services.composition(w.bob, pool)
    assert (after.ethnicity, after.sex, after.disability) == (
        before.ethnicity, before.sex, before.disability)
    assert after.size == 30  # the manager's own count of members they can see moves
    page_after = page_text(client.get(f"/talent/pools/{pool.pk}/")).split("Members")[0]
    assert page_after.replace("30 you can see", "29 you can see") == page_before
    next_quarter = services.composition(w.bob, pool, today=dt.date(2027, 1, 1))
    assert [p.shown for p in next_quarter.ethnicity] == ["30%", "50%", "30%"]


def test_member_counts_are_exact_only_for_administrators(client, w):
    pool = make_pool(w)
    for i in range(3):
        add_member(pool, make_person(w.rj1, given_name=f"Member{i}"))
    expected = {w.alice: ("*", "controlled"), w.charlie: ("*", "controlled"),
                w.analyst: ("*", "controlled"), w.bob: (3, "you can see"),
                w.admin: (3, "all")}
    for user, (members, counted) in expected.items():
        body = api(client, user, f"/pools/{pool.pk}").json()
        assert (body["members"], body["members_counted"]) == (members, counted), user
        listed = api(client, user, "/pools").json()["items"][0]
        assert (listed["members"], listed["members_counted"]) == (members, counted), user
    client.force_login(w.alice)
    assert "Open to nominations *" in page_text(client.get("/talent/pools/"))
    client.force_login(w.bob)
    assert "Open to nominations 3 you can see" in page_text(client.get("/talent/pools/"))
    body = api(client, w.analyst, f"/pools/{pool.pk}/composition").json()
    assert body["counted"] == "controlled" and body["size"] == "*"
    assert body["organisations"] == [{"label": w.rj1.display_name, "count": "*"}]
    assert {c["count"] for c in body["readiness"]} == {"*"}
    body = api(client, w.admin, f"/pools/{pool.pk}/composition").json()
    assert body["counted"] == "all" and body["size"] == 3
    client.force_login(w.admin)
    assert "3 current members." in page_text(client.get(f"/talent/pools/{pool.pk}/"))


def test_a_member_hidden_from_the_manager_changes_nothing_the_manager_sees(client, w):
    """A member who left RJ1 for a trust in another system, visible to her organisation only:
    bob manages the pool but may no longer see her. Whether she is in the pool changes
    nothing on his list, pool page, API or export."""
    pool = make_pool(w)
    for i in range(3):
        add_member(pool, make_person(w.rj1, given_name=f"Member{i}"))
    leaver = make_person(w.rx1, given_name="Leaver", visibility=Visibility.ORGANISATION)

    def seen():
        client.force_login(w.bob)
        return (page_text(client.get("/talent/pools/")),
                page_text(client.get(f"/talent/pools/{pool.pk}/")),
                api(client, w.bob, f"/pools/{pool.pk}").json(),
                api(client, w.bob, "/pools").json(),
                {k: v for k, v in api(client, w.bob, f"/pools/{pool.pk}/composition").json()
                 .items()},
                exports.export_pool(w.bob, pool, "csv").content)

    before = seen()
    assert "3 you can see" in before[0] and "Current members: 3 you can see" in before[1]
    add_member(pool, leaver, ethnic="H")
    assert seen() == before
