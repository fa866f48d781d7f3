"""Inter-coder agreement: Krippendorff's alpha for two coders' nominal categories."""

from __future__ import annotations

from collections.abc import Sequence

import krippendorff
import numpy as np


def alpha_nominal(a: Sequence[str], b: Sequence[str]) -> float:
    """Krippendorff's alpha (nominal) for two coders' category per unit; NaN when undefined (fewer
    than two categories used by both coders together)."""
    cats = sorted(set(a) | set(b))
    if len(cats) < 2:
        return float("nan")
    code = {c: i for i, c in enumerate(cats)}
    data = np.array([[code[x] for x in a], [code[x] for x in b]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
