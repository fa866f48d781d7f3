"""Notebook 01, Policy Frames Codebook section: scores side by side, coder agreement, profiles, prose."""

from __future__ import annotations

import numpy as np
import pandas as pd

from minusma_lib.core.labels import outlet_labels
from minusma_lib.core.rng import keyed_rng
from minusma_lib.corpus.cleaning import BODY_KINDS
from minusma_lib.report.text import esc, join, plural
from minusma_lib.validate.frames_pfc import (
    alpha_per_code,
    code_sets,
    design_name,
    domain_frames_on,
    fixture_training_counts,
    load_model_config,
    micro_f1,
    most_frequent_code,
    predicted_sets,
)
from minusma_lib.validate.heldout import SET_ROLES

SEED = 20230630  # the day Resolution 2690 was adopted
N_BOOT = 2000


def _mapped_lexicon(frames: pd.DataFrame, method: str) -> pd.DataFrame:
    """The domain-frame rows of ``frames.csv`` as PFC codes (each domain frame's codebook mapping)."""
    rows = frames[(frames["method"] == method) & frames["pfc_code"].notna()].copy()
    rows["pfc_code"] = rows["pfc_code"].astype(int)
    return rows


def _score(design: str, evaluation: str, m: dict) -> dict:
    return {
        "design": design,
        "evaluation": evaluation,
        "micro-F1 (PFC 1-14)": round(m["micro_f1"], 2),
        "primary-code accuracy": round(m["primary_accuracy"], 2),
        "sentences": m["n_sentences"],
    }


FIXTURE_GROUPS = (("development", "development"), ("untouched", "untouched"))
MODEL_MICRO, MODEL_PRIMARY = "micro-F1, PFC 1-14", "primary-code accuracy"
BASE_MICRO = "micro-F1, baseline (the seeds' most frequent code)"
BASE_PRIMARY = "primary-code accuracy, baseline (the seeds' most frequent code)"
LEXICON_MICRO = "micro-F1, domain lexicon mapped to PFC (design not kept)"


def fixture_groups(heldout: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """The fixture sets with frames coding that do not train the model, by role: ("development", [sets]),
    ("untouched", [sets])."""
    trained = {str(x) for x in load_model_config()["training"].get("fixture_sets") or []}
    sets = sorted(set(heldout.loc[heldout["analysis"] == "frames", "fixture_set"]) - trained)
    out = []
    for label, role in FIXTURE_GROUPS:
        mine = [x for x in sets if SET_ROLES.get(x, "").startswith(role)]
        if mine:
            out.append((label, mine))
    return out


def pooled(heldout: pd.DataFrame, measure: str, sets: list[str]) -> tuple[float, int]:
    """A frames measure pooled over ``sets`` (hits and items added), and its number of items."""
    r = heldout[(heldout["analysis"] == "frames") & (heldout["measure"] == measure)]
    r = r[r["fixture_set"].isin(sets)]
    hits, n = float(r["hits"].sum()), int(r["n"].sum())
    return (hits / n if n else float("nan")), n


def _fixture_row(design: str, group: str, sets: list[str], micro: float, primary: float, n: int) -> dict:
    """A row of fixture scores pooled over a group of sets (``heldout_scores.csv``)."""
    return {
        "design": design,
        "evaluation": f"frozen fixtures, {group} ({', '.join(sets)})",
        "micro-F1 (PFC 1-14)": round(micro, 2),
        "primary-code accuracy": round(primary, 2),
        "sentences": n,
    }


def method_scores_table(
    gold: pd.DataFrame, frames_pfc: pd.DataFrame, frames: pd.DataFrame, heldout: pd.DataFrame, codes
) -> pd.DataFrame:
    """Each design against the blind coding: in-sample, leave-one-article-out and on the frozen fixtures,
    beside the most-frequent-code baseline."""
    guess = most_frequent_code(gold)
    gold = gold[gold["sent_id"].isin(set(frames_pfc["sent_id"]))]  # the coded texts of this corpus
    g = code_sets(gold)
    loao_base = {}
    for d in dict.fromkeys(gold["doc_id"]):
        others = gold[gold["doc_id"] != d]
        code = most_frequent_code(others) if len(others) else guess
        loao_base.update({s: (code,) for s in gold.loc[gold["doc_id"] == d, "sent_id"]})
    kept, other = design_name(domain_frames_on()), design_name(not domain_frames_on())
    fixture_rows = []
    for group, sets in fixture_groups(heldout):
        primary, n_fx = pooled(heldout, MODEL_PRIMARY, sets)
        nan = float("nan")
        fixture_rows += [
            _fixture_row(f"{kept} (kept)", group, sets, pooled(heldout, MODEL_MICRO, sets)[0], primary, n_fx),
            _fixture_row(
                other,
                group,
                sets,
                pooled(heldout, f"micro-F1, {other} (design not kept)", sets)[0],
                nan,
                n_fx,
            ),
            _fixture_row(
                "domain lexicon mapped to PFC",
                group,
                sets,
                pooled(heldout, LEXICON_MICRO, sets)[0],
                nan,
                n_fx,
            ),
            _fixture_row(
                "most frequent code of the seeds",
                group,
                sets,
                pooled(heldout, BASE_MICRO, sets)[0],
                pooled(heldout, BASE_PRIMARY, sets)[0],
                n_fx,
            ),
        ]
    rows = [
        _score(f"{kept} (kept)", "in-sample", micro_f1(g, predicted_sets(frames_pfc, "model"), codes)),
        _score(
            f"{kept} (kept)",
            "leave-one-article-out",
            micro_f1(g, predicted_sets(frames_pfc, "model_loao"), codes),
        ),
        _score(other, "in-sample", micro_f1(g, predicted_sets(frames_pfc, "other_model"), codes)),
        _score(
            other, "leave-one-article-out", micro_f1(g, predicted_sets(frames_pfc, "other_model_loao"), codes)
        ),
        _score(
            "domain lexicon mapped to PFC",
            "in-sample",
            micro_f1(g, predicted_sets(_mapped_lexicon(frames, "lexicon"), "lexicon"), codes),
        ),
        _score(
            "domain lexicon mapped to PFC",
            "leave-one-article-out",
            micro_f1(g, predicted_sets(_mapped_lexicon(frames, "lexicon_loao"), "lexicon_loao"), codes),
        ),
        _score(f"most frequent code ({guess})", "in-sample", micro_f1(g, {s: (guess,) for s in g}, codes)),
        _score(
            "most frequent code of the other articles", "leave-one-article-out", micro_f1(g, loao_base, codes)
        ),
        _score(
            "project's own domain coding mapped to PFC",
            "agreement with the blind coding",
            micro_f1(g, predicted_sets(_mapped_lexicon(frames, "manual"), "manual"), codes),
        ),
    ]
    return pd.DataFrame(rows + fixture_rows)


def method_scores_prose(table: pd.DataFrame, target: float) -> str:
    """Which design generalises better, from the leave-one-article-out and fixture rows (the untouched
    fixture sets when there are any, else the development ones)."""

    def get(design: str, evaluation: str) -> float:
        r = table[table["design"].str.startswith(design) & table["evaluation"].str.startswith(evaluation)]
        return float(r["micro-F1 (PFC 1-14)"].iloc[0])

    designs = [d for d in dict.fromkeys(table["design"]) if d.startswith(("linear model", "domain lexicon"))]
    loao = {d: get(d, "leave-one-article-out") for d in designs}
    fixture_evals = [e for e in dict.fromkeys(table["evaluation"]) if e.startswith("frozen fixtures")]
    kept = next(d for d in designs if d.endswith("(kept)"))
    best = max(loao, key=loao.get)
    text = (
        "Leave-one-article-out, micro-F1 on PFC codes 1-14: "
        + join(f"{esc(d.removesuffix(' (kept)'))} {loao[d]:.2f}" for d in designs)
        + f". The design kept is the {esc(kept.removesuffix(' (kept)'))}"
        + (
            " (the best leave-one-article-out score; design choices were made on that score and on development "
            "fixture sets, never on an untouched one; `data/codebooks/pfc_model.yaml` logs each). "
            if best == kept
            else f", although the {esc(best)} scores higher leave-one-article-out. "
        )
    )
    for e in fixture_evals:
        fixtures = {d: get(d, e) for d in designs}
        text += (
            f"On the {esc(e.removeprefix('frozen '))}: "
            + join(f"{esc(d.removesuffix(' (kept)'))} {fixtures[d]:.2f}" for d in designs)
            + f", and always guessing the seeds' most frequent code {get('most frequent code of the seeds', e):.2f}. "
        )
    strict = join(f"{get(kept, e):.2f} ({e.split('(')[-1].rstrip(')')})" for e in fixture_evals)
    if loao[kept] < target:
        text += (
            f"The kept design does not reach the study's target of {target:.2f} leave-one-article-out: the PFC "
            "shares below are estimates of a method that is right on about half of the code assignments, and are "
            "not validated findings."
        )
    else:
        text += f"The kept design reaches the study's target of {target:.2f} leave-one-article-out" + (
            (
                f"; out of sample, on articles written for testing that do not train it, it scores {esc(strict)}, "
                "so the shares below are estimates whose errors are larger on unseen text than on the seeds."
            )
            if fixture_evals
            else "; no fixture set outside its training data has frames coding, so there is no out-of-sample "
            "figure beyond the first scorings below."
        )
    return text


def agreement_table(
    coder1: pd.DataFrame, coder2: pd.DataFrame | None, labels: dict[str, str], codes
) -> pd.DataFrame:
    """Krippendorff's alpha per PFC code between the two blind coders (empty without a second coding)."""
    if coder2 is None:
        return pd.DataFrame(columns=["code", "label", "alpha", "coder 1 sentences", "coder 2 sentences"])
    t = alpha_per_code(coder1, coder2, codes)
    return pd.DataFrame(
        {
            "code": t["code"],
            "label": [labels.get(c, "primary code (nominal)") for c in t["code"]],
            "alpha": t["alpha"].round(2),
            "coder 1 sentences": t["n_a"],
            "coder 2 sentences": t["n_b"],
        }
    )


def agreement_prose(coder1: pd.DataFrame, coder2: pd.DataFrame | None, table: pd.DataFrame) -> str:
    if coder2 is None:
        return (
            "No second blind coding of the seeds is committed yet (`data/annotations/frames_pfc_coder2.csv`), so "
            "the reliability of the PFC coding itself is not measured; the scores above compare the model with one coder."
        )
    prim = float(table.loc[table["code"] == "primary", "alpha"].iloc[0])
    per = table[table["code"] != "primary"].dropna(subset=["alpha"])
    low = per[per["alpha"] < 0.667]
    return (
        f"Two coders coded the same {plural(int(len(set(coder1['sent_id']) & set(coder2['sent_id']))), 'sentence')} blind, "
        f"from the codebook alone. Krippendorff's alpha on the primary code is {prim:.2f}. "
        + (
            f"Codes below 0.667 (the usual threshold for tentative conclusions): {join(f'{r.label} ({r.alpha:.2f})' for r in low.itertuples())}."
            if len(low)
            else "Every code reaches 0.667."
        )
    )


def fixture_agreement_table(pairs: dict[str, tuple[pd.DataFrame, pd.DataFrame]], codes) -> pd.DataFrame:
    """Per fixture set coded twice, blind: how far the second coder agrees with the first (label-set
    micro-F1 on ``codes``, as the model is scored, and alpha on the primary code)."""
    rows = []
    for name, (first, second) in pairs.items():
        m = micro_f1(code_sets(first), code_sets(second), codes)
        alpha = alpha_per_code(first, second, codes)
        rows.append(
            {
                "fixture set": name,
                "sentences": int(m["n_sentences"]),
                "micro-F1, PFC 1-14": round(float(m["micro_f1"]), 2),
                "primary-code alpha": round(float(alpha.loc[alpha["code"] == "primary", "alpha"].iloc[0]), 2),
            }
        )
    return pd.DataFrame(
        rows, columns=["fixture set", "sentences", "micro-F1, PFC 1-14", "primary-code alpha"]
    )


def fixture_agreement_prose(table: pd.DataFrame) -> str:
    """How far two blind coders agree on the fixture articles: the ceiling the model's fixture scores are read against."""
    if table.empty:
        return "No fixture set has a second blind PFC coding yet, so coders' agreement on the fixture articles is not measured."
    each = join(
        f"{r['fixture set']} ({plural(int(r['sentences']), 'sentence')}): micro-F1 {r['micro-F1, PFC 1-14']:.2f}, "
        f"alpha on the primary code {r['primary-code alpha']:.2f}"
        for _, r in table.iterrows()
    )
    return (
        f"A second coder coded fixture articles again, blind (the codebook, the earlier blind coder's decision rules "
        f"and the sentences only): {each}. Scored like the model (the first coder as gold), this is how far two "
        "coders of these texts agree, the ceiling against which the model's fixture scores above are read. Both "
        "coders are helper sessions of one kind, so their agreement may be higher than two human coders' would be."
    )


def pfc_summary(
    frames_pfc: pd.DataFrame, sentences: pd.DataFrame, labels: dict[str, str], method: str = "model"
) -> pd.DataFrame:
    """Per text and PFC code: share of body sentences the method gives the code (primary or secondary),
    with a 95% bootstrap interval over the text's sentences (seeded per text)."""
    body = sentences[sentences["block_kind"].isin(BODY_KINDS)]
    rows = frames_pfc[frames_pfc["method"] == method]
    out = []
    for d, sids in body.groupby("doc_id", sort=False)["sent_id"]:
        have = rows[rows["doc_id"] == d]
        sets = have.groupby("sent_id")["pfc_code"].apply(lambda s: {str(c) for c in s}).to_dict()
        m = np.array([[c in sets.get(s, set()) for c in labels] for s in sids], dtype=float)
        rng = keyed_rng(SEED, d, "pfc")
        idx = rng.integers(0, len(m), size=(N_BOOT, len(m)))
        boots = m[idx].mean(axis=1)
        lo, hi = np.percentile(boots, 2.5, axis=0), np.percentile(boots, 97.5, axis=0)
        for j, c in enumerate(labels):
            out.append(
                {
                    "method": method,
                    "doc_id": d,
                    "frame": c,
                    "n_sentences": int(m[:, j].sum()),
                    "n_body_sentences": len(m),
                    "share": m[:, j].mean(),
                    "share_low": lo[j],
                    "share_high": hi[j],
                }
            )
    return pd.DataFrame(out)


def pfc_profile_table(summary: pd.DataFrame, documents: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Shares per text (columns) and code (rows), as 'share % [low–high]'."""
    names = outlet_labels(documents)
    cell = summary.assign(
        cell=[
            f"{100 * s:.0f}% [{100 * lo:.0f}–{100 * hi:.0f}]"
            for s, lo, hi in zip(summary["share"], summary["share_low"], summary["share_high"], strict=True)
        ]
    )
    t = cell.pivot(index="frame", columns="doc_id", values="cell").reindex(list(labels))
    t = t[[d for d in names if d in t.columns]]
    t.columns = [names[d] for d in t.columns]
    t.insert(0, "PFC dimension", [f"{c} {labels[c]}" for c in t.index])
    return t.reset_index(drop=True)


def pfc_profile_prose(summary: pd.DataFrame, documents: pd.DataFrame, labels: dict[str, str]) -> str:
    """Each text's most frequent code by the model, and whether its interval separates it from the next."""
    names = outlet_labels(documents)
    parts = []
    for d, g in summary.groupby("doc_id", sort=False):
        g = g.sort_values("share", ascending=False, kind="stable")
        top, second = g.iloc[0], g.iloc[1]
        sep = top["share_low"] > second["share_high"]
        parts.append(
            f"{names.get(d, d)}: {labels[top['frame']]} ({100 * top['share']:.0f}%"
            + (
                ""
                if sep
                else f", not separated from {labels[second['frame']]} at {100 * second['share']:.0f}%"
            )
            + ")"
        )
    return (
        "Most frequent PFC dimension by the model, per text (share of body sentences): "
        + "; ".join(parts)
        + "."
    )


def _fixture_training_prose(counts: dict[str, tuple[int, int]]) -> str:
    """The development fixture sets that train the model, with the sentences each gives and, when some
    of a set's coded sentences are no longer pipeline sentences, how many cannot train it."""
    if not counts:
        return ""
    used = join(f"{name} ({n:,})" for name, (n, _) in counts.items())
    lost = [f"{plural(k, 'coded sentence')} of set {name}" for name, (_, k) in counts.items() if k]
    one = sum(k for _, k in counts.values()) == 1
    what = "is no longer a sentence" if one else "are no longer sentences"
    return (
        f" and {sum(n for n, _ in counts.values()):,} sentences of development fixture "
        + ("sets " if len(counts) > 1 else "set ")
        + used
        + (f" ({join(lost)} {what} of the pipeline after later cleaning and cannot train it)" if lost else "")
    )


def limitations_prose(gold: pd.DataFrame, coder2: pd.DataFrame | None, table: pd.DataFrame) -> str:
    """What the PFC results rest on, computed from the coding and the scores."""
    fixtures = table[
        table["evaluation"].str.startswith("frozen fixtures") & table["design"].str.endswith("(kept)")
    ]
    fx = fixtures.iloc[-1] if len(fixtures) else None  # the untouched sets when there are any
    n_docs = gold["doc_id"].nunique()
    return (
        f"The PFC model learns from {plural(len(gold), 'sentence')} of {plural(n_docs, 'text')}"
        + _fixture_training_prose(fixture_training_counts())
        + ", coded by "
        + (
            "blind coders (no second coding is committed, so the coding's own reliability is unmeasured)"
            if coder2 is None
            else "blind coders, with a second blind coding of the seeds for agreement"
        )
        + (
            f"; on articles it never saw ({esc(fx['evaluation'].removeprefix('frozen '))}) it reaches a micro-F1 "
            f"of {fx['micro-F1 (PFC 1-14)']:.2f} on the code assignments, so its shares per text are estimates "
            "with an error larger than their bootstrap intervals show. "
            if fx is not None
            else "; no fixture article with frames coding scores it out of sample here. "
        )
        + "The codebook's definitions are quoted from secondary sources (page numbers unverified; `data/codebooks/pfc.yaml`)."
    )
