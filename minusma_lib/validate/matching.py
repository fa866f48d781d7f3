"""One-to-one pairing of tool output with hand coding, shared by every validation.

Numbers (``quantities``), quotes (``quotes``) and stance mentions (``stance``) are scored against
hand coding by pairing spans: an extracted item is credited to at most one coded item and vice versa.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


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
