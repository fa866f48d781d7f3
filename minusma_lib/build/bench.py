"""Annotation benchmark (``make bench``): measured in one run, printed as ratios, never asserted.

1. Cold: annotate the corpus with an empty cache (model load + parse + tables).
2. Cached: annotate again in a fresh state (in-process model caches cleared): reads the disk cache.
3. Throughput: the corpus replicated N times (default 100), annotated without cache (cleaning,
   parse with our extra components, sentence and entity tables) against plain ``nlp.pipe`` of the
   same cleaned texts with the same model, batch size and process count, in the same run.

Targets (from the foundation issue): throughput ratio >= 0.85; cached time <= 5% of cold.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import spacy

from minusma_lib.corpus import annotate as nlp
from minusma_lib.corpus.cleaning import clean_corpus
from minusma_lib.corpus.seeds import load_corpus

BATCH_SIZE = 8


def _clear_in_process_caches() -> None:
    nlp.load_nlp.cache_clear()
    nlp._vocab.cache_clear()


def _annotate_with_tables(docs, **kw) -> tuple[float, int]:
    t0 = time.perf_counter()
    ac = nlp.annotate(docs, **kw)
    n = len(ac.sentences()) + len(ac.entities())
    return time.perf_counter() - t0, n


def run(reps: int = 100, n_process: int = 1) -> dict[str, float]:
    docs = load_corpus()
    words = sum(len(c.text.split()) for c in clean_corpus(docs))
    with tempfile.TemporaryDirectory() as tmp:
        _clear_in_process_caches()
        cold, _ = _annotate_with_tables(docs, cache_root=Path(tmp), progress=False)
        _clear_in_process_caches()
        cached, _ = _annotate_with_tables(docs, cache_root=Path(tmp), progress=False)

    many = docs * reps
    texts = [c.text for c in clean_corpus(many)]
    plain = spacy.load(nlp.model_package())
    for _ in plain.pipe(texts[:5], batch_size=BATCH_SIZE):  # warm-up, same for both sides
        pass
    nlp.load_nlp()
    t0 = time.perf_counter()
    for _ in plain.pipe(texts, batch_size=BATCH_SIZE, n_process=n_process):
        pass
    t_plain = time.perf_counter() - t0
    t_ours, _ = _annotate_with_tables(many, use_cache=False, progress=False, n_process=n_process)
    return {
        "texts": len(docs),
        "words": words,
        "cold_s": cold,
        "cached_s": cached,
        "cached_over_cold": cached / cold,
        "reps": reps,
        "plain_words_per_s": words * reps / t_plain,
        "ours_words_per_s": words * reps / t_ours,
        "throughput_ratio": t_plain / t_ours,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=100, help="corpus replications for throughput (default 100)")
    ap.add_argument("--n-process", type=int, default=1, help="spaCy processes for both sides (default 1)")
    args = ap.parse_args()
    r = run(args.reps, args.n_process)
    print(f"corpus: {r['texts']} texts, {r['words']:,} words (whitespace-separated, cleaned)")
    print(f"cold annotation (model load + parse + tables): {r['cold_s']:.3f} s")
    print(f"cached re-run (fresh state, disk cache):       {r['cached_s']:.3f} s")
    print(f"cached / cold = {r['cached_over_cold']:.3f}   (target <= 0.05)")
    print(
        f"throughput on corpus x{r['reps']}: ours {r['ours_words_per_s']:,.0f} words/s, "
        f"plain nlp.pipe {r['plain_words_per_s']:,.0f} words/s"
    )
    print(f"throughput ratio ours / plain nlp.pipe = {r['throughput_ratio']:.3f}   (target >= 0.85)")


if __name__ == "__main__":
    main()
