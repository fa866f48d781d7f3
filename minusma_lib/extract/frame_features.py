"""Features of one sentence for the supervised PFC frame model: pure, no I/O.

Why these features are general: a bag of content-word lemmas with named-entity types is the standard
baseline of supervised frame classification on the Policy Frames Codebook (a linear model over word
features). Nothing here names a word: the vocabulary is learnt from whatever hand-coded sentences the
model is trained on, so it is only as general as that coding (scored leave-one-article-out and on the
frozen fixtures). Optionally the domain frames the lexicon tagger gives the sentence are features too
(``domain=<frame>``; a stacked design: the topical layer informs the PFC dimensions, and the model
learns how, since one domain frame may map to several PFC codes).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span

from minusma_lib.extract.frame_rules import NONE, Lexicon
from minusma_lib.extract.frames import Tagger

# Word classes that carry a sentence's topic (Universal POS tags): function words, numbers and
# punctuation do not.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})


def sentence_features(span: Span, domain_frames: Iterable[str] = ()) -> list[str]:
    """Sorted, de-duplicated features: ``lemma=<lower-cased lemma>`` per content word,
    ``entity=<spaCy label>`` per named entity and ``domain=<frame>`` per domain frame given."""
    feats = set(_word_features(span))
    feats |= {f"domain={f}" for f in domain_frames if f != NONE}
    return sorted(feats)


# Word and entity features of the sentences of the Doc seen last (each sentence is featurised once
# per design), and that Doc's entities as (start, end, label); the Doc is held, so its identity
# cannot be reused by another.
_SEEN: list = [None, {}, []]


def _entity_labels(span: Span, ents: list[tuple[int, int, str]]) -> set[str]:
    """The labels of ``span.ents`` (spaCy's rule: entities from the span's start on, up to the first
    one that ends after the span), found from the Doc's entities listed once instead of once per
    sentence."""
    out = set()
    for _start, end, label in ents[bisect_left(ents, (span.start,)) :]:
        if end > span.end:
            break
        out.add(label)
    return out


def _word_features(span: Span) -> frozenset[str]:
    if _SEEN[0] is not span.doc:
        _SEEN[:] = [span.doc, {}, [(e.start, e.end, e.label_) for e in span.doc.ents]]
    key = (span.start, span.end)
    found = _SEEN[1].get(key)
    if found is None:
        found = frozenset(
            {
                f"lemma={tok.lemma_.lower()}"
                for tok in span
                if tok.pos_ in CONTENT_POS
                and not (tok.is_stop or tok.is_punct or tok.like_num or tok.is_space)
            }
            | {f"entity={label}" for label in _entity_labels(span, _SEEN[2])}
        )
        _SEEN[1][key] = found
    return found


def domain_frame_sets(
    tagger: Tagger, doc: Doc, spans: Sequence[Span], within: Lexicon
) -> list[tuple[str, ...]]:
    """The domain frames ``within``'s active entries give each sentence (the tagger's labels)."""
    return [tuple(t.labels) for t in tagger.tag_sentences(doc, spans, within=within)]
