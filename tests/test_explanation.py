"""QuickXplain returns a clashing set from which nothing can be dropped."""

import random

import pytest

from roto.reason.explanation import minimal_conflict


def oracle(conflicts):
    """Consistent unless the set holds every member of one of the conflicts (monotone)."""
    calls = []

    def consistent(items):
        calls.append(list(items))
        return not any(conflict <= set(items) for conflict in conflicts)

    return consistent, calls


@pytest.mark.parametrize("seed", range(20))
def test_result_clashes_and_is_minimal(seed):
    rng = random.Random(seed)
    items = list(range(rng.randint(2, 60)))
    conflicts = [set(rng.sample(items, rng.randint(1, min(4, len(items))))) for _ in range(rng.randint(1, 3))]
    consistent, _ = oracle(conflicts)
    found = minimal_conflict(items, consistent)
    assert found is not None and not consistent(found)
    for i in range(len(found)):
        assert consistent(found[:i] + found[i + 1:]), "a member could be left out"


def test_consistent_candidates_give_none_and_a_clashing_background_gives_empty():
    assert minimal_conflict([1, 2, 3], oracle([{4}])[0]) is None
    assert minimal_conflict([1, 2, 3], lambda items: False) == []


def test_few_checks_for_one_pair_among_many():
    consistent, calls = oracle([{3, 41}])
    assert sorted(minimal_conflict(list(range(64)), consistent)) == [3, 41]
    assert len(calls) <= 20  # deletion one by one would need 64


def test_monotone_answers_from_earlier_answers():
    from roto.reason.explanation import Monotone

    consistent, calls = oracle([{1, 2}])
    test = Monotone(consistent)
    assert test([1, 3, 4]) is True and test([1, 2, 5]) is False
    assert test([3, 1]) is True and test([5, 2, 1, 7]) is False and test([]) is True
    assert len(calls) == 2  # the last three follow from the first two
