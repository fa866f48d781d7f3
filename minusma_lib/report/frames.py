"""Notebook 01 (domain frames): tables and computed prose."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minusma_lib.core import tables
from minusma_lib.core.labels import GENRE_LABELS, LANGUAGES, outlet_labels
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract.frame_rules import GENERAL, MAX_SECONDARY, NONE, Codebook, Lexicon, relative_path
from minusma_lib.extract.frames_aggregate import coded_doc_ids, not_coded
from minusma_lib.judge.frames_compare import N_PERM, comparison_results, permutation_test
from minusma_lib.report.text import esc, join, num, plural
from minusma_lib.validate.frames import (
    ALPHA_RELIABLE,
    ALPHA_TENTATIVE,
    FEW_GOLD_LABELS,
    _sent_ids,
    _strings,
    agreement_table,
    alpha_class,
    coding_guide_path,
    scores,
    summary_scores,
)


def codebook_prose(codebook: Codebook) -> str:
    """How the domain frames sit on the PFC: which dimensions are used, and whether one-to-one."""
    by_code: dict[int, list[str]] = {}
    for fid in codebook.frame_ids:
        by_code.setdefault(codebook.pfc_code(fid), []).append(fid)
    unused = [c for c in codebook.pfc if c not in by_code]
    shared = {c: f for c, f in by_code.items() if len(f) > 1}
    n = len(codebook.frames)
    out = (
        f"The codebook (version {esc(codebook.version)}) maps {plural(n, 'domain frame')} onto "
        f"{len(by_code)} of the {len(codebook.pfc)} PFC dimensions. "
    )
    if shared:
        out += (
            "Several domain frames share a dimension ("
            + "; ".join(
                f"PFC {c} {codebook.pfc[c]['label']}: {join(codebook.label(f) for f in fs)}"
                for c, fs in shared.items()
            )
            + "), so the scores below hold for the domain frames, not for the PFC dimensions. "
        )
    else:
        out += (
            "Each dimension used holds exactly one domain frame, so every score below holds at the PFC "
            "level as well. "
        )
    if unused:
        out += "Not used: " + join(f"PFC {c} *{codebook.pfc[c]['label']}*" for c in unused) + ". "
    return out + "A sentence without any frame is coded `none`."


def codebook_table(codebook: Codebook, lexicon: Lexicon) -> pd.DataFrame:
    """One row per domain frame: PFC code and label, definition, and the lexicon patterns for it."""
    rows = []
    for fid, d in codebook.frames.items():
        entries = [e for e in lexicon.active if e.frame == fid]
        rows.append(
            {
                "domain frame": codebook.label(fid),
                "id": fid,
                "PFC": f"{d['pfc_code']} {codebook.pfc[d['pfc_code']]['label']}",
                "definition": " ".join(str(d["definition"]).split())[:220] + "…",
                "patterns": len(entries),
                "general patterns": sum(e.source_doc == GENERAL for e in entries),
            }
        )
    return pd.DataFrame(rows)


def lexicon_table(lexicon: Lexicon, codebook: Codebook) -> pd.DataFrame:
    """Patterns per frame: how many, how many general, motivated by which article, negatable."""
    rows = []
    for fid in codebook.frame_ids:
        es = [e for e in lexicon.active if e.frame == fid]
        by_doc = pd.Series([e.source_doc for e in es if e.source_doc != GENERAL]).value_counts()
        rows.append(
            {
                "frame": codebook.label(fid),
                "patterns": len(es),
                "general": sum(e.source_doc == GENERAL for e in es),
                "tied to an article": ", ".join(f"{d} {c}" for d, c in by_doc.items()),
                "negatable": sum(e.negatable for e in es),
                "need an actor": sum(bool(e.requires_actor) for e in es),
            }
        )
    return pd.DataFrame(rows)


def lexicon_prose(lexicon: Lexicon, frames: pd.DataFrame) -> str:
    """How the lexicon was built and what the tagger did on this corpus (negations, no-frame sentences)."""
    act = lexicon.active
    general = sum(e.source_doc == GENERAL for e in act)
    replaced = len(lexicon.entries) - len(act)
    lex = _strings(frames[frames["method"] == "lexicon"])
    neg = lex.loc[
        lex["negated_pattern_ids"] != "", ["sent_id", "negated_pattern_ids", "text"]
    ].drop_duplicates("sent_id")
    neg_desc = join(f"{r.sent_id} ({esc(r.negated_pattern_ids)}: “{esc(r.text)}”)" for r in neg.itertuples())
    none = lex.loc[lex["frame"] == NONE, "sent_id"].nunique()
    return (
        f"Lexicon version {esc(lexicon.version)} has {plural(len(lexicon.entries), 'entry', 'entries')}, of which "
        f"{len(act)} are active and {replaced} superseded by narrower or corrected versions (kept in the file so "
        f"that leave-one-article-out can restore them). {general} active entries were written from the codebook "
        f"and domain knowledge before the tagger was scored; {len(act) - general} are tied to one article "
        f"(added or replaced after reading its errors, or copying a phrase the codebook quotes from it). {plural(sum(e.negatable for e in act), 'entry', 'entries')} "
        f"{'is' if sum(e.negatable for e in act) == 1 else 'are'} negatable; in this corpus a negation changed "
        f"the outcome in {plural(len(neg), 'sentence')}{': ' + neg_desc if len(neg) else ''}. The tagger leaves "
        f"{plural(none, 'body sentence')} without a frame. Negators (the lexicon's `negators`, beside a `neg` "
        f"dependent): {', '.join(f'*{esc(w)}*' for w in lexicon.negators)}; subordinators (`subordinators`, "
        f"beside relative, adjectival and adverbial clauses and appositions): "
        f"{', '.join(f'*{esc(w)}*' for w in lexicon.subordinators)}."
    )


def primary_counts_table(
    frames: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, method: str = "manual"
) -> pd.DataFrame:
    """Primary frames per outlet (counts), with the outlets' genre/translation flags as the header; only
    the texts ``method`` has coded (a text without manual coding has no column, not a column of zeros)."""
    labels, fl = outlet_labels(documents), flags(documents)
    p = frames[(frames["method"] == method) & (frames["role"] == "primary")]
    docs = [d for d in documents["doc_id"] if d in set(coded_doc_ids(frames, method))]
    c = p.groupby(["frame", "doc_id"]).size().unstack(fill_value=0)
    c = c.reindex(index=[*codebook.frame_ids, NONE], columns=docs, fill_value=0)
    c.index = [codebook.label(f) for f in c.index]
    c.columns = [f"{labels[d]} ({fl[d]})" for d in c.columns]
    c.loc["total"] = c.sum()
    c["all"] = c.sum(axis=1)
    return c


def method_comparison_prose(summary: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook) -> str:
    """Does the tagger tell the same story per outlet as the manual coding? (hand-coded texts only)"""
    labels = outlet_labels(documents)
    man = summary[(summary["method"] == "manual")]
    coded = [d for d in documents["doc_id"] if man.loc[man["doc_id"] == d, "share"].notna().any()]
    uncoded = [d for d in documents["doc_id"] if d not in coded]
    note = (
        f" Not hand-coded yet, so not compared: {join(esc(labels[d]) for d in uncoded)}." if uncoded else ""
    )
    if not coded:
        return "No text is hand-coded yet, so the tagger cannot be compared with the manual coding." + note
    summary = summary[summary["doc_id"].isin(coded)]
    top = summary[summary["outlet_primary"].astype(bool)].pivot(
        index="doc_id", columns="method", values="frame"
    )
    top = top.reindex(coded)
    same = top[top["manual"] == top["lexicon"]]
    differ = top[top["manual"] != top["lexicon"]]
    s = summary[summary["frame"] != NONE].pivot_table(
        index=["doc_id", "frame"], columns="method", values="share"
    )
    gap = (s["lexicon"] - s["manual"]).abs()
    (d, f), g = gap.idxmax(), gap.max()
    diff = join(
        f"{esc(labels[r.Index])} ({codebook.label(r.lexicon)} instead of {codebook.label(r.manual)})"
        for r in differ.itertuples()
    )
    return (
        f"The tagger gives the same most frequent primary frame as the manual coding for {len(same)} of "
        f"{len(top)} outlets{'; it differs for ' + diff if len(differ) else ''}. The largest gap in a share is "
        f"{100 * g:.0f} percentage points ({codebook.label(f)} in {esc(labels[d])}: "
        f"{100 * s.loc[(d, f), 'manual']:.0f}% manual, {100 * s.loc[(d, f), 'lexicon']:.0f}% tagger).{note}"
    )


def _not_coded_note(frames: pd.DataFrame, documents: pd.DataFrame, what: str) -> str:
    """' Not hand-coded yet, so left out of <what>: A and B.' or '' when every text is coded."""
    missing = not_coded(frames, documents)
    if not missing:
        return ""
    labels = outlet_labels(documents)
    return f" Not hand-coded yet, so left out of {what}: {join(esc(labels[d]) for d in missing)}."


def coding_status_prose(frames: pd.DataFrame, documents: pd.DataFrame, coder2: pd.DataFrame | None) -> str:
    """Which texts are hand-coded (and by the second coder), and what that means for the analysis."""
    labels = outlet_labels(documents)
    man = frames[frames["method"] == "manual"]
    coded, missing = coded_doc_ids(frames), not_coded(frames, documents)
    n_texts = len(coded) + len(missing)
    n_sec = int((man["role"] == "secondary").sum())
    if not coded:
        out = f"**No text is hand-coded yet** ({plural(n_texts, 'text')} in the corpus). "
    elif not missing:
        out = (
            f"Coder 1 coded every body sentence of all {count_word(n_texts)} {'text' if n_texts == 1 else 'texts'} "
            f"({num(man['sent_id'].nunique())} sentences, {num(n_sec)} secondary frames). "
        )
    else:
        out = (
            f"Coder 1 coded every body sentence of {count_word(len(coded))} of the {count_word(n_texts)} texts "
            f"({num(man['sent_id'].nunique())} sentences, {num(n_sec)} secondary frames). "
        )
    if missing:
        lex = frames[frames["method"] == "lexicon"]
        desc = join(
            f"{esc(labels[d])} ({plural(lex.loc[lex['doc_id'] == d, 'sent_id'].nunique(), 'body sentence')})"
            for d in missing
        )
        out += (
            f"**Not hand-coded yet:** {desc}. {'Its' if len(missing) == 1 else 'Their'} manual shares are "
            "left empty, and the validation scores and manual comparisons below leave "
            f"{'it' if len(missing) == 1 else 'them'} out until {'it is' if len(missing) == 1 else 'they are'} "
            f"coded following `{relative_path(coding_guide_path())}`; the tagger's results cover every text. "
        )
    out += (
        f"Codebook rule P4 allows at most {count_word(MAX_SECONDARY)} secondary "
        f"{'frame' if MAX_SECONDARY == 1 else 'frames'} per sentence "
        "(checked when the coding is read). "
    )
    if coder2 is None:
        return out + "There is no second coding yet (`frames_manual_coder2.csv`)."
    both = coder2["sent_id"].isin(set(man["sent_id"]))
    return out + (
        f"The second coder coded {num(len(coder2))} sentences independently, {num(int(both.sum()))} of them "
        "also coded by coder 1."
    )


def load_summary(root: Path | None = None) -> pd.DataFrame:
    """``frames_by_outlet.csv`` with its counts as integers even when a text is not coded (empty cells
    would otherwise make them floats and print as '9.0')."""
    df = tables.load("frames_by_outlet", root)
    for c in ("pfc_code", "n_body_sentences", "n_sentences", "n_primary"):
        df[c] = df[c].astype("Int64")
    df["outlet_primary"] = df["outlet_primary"].astype(bool)
    return df


def agreement_prose(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> str:
    if not _sent_ids(frames):
        return "No text is hand-coded yet, so no agreement with the manual coding can be computed."
    t = agreement_table(frames, codebook, coder2).set_index(["comparison", "sentences"])
    allr, unq = "all body sentences", "not quoted in the codebook"
    tag = t.loc[("tagger (full lexicon) vs. coder 1", allr)]
    loao = t.loc[("tagger (leave-one-article-out) vs. coder 1", allr)]
    a_tag, a_loao = tag["alpha, primary frame"], loao["alpha, primary frame"]
    out = (
        f"Treating the tagger as another coder, Krippendorff's alpha on the primary frame against coder 1 is "
        f"{a_tag:.2f} ({tag['% same primary']:.0f}% identical primaries) with the full "
        f"lexicon and {a_loao:.2f} leave-one-article-out; the mean per-frame alpha is "
        f"{tag['mean per-frame alpha']:.2f} and {loao['mean per-frame alpha']:.2f}. Values of at least "
        f"{ALPHA_RELIABLE} are usually taken as reliable and of at least {ALPHA_TENTATIVE} as tentatively "
        f"acceptable (Krippendorff 2004); by that convention the tagger's primary frames are "
        f"{alpha_class(a_tag)} with the full lexicon and {alpha_class(a_loao)} leave-one-article-out."
    )
    if coder2 is None:
        return out + (
            " **No second coding yet:** `data/annotations/frames_manual_coder2.csv` does not exist, so "
            "inter-coder agreement cannot be reported; the gold standard rests on one coder's judgment."
        )
    c2, c2u = t.loc[("coder 2 vs. coder 1", allr)], t.loc[("coder 2 vs. coder 1", unq)]
    t2 = t.loc[("tagger (full lexicon) vs. coder 2", allr)]
    n_body = len(_sent_ids(frames))
    part = "" if c2["n"] == n_body else f" (the {int(c2['n'])} of {n_body} sentences coded so far)"
    return out + (
        f" **Inter-coder agreement:** a second coder, working independently from the codebook alone, agrees "
        f"with coder 1 at alpha {c2['alpha, primary frame']:.2f} on the primary frame{part}, "
        f"{alpha_class(c2['alpha, primary frame'])} by that convention "
        f"({c2['% same primary']:.0f}% identical primaries, label-set F1 {c2['label-set F1']:.2f}, mean "
        f"per-frame alpha {c2['mean per-frame alpha']:.2f}). The codebook quotes {len(codebook.quoted)} corpus "
        f"sentences as examples, on which agreement is built in; without them alpha is "
        f"{c2u['alpha, primary frame']:.2f} over {int(c2u['n'])} sentences. This is the human ceiling for the "
        f"tagger. Against coder 2, whose codes played no part in writing the lexicon, the tagger reaches alpha "
        f"{t2['alpha, primary frame']:.2f} and label-set F1 {t2['label-set F1']:.2f} (against coder 1: "
        f"{tag['label-set F1']:.2f})."
    )


def flags(documents: pd.DataFrame) -> dict[str, str]:
    """Genre and translation flag per outlet, shown beside every per-outlet comparison."""
    out = {}
    for r in documents.itertuples():
        bits = [GENRE_LABELS.get(r.genre, r.genre)]
        if r.translation != "none":
            bits.append(
                f"{r.translation} translation from {LANGUAGES.get(r.translated_from, r.translated_from)}"
            )
        out[r.doc_id] = "; ".join(bits)
    return out


NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_word(n: int) -> str:
    """A small count as a word ('five'), larger ones as digits."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else num(n)


def corpus_flags_prose(documents: pd.DataFrame) -> str:
    """How many texts are AI chatbot transcripts and translations (from documents.csv), and what that means."""
    labels = outlet_labels(documents)
    ai = documents[documents["genre"] == "ai_chatbot_transcript"]
    tr = documents[documents["translation"] != "none"]
    n_ai, n_tr = len(ai), len(tr)
    ai_desc = (
        "no text is an AI chatbot transcript"
        if not n_ai
        else f"{count_word(n_ai)} {'is an AI chatbot transcript' if n_ai == 1 else 'are AI chatbot transcripts'} "
        f"({join(esc(labels[d]) for d in ai['doc_id'])})"
    )
    tr_desc = (
        "none is a translation"
        if not n_tr
        else f"{count_word(n_tr)} {'is a translation' if n_tr == 1 else 'are translations'} ("
        + "; ".join(
            f"{esc(labels[r.doc_id])}: {r.translation} translation from "
            f"{LANGUAGES.get(r.translated_from, r.translated_from)}"
            for r in tr.itertuples()
        )
        + ")"
    )
    n = len(documents)
    return (
        f"Of the {count_word(n)} {'text' if n == 1 else 'texts'}, {ai_desc} and {tr_desc}, so a difference "
        "between rows is a difference between these texts, not between kinds of outlet."
    )


def p_text(p: float, n_perm: int = N_PERM) -> str:
    """A permutation p-value; at the floor 1/(n_perm+1) it is reported as an upper bound."""
    floor = 1 / (n_perm + 1)
    return f"p ≤ {floor:.4f}" if p <= floor * (1 + 1e-9) else f"p = {p:.4f}"


def profile_table(
    summary: pd.DataFrame, documents: pd.DataFrame, codebook: Codebook, method: str = "manual"
) -> pd.DataFrame:
    """Outlets × frames: share of sentences with the frame and its 95% interval, with genre/translation
    flags and the outlet's most frequent primary frame; a text ``method`` has not coded says so."""
    s = summary[summary["method"] == method]
    fl, labels = flags(documents), outlet_labels(documents)
    rows = []
    for d in documents["doc_id"]:
        r = s[s["doc_id"] == d].set_index("frame")
        row = {
            "outlet": labels[d],
            "genre / translation": fl[d],
            "sentences": int(r["n_body_sentences"].iloc[0]),
        }
        tops = r.index[r["outlet_primary"].astype(bool)]
        if r["share"].isna().all() or not len(tops):
            row["most frequent primary"] = "not hand-coded"
            row.update({codebook.label(f): "–" for f in [*codebook.frame_ids, NONE]})
            rows.append(row)
            continue
        top = tops[0]
        row["most frequent primary"] = f"{codebook.label(top)} ({int(r.loc[top, 'n_primary'])})"
        for f in [*codebook.frame_ids, NONE]:
            x = r.loc[f]
            row[codebook.label(f)] = (
                f"{100 * x['share']:.0f}% ({100 * x['share_low']:.0f}–{100 * x['share_high']:.0f})"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _verdict(p: float) -> str:
    return "more than chance would produce" if p < 0.05 else "no more than chance would produce"


def comparison_prose(
    summary: pd.DataFrame, frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame
) -> str:
    """What the manual coding says about each outlet, with the tests and the genre caveat."""
    labels, fl = outlet_labels(documents), flags(documents)
    s = summary[(summary["method"] == "manual") & (summary["frame"] != NONE)]
    parts = []
    for d in documents["doc_id"]:
        r = s[s["doc_id"] == d]
        if r["share"].isna().all():
            parts.append(f"{esc(labels[d])} ({esc(fl[d])}): not hand-coded yet, so not in this comparison")
            continue
        top = r.loc[r["outlet_primary"].astype(bool)].iloc[0]
        most = r.sort_values(["share", "frame"], ascending=[False, True]).iloc[0]
        parts.append(
            f"{esc(labels[d])} ({esc(fl[d])}): most often primary {codebook.label(top['frame'])} "
            f"({int(top['n_primary'])} of {int(top['n_body_sentences'])} sentences); the frame present in most sentences is "
            f"{codebook.label(most['frame'])} ({100 * most['share']:.0f}%, 95% interval "
            f"{100 * most['share_low']:.0f}–{100 * most['share_high']:.0f}%)"
        )
    out = "By the manual coding:\n\n" + "\n".join(f"- {p}." for p in parts) + "\n\n"
    res = {
        (t["scope"], t["method"]): t
        for t in comparison_results(frames, codebook, documents)
        if t["unit"] == "primary"
    }
    n = len(documents)
    caveat = (
        "Sentences within a text are not independent (they share an author and a line of argument), so the "
        "test says the texts differ, not why: genre, translation and length are confounded with outlet in a "
        f"corpus of {count_word(n)} {'text' if n == 1 else 'texts'}."
    )
    if ("all", "manual") not in res:
        return out + "Fewer than two texts are hand-coded, so no test compares them. " + caveat
    a = res[("all", "manual")]
    perm = (
        f"permutation {p_text(a['p_value'], a['n_perm'])}: none of {num(a['n_perm'])} permutations reached the "
        "observed chi-square, so this is the smallest p-value they can give"
        if a["at_floor"]
        else f"permutation {p_text(a['p_value'], a['n_perm'])} with {num(a['n_perm'])} permutations"
    )
    out += (
        f"The outlets' primary frames differ {_verdict(a['p_value'])} (chi-square {a['chi2']:.1f}; {perm}; "
        f"Cramér's V {a['cramers_v']:.2f}). "
    )
    if ("no_ai", "manual") in res:
        t = res[("no_ai", "manual")]
        n_ai = len(a["outlets"]) - len(t["outlets"])
        out += (
            f"Without the chatbot {'transcript' if n_ai == 1 else 'transcripts'} the other texts differ "
            f"{_verdict(t['p_value'])} ({p_text(t['p_value'], t['n_perm'])}, V {t['cramers_v']:.2f}). "
        )
    lex = res[("all", "lexicon")]
    out += (
        f"With the tagger's primary frames instead of the manual ones the texts differ "
        f"{_verdict(lex['p_value'])} ({p_text(lex['p_value'], lex['n_perm'])})"
    )
    if ("no_ai", "lexicon") in res:
        t = res[("no_ai", "lexicon")]
        out += f", and without the transcript {_verdict(t['p_value'])} ({p_text(t['p_value'], t['n_perm'])})"
    return out + "." + _not_coded_note(frames, documents, "the tests") + " " + caveat


def validation_prose(
    frames: pd.DataFrame, codebook: Codebook, lexicon: Lexicon, documents: pd.DataFrame
) -> str:
    if not _sent_ids(frames):
        return "No text is hand-coded yet, so the tagger cannot be scored." + _not_coded_note(
            frames, documents, "the scores"
        )
    sc = summary_scores(frames, codebook)
    v = scores(frames, codebook, "lexicon")
    v = v[~v["frame"].isin(["micro", "macro"])]
    lo = scores(frames, codebook, "lexicon_loao")
    lo = lo[~lo["frame"].isin(["micro", "macro"])]
    best, worst = v.loc[v["f1"].idxmax()], v.loc[v["f1"].idxmin()]
    drop = (v.set_index("frame")["f1"] - lo.set_index("frame")["f1"]).sort_values(ascending=False)
    n_doc = sum(e.source_doc != GENERAL for e in lexicon.active)
    n_coded = len(coded_doc_ids(frames))
    return (
        f"Against the manual coding (primary and secondary frames as the gold label set, {num(v['support'].sum())} "
        f"labels on {plural(len(_sent_ids(frames)), 'sentence')} of {plural(n_coded, 'hand-coded text')}), the lexicon tagger (version {esc(lexicon.version)}, "
        f"{plural(len(lexicon.active), 'active pattern')}) reaches micro-F1 {sc['micro_f1_full']:.2f} (precision "
        f"{sc['micro_p_full']:.2f}, recall {sc['micro_r_full']:.2f}) and macro-F1 {sc['macro_f1_full']:.2f}; it picks the "
        f"coder's primary frame for {100 * sc['primary_accuracy_full']:.0f}% of sentences. It is best on "
        f"{codebook.label(best['frame'])} (F1 {best['f1']:.2f}) and worst on {codebook.label(worst['frame'])} "
        f"(F1 {worst['f1']:.2f}, {int(worst['support'])} gold labels). {n_doc} of the active patterns are tied to "
        f"one article (added after reading its errors, or copying a phrase the codebook quotes from it); scoring "
        f"each article without its own patterns (leave-one-article-out) gives micro-F1 {sc['micro_f1_loao']:.2f} and macro-F1 {sc['macro_f1_loao']:.2f}. "
        f"The gap is the part of the fit that does not carry over to an unseen text; it is largest for "
        f"{codebook.label(drop.index[0])}, which loses {drop.iloc[0]:.2f} F1."
        + _not_coded_note(frames, documents, "these scores")
    )


def headline(frames: pd.DataFrame, summary: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> str:
    """One-sentence finding for the site's index card."""
    labels = outlet_labels(documents)
    missing = not_coded(frames, documents)
    tail = f" Not hand-coded yet: {join(esc(labels[d]) for d in missing)}." if missing else ""
    s = summary[(summary["method"] == "manual") & summary["outlet_primary"].astype(bool)]
    if len(s) < 2:
        return "Fewer than two texts are hand-coded, so the texts' frames cannot be compared yet." + tail
    tops = "; ".join(f"{esc(labels[r.doc_id])}: {codebook.label(r.frame)}" for r in s.itertuples())
    distinct = s["frame"].nunique() == len(s)
    sc = summary_scores(frames, codebook)
    t = permutation_test(frames, codebook, "manual", "primary")
    chatbots = set(documents.loc[documents["genre"] == "ai_chatbot_transcript", "doc_id"])
    coded = [d for d in coded_doc_ids(frames) if d not in chatbots]
    without = (
        permutation_test(frames, codebook, "manual", "primary", docs=coded)
        if chatbots & set(coded_doc_ids(frames)) and len(coded) >= 2
        else None
    )
    lead = (
        "Each text's most frequent primary frame is a different one"
        if distinct
        else "The most frequent primary frames are"
    )
    also = (
        f"; {p_text(without['p_value'], without['n_perm'])} without the AI chatbot transcript"
        if without is not None
        else ""
    )
    return (
        f"{lead} ({tops}; manual coding). The texts' frame mix differs {_verdict(t['p_value'])} under a "
        f"permutation test that treats sentences as independent, which overstates the evidence (permutation "
        f"{p_text(t['p_value'], t['n_perm'])}{also}). The lexicon tagger matches the manual coding with "
        f"micro-F1 {sc['micro_f1_full']:.2f} ({sc['micro_f1_loao']:.2f} leave-one-article-out).{tail}"
    )


def _codebook_limitation(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> str:
    """How far the second coding shows the codebook can be applied by someone else."""
    cb = (
        "**The codebook was written on this corpus.** Its rules and indicators were drafted while coding "
        f"these texts and quote {len(codebook.quoted)} of their sentences as examples. "
    )
    if coder2 is None or not _sent_ids(frames):
        cb += (
            "Without a second coding it is not known whether someone else applies the codebook as written, "
            "let alone to other texts."
        )
    else:
        t = agreement_table(frames, codebook, coder2).set_index(["comparison", "sentences"])
        c2 = t.loc[("coder 2 vs. coder 1", "all body sentences")]
        c2u = t.loc[("coder 2 vs. coder 1", "not quoted in the codebook")]
        a = c2["alpha, primary frame"]
        if a >= ALPHA_RELIABLE:
            shows = "shows that the codebook can be applied as written by someone else"
        elif a >= ALPHA_TENTATIVE:
            shows = (
                "shows that someone else can apply the codebook as written, with tentative reliability only"
            )
        else:
            shows = "shows that the codebook is not yet applied consistently by someone else"
        cb += (
            f"The second coder's agreement with coder 1 (alpha {a:.2f} on the primary frame over "
            f"{int(c2['n'])} sentences; {alpha_class(a)} by Krippendorff's cut-offs of {ALPHA_RELIABLE} and "
            f"{ALPHA_TENTATIVE}) {shows}; it does not show "
            "that the frames would be coded as reliably in other texts, and agreement on new material is likely "
            f"to be lower. Excluding the sentences the codebook quotes (alpha {c2u['alpha, primary frame']:.2f} "
            "without them) removes only the most direct overlap."
        )
    return cb


def _few_labels_note(frames: pd.DataFrame, codebook: Codebook) -> str:
    """Frames with too few gold labels for stable scores (empty when none)."""
    sc = scores(frames, codebook)
    few = sc[sc["frame"].isin(codebook.frame_ids) & (sc["support"] < FEW_GOLD_LABELS)]
    few_desc = (
        f" Frames with fewer than {FEW_GOLD_LABELS} gold labels ("
        + join(f"{codebook.label(r.frame)} with {r.support}" for r in few.itertuples())
        + f") have unstable scores: one error more or less moves their recall by more than "
        f"{1 / FEW_GOLD_LABELS:.1f}."
        if len(few)
        else ""
    )
    return few_desc


def _list_items_note(sentences: pd.DataFrame, documents: pd.DataFrame) -> str:
    """Which texts' list items count as sentences, and their share (empty when none)."""
    labels = outlet_labels(documents)
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    lists = (body["block_kind"] == "list_item").groupby(body["doc_id"]).mean()
    lists = lists[lists > 0].reindex([d for d in documents["doc_id"] if d in lists[lists > 0].index])
    list_desc = (
        ", which weights the texts with list items ("
        + join(f"{esc(labels[d])}: {100 * x:.0f}% of its body sentences" for d, x in lists.items())
        + ")"
        if len(lists)
        else ""
    )
    return list_desc


def limitations_prose(
    frames: pd.DataFrame,
    codebook: Codebook,
    coder2: pd.DataFrame | None,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
) -> str:
    """The limitations, as a Markdown list; every count, name and agreement level in it is computed."""
    labels, fl = outlet_labels(documents), flags(documents)
    n = len(documents)
    lex = frames[frames["method"] == "lexicon"]
    size = lex.groupby("doc_id")["sent_id"].nunique()
    texts = join(
        f"{esc(labels[d])} ({esc(fl[d])}; {plural(int(size.get(d, 0)), 'body sentence')})"
        for d in documents["doc_id"]
    )
    word = count_word(n)
    items = [
        f"**{word.capitalize()} {'text' if n == 1 else 'texts'}, not {word} {'outlet' if n == 1 else 'outlets'}.** "
        f"The corpus holds {texts}. Genre, translation, length and outlet are confounded; the permutation test "
        "shows that the texts differ, not why, and it treats sentences of one text as exchangeable although "
        "they follow one line of argument."
    ]
    items.append(_codebook_limitation(frames, codebook, coder2))
    items.append(
        "**The tagger is fitted to this corpus.** Even the entries marked `general` were written after reading "
        "the corpus and the corpus-derived codebook; leave-one-article-out removes only the error-driven "
        "entries. Expect lower scores on new articles (multi-label frame classifiers in SemEval-2023 Task 3 "
        "reached about 0.5 micro-F1 on unseen languages). Re-score after adding an article and record new "
        "entries with its `source_doc`."
    )
    few_desc = _few_labels_note(frames, codebook)
    items.append(
        '**What a lexicon cannot see.** Anaphora ("This is not a new complaint", "That seems very fast"), the '
        "difference between Wagner as a Russian instrument and Wagner as one armed actor among others (rule "
        "R2), and which of several frames is the main assertion." + few_desc
    )
    list_desc = _list_items_note(sentences, documents)
    items.append(
        "**Sentences as units.** spaCy's sentence splits are kept even where they cut a sentence in two (coded "
        "as the whole sentence, rule U1), and a list label and its explanation count as two sentences"
        + list_desc
        + "."
    )
    items.append(
        "**Intervals** are percentile bootstrap intervals over the sentences of one text; they describe "
        "sampling variation within a text, not coding error or the choice of frames."
    )
    return "\n".join(f"- {x}" for x in items)
