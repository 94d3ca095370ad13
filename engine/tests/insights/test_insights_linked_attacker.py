"""The attacker, as tests: no published pipeline count below England can be recovered.

Small populations with small groups are generated; everything a user with England scope can
request is published (every scope, level, broad level, dimension and total, and the shares);
an attacker with exact integer search (``attacker.py``) tries to pin each hidden or rounded
count. It must find none. The same attacker recovers counts when the control is loosened:
scopes controlled one table at a time, or shares worked out from the true counts.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from engine.insights import codes
from engine.insights import linked
from engine.insights import published as P

from .attacker import Person
from .attacker import acute_trusts
from .attacker import attack
from .attacker import hierarchy_of

ORG_MAP = pl.DataFrame({
    "org_code": ["RA1", "RA2", "RB1", "RC1", "RC2"],
    "system": ["QA", "QA", "QB", "QC", "QC"],
    "region": ["Y1", "Y1", "Y1", "Y2", "Y2"],
    "kind": ["acute", "mental_health", "acute", "acute", "mental_health"],
})
KINDS = ("acute", "mental_health")


def by_org(people: list[Person]) -> dict[str, pl.DataFrame]:
    rows = [{"scope": p.org, "level": p.level, "ethnic_category": p.ethnic_category,
             "ethnicity": codes.ethnic_group(p.ethnic_category), "sex": p.sex,
             "disability": p.disability} for p in people]
    df = pl.DataFrame(rows)
    out = {}
    for dim in P.CATEGORIES:
        per_level = (df.filter(pl.col("level") != "below")
                     .group_by("scope", "level", pl.col(dim).alias("category")).len("headcount"))
        overall = (df.group_by("scope", pl.col(dim).alias("category")).len("headcount")
                   .with_columns(pl.lit(P.ALL).alias("level")))
        out[dim] = pl.concat([per_level, overall.select(per_level.columns)])
    return out


def by_band(people: list[Person]) -> pl.DataFrame:
    rows = [{"scope": p.org, "band": p.pay_band, "board": p.level == codes.BOARD,
             "ethnic_category": p.ethnic_category, "sex": p.sex, "disability": p.disability}
            for p in people]
    return (pl.DataFrame(rows).group_by("scope", "band", "board", "ethnic_category", "sex",
                                        "disability").len("n"))


def counts_of(people: list[Person], hierarchy: P.Hierarchy):
    return P.org_counts(by_org(people), hierarchy.orgs, by_band(people))


def publish(people: list[Person], org_map: pl.DataFrame = ORG_MAP, kinds=KINDS):
    hierarchy = hierarchy_of(org_map, kinds)
    return P.publish(counts_of(people, hierarchy), hierarchy), hierarchy


def published_shares(pub: P.PipelinePublication):
    """Every share a page or the API shows, rounded as the API rounds it."""
    out = []
    for node in pub.node_index:
        for dim in ("ethnicity", "sex", "disability"):
            table = pub.table(node, dim, P.LEVELS)
            for row in table.iter_rows(named=True):
                if row["share"] is not None and node != P.ENGLAND:
                    out.append((node, row["level"], dim, row["category"],
                                round(row["share"], 4)))
    return out


people_strategy = st.lists(
    st.builds(
        Person,
        org=st.sampled_from(ORG_MAP["org_code"].to_list()),
        level=st.sampled_from(("8a", "8c", "9", codes.VSM, codes.BOARD, "below")),
        ethnic_category=st.sampled_from(("A", "C", "H", "R", "Z")),
        sex=st.sampled_from(tuple(codes.SEX_CODES)),
        disability=st.sampled_from(tuple(codes.DISABILITY_CODES)),
    ),
    min_size=1, max_size=30,
)


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(people_strategy, st.sampled_from((P.ENGLAND, "region:Y1", "system:QA")))
def test_no_published_count_below_england_can_be_recovered(people, root):
    """Whatever a user whose widest area is ``root`` can request, nothing below England is
    pinned (England's own counts are exact by the HES rule and outside the control)."""
    hierarchy = P.Hierarchy.build(ORG_MAP["org_code"].to_list(), ORG_MAP, KINDS, root=root)
    pub = P.publish(counts_of(people, hierarchy), hierarchy)
    result = attack(pub, hierarchy, published_shares(pub))
    assert result.recovered == {}


def _one_each(n_orgs: int, category: str = "R") -> tuple[list[Person], pl.DataFrame]:
    """The classic: ``n_orgs`` organisations in one region, each with exactly one senior
    leader of a small group (and a few others)."""
    org_map = acute_trusts(n_orgs)
    orgs = org_map["org_code"].to_list()
    people = [Person(o, codes.VSM, category, "F", "N") for o in orgs]
    people += [Person(o, "below", "A", "M", "N") for o in orgs for _ in range(3)]
    return people, org_map


def test_twelve_organisations_of_one_each_are_not_pinned():
    people, org_map = _one_each(12)
    pub, hierarchy = publish(people, org_map, ("acute",))
    for org in hierarchy.orgs:
        assert pub.shown(f"organisation:{org}", codes.VSM, "ethnic_category:R") == "*"
    kind, shown = pub.publication.kind_and_shown
    lo, hi = linked.attacker_bounds(kind, shown, P.equations(hierarchy))
    values = pub.publication.values
    assert not ((lo == hi) & (values > 0) & ~pub.publication.exact).any()


def _per_table_publication(pub: P.PipelinePublication, hierarchy: P.Hierarchy):
    """The loosened control: each scope's cells controlled on their own (the HES rule cell by
    cell, no linked audit), as when every table was protected separately."""
    values = pub.publication.values
    hidden = ~pub.publication.exact & (values >= 1) & (values <= 7)
    return P.PipelinePublication(pub.node_index, linked.Publication(
        values, pub.publication.exact, hidden))


def test_loosened_to_one_table_at_a_time_the_attacker_recovers_counts():
    people, org_map = _one_each(12)
    pub, hierarchy = publish(people, org_map, ("acute",))
    result = attack(_per_table_publication(pub, hierarchy), hierarchy, enough=3)
    assert ("organisation:R00", codes.VSM, "ethnic_category:R") in result.recovered
    assert result.recovered[("organisation:R00", codes.VSM, "ethnic_category:R")] == 1


class _SharesFromTrueCounts(P.PipelinePublication):
    """The loosened control: shares worked out from the true counts."""

    def table(self, node, dimension, levels=P.LEVELS):
        table = super().table(node, dimension, levels)
        known = [c for c in P.CATEGORIES[dimension] if c not in P.UNKNOWN[dimension]]
        shares = []
        for row in table.iter_rows(named=True):
            if row["category"] not in known:
                shares.append(None)
                continue
            def true(cat, row=row):
                return int(self.publication.values[self._index(
                    node, row["level"], f"{dimension}:{cat}")])
            den = sum(true(c) for c in known)
            shares.append(true(row["category"]) / den if den else None)
        return table.with_columns(pl.Series("share", shares, dtype=pl.Float64))


def test_loosened_to_shares_from_true_counts_the_attacker_recovers_counts():
    rng = np.random.default_rng(7)
    people = [Person(str(rng.choice(ORG_MAP["org_code"].to_list())),
                     str(rng.choice(["8a", "8c", codes.VSM, "below"])),
                     str(rng.choice(["A", "H", "R"])), "F", "N") for _ in range(120)]
    pub, hierarchy = publish(people)
    loose = _SharesFromTrueCounts(pub.node_index, pub.publication)
    result = attack(loose, hierarchy, published_shares(loose), enough=3)
    assert result.shares_used
    assert result.recovered
    for key, value in result.recovered.items():
        assert value == int(pub.publication.values[pub._index(*key)])
    # ... and with shares from the shown counts, the same population gives nothing away.
    assert attack(pub, hierarchy, published_shares(pub)).recovered == {}


def test_england_is_exact_and_large_cells_are_rounded_to_the_nearest_five():
    """England is shown exactly, and counts below England that are shown are rounded to the
    nearest 5 as before, in a system of 36 organisations."""
    rng = np.random.default_rng(11)
    orgs = [f"R{i:02d}" for i in range(36)]
    org_map = pl.DataFrame({"org_code": orgs, "system": [f"Q{i % 6}" for i in range(36)],
                            "region": [f"Y{i % 2}" for i in range(36)],
                            "kind": [KINDS[i % 3 % 2] for i in range(36)]})
    people = [Person(str(rng.choice(orgs)),
                     str(rng.choice(["8a", "8b", "9", codes.VSM, "below"])),
                     str(rng.choice(["A", "C", "H", "R", "Z"])),
                     str(rng.choice(["F", "M"])), str(rng.choice(["Y", "N", "U"])))
              for _ in range(6_000)]
    pub, _ = publish(people, org_map)
    values, exact = pub.publication.values, pub.publication.exact
    england = np.flatnonzero(exact)
    assert [pub.publication.shown(i) for i in england] == values[england].tolist()
    # A large count is either shown as before or hidden (when the linked equations pin it).
    large = np.flatnonzero(~exact & (values >= 30) & ~pub.publication.hidden
                           & ~pub.publication.unpublished)
    assert large.size > 1_000
    assert [pub.publication.shown(i) for i in large] == [
        int(5 * np.floor(v / 5 + 0.5)) for v in values[large]]
