"""Corpus overview for notebook 00: provenance table, cleaning, sizes, mentions and their prose."""

from __future__ import annotations

import pandas as pd

from minusma_lib.core.labels import GENRE_LABELS, GROUP_LABELS, LANGUAGES, outlet_labels
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract.readability import SMOG_MIN_SENTENCES
from minusma_lib.report.text import esc, join, num, pct, plural


def provenance_table(documents: pd.DataFrame) -> pd.DataFrame:
    """Who published what, when, and the flags every comparison must carry."""
    d = documents
    date = d["date_published"].where(
        d["date_earliest"] == d["date_latest"],
        d["date_published"] + " (est. " + d["date_earliest"] + " to " + d["date_latest"] + ")",
    )
    return pd.DataFrame(
        {
            "doc_id": d["doc_id"],
            "outlet": d["outlet"],
            "date": date,
            "genre": d["genre"].map(GENRE_LABELS),
            "translation": d.apply(
                lambda r: (
                    f"{r['translation']}, from {LANGUAGES.get(r['translated_from'], r['translated_from'])}"
                    if r["translation"] != "none"
                    else ""
                ),
                axis=1,
            ),
            "AI transcript": (d["genre"] == "ai_chatbot_transcript").map({True: "yes", False: ""}),
            "body sentences": d["n_body_sentences"],
            "body words": d["n_body_words"],
        }
    )


def provenance_prose(documents: pd.DataFrame) -> str:
    d = documents
    n = len(d)
    est = d[d["date_earliest"] != d["date_latest"]]
    trans = d[d["translation"] != "none"]
    bots = d[d["genre"] == "ai_chatbot_transcript"]
    trans_desc = join(
        f"{esc(r.outlet_short)} ({r.translation} translation from {LANGUAGES.get(r.translated_from, r.translated_from)})"
        for r in trans.itertuples()
    )
    return (
        f"The corpus holds {plural(n, 'text')}, published between {d['date_published'].min()} and "
        f"{d['date_published'].max()}; the dates of {plural(len(est), 'text')} are estimates from internal "
        f"evidence. {plural(len(trans), 'text')} {'is a translation' if len(trans) == 1 else 'are translations'}"
        f"{': ' + trans_desc if len(trans) else ''}, and {plural(len(bots), 'text')} "
        f"{'is' if len(bots) == 1 else 'are'} an AI chatbot transcript"
        f"{' (' + join(esc(x) for x in bots['outlet_short']) + ')' if len(bots) else ''}. "
        f"Together they have {num(d['n_body_sentences'].sum())} body sentences and "
        f"{num(d['n_body_words'].sum())} body words; the longest text "
        f"({esc(d.loc[d['n_body_words'].idxmax(), 'outlet_short'])}) is "
        f"{d['n_body_words'].max() / d['n_body_words'].min():.1f} times the shortest "
        f"({esc(d.loc[d['n_body_words'].idxmin(), 'outlet_short'])})."
    )


def cleaning_table(log: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Removed boilerplate spans (markup marks left out) with their rule and raw offsets."""
    labels = outlet_labels(documents)
    r = log[log["category"] != "markup"].copy()
    r.insert(1, "outlet", r["doc_id"].map(labels))
    r["text"] = r["text"].str.replace(r"\s+", " ", regex=True).str.slice(0, 90)
    return r[["outlet", "start", "end", "action", "category", "rule_id", "text", "replacement"]].reset_index(
        drop=True
    )


def cleaning_prose(log: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    rem = log[(log["action"] == "remove") & (log["category"] != "markup")]
    chars = rem["end"] - rem["start"]
    per_doc = chars.groupby(rem["doc_id"]).sum()
    repairs = log[log["action"] == "repair"]
    markup = log[log["category"] == "markup"]
    total_raw = documents["n_chars_raw"].sum()
    if per_doc.empty:
        removed = "Cleaning removed no boilerplate from these texts. "
    else:
        top = per_doc.idxmax()
        top_cat = rem[rem["doc_id"] == top].assign(c=chars).groupby("category")["c"].sum().idxmax()
        removed = (
            f"Cleaning removed {num(chars.sum())} characters of boilerplate in "
            f"{plural(len(rem), 'span')} ({pct(chars.sum(), total_raw)} of all raw characters); "
            f"most came from {esc(labels[top])} ({num(per_doc.max())} characters, mostly "
            f"{top_cat.replace('_', ' ')}). "
        )
    return removed + (
        f"It also removed {plural(len(markup), 'Markdown mark')} or bullet "
        f"glyphs inside kept lines and repaired {plural(len(repairs), 'mojibake sequence')} with ftfy "
        f"({join(esc(repr(t)) + ' → ' + esc(repr(x)) for t, x in zip(repairs['text'], repairs['replacement'], strict=True))}). "
        "Every removed span is listed below with the rule that removed it; nothing else was dropped."
    )


def mentions_table(entities: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Gazetteer mentions in body sentences per outlet and actor group, per 1,000 body words."""
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    gaz = entities[(entities["source"] == "gazetteer") & entities["sent_id"].isin(body["sent_id"])]
    gaz = gaz.merge(body[["sent_id", "text_clean"]], on="sent_id")
    words = documents.set_index("doc_id")["n_body_words"]
    rows = []
    for d in documents["doc_id"]:
        for g in GROUP_LABELS:
            m = gaz[(gaz["doc_id"] == d) & (gaz["group"] == g)]
            example = ""
            if len(m):
                first = m.iloc[0]
                example = f"first: “{first['text']}” in: " + first["text_clean"]
            rows.append(
                {
                    "doc_id": d,
                    "group": g,
                    "mentions": len(m),
                    "per_1000_words": round(1000 * len(m) / words[d], 2),
                    "distinct_aliases": m["text"].str.lower().nunique(),
                    "example": example,
                }
            )
    return pd.DataFrame(rows)


def mentions_prose(table: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    top = table.loc[table.groupby("doc_id", sort=False)["per_1000_words"].idxmax()]
    most = top["group"].mode().iloc[0]
    exceptions = top[top["group"] != most]
    rates = table.pivot(index="group", columns="doc_id", values="per_1000_words")
    spread = (rates.max(axis=1) - rates.min(axis=1)).sort_values(ascending=False)
    g = spread.index[0]
    hi, lo = rates.loc[g].idxmax(), rates.loc[g].idxmin()
    exc = (
        " except "
        + join(
            f"{esc(labels[r.doc_id])} (most often {GROUP_LABELS[r.group]})" for r in exceptions.itertuples()
        )
        if len(exceptions)
        else ""
    )
    return (
        f"{GROUP_LABELS[most]} is the most-mentioned actor group in every text{exc}. "
        f"Outlets differ most in how often they name {GROUP_LABELS[g]}: "
        f"{rates.loc[g, hi]:.1f} mentions per 1,000 words in {esc(labels[hi])} against "
        f"{rates.loc[g, lo]:.1f} in {esc(labels[lo])}."
    )


def readability_prose(read: pd.DataFrame, documents: pd.DataFrame) -> str:
    labels = outlet_labels(documents)
    hard = read.loc[read["fkgl"].idxmax()]
    easy = read.loc[read["fkgl"].idxmin()]
    overlap = not (easy["fkgl_high"] < hard["fkgl_low"])
    fog_same = (
        read.loc[read["fog"].idxmax(), "doc_id"] == hard["doc_id"]
        and read.loc[read["fog"].idxmin(), "doc_id"] == easy["doc_id"]
    )
    short = read[read["n_sentences"] < SMOG_MIN_SENTENCES]
    verdict = (
        "even these two intervals overlap, so the ranking is not reliable"
        if overlap
        else "these two intervals do not overlap"
    )
    return (
        f"By Flesch-Kincaid grade, body text runs from {easy['fkgl']:.1f} ({esc(labels[easy['doc_id']])}, "
        f"95% interval {easy['fkgl_low']:.1f}–{easy['fkgl_high']:.1f}) to {hard['fkgl']:.1f} "
        f"({esc(labels[hard['doc_id']])}, {hard['fkgl_low']:.1f}–{hard['fkgl_high']:.1f}); {verdict}. "
        f"The Gunning Fog index {'puts the same two texts at the extremes' if fog_same else 'orders the extremes differently'}. "
        f"SMOG is left empty for {plural(len(short), 'text')} with fewer than {SMOG_MIN_SENTENCES} body sentences "
        f"({join(esc(labels[x]) for x in short['doc_id'])})."
    )


def hardest_to_read(read: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Name the hardest text only if its FKGL interval separates from every other text's."""
    labels = outlet_labels(documents)
    ranked = read.sort_values("fkgl", ascending=False)
    top, rest = ranked.iloc[0], ranked.iloc[1:]
    overlapping = rest[rest["fkgl_high"] >= top["fkgl_low"]]
    if overlapping.empty:
        return f"Hardest to read: {esc(labels[top['doc_id']])} (Flesch-Kincaid grade {top['fkgl']:.1f})."
    fkgl = dict(zip(read["doc_id"], read["fkgl"], strict=True))
    tied = [top["doc_id"], *overlapping["doc_id"]]
    return (
        "No text is clearly hardest to read: the Flesch-Kincaid intervals of "
        + join(f"{esc(labels[d])} ({fkgl[d]:.1f})" for d in tied)
        + " overlap."
    )


def headline(documents: pd.DataFrame, log: pd.DataFrame, read: pd.DataFrame) -> str:
    """One-sentence finding for the site's index card."""
    rem = log[(log["action"] == "remove") & (log["category"] != "markup")]
    return (
        f"{plural(len(documents), 'text')} ({num(documents['n_body_words'].sum())} body words); cleaning removed "
        f"{plural(len(rem), 'boilerplate span')}, all logged. {hardest_to_read(read, documents)}"
    )
