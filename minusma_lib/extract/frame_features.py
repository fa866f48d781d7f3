"""Features of one sentence for the supervised PFC frame model: pure, no I/O.

Why these features are general: a bag of content-word lemmas with named-entity types is the standard
baseline of supervised frame classification on the Policy Frames Codebook (a linear model over word
features). Nothing here names a word: the vocabulary is learnt from whatever hand-coded sentences the
model is trained on, so it is only as general as that coding (scored leave-one-article-out and on the
frozen fixtures).
"""

from __future__ import annotations

from spacy.tokens import Span

# Word classes that carry a sentence's topic (Universal POS tags): function words, numbers and
# punctuation do not.
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV"})


def sentence_features(span: Span) -> list[str]:
    """Sorted, de-duplicated features: ``lemma=<lower-cased lemma>`` per content word and
    ``entity=<spaCy label>`` per named entity."""
    feats = {
        f"lemma={tok.lemma_.lower()}"
        for tok in span
        if tok.pos_ in CONTENT_POS and not (tok.is_stop or tok.is_punct or tok.like_num or tok.is_space)
    }
    feats |= {f"entity={ent.label_}" for ent in span.ents}
    return sorted(feats)
