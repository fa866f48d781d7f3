"""Policy Frames Codebook (PFC) coding: loading it, training the frame model on it, scoring, agreement.

The gold standard is a blind PFC coding of the seeds (``data/annotations/frames_pfc_coder1.csv``; who
coded it and how: its ``_README.md``). Every score compares code sets per sentence: the primary code
plus the secondary codes, PFC 1-14 (``data/codebooks/pfc_model.yaml``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError, ManualCodingError
from minusma_lib.core.paths import data_dir, project_root, seeds_dir
from minusma_lib.corpus.annotate import annotate, sent_id, sentence_spans
from minusma_lib.corpus.seeds import load_corpus
from minusma_lib.extract.frame_features import domain_frame_sets, sentence_features
from minusma_lib.extract.frame_model import SETTING_KEYS, FrameModel, fit_frame_model, predict_frames
from minusma_lib.extract.frame_rules import Lexicon, study_rules
from minusma_lib.extract.frames import shared_tagger
from minusma_lib.validate.agreement import alpha_nominal

CODING_COLUMNS = ("sent_id", "doc_id", "primary", "secondary", "note")
ALL_CODES = tuple(str(c) for c in range(1, 16))


def model_config_path() -> Path:
    return data_dir() / "codebooks" / "pfc_model.yaml"


def load_model_config(path: Path | None = None) -> dict:
    """The model's training files, settings and scored codes, checked."""
    path = path or model_config_path()
    spec = check_keys(load_yaml(path), path, "top level", ("training", "features", "settings", "scores"))
    features = check_keys(spec["features"], path, "features", ("domain_frames",))
    if not isinstance(features["domain_frames"], bool):
        raise ConfigError(
            f"{path}: features.domain_frames = {features['domain_frames']!r}; fix: true or false."
        )
    training = check_keys(spec["training"], path, "training", ("gold",), ("second_coder", "fixture_sets"))
    for name in training.get("fixture_sets") or []:
        from minusma_lib.validate.heldout import SET_ROLES  # heldout imports this module

        if not SET_ROLES.get(str(name), "").startswith("development"):
            raise ConfigError(
                f"{path}: training.fixture_sets lists {name!r}, which is not a development fixture set; "
                "an untouched or held-out set must never train the model. Fix: remove it."
            )
    settings = check_keys(spec["settings"], path, "settings", SETTING_KEYS)
    for key, value in settings.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise ConfigError(f"{path}: settings.{key} = {value!r}; fix: a non-negative number.")
    scores = check_keys(spec["scores"], path, "scores", ("codes", "target_loao"))
    codes = [str(c) for c in scores["codes"]]
    if not codes or any(c not in ALL_CODES for c in codes):
        raise ConfigError(f"{path}: scores.codes must list PFC codes 1-15; got {codes}.")
    target = scores["target_loao"]
    if not isinstance(target, float) or not 0 < target <= 1:
        raise ConfigError(f"{path}: scores.target_loao = {target!r}; fix: a micro-F1 between 0 and 1.")
    return {**spec, "scores": {"codes": tuple(codes), "target_loao": target}}


def pfc_labels() -> dict[str, str]:
    """PFC code -> label, from the codebook (``data/codebooks/pfc.yaml``)."""
    return {str(e["code"]): str(e["label"]) for e in load_yaml(data_dir() / "codebooks" / "pfc.yaml")}


def load_pfc_coding(path: Path, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """A PFC coding file, checked row by row (codes 1-15, each once per sentence, sentence ids that
    exist in ``sentences`` and belong to the row's document); errors name the file, row and fix."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in CODING_COLUMNS[:4] if c not in df.columns]
    if missing:
        raise ManualCodingError(
            f"{path}: missing column(s) {', '.join(missing)}; fix: use the header {','.join(CODING_COLUMNS)}."
        )
    if "note" not in df.columns:
        df["note"] = ""
    known = None if sentences is None else set(sentences["sent_id"])
    problems = []
    for n, r in enumerate(df.itertuples(), start=2):
        secondary = [s for s in r.secondary.split(";") if s]
        if r.primary not in ALL_CODES:
            problems.append(f"row {n} ({r.sent_id}): primary {r.primary!r} is not a PFC code 1-15")
        if (
            any(s not in ALL_CODES for s in secondary)
            or r.primary in secondary
            or len(set(secondary)) != len(secondary)
        ):
            problems.append(
                f"row {n} ({r.sent_id}): secondary {r.secondary!r} must be ';'-separated PFC codes, each once, without the primary"
            )
        if not r.sent_id.startswith(f"{r.doc_id}-s"):
            problems.append(f"row {n} ({r.sent_id}): the sent_id does not belong to doc_id {r.doc_id!r}")
        elif known is not None and r.sent_id not in known:
            problems.append(f"row {n} ({r.sent_id}): not a sentence of this corpus's sentences table")
    dup = df.loc[df["sent_id"].duplicated(), "sent_id"]
    problems += [f"sent_id {s} is coded twice" for s in dup]
    if problems:
        raise ManualCodingError(
            f"{path}: "
            + "; ".join(problems)
            + ". Fix: correct these rows (codebook: data/codebooks/pfc.yaml)."
        )
    return df[list(CODING_COLUMNS)].reset_index(drop=True)


def code_sets(coding: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each sentence's codes, primary first."""
    return {r.sent_id: (r.primary, *[s for s in r.secondary.split(";") if s]) for r in coding.itertuples()}


def micro_f1(
    gold: dict[str, Sequence[str]], predicted: dict[str, Sequence[str]], codes: Sequence[str]
) -> dict:
    """Micro-averaged precision, recall and F1 of code sets over the sentences of ``gold``, and the
    accuracy of the primary (first) code; a sentence missing from ``predicted`` counts as no code."""
    tp = fp = fn = hits = 0
    keep = set(codes)
    for sid, want in gold.items():
        got = predicted.get(sid, ())
        w, g = set(want) & keep, set(got) & keep
        tp, fp, fn = tp + len(w & g), fp + len(g - w), fn + len(w - g)
        hits += bool(got) and got[0] == want[0]
    return {
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
        "micro_f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan"),
        "primary_accuracy": hits / len(gold) if gold else float("nan"),
        "n_sentences": len(gold),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "primary_hits": hits,
    }


def most_frequent_code(coding: pd.DataFrame) -> str:
    """The most frequent primary code (ties: the lower code), the trivial baseline's guess."""
    counts = Counter(coding["primary"])
    return min(counts, key=lambda c: (-counts[c], int(c)))


def alpha_per_code(a: pd.DataFrame, b: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) between two codings on the sentences both coded: for the primary
    code, and for each code's presence (primary or secondary) in a sentence."""
    sa, sb = code_sets(a), code_sets(b)
    shared = sorted(set(sa) & set(sb))
    rows = [
        {
            "code": "primary",
            "alpha": alpha_nominal([sa[s][0] for s in shared], [sb[s][0] for s in shared]),
            "n_a": len(shared),
            "n_b": len(shared),
            "n_sentences": len(shared),
        }
    ]
    for c in codes:
        pa = ["yes" if c in sa[s] else "no" for s in shared]
        pb = ["yes" if c in sb[s] else "no" for s in shared]
        rows.append(
            {
                "code": c,
                "alpha": alpha_nominal(pa, pb),
                "n_a": pa.count("yes"),
                "n_b": pb.count("yes"),
                "n_sentences": len(shared),
            }
        )
    return pd.DataFrame(rows)


# --- the model's training set: the committed seeds and their blind coding ----------------------


def _resolve(path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else project_root() / p


def domain_lexicon() -> Lexicon:
    """The domain-frame lexicon whose tags the model may use as features (the study's, shared with the
    frames stage)."""
    return study_rules()[1]


def domain_frames_on(domain_frames: bool | None = None) -> bool:
    """Whether the design uses domain-frame features: ``domain_frames``, else the kept design's setting."""
    return load_model_config()["features"]["domain_frames"] if domain_frames is None else domain_frames


def design_name(domain_frames: bool) -> str:
    return "linear model, words and domain frames" if domain_frames else "linear model, words only"


def features_of(
    doc, spans, without_doc: str | None = None, domain_frames: bool | None = None
) -> list[list[str]]:
    """The model's features for sentences ``spans`` of ``doc``. With domain-frame features on, the tags
    come from the lexicon without the entries written on ``without_doc`` (leave-one-article-out: no
    entry motivated by the held-out article informs its fold, in training or in testing)."""
    if not domain_frames_on(domain_frames):
        return [sentence_features(s) for s in spans]
    lexicon = domain_lexicon()
    within = lexicon.without_source(without_doc) if without_doc else lexicon
    tags = domain_frame_sets(shared_tagger(lexicon, every_entry=True), doc, spans, within)
    return [sentence_features(s, t) for s, t in zip(spans, tags, strict=True)]


@lru_cache(maxsize=1)
def _seed_corpus():
    return annotate(load_corpus(seeds_dir()), progress=False, check_rules=False)


@cache
def training_set(
    without_doc: str | None = None, domain_frames: bool | None = None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """(sent_ids, doc_ids, features, code sets) of every coded seed sentence, in corpus order. Always
    the committed study's seeds, whatever corpus is being tagged: the model is trained once per process.
    ``without_doc``: the features of a leave-one-article-out fold (see :func:`features_of`)."""
    config = load_model_config()
    ac = _seed_corpus()
    coding = code_sets(load_pfc_coding(_resolve(config["training"]["gold"]), ac.sentences()))
    ids, docs, feats, labels = [], [], [], []
    for ad in ac:
        spans = list(sentence_spans(ad))
        coded = [(sent_id(ad.doc_id, i), s) for i, s in enumerate(spans) if sent_id(ad.doc_id, i) in coding]
        feats_of = features_of(ad.doc, [s for _, s in coded], without_doc, domain_frames)
        for (sid, _), f in zip(coded, feats_of, strict=True):
            ids.append(sid), docs.append(ad.doc_id), feats.append(tuple(f)), labels.append(coding[sid])
    for name in config["training"].get("fixture_sets") or []:
        for sid, doc, f, lab in _fixture_items(str(name), without_doc, domain_frames):
            ids.append(sid), docs.append(doc), feats.append(f), labels.append(lab)
    return tuple(ids), tuple(docs), tuple(feats), tuple(labels)


def coded_sentence_key(coded: pd.DataFrame) -> dict[tuple[str, int, int], str]:
    """(doc_id, raw start, raw end) -> the sentence id a coder saw (``frames_pfc_sentences.csv``): a coding
    stays tied to its sentence by raw offsets when later cleaning renumbers the sentences."""
    return {(r.doc_id, int(r.start), int(r.end)): r.sent_id for r in coded.itertuples()}


@cache
def _fixture_corpus(name: str):
    from minusma_lib.validate.heldout import heldout_dir  # heldout imports this module

    return annotate(load_corpus(heldout_dir(name) / "corpus"), progress=False, check_rules=False)


def _fixture_items(name: str, without_doc: str | None, domain_frames: bool | None) -> list[tuple]:
    """(sent_id, doc_id, features, code set) of a development fixture set's blind-coded sentences, tied to
    the pipeline's sentences by raw offsets (``frames_pfc_sentences.csv``); ids and doc_ids are prefixed
    with the set ("A:h01") so they never meet a seed's. A coded span that is no longer a body sentence of
    the pipeline (later cleaning removed or split it) cannot train it; :func:`fixture_training_counts`
    counts them."""
    from minusma_lib.validate.heldout import heldout_dir

    folder = heldout_dir(name) / "annotations"
    coding = code_sets(pd.read_csv(folder / "frames_pfc.csv", dtype=str, keep_default_na=False))
    coded = pd.read_csv(folder / "frames_pfc_sentences.csv", dtype={"doc_id": str, "sent_id": str})
    key = coded_sentence_key(coded)
    ac = _fixture_corpus(name)
    table = ac.sentences().set_index("sent_id")
    out, found = [], set()
    for ad in ac:
        pick = []
        for i, span in enumerate(sentence_spans(ad)):
            row = table.loc[sent_id(ad.doc_id, i)]
            gold_id = key.get((ad.doc_id, int(row["start"]), int(row["end"])))
            if gold_id in coding:
                pick.append((gold_id, span))
        for (gid, _), f in zip(
            pick, features_of(ad.doc, [s for _, s in pick], without_doc, domain_frames), strict=True
        ):
            out.append((f"{name}:{gid}", f"{name}:{ad.doc_id}", tuple(f), coding[gid]))
            found.add(gid)
    return out


@cache
def trained_model(without_doc: str | None = None, domain_frames: bool | None = None) -> FrameModel:
    """The model trained on every coded seed sentence, or on all but one article's (leave-one-article-out)."""
    _, docs, feats, labels = training_set(without_doc, domain_frames)
    keep = [i for i, d in enumerate(docs) if d != without_doc]
    return fit_frame_model(
        [feats[i] for i in keep], [labels[i] for i in keep], load_model_config()["settings"]
    )


@cache
def fixture_training_counts() -> dict[str, tuple[int, int]]:
    """Per development fixture set that trains the model: (coded sentences used, coded sentences whose
    span is no longer a sentence of the pipeline and so cannot train it)."""
    from minusma_lib.validate.heldout import heldout_dir

    out = {}
    for name in load_model_config()["training"].get("fixture_sets") or []:
        n_coded = len(pd.read_csv(heldout_dir(str(name)) / "annotations" / "frames_pfc.csv", dtype=str))
        used = len(_fixture_items(str(name), None, None))
        out[str(name)] = (used, n_coded - used)
    return out


def training_docs() -> tuple[str, ...]:
    """The seed articles the model is trained on (fixture articles, prefixed "<set>:", are left out:
    leave-one-article-out is scored on the seeds)."""
    return tuple(d for d in dict.fromkeys(training_set()[1]) if ":" not in d)


def predicted_sets(frames_pfc: pd.DataFrame, method: str) -> dict[str, tuple[str, ...]]:
    """Code sets per sentence from ``frames_pfc.csv`` rows of one method, primary first."""
    rows = frames_pfc[frames_pfc["method"] == method]
    rows = rows.assign(_secondary=rows["role"] != "primary").sort_values("_secondary", kind="stable")
    out: dict[str, list[str]] = {}
    for r in rows.itertuples():
        out.setdefault(r.sent_id, []).append(str(r.pfc_code))
    return {k: tuple(v) for k, v in out.items()}


def scores_on(
    gold: pd.DataFrame, frames_pfc: pd.DataFrame, codes: Sequence[str], training: pd.DataFrame
) -> list[dict]:
    """In-sample, leave-one-article-out and most-frequent-code rows for the coded sentences of ``gold``."""
    g = code_sets(gold)
    rows = []
    for method, label in (
        ("model", "in-sample (trained on these articles)"),
        ("model_loao", "leave-one-article-out"),
    ):
        pred = predicted_sets(frames_pfc, method)
        if any(s in pred for s in g):
            rows.append({"method": "linear model", "evaluation": label, **micro_f1(g, pred, codes)})
    base = {s: (most_frequent_code(training),) for s in g}
    rows.append({"method": "most frequent code", "evaluation": "every sentence", **micro_f1(g, base, codes)})
    return rows


def predictions_for(
    features: Sequence[Sequence[str]], without_doc: str | None = None, domain_frames: bool | None = None
):
    """The model's predictions for sentences' features."""
    model = trained_model(without_doc, domain_frames)
    return predict_frames(model, features, load_model_config()["settings"])


def loao_predictions() -> dict[str, tuple[str, ...]]:
    """Each coded seed sentence predicted by the model trained without its article."""
    out = {}
    for d in training_docs():
        ids, docs, feats, _ = training_set(d)
        idx = [i for i, x in enumerate(docs) if x == d]
        for i, p in zip(idx, predictions_for([feats[i] for i in idx], without_doc=d), strict=True):
            out[ids[i]] = (p.primary, *p.secondary)
    return out


SECOND_CODING = "frames_pfc_coder2.csv"  # a fixture set's second blind PFC coding, in its annotations/


def fixture_second_codings() -> dict[str, tuple[pd.DataFrame, pd.DataFrame]]:
    """Per fixture set with a second blind PFC coding of its sentences (``annotations/frames_pfc_coder2.csv``,
    a coder who saw neither the first coding nor the model): (first coding, second coding)."""
    from minusma_lib.validate.heldout import fixture_sets, heldout_dir  # heldout imports this module

    out = {}
    for name in fixture_sets():
        folder = heldout_dir(name) / "annotations"
        if (folder / SECOND_CODING).is_file():
            out[name] = (load_pfc_coding(folder / "frames_pfc.csv"), load_pfc_coding(folder / SECOND_CODING))
    return out


def second_coder_path() -> Path | None:
    p = load_model_config()["training"].get("second_coder")
    return _resolve(p) if p and _resolve(p).is_file() else None


def gold_path() -> Path:
    return _resolve(load_model_config()["training"]["gold"])
