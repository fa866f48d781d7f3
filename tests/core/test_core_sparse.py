"""The sparse matrix of the linear models gives the dense products, and the same bytes each run."""

from __future__ import annotations

import numpy as np

from minusma_lib.core.sparse import indicator_rows

FEATURES = [["a", "b", "a"], [], ["c", "zz"], ["b", "c", "a"]]
INDEX = {"a": 0, "b": 1, "c": 2}


def _dense(scale=None) -> np.ndarray:
    m = np.zeros((len(FEATURES), len(INDEX)))
    for k, feats in enumerate(FEATURES):
        for f in feats:
            if f in INDEX:
                m[k, INDEX[f]] = 1.0 if scale is None else scale[k]
    return m


def test_products_equal_the_dense_ones_with_and_without_row_scales():
    rng = np.random.default_rng(0)
    w, g = rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    for scale in (None, [0.5, 1.0, 2.0, 0.25]):
        x = indicator_rows(FEATURES, INDEX, scale)
        np.testing.assert_allclose(x.times(w), _dense(scale) @ w, atol=1e-12)
        np.testing.assert_allclose(x.transposed_times(g), _dense(scale).T @ g, atol=1e-12)


def test_a_row_without_known_features_and_an_empty_matrix_give_zeros():
    x = indicator_rows(FEATURES, INDEX)
    assert (x.times(np.ones((3, 1)))[1] == 0).all()
    empty = indicator_rows([[], ["zz"]], INDEX)
    assert empty.times(np.ones((3, 2))).shape == (2, 2)
    assert not empty.transposed_times(np.ones((2, 2))).any()


def test_the_same_inputs_give_the_same_bytes():
    rng = np.random.default_rng(1)
    w = rng.normal(size=(3, 4))
    a = indicator_rows(FEATURES, INDEX, [0.3, 0.7, 1.1, 0.9]).times(w)
    b = indicator_rows(FEATURES, INDEX, [0.3, 0.7, 1.1, 0.9]).times(w)
    assert a.tobytes() == b.tobytes()
