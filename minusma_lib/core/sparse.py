"""A sparse matrix for the linear models (judge.stance_model, extract.frame_model), in plain numpy.

Their feature matrices are mostly zeros (a sentence or a cell has a few dozen features of a vocabulary of
thousands), so the gradient steps multiply only the non-zero entries. The sums run in a fixed order
(``numpy.add.reduceat`` over entries sorted by row, or by column), so the same inputs give the same bytes
on every run. Build one with :func:`indicator_rows`, which sorts the entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np


@dataclass(frozen=True)
class Entries:
    """Non-zero entries sorted by ``keys`` (ascending): row ``keys[i]``, column ``other[i]``."""

    keys: np.ndarray
    other: np.ndarray
    values: np.ndarray | None  # None: every entry is one

    def __post_init__(self) -> None:
        if len(self.keys) > 1 and (np.diff(self.keys) < 0).any():
            raise ValueError("sparse entries must be sorted by their keys; build them with indicator_rows")

    @cached_property
    def starts(self) -> np.ndarray:
        """Where each run of equal keys begins (computed once; every product reuses it)."""
        return np.flatnonzero(np.r_[True, self.keys[1:] != self.keys[:-1]])


@dataclass(frozen=True)
class SparseRows:
    """An n_rows × n_cols matrix: its entries sorted by row, and the same entries sorted by column."""

    by_row: Entries
    by_col: Entries
    n_rows: int
    n_cols: int

    def times(self, w: np.ndarray) -> np.ndarray:
        """This matrix times ``w`` (n_cols × k)."""
        return _sum_by(self.by_row, w, self.n_rows)

    def transposed_times(self, g: np.ndarray) -> np.ndarray:
        """The transpose of this matrix times ``g`` (n_rows × k)."""
        return _sum_by(self.by_col, g, self.n_cols)


def _sum_by(e: Entries, m: np.ndarray, n: int) -> np.ndarray:
    """Row ``i`` of the result: the sum over the entries keyed ``i`` of ``value × m[other]``; zero where no
    entry has that key."""
    out = np.zeros((n, m.shape[1]))
    if not len(e.keys):
        return out
    # the same rows as m[e.other], gathered several times faster (a copy, as float: the caller's is untouched)
    contrib = np.take(m, e.other, axis=0).astype(float, copy=False)
    if e.values is not None:
        contrib *= e.values[:, None]
    out[e.keys[e.starts]] = np.add.reduceat(contrib, e.starts, axis=0)
    return out


def indicator_rows(
    features: Sequence[Iterable[str]], index: dict[str, int], unit_rows: bool = False
) -> SparseRows:
    """The matrix with a one where a row's feature is in ``index``, each feature counted once per row.
    ``unit_rows``: each row's ones become 1/sqrt(its number of features), so every non-empty row has
    length one."""
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for k, feats in enumerate(features):
        js = sorted({j for j in (index.get(f) for f in feats) if j is not None})
        rows += [k] * len(js)
        cols += js
        if unit_rows:
            values += [1.0 / np.sqrt(max(len(js), 1))] * len(js)
    r, c = np.array(rows, dtype=np.intp), np.array(cols, dtype=np.intp)
    v = np.array(values, dtype=float) if unit_rows else None
    order = np.argsort(c, kind="stable")
    return SparseRows(
        Entries(r, c, v),
        Entries(c[order], r[order], None if v is None else v[order]),
        len(features),
        len(index),
    )
