"""The kept author-stance design: a supervised sign per article × target (issue 12).

A cell is the bag of words of the author-voice sentences that mention a target (``stance_statements.csv``),
each word paired with the target ("minusma:so-called"), or with ``vocabulary: evaluative`` only the words of
a general evaluative lexicon; with ``article_words`` also the words of the whole article, paired with the
target ("minusma:article:failed"). A multinomial logistic regression (numpy, gradient descent from zero, so
the result is reproducible; signs weighed balanced; the neutral odds then scaled by ``neutral_scale``) gives
the three signs' probabilities. The model is trained
on hand coding (the fixture development sets and the seeds; :mod:`validate.stance_supervised` scores it on
cells it never saw) and stored as a table of weights (``stance_model.csv``) that any corpus's build
applies. Everything but :func:`load_settings` (which reads ``data/lexicons/stance_supervised.yaml``) and
:func:`evaluative_lexicon` (which reads the VADER and Pattern lexicons) is a pure function without I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS

from minusma_lib.core.config import check_keys, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir
from minusma_lib.core.sparse import indicator_rows
from minusma_lib.extract.stance_general import vader_valences
from minusma_lib.extract.stance_subjectivity import load_subjectivity

SIGNS = (-1, 0, 1)
SIGN_NAMES = ("negative", "neutral", "positive")
BIAS = "(bias)"  # the model table's row of intercepts
MODEL_COLUMNS = ["feature", *(f"weight_{n}" for n in SIGN_NAMES)]
# a token of two or more characters that starts with a letter of any alphabet and ends with a letter or
# digit (inner apostrophes, hyphens and digits kept: "so-called", "covid-19")
WORD = re.compile(r"[^\W\d_][\w'\-]*[^\W_]")


@dataclass(frozen=True)
class Settings:
    min_count: int  # a feature enters the vocabulary when this many training cells have it
    l2: float  # ridge penalty on the weights
    iterations: int
    learning_rate: float
    class_weight: str = "none"  # "balanced": each sign's cells weigh n / (signs × cells of that sign)
    vocabulary: str = "all"  # "evaluative": only the words of a general evaluative lexicon (see features)
    article_words: bool = False  # also the words of the whole article, paired with the target (see features)
    neutral_scale: float = 1.0  # prior correction: the neutral sign's odds are multiplied by this (see fit)


CLASS_WEIGHTS = ("none", "balanced")
VOCABULARIES = ("all", "evaluative")
# VADER's negation check: a negator among the three words before an evaluative word flips it
# (Hutto & Gilbert 2014; vaderSentiment's own scorer looks back three words)
NEGATORS = frozenset({"not", "no", "never", "cannot", "without", "nor", "neither", "hardly"})
NEGATION_WINDOW = 3
COUNT_LEVELS = (1, 2, 3)  # "at least k positive (negative) evaluative words" features


@dataclass(frozen=True)
class Model:
    vocab: dict[str, int]
    weights: np.ndarray  # len(vocab) × 3, in the order of SIGNS
    bias: np.ndarray  # 3


def settings_path() -> Path:
    return data_dir() / "lexicons" / "stance_supervised.yaml"


def load_settings(path: Path | None = None) -> Settings:
    """Read ``stance_supervised.yaml`` (every key required, with its reason)."""
    path = path or settings_path()
    spec = check_keys(
        load_yaml(path),
        path,
        "top level",
        (
            "why",
            "min_count",
            "l2",
            "iterations",
            "learning_rate",
            "class_weight",
            "vocabulary",
            "article_words",
            "neutral_scale",
        ),
    )
    weight, vocabulary = str(spec["class_weight"]), str(spec["vocabulary"])
    if weight not in CLASS_WEIGHTS:
        raise ConfigError(
            f"{path}: class_weight must be one of {CLASS_WEIGHTS}, not {weight!r}; fix the file."
        )
    if vocabulary not in VOCABULARIES:
        raise ConfigError(
            f"{path}: vocabulary must be one of {VOCABULARIES}, not {vocabulary!r}; fix the file."
        )
    if not isinstance(spec["article_words"], bool):
        raise ConfigError(
            f"{path}: article_words must be true or false, not {spec['article_words']!r}; fix the file."
        )
    scale = spec["neutral_scale"]
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0 < scale <= 1:
        raise ConfigError(f"{path}: neutral_scale must be a number in (0, 1], not {scale!r}; fix the file.")
    return Settings(
        int(spec["min_count"]),
        float(spec["l2"]),
        int(spec["iterations"]),
        float(spec["learning_rate"]),
        weight,
        vocabulary,
        spec["article_words"],
        float(scale),
    )


@lru_cache(maxsize=1)
def evaluative_lexicon() -> dict[str, int]:
    """Word -> sign of the general evaluative lexicon of the "evaluative" vocabulary: an adjective the
    Pattern lexicon rates subjective (at the subjectivity design's stated threshold) takes Pattern's sign;
    any other word VADER's, at the general design's stated valence threshold. Neither resource was written
    for this corpus (``stance_subjectivity.yaml``, ``stance_general.yaml``)."""
    lex = load_subjectivity()
    out = {w: (1 if v > 0 else -1) for w, v in vader_valences().items() if abs(v) >= lex.general.threshold}
    out.update(lex.adjectives)
    return out


def polarity_for(s: Settings) -> dict[str, int] | None:
    """The evaluative lexicon when the settings restrict the vocabulary to it, else None (every word)."""
    return evaluative_lexicon() if s.vocabulary == "evaluative" else None


def words(text: str) -> list[str]:
    """The lower-cased words of a text (letters of any alphabet, inner apostrophes and hyphens kept)."""
    return WORD.findall(text.lower())


ARTICLE = "article:"  # the prefix of a feature from the whole article's words


def features(
    text: str, target: str, polarity: dict[str, int] | None = None, article: str = ""
) -> frozenset[str]:
    """The cell's words, each paired with its target (a word may weigh for one target and against
    another), and the target itself (its prior).

    ``article``: the whole article's text, whose words are a second family of features paired with the
    target ("minusma:article:<word>"): an author's stance toward a target shows in the whole article (its
    choice of facts, its framing, sentences that refer to the target without naming it), not only in the
    sentences that name it. The article is every sentence the pipeline gives it, titles and quoted words
    too, so its words say what the article is about as well as how it judges; the scores on unseen outlet
    kinds measure what that is worth.

    With a ``polarity`` lexicon only evaluative words count: the cell's are marked "not_" after a negator
    (:data:`NEGATORS`, within :data:`NEGATION_WINDOW` words) and counted in "at least k positive /
    negative words" features; the article's are neither marked nor counted. Topical words, which say what
    an article is about rather than how it judges, cannot then carry a sign from one kind of outlet to
    another."""
    in_article = {f"{target}:{ARTICLE}{w}" for w in words(article) if polarity is None or polarity.get(w, 0)}
    if polarity is None:
        return frozenset({f"{target}:{w}" for w in words(text)} | {f"target:{target}"} | in_article)
    out, since_negator, count = {f"target:{target}"}, NEGATION_WINDOW + 1, {1: 0, -1: 0}
    for w in words(text):
        if w in NEGATORS or w.endswith("n't"):  # "didn't", "won't": a contraction is one word here
            since_negator = 0
            continue
        since_negator += 1
        sign = polarity.get(w, 0)
        if not sign:
            continue
        negated = since_negator <= NEGATION_WINDOW
        out.add(f"{target}:{'not_' if negated else ''}{w}")
        count[-sign if negated else sign] += 1
    for k in COUNT_LEVELS:
        out |= {f"{target}:#positive>={k}"} if count[1] >= k else set()
        out |= {f"{target}:#negative>={k}"} if count[-1] >= k else set()
    return frozenset(out | in_article)


def cell_weights(signs: list[int], class_weight: str) -> np.ndarray:
    """Each training cell's weight in the loss: 1, or with "balanced" n / (signs present × cells of its
    sign), the usual correction (King & Zeng 2001; scikit-learn's ``class_weight="balanced"``) that keeps
    the commonest sign (neutral) from drowning the rarer ones."""
    if class_weight == "none" or not signs:
        return np.ones(len(signs))
    counts = Counter(signs)
    return np.array([len(signs) / (len(counts) * counts[v]) for v in signs])


def fit(feats: list[frozenset[str]], signs: list[int], s: Settings) -> Model:
    """A multinomial logistic regression over the three signs (cells weighted by :func:`cell_weights`).
    The neutral sign's intercept is then lowered by log(1 / ``neutral_scale``), a prior correction of the
    intercept (King & Zeng 2001): the probabilities stay a softmax, with the neutral odds scaled."""
    counts = Counter(w for f in feats for w in f)
    vocab = {w: j for j, w in enumerate(sorted(w for w, c in counts.items() if c >= s.min_count))}
    x = indicator_rows(feats, vocab)
    y = np.eye(len(SIGNS))[[SIGNS.index(v) for v in signs]]
    weight = cell_weights(list(signs), s.class_weight)[:, None]
    w = np.zeros((len(vocab), len(SIGNS)))
    b = np.zeros(len(SIGNS))
    n = max(len(feats), 1)
    for _ in range(s.iterations):
        g = (_softmax(x.times(w) + b) - y) * weight
        w -= s.learning_rate * (x.transposed_times(g) / n + s.l2 * w / n)
        b -= s.learning_rate * g.mean(axis=0)
    if s.neutral_scale != 1.0:
        b = b + np.log(s.neutral_scale) * (np.array(SIGNS) == 0)
    return Model(vocab, w, b)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def probabilities(model: Model, feats: list[frozenset[str]]) -> np.ndarray:
    """One row per cell: the probabilities of −1, 0 and +1."""
    if not feats:
        return np.zeros((0, len(SIGNS)))
    return _softmax(indicator_rows(feats, model.vocab).times(model.weights) + model.bias)


def predict(model: Model, feats: list[frozenset[str]]) -> list[int]:
    """The most probable sign of each cell."""
    return [SIGNS[k] for k in probabilities(model, feats).argmax(axis=1)]


def evidence(model: Model, feats: frozenset[str], sign: int, k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` content words of a cell that push hardest toward ``sign`` against the other two signs
    (weight for the sign minus the mean of the others), strongest first. Function words (spaCy's English
    stop words) weigh in the model too but explain nothing to a reader, so they are not listed; the
    target prior is left out."""
    j = SIGNS.index(sign)
    pull = []
    for f in feats:
        i = model.vocab.get(f)
        word = f.split(":", 1)[1]
        bare = word.removeprefix(ARTICLE)
        if i is None or f.startswith("target:") or word.startswith("#") or bare in STOP_WORDS:
            continue
        row = model.weights[i]
        shown = f"{bare} (in the article)" if word.startswith(ARTICLE) else word
        pull.append((shown, float(row[j] - np.delete(row, j).mean())))
    pull = [p for p in pull if p[1] > 0]
    return sorted(pull, key=lambda p: (-p[1], p[0]))[:k]


def model_table(model: Model) -> pd.DataFrame:
    """The model as a table: one row per feature (and the bias row), its weight for each sign."""
    names = sorted(model.vocab)
    rows = [[BIAS, *model.bias]] + [[f, *model.weights[model.vocab[f]]] for f in names]
    out = pd.DataFrame(rows, columns=MODEL_COLUMNS)
    for c in MODEL_COLUMNS[1:]:
        out[c] = out[c].round(6)
    return out


def model_from_table(table: pd.DataFrame, source: str = "stance_model.csv") -> Model:
    """The model a :func:`model_table` describes (rounded weights; the bias row is required)."""
    missing = [c for c in MODEL_COLUMNS if c not in table.columns]
    if missing or (table["feature"] == BIAS).sum() != 1:
        raise ValueError(
            f"{source}: a stance model needs the columns {MODEL_COLUMNS} and one {BIAS!r} row; "
            "rebuild it with python -m minusma_lib.build.processed."
        )
    cols = MODEL_COLUMNS[1:]
    dup = table["feature"][table["feature"].duplicated()]
    if len(dup):
        raise ValueError(
            f"{source}: feature {dup.iloc[0]!r} (row {dup.index[0] + 2}) is listed twice; "
            "rebuild it with python -m minusma_lib.build.processed."
        )
    weights = table[cols].apply(pd.to_numeric, errors="coerce")
    bad = weights.index[~np.isfinite(weights.to_numpy(dtype=float)).all(axis=1)]
    if len(bad):
        raise ValueError(
            f"{source}: row {bad[0] + 2} ({table.loc[bad[0], 'feature']!r}) has a weight that is not a "
            "finite number; rebuild it with python -m minusma_lib.build.processed."
        )
    is_bias = (table["feature"] == BIAS).to_numpy()
    rest = table[~is_bias]
    vocab = {f: j for j, f in enumerate(rest["feature"])}
    return Model(vocab, weights[~is_bias].to_numpy(dtype=float), weights[is_bias].to_numpy(dtype=float)[0])


SIGN_COLUMNS = [
    "doc_id",
    "target",
    "n_sentences",
    "p_negative",
    "p_neutral",
    "p_positive",
    "sign",
    "p_sign",
    "evidence",
    "model",
]


def cell_sentence_ids(statements: pd.DataFrame, sentences: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """(doc_id, target) -> the ids of the author-voice sentences mentioning the target, each once, in text
    order (the sentences a cell is read from, for the model and for the evidence a reader sees)."""
    own = statements[statements["voice"] == "author"][["doc_id", "target", "sent_id"]].drop_duplicates()
    order = {s: k for k, s in enumerate(sentences["sent_id"])}
    out = {}
    for (doc, target), g in own.groupby(["doc_id", "target"], sort=True):
        missing = sorted(set(g["sent_id"]) - set(order))
        if missing:
            raise ValueError(
                f"stance statements of {doc} name sentence {missing[0]!r}, which sentences.csv does not "
                "hold; rebuild the processed tables of this corpus together."
            )
        out[(doc, target)] = sorted(g["sent_id"], key=order.__getitem__)
    return out


def cell_sentences(statements: pd.DataFrame, sentences: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """(doc_id, target) -> the texts of :func:`cell_sentence_ids`."""
    text = sentences.set_index("sent_id")["text"]
    return {k: [str(text[i]) for i in ids] for k, ids in cell_sentence_ids(statements, sentences).items()}


def cell_texts(statements: pd.DataFrame, sentences: pd.DataFrame) -> dict[tuple[str, str], tuple[str, int]]:
    """(doc_id, target) -> the cell's author-voice sentences joined, and their number."""
    return {k: (" ".join(v), len(v)) for k, v in cell_sentences(statements, sentences).items()}


def article_texts(sentences: pd.DataFrame) -> dict[str, str]:
    """doc_id -> the text of all its sentences, in order (the whole article, for :func:`features`)."""
    return {str(d): " ".join(g["text"].astype(str)) for d, g in sentences.groupby("doc_id", sort=True)}


def article_signs(
    statements: pd.DataFrame,
    sentences: pd.DataFrame,
    model: Model,
    trained: str,
    polarity: dict[str, int] | None,
    article_words: bool = False,
) -> pd.DataFrame:
    """One row per article × target with at least one author-voice sentence mentioning the target: the
    three signs' probabilities, the most probable sign and its probability, the words that pushed it
    there, and ``trained`` (what the model was trained on, e.g. "the pool" or "the pool without this
    article"). ``polarity`` and ``article_words`` are the features the model was trained with
    (:func:`polarity_for`, :class:`Settings`)."""
    if not article_words and any(ARTICLE in f for f in model.vocab):
        raise ValueError(
            "the stance model was trained with the article's words (features 'target:article:word') but "
            "article_words is off: set article_words in stance_supervised.yaml as when the model was trained"
        )
    rows = []
    articles = article_texts(sentences) if article_words else {}
    for (doc, target), (text, n) in cell_texts(statements, sentences).items():
        f = features(text, target, polarity, articles.get(doc, ""))
        p = probabilities(model, [f])[0]
        sign = SIGNS[int(p.argmax())]
        rows.append(
            {
                "doc_id": doc,
                "target": target,
                "n_sentences": n,
                **{f"p_{name}": round(float(v), 4) for name, v in zip(SIGN_NAMES, p, strict=True)},
                "sign": sign,
                "p_sign": round(float(p.max()), 4),
                "evidence": "; ".join(f"{w} ({v:+.2f})" for w, v in evidence(model, f, sign)),
                "model": trained,
            }
        )
    return pd.DataFrame(rows, columns=SIGN_COLUMNS)
