"""Which LCF domains are a leader's gaps: the lowest-rated, ties kept, never an unrated domain
or one rated at the top of the scale."""

from fractions import Fraction

from engine.plans.gaps import lowest_domains
from engine.plans.gaps import rating


def test_the_two_lowest_and_any_tied_with_the_second():
    scores = {1: [1, 3], 2: [2], 3: [2, None], 4: [None], 5: [4, 4], 6: [3, 3, 2]}
    assert lowest_domains(scores) == [1, 2, 3]
    assert lowest_domains(scores, how_many=1) == [1, 2, 3]  # all three rate 2


def test_a_mean_is_exact_and_unrated_domains_have_none():
    assert rating([3, 2, 2]) == Fraction(7, 3)
    assert rating([None, None]) is None


def test_no_gaps_when_everything_is_at_the_top_or_unrated():
    assert lowest_domains({1: [4], 2: [None], 3: [4, 4]}) == []
    assert lowest_domains({}) == []
