"""Names and colours shared by tables, prose and charts: outlet order, labels, genres, languages.

Analyses and the report both use these; ``plots`` only draws with them.
"""

from __future__ import annotations

import pandas as pd

# Okabe-Ito, colour-blind safe; assigned to texts in manifest order and cycled if more.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000")
GREY = "#BBBBBB"

GENRE_LABELS = {
    "news_report": "news report",
    "opinion_analysis": "opinion / analysis",
    "ai_chatbot_transcript": "AI chatbot transcript",
    "wire_copy": "wire copy",
    "press_release": "press release",
}
# How each measure of MINUSMA's size is drawn: (legend label, colour, claim marker symbol).
MEASURE_STYLE = {
    "authorised_military": ("Authorised military ceiling", "#444444", "square"),
    "authorised_police": ("Authorised police ceiling", "#888888", "square-open"),
    "authorised_uniformed": ("Authorised uniformed (military + police)", "#444444", "square"),
    "deployed_uniformed": ("Deployed uniformed (troops + police)", "#0072B2", "circle"),
    "deployed_military": ("Deployed military", "#56B4E9", "circle-open"),
    "deployed_police": ("Deployed police", "#009E73", "diamond"),
    "civilian_staff": ("Civilian staff", "#CC79A7", "triangle-up"),
    "total_personnel": ("Total personnel (with civilians)", "#D55E00", "star"),
}
LANGUAGES = {"en": "English", "fr": "French", "de": "German"}
GROUP_LABELS = {
    "minusma": "MINUSMA",
    "malian_authorities": "Malian authorities",
    "russia_wagner": "Russia / Wagner",
    "france_west": "France / the West",
    "un": "UN (other bodies)",
    "regional_african": "ECOWAS / African",
    "armed_groups": "Armed groups",
    "other_states": "Other states",
    "experts_ngos": "Experts / NGOs",
}


def outlet_order(documents: pd.DataFrame) -> list[str]:
    """doc_ids in manifest order: the order of texts in every table and chart."""
    return documents["doc_id"].tolist()


def outlet_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the outlet's short name."""
    return dict(zip(documents["doc_id"], documents["outlet_short"], strict=True))


def row_labels(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> a chart row's label: the outlet's short name, with the doc_id added where two texts
    share it (each text keeps its own row)."""
    labels = outlet_labels(documents)
    counts = pd.Series(list(labels.values())).value_counts()
    return {d: f"{v} · {d}" if counts[v] > 1 else v for d, v in labels.items()}


def row_order(documents: pd.DataFrame) -> list[str]:
    """Chart rows, one per text: the outlets in manifest order, then the AI chatbot transcripts apart."""
    labels = row_labels(documents)
    bot = documents["genre"] == "ai_chatbot_transcript"
    return [labels[d] for d in documents.loc[~bot, "doc_id"]] + [
        labels[d] for d in documents.loc[bot, "doc_id"]
    ]


def outlet_colors(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> colour, by manifest order."""
    return {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(outlet_order(documents))}
