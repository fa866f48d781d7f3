"""A sparse matrix for the linear models (judge.stance_model, extract.frame_model), in plain numpy.

Their feature matrices are mostly zeros (a sentence or a cell has a few dozen features of a vocabulary of
thousands), so the gradient steps multiply only the non-zero entries. The sums run in a fixed order
(``numpy.add.reduceat`` over entries sorted by row, or by column), so the same inputs give the same bytes
on every run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SparseRows:
    """An n_rows × n_cols matrix given by its non-zero entries, sorted by row (``rows`` ascending)."""

    rows: np.ndarray
    cols: np.ndarray
    values: np.ndarray | None  # None: every entry is one
    n_rows: int
    n_cols: int
    by_col: np.ndarray  # the entries' order sorted by column (stable)

    def times(self, w: np.ndarray) -> np.ndarray:
        """This matrix times ``w`` (n_cols × k)."""
        return _sum_by(self.rows, self.cols, self.values, w, self.n_rows)

    def transposed_times(self, g: np.ndarray) -> np.ndarray:
        """The transpose of this matrix times ``g`` (n_rows × k)."""
        order = self.by_col
        values = None if self.values is None else self.values[order]
        return _sum_by(self.cols[order], self.rows[order], values, g, self.n_cols)


def _sum_by(
    keys: np.ndarray, other: np.ndarray, values: np.ndarray | None, m: np.ndarray, n: int
) -> np.ndarray:
    """Row ``i`` of the result: the sum over the entries whose key is ``i`` (keys ascending) of ``value ×
    m[other]``; zero where no entry has that key."""
    out = np.zeros((n, m.shape[1]))
    if not len(keys):
        return out
    contrib = m[other] if values is None else m[other] * values[:, None]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    out[keys[starts]] = np.add.reduceat(contrib, starts, axis=0)
    return out


def indicator_rows(
    features: Sequence[Iterable[str]], index: dict[str, int], scale: Sequence[float] | None = None
) -> SparseRows:
    """The matrix with a one (or the row's ``scale``) where a row's feature is in ``index``, each feature
    counted once per row."""
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for k, feats in enumerate(features):
        js = sorted({j for j in (index.get(f) for f in feats) if j is not None})
        rows += [k] * len(js)
        cols += js
        values += [1.0 if scale is None else scale[k]] * len(js)
    col = np.array(cols, dtype=np.intp)
    return SparseRows(
        np.array(rows, dtype=np.intp),
        col,
        None if scale is None else np.array(values, dtype=float),
        len(features),
        len(index),
        np.argsort(col, kind="stable"),
    )
