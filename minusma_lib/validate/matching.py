"""One-to-one pairing of tool output with hand coding, shared by every validation.

Numbers (``quantities``), quotes (``quotes``) and stance mentions (``stance``) are scored against
hand coding by pairing spans: an extracted item is credited to at most one coded item and vice versa.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

import pandas as pd


def one_to_one(candidates: Iterable[tuple[tuple, Hashable, Hashable]]) -> dict:
    """Greedy one-to-one pairing.

    ``candidates`` are (sort key, left id, right id). They are taken in ascending key order (ids break
    ties, so the result is deterministic) and a pair is kept when neither id is paired yet. Returns
    {left id: right id}. Use e.g. ``(-overlap,)`` as the key for "longest overlap first".
    """
    pairs: dict = {}
    used: set = set()
    for _, a, b in sorted(candidates, key=lambda c: (c[0], c[1], c[2])):
        if a not in pairs and b not in used:
            pairs[a] = b
            used.add(b)
    return pairs


def pair_by_overlap(
    coded: pd.DataFrame,
    found: pd.DataFrame,
    coded_id: str | None,
    found_id: str | None,
    *,
    same: tuple[str, ...] = ("doc_id",),
    compatible: Callable[[Any, Any], bool] | None = None,
    prefer: Callable[[Any, Any], bool] | None = None,
) -> dict:
    """Pair coded and found spans one to one: {coded id: found id}.

    Candidates are rows equal on the ``same`` columns whose ``start``/``end`` spans overlap (and, if
    given, for which ``compatible(coded_row, found_row)`` holds). Longest overlap first; at equal
    overlap, pairs for which ``prefer`` holds first; then ids. An id column of ``None`` means the
    row's index label.
    """
    cands = []
    groups = {(k if isinstance(k, tuple) else (k,)): g for k, g in found.groupby(list(same), sort=False)}
    for c in coded.itertuples():
        key = tuple(getattr(c, col) for col in same)
        pool = groups.get(key)
        if pool is None:
            continue
        pool = pool[(pool["start"] < c.end) & (pool["end"] > c.start)]
        for f in pool.itertuples():
            if compatible is not None and not compatible(c, f):
                continue
            overlap = min(f.end, c.end) - max(f.start, c.start)
            rank = (-overlap,) if prefer is None else (-overlap, not prefer(c, f))
            cid = c.Index if coded_id is None else getattr(c, coded_id)
            fid = f.Index if found_id is None else getattr(f, found_id)
            cands.append((rank, cid, fid))
    return one_to_one(cands)
