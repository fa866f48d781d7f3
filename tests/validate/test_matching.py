"""The shared one-to-one matcher: each side paired at most once, in key order, ties broken by id."""

from __future__ import annotations

from minusma_lib.validate.matching import one_to_one


def test_each_item_is_paired_at_most_once_longest_overlap_first():
    # extracted e1 overlaps both manual items; m1 by 10 characters, m2 by 4. e2 overlaps only m2.
    cands = [((-10,), "m1", "e1"), ((-4,), "m2", "e1"), ((-3,), "m2", "e2")]
    assert one_to_one(cands) == {"m1": "e1", "m2": "e2"}


def test_a_many_to_one_candidate_set_yields_one_pair():
    assert one_to_one([((-5,), "m1", "e1"), ((-5,), "m2", "e1")]) == {"m1": "e1"}  # tie: lower id first


def test_result_does_not_depend_on_input_order():
    cands = [((-2,), "b", "x"), ((-2,), "a", "x"), ((-1,), "b", "y")]
    assert one_to_one(cands) == one_to_one(list(reversed(cands))) == {"a": "x", "b": "y"}
