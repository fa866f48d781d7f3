"""Chart rows shared by the stance charts (core.labels)."""

from __future__ import annotations

import pandas as pd

from minusma_lib.core.labels import row_labels, row_order


def test_chart_rows_give_each_text_its_own_row_and_put_the_chatbot_last():
    docs = pd.DataFrame(
        {
            "doc_id": ["r1", "bot", "r2", "x"],
            "outlet_short": ["Reuters", "Bard", "Reuters", "X"],
            "genre": ["news_report", "ai_chatbot_transcript", "news_report", "opinion_analysis"],
        }
    )
    labels = row_labels(docs)
    assert labels["r1"] != labels["r2"] and labels["x"] == "X"
    assert row_order(docs) == [labels["r1"], labels["r2"], "X", "Bard"]
