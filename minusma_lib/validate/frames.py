"""Domain frames against the hand coding: loading the manual codings, scores (also leave-one-article-out),
errors, and Krippendorff's alpha between coders.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from minusma_lib.core.labels import outlet_labels
from minusma_lib.core.paths import data_dir
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.extract.frame_rules import (
    MAX_SECONDARY,
    NONE,
    Codebook,
    FramesError,
    Lexicon,
    load_codebook,
    relative_path,
)
from minusma_lib.extract.frames import frame_row
from minusma_lib.extract.frames_aggregate import coded_documents, presence, primaries
from minusma_lib.validate.agreement import alpha_nominal

# Krippendorff's (2004) conventional cut-offs for alpha: reliable, and tentatively acceptable.
ALPHA_RELIABLE = 0.8

ALPHA_TENTATIVE = 0.667


# A frame with fewer gold labels than this has unstable scores: one error more or less moves its
# recall by more than 0.1.
FEW_GOLD_LABELS = 10


def manual_path() -> Path:
    return data_dir() / "annotations" / "frames_manual.csv"


def coder2_path() -> Path:
    return data_dir() / "annotations" / "frames_manual_coder2.csv"


def coding_guide_path() -> Path:
    return data_dir() / "annotations" / "frames_coding_guide.md"


MANUAL_COLUMNS = ["sent_id", "doc_id", "start", "end", "primary_frame", "secondary_frames", "note"]


def load_coding(
    path: Path,
    codebook: Codebook,
    sentences: pd.DataFrame | None = None,
    complete_docs: bool = False,
) -> pd.DataFrame:
    """Read a manual coding file and check it against the codebook and (if given) sentences.csv: every
    row is a body sentence with its offsets. With ``complete_docs``, a document is either not coded
    (no rows) or coded in full: a partly coded document raises, naming the first uncoded sentences."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in MANUAL_COLUMNS[:6] if c not in df.columns]
    if missing:
        raise FramesError(
            f"{path}: missing column(s) {', '.join(missing)}. Fix: use the header {','.join(MANUAL_COLUMNS)}."
        )
    if "note" not in df.columns:
        df["note"] = ""
    valid = set(codebook.frames) | {NONE}
    for n, r in enumerate(df.itertuples(), start=2):
        if r.primary_frame not in valid:
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): primary_frame {r.primary_frame!r} is not a codebook frame or 'none'."
            )
        sec = [s for s in r.secondary_frames.split(";") if s]
        bad = [s for s in sec if s not in codebook.frames]
        if bad or r.primary_frame in sec or (r.primary_frame == NONE and sec) or len(set(sec)) != len(sec):
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): secondary_frames {r.secondary_frames!r} must be ';'-separated codebook frames, each once, without the primary, empty with 'none'."
            )
        if len(sec) > MAX_SECONDARY:
            raise FramesError(
                f"{path} row {n} ({r.sent_id}): {len(sec)} secondary frames; codebook rule P4 allows at most "
                f"{MAX_SECONDARY}. Fix: keep the ones a reader would most clearly notice."
            )
    if df["sent_id"].duplicated().any():
        raise FramesError(
            f"{path}: sent_id {df.loc[df['sent_id'].duplicated(), 'sent_id'].iloc[0]} is coded twice; keep one row."
        )
    if sentences is not None:
        # Coding of documents that are not in this corpus (or this chunk of it) does not apply here.
        df = df[df["doc_id"].isin(set(sentences["doc_id"]))]
        _check_against_sentences(path, df, sentences, complete_docs)
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df[MANUAL_COLUMNS].reset_index(drop=True)


def _check_against_sentences(
    path: Path, df: pd.DataFrame, sentences: pd.DataFrame, complete_docs: bool
) -> None:
    kinds = sentences.set_index("sent_id")["block_kind"]
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)].set_index("sent_id")
    for n, sid in enumerate(df["sent_id"], start=2):
        if sid not in body.index:
            what = (
                f"a {kinds[sid]} sentence, not a body sentence ({', '.join(BODY_KINDS)})"
                if sid in kinds.index
                else "not a sentence of data/processed/sentences.csv"
            )
            raise FramesError(
                f"{path} row {n} ({sid}): the sent_id is {what}. Fix: code body sentences only, with "
                "sent_id, doc_id, start and end copied from data/processed/sentences.csv."
            )
    b = body.loc[df["sent_id"]]
    off = (
        (b["doc_id"].to_numpy() != df["doc_id"].to_numpy())
        | (b["start"].astype(str).to_numpy() != df["start"].to_numpy())
        | (b["end"].astype(str).to_numpy() != df["end"].to_numpy())
    )
    if off.any():
        raise FramesError(
            f"{path}: doc_id/start/end of {df.loc[off, 'sent_id'].iloc[0]} differ from sentences.csv. Fix: re-copy them."
        )
    if not complete_docs:
        return
    coded = set(df["sent_id"])
    for doc_id in dict.fromkeys(df["doc_id"]):
        want = body.index[body["doc_id"] == doc_id]
        uncoded = [s for s in want if s not in coded]
        if uncoded:
            raise FramesError(
                f"{path}: document {doc_id!r} is partly coded: {len(uncoded)} of its {len(want)} body "
                f"sentences have no row, first {', '.join(uncoded[:5])}. Fix: code them following "
                f"{relative_path(coding_guide_path())} (a document without any row counts as not coded)."
            )


def load_manual(codebook: Codebook | None = None, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The gold standard (coder 1). With ``sentences``, each document must be coded in full or not at all:
    a document without rows is *not coded* (no manual rows in frames.csv, left out of validation)."""
    return load_coding(manual_path(), codebook or load_codebook(), sentences, complete_docs=True)


def load_coder2(
    codebook: Codebook | None = None, sentences: pd.DataFrame | None = None
) -> pd.DataFrame | None:
    """The second, independent coding, or None while ``frames_manual_coder2.csv`` does not exist. It may
    cover part of the corpus (agreement is computed on the sentences both coders coded)."""
    path = coder2_path()
    if not path.is_file():
        return None
    return load_coding(path, codebook or load_codebook(), sentences)


def manual_rows(manual: pd.DataFrame, body: pd.DataFrame, codebook: Codebook) -> list[dict]:
    sents = body.set_index("sent_id")
    rows = []
    for r in manual.itertuples():
        s = sents.loc[r.sent_id].copy()
        s["sent_id"] = r.sent_id
        rows.append(
            frame_row(
                s, "manual", r.primary_frame, codebook.pfc_code(r.primary_frame), "primary", evidence=r.note
            )
        )
        for f in [x for x in r.secondary_frames.split(";") if x]:
            rows.append(frame_row(s, "manual", f, codebook.pfc_code(f), "secondary", evidence=r.note))
    return rows


def _sent_ids(frames: pd.DataFrame, doc_id: str | None = None) -> list[str]:
    f = frames[frames["method"] == "manual"]
    if doc_id is not None:
        f = f[f["doc_id"] == doc_id]
    return list(dict.fromkeys(f["sent_id"]))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
    return p, r, f


def _score_row(frame: str, label: str, tp: int, fp: int, fn: int, **extra: object) -> dict:
    """One row of a scores table from true/false positive and false negative counts."""
    pr, rc, f1 = _prf(tp, fp, fn)
    return {
        "frame": frame,
        "label": label,
        **extra,
        "support": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": pr,
        "recall": rc,
        "f1": f1,
    }


def scores(
    frames: pd.DataFrame,
    codebook: Codebook,
    pred: str = "lexicon",
    gold: str = "manual",
    doc_id: str | None = None,
) -> pd.DataFrame:
    """Per-frame precision, recall and F1 of ``pred`` against ``gold`` label sets (primary + secondary;
    ``none`` is the empty set), with micro and macro rows."""
    sids = _sent_ids(frames, doc_id)
    g = presence(frames, gold, codebook.frame_ids, sids)
    p = presence(frames, pred, codebook.frame_ids, sids)
    rows = []
    for j, f in enumerate(codebook.frame_ids):
        tp, fp, fn = (
            int((g[:, j] & p[:, j]).sum()),
            int((~g[:, j] & p[:, j]).sum()),
            int((g[:, j] & ~p[:, j]).sum()),
        )
        rows.append(_score_row(f, codebook.label(f), tp, fp, fn, pfc_code=codebook.pfc_code(f)))
    df = pd.DataFrame(rows)
    tp, fp, fn = (int(df[c].sum()) for c in ("tp", "fp", "fn"))
    micro = _score_row("micro", "micro average", tp, fp, fn)
    has = df[df["support"] > 0]
    macro = {
        "frame": "macro",
        "label": "macro average (frames present)",
        "support": int(has["support"].sum()),
        "predicted": int(has["predicted"].sum()),
        "precision": has["precision"].fillna(0).mean(),
        "recall": has["recall"].mean(),
        "f1": has["f1"].fillna(0).mean(),
    }
    return pd.concat([df, pd.DataFrame([micro, macro])], ignore_index=True)


def micro_f1(frames: pd.DataFrame, codebook: Codebook, pred: str = "lexicon") -> float:
    s = scores(frames, codebook, pred)
    return float(s.loc[s["frame"] == "micro", "f1"].iloc[0])


def validation_table(frames: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Per frame: support, precision/recall/F1 with the full lexicon and leave-one-article-out."""
    full, loao = scores(frames, codebook, "lexicon"), scores(frames, codebook, "lexicon_loao")
    out = full[["label", "pfc_code", "support", "predicted", "precision", "recall", "f1"]].copy()
    out["pfc_code"] = [str(int(x)) if pd.notna(x) else "" for x in out["pfc_code"]]
    out["LOAO precision"], out["LOAO recall"], out["LOAO f1"] = loao["precision"], loao["recall"], loao["f1"]
    out = out.rename(columns={"label": "frame", "pfc_code": "PFC"})
    return out.round(3)


def loao_table(
    frames: pd.DataFrame, codebook: Codebook, lexicon: Lexicon, documents: pd.DataFrame
) -> pd.DataFrame:
    """Per held-out article: entries removed, gold labels, micro/macro F1 full vs. leave-one-article-out."""
    rows = []
    labels = outlet_labels(documents)
    for d in coded_documents(documents, frames)["doc_id"]:
        full, loao = (
            scores(frames, codebook, "lexicon", doc_id=d),
            scores(frames, codebook, "lexicon_loao", doc_id=d),
        )
        get = lambda df, k, c: float(df.loc[df["frame"] == k, c].iloc[0])  # noqa: E731
        rows.append(
            {
                "held-out article": labels[d],
                "sentences": len(_sent_ids(frames, d)),
                "gold labels": int(get(full, "micro", "support")),
                "entries held out": sum(e.source_doc == d for e in lexicon.entries),
                "micro F1 (full)": get(full, "micro", "f1"),
                "micro F1 (LOAO)": get(loao, "micro", "f1"),
                "macro F1 (full)": get(full, "macro", "f1"),
                "macro F1 (LOAO)": get(loao, "macro", "f1"),
            }
        )
    cols = ["held-out article", "sentences", "gold labels", "entries held out"]
    cols += [f"{a} F1 ({b})" for a in ("micro", "macro") for b in ("full", "LOAO")]
    return pd.DataFrame(rows, columns=cols).round(3)


def summary_scores(frames: pd.DataFrame, codebook: Codebook) -> dict[str, float]:
    """Micro and macro F1, full and LOAO, and primary-frame accuracy of the tagger."""
    out = {}
    for name, method in (("full", "lexicon"), ("loao", "lexicon_loao")):
        s = scores(frames, codebook, method).set_index("frame")
        out[f"micro_f1_{name}"] = float(s.loc["micro", "f1"])
        out[f"macro_f1_{name}"] = float(s.loc["macro", "f1"])
        out[f"micro_p_{name}"] = float(s.loc["micro", "precision"])
        out[f"micro_r_{name}"] = float(s.loc["micro", "recall"])
        g, p = primaries(frames, "manual"), primaries(frames, method)
        out[f"primary_accuracy_{name}"] = float((g == p.reindex(g.index)).mean())
    return out


def _strings(frames: pd.DataFrame) -> pd.DataFrame:
    """Empty text cells as '' (``processed.load`` reads them as NaN)."""
    cols = ["pattern_ids", "negated_pattern_ids", "evidence"]
    return frames.assign(**{c: frames[c].fillna("").astype(str) for c in cols if c in frames})


def errors_table(frames: pd.DataFrame, codebook: Codebook, pred: str = "lexicon") -> pd.DataFrame:
    """Every false positive and false negative of ``pred`` against the manual coding, with the sentence,
    the pattern ids that fired (false positives) or the tagger's labels (false negatives), the coder's note."""
    frames = _strings(frames)
    man = frames[frames["method"] == "manual"]
    note = man.drop_duplicates("sent_id").set_index("sent_id")
    sids = _sent_ids(frames)
    g = presence(frames, "manual", codebook.frame_ids, sids)
    p = presence(frames, pred, codebook.frame_ids, sids)
    pf = frames[frames["method"] == pred]
    ids = pf.set_index(["sent_id", "frame"])["pattern_ids"].to_dict()
    got = pf[pf["frame"] != NONE].groupby("sent_id")["frame"].agg(lambda x: ", ".join(x)).to_dict()
    rows = []
    for i, s in enumerate(sids):
        for j, f in enumerate(codebook.frame_ids):
            if g[i, j] == p[i, j]:
                continue
            fp = bool(p[i, j])
            rows.append(
                {
                    "sent_id": s,
                    "error": "false positive" if fp else "false negative",
                    "frame": codebook.label(f),
                    "pattern ids": ids.get((s, f), "") if fp else f"(tagger: {got.get(s, 'none')})",
                    "sentence": note.loc[s, "text"],
                    "manual note": note.loc[s, "evidence"],
                }
            )
    return pd.DataFrame(rows, columns=["sent_id", "error", "frame", "pattern ids", "sentence", "manual note"])


def error_counts(frames: pd.DataFrame, codebook: Codebook, documents: pd.DataFrame) -> pd.DataFrame:
    """False positives and negatives per hand-coded text, with the full lexicon and leave-one-article-out."""
    labels = outlet_labels(documents)
    documents = coded_documents(documents, frames)
    out = pd.DataFrame({"text": [labels[d] for d in documents["doc_id"]]})
    for method, name in (("lexicon", "full lexicon"), ("lexicon_loao", "LOAO")):
        e = errors_table(frames, codebook, method)
        e["doc_id"] = e["sent_id"].str.rsplit("-s", n=1).str[0]
        c = e.groupby(["doc_id", "error"]).size().unstack(fill_value=0)
        c = c.reindex(index=documents["doc_id"], columns=["false positive", "false negative"], fill_value=0)
        out[f"false positives ({name})"] = c["false positive"].to_numpy()
        out[f"false negatives ({name})"] = c["false negative"].to_numpy()
    return out


def _coding_sets(coding: pd.DataFrame) -> tuple[pd.Series, dict[str, set[str]]]:
    prim = coding.set_index("sent_id")["primary_frame"]
    sets = {
        r.sent_id: ({r.primary_frame} - {NONE}) | {x for x in r.secondary_frames.split(";") if x}
        for r in coding.itertuples()
    }
    return prim, sets


def _frames_as_coding(frames: pd.DataFrame, method: str) -> pd.DataFrame:
    """``method``'s rows of frames.csv as a coding (sent_id, primary_frame, secondary_frames, note)."""
    f = _strings(frames[frames["method"] == method])
    rows = []
    for s, g in f.groupby("sent_id", sort=False):
        prim = g.loc[g["role"] == "primary"].iloc[0]
        sec = ";".join(g.loc[g["role"] == "secondary", "frame"])
        rows.append(
            {"sent_id": s, "primary_frame": prim["frame"], "secondary_frames": sec, "note": prim["evidence"]}
        )
    return pd.DataFrame(rows, columns=["sent_id", "primary_frame", "secondary_frames", "note"])


def agreement(a: pd.DataFrame, b: pd.DataFrame, codebook: Codebook) -> dict:
    """Alpha on primary frames and per-frame presence alpha for two codings (columns sent_id,
    primary_frame, secondary_frames), over the sentences both coded."""
    pa, sa = _coding_sets(a)
    pb, sb = _coding_sets(b)
    common = [s for s in pa.index if s in pb.index]
    per_frame = {
        f: alpha_nominal([str(f in sa[s]) for s in common], [str(f in sb[s]) for s in common])
        for f in codebook.frame_ids
    }
    tp = sum(len(sa[s] & sb[s]) for s in common)
    n = sum(len(sa[s]) + len(sb[s]) for s in common)
    return {
        "units": len(common),
        "alpha_primary": alpha_nominal([pa[s] for s in common], [pb[s] for s in common]),
        "primary_agreement": float(np.mean([pa[s] == pb[s] for s in common])) if common else float("nan"),
        "label_f1": 2 * tp / n if n else float("nan"),
        "per_frame": per_frame,
    }


def _codings(frames: pd.DataFrame, coder2: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    out = {"coder 1": _frames_as_coding(frames, "manual")}
    if coder2 is not None:
        out["coder 2"] = coder2
    out["tagger (full lexicon)"] = _frames_as_coding(frames, "lexicon")
    out["tagger (leave-one-article-out)"] = _frames_as_coding(frames, "lexicon_loao")
    return out


def _pairs(codings: dict[str, pd.DataFrame]) -> list[tuple[str, str]]:
    humans = [c for c in codings if c.startswith("coder")]
    pairs = [("coder 2", "coder 1")] if len(humans) == 2 else []
    return pairs + [(tg, h) for h in humans for tg in codings if tg.startswith("tagger")]


def agreement_table(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) on the primary frame, % identical primaries and label-set F1 for
    coder 2 vs. coder 1 (when the second coding exists) and the tagger vs. each coder, over all body
    sentences and over those the codebook does not quote as examples."""
    codings = _codings(frames, coder2)
    rows = []
    for a, b in _pairs(codings):
        for subset in ("all body sentences", "not quoted in the codebook"):
            ca, cb = codings[a], codings[b]
            if subset != "all body sentences":
                ca, cb = (c[~c["sent_id"].isin(codebook.quoted)] for c in (ca, cb))
            r = agreement(cb, ca, codebook)
            rows.append(
                {
                    "comparison": f"{a} vs. {b}",
                    "sentences": subset,
                    "n": r["units"],
                    "alpha, primary frame": r["alpha_primary"],
                    "% same primary": round(100 * r["primary_agreement"], 1),
                    "label-set F1": r["label_f1"],
                    "mean per-frame alpha": float(np.nanmean(list(r["per_frame"].values()))),
                }
            )
    return pd.DataFrame(rows).round(3)


def frame_alpha_table(frames: pd.DataFrame, codebook: Codebook, coder2: pd.DataFrame | None) -> pd.DataFrame:
    """Per-frame presence alpha (is the frame in the sentence's label set?) for each comparison."""
    codings = _codings(frames, coder2)
    out = pd.DataFrame({"frame": [codebook.label(f) for f in codebook.frame_ids]})
    for a, b in _pairs(codings):
        r = agreement(codings[b], codings[a], codebook)
        out[f"{a} vs. {b}"] = [r["per_frame"][f] for f in codebook.frame_ids]
    return out.round(3)


def _label(r: pd.Series) -> str:
    sec = [x for x in str(r["secondary_frames"]).split(";") if x]
    return r["primary_frame"] + (f" (+ {', '.join(sec)})" if sec else "")


def disagreements_table(frames: pd.DataFrame, coder2: pd.DataFrame | None) -> pd.DataFrame:
    """Every sentence whose primary frame differs between the two coders, with both codes and notes
    (coder 1 as in frames.csv, so only sentences of hand-coded texts)."""
    cols = ["sent_id", "sentence", "coder 1", "coder 2", "coder 1 note", "coder 2 note"]
    if coder2 is None:
        return pd.DataFrame(columns=cols)
    man = frames[frames["method"] == "manual"].drop_duplicates("sent_id").set_index("sent_id")
    c1 = _frames_as_coding(frames, "manual").set_index("sent_id")
    c2 = coder2.set_index("sent_id")
    rows = []
    for s in c2.index:
        if s in c1.index and c1.loc[s, "primary_frame"] != c2.loc[s, "primary_frame"]:
            rows.append(
                {
                    "sent_id": s,
                    "sentence": man.loc[s, "text"],
                    "coder 1": _label(c1.loc[s]),
                    "coder 2": _label(c2.loc[s]),
                    "coder 1 note": c1.loc[s, "note"],
                    "coder 2 note": c2.loc[s, "note"],
                }
            )
    return pd.DataFrame(rows, columns=cols)


def alpha_class(alpha: float) -> str:
    """Krippendorff's conventional reading of an alpha value, from the cut-offs ``ALPHA_RELIABLE`` and
    ``ALPHA_TENTATIVE`` (so prose never types a verdict such as 'very high')."""
    if np.isnan(alpha):
        return "undefined"
    if alpha >= ALPHA_RELIABLE:
        return "reliable"
    if alpha >= ALPHA_TENTATIVE:
        return "tentatively acceptable"
    return f"below {ALPHA_TENTATIVE}, not acceptable"
