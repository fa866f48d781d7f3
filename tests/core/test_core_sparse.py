"""The sparse matrix of the linear models gives the dense products."""

from __future__ import annotations

import numpy as np
import pytest

from minusma_lib.core.sparse import Entries, indicator_rows

FEATURES = [["a", "b", "a"], [], ["c", "zz"], ["b", "c", "a"]]
INDEX = {"a": 0, "b": 1, "c": 2}


def _dense(unit_rows: bool) -> np.ndarray:
    m = np.zeros((len(FEATURES), len(INDEX)))
    for k, feats in enumerate(FEATURES):
        for f in feats:
            if f in INDEX:
                m[k, INDEX[f]] = 1.0
    if unit_rows:
        m /= np.sqrt(np.maximum(m.sum(axis=1, keepdims=True), 1.0))
    return m


@pytest.mark.parametrize("unit_rows", [False, True])
def test_products_equal_the_dense_ones_with_and_without_unit_rows(unit_rows):
    rng = np.random.default_rng(0)
    w, g = rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    x = indicator_rows(FEATURES, INDEX, unit_rows)
    np.testing.assert_allclose(x.times(w), _dense(unit_rows) @ w, atol=1e-12)
    np.testing.assert_allclose(x.transposed_times(g), _dense(unit_rows).T @ g, atol=1e-12)


def test_exact_values_of_a_small_product():
    x = indicator_rows(FEATURES, INDEX)
    w = np.array([[1.0], [10.0], [100.0]])
    assert x.times(w)[:, 0].tolist() == [11.0, 0.0, 100.0, 111.0]  # "a" twice in a row counts once
    assert x.transposed_times(np.ones((4, 1)))[:, 0].tolist() == [2.0, 2.0, 2.0]


def test_rows_without_known_features_and_matrices_without_rows_give_zeros():
    x = indicator_rows(FEATURES, INDEX)
    assert (x.times(np.ones((3, 1)))[1] == 0).all()
    empty = indicator_rows([[], ["zz"]], INDEX)
    assert empty.times(np.ones((3, 2))).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert not empty.transposed_times(np.ones((2, 2))).any()
    none = indicator_rows([], INDEX)
    assert none.times(np.ones((3, 2))).shape == (0, 2)
    assert none.transposed_times(np.ones((0, 2))).tolist() == [[0.0, 0.0]] * 3


def test_unsorted_entries_are_refused():
    with pytest.raises(ValueError, match="sorted"):
        Entries(np.array([0, 1, 0]), np.array([0, 0, 1]), None)


@pytest.mark.filterwarnings("error")  # an empty row divides by nothing
def test_unit_rows_scale_each_row_by_its_own_feature_count():
    x = indicator_rows(FEATURES, INDEX, unit_rows=True)
    w = np.array([[1.0], [10.0], [100.0]])
    np.testing.assert_allclose(x.times(w)[:, 0], [11 / np.sqrt(2), 0.0, 100.0, 111 / np.sqrt(3)])
    lengths = np.sqrt(x.times(np.eye(3)) ** 2 @ np.ones(3))
    assert lengths.tolist() == pytest.approx([1.0, 0.0, 1.0, 1.0])


def test_integer_weights_give_the_same_products_as_floats():
    x = indicator_rows(FEATURES, INDEX, unit_rows=True)
    w = np.array([[1], [10], [100]])
    np.testing.assert_array_equal(x.times(w), x.times(w.astype(float)))
