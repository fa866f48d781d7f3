"""Drawing only: one module per notebook, one visual language (outlet order and colours from core.labels).

`common` holds the shared style and hover helpers; `corpus` (notebook 00), `frames` (01), `polls` (02),
`numbers` (03) and `stance` (04) hold each notebook's charts. The names are re-exported here so a notebook
writes `plots.strength_chart(...)`.
"""

from minusma_lib.core.labels import outlet_labels, row_order
from minusma_lib.plots.common import (
    FONT,
    grouped_bar_chart,
    highlighted_hover,
    hover_text,
    interval_chart,
    style,
    with_meta,
)
from minusma_lib.plots.corpus import cleaning_chart
from minusma_lib.plots.frames import frame_heatmap, frame_profile_chart, frame_scores_chart
from minusma_lib.plots.numbers import claims_reference_chart, strength_chart
from minusma_lib.plots.polls import poll_groups_chart, poll_series_chart
from minusma_lib.plots.stance import (
    stance_baseline_chart,
    stance_diverging_chart,
    stance_sign_chart,
    voices_chart,
)

__all__ = [
    "FONT",
    "claims_reference_chart",
    "cleaning_chart",
    "frame_heatmap",
    "frame_profile_chart",
    "frame_scores_chart",
    "grouped_bar_chart",
    "highlighted_hover",
    "hover_text",
    "interval_chart",
    "outlet_labels",
    "row_order",
    "poll_groups_chart",
    "poll_series_chart",
    "stance_baseline_chart",
    "stance_diverging_chart",
    "stance_sign_chart",
    "strength_chart",
    "style",
    "voices_chart",
    "with_meta",
]
