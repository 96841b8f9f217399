"""Find a minimal set of statements that clash, given a consistency test.

When the reasoner says "inconsistent" it does not say why. QuickXplain (Junker, AAAI 2004)
finds a minimal conflicting subset of the candidate statements with a few dozen calls of
the test instead of one per statement: it splits the candidates in halves and keeps only
the halves that are needed for the clash. Minimal means no statement can be left out and
the rest still clash. The test here is a black box (HermiT, run by `hermit.py`), so the
algorithm is written once over plain sequences.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class Monotone:
    """A monotone consistency test that answers from earlier answers where they decide it:
    a subset of a consistent set is consistent, a superset of a clashing set clashes. Each
    real test is a HermiT run (a Java start), so every one saved counts."""

    def __init__(self, test: Callable[[list], bool]) -> None:
        self.test = test
        self.consistent_sets: list[frozenset] = []
        self.clashing_sets: list[frozenset] = []

    def __call__(self, items: list) -> bool:
        key = frozenset(items)
        if any(key <= known for known in self.consistent_sets):
            return True
        if any(known <= key for known in self.clashing_sets):
            return False
        answer = self.test(list(items))
        (self.consistent_sets if answer else self.clashing_sets).append(key)
        return answer


def minimal_conflict(candidates: Sequence[T], consistent: Callable[[list[T]], bool]) -> list[T] | None:
    """A minimal subset of `candidates` for which `consistent` is False, or None if all are consistent.

    `consistent(subset)` must be monotone: adding statements never repairs a clash. The
    fixed background (the ontology) is the caller's business. An empty list means the
    background clashes on its own. Items must be hashable.

    >>> clash = lambda xs: not ({"a", "not a"} <= set(xs))
    >>> minimal_conflict(["b", "a", "c", "not a", "d"], clash)
    ['a', 'not a']
    """
    test = consistent if isinstance(consistent, Monotone) else Monotone(consistent)
    items = list(candidates)
    if test(items):
        return None
    found = _quickxplain([], False, items, test)
    # Checked last: earlier answers usually settle it without another run.
    return found if test([]) else []


def _quickxplain(background: list[T], added: bool, candidates: list[T], consistent) -> list[T]:
    if added and not consistent(background):
        return []
    if len(candidates) == 1:
        return candidates
    half = len(candidates) // 2
    first, second = candidates[:half], candidates[half:]
    from_second = _quickxplain(background + first, bool(first), second, consistent)
    from_first = _quickxplain(background + from_second, bool(from_second), first, consistent)
    return from_first + from_second
