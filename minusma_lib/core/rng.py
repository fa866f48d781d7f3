"""Random streams that depend only on what they are for, never on run order or chunking."""

from __future__ import annotations

import hashlib

import numpy as np


def keyed_rng(seed: int, *keys: str) -> np.random.Generator:
    """A generator seeded by ``seed`` and the given keys (e.g. a doc_id and a target).

    The bootstrap of one document gives the same draws whether the corpus is processed whole, in
    chunks or on several workers, and adding a document does not change any other document's draws.
    """
    words = [int.from_bytes(hashlib.sha256(k.encode("utf-8")).digest()[:8], "big") for k in keys]
    return np.random.default_rng([seed, *words])
