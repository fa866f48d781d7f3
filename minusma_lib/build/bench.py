"""Benchmark (``make bench``): measured in one run, printed as ratios, never asserted in tests.

1. Annotation, cold and cached: the corpus with an empty parse cache, then again in a fresh state
   (target: cached <= 5% of cold).
2. Whole pipeline at scale: the corpus replicated to ``--docs`` documents (default 1,000; each copy a
   distinct text) is built end to end (load, clean, parse, every stage, CSV written) with
   ``--workers`` processes and no parse cache, against plain ``nlp.pipe`` of the same cleaned texts
   with the same model on ONE process, each side in its own subprocess so its peak memory is its
   own. Printed: words/s of both, their ratio (target >= 0.6) and the peak resident memory of the
   pipeline (target < 1.5 GB), also at a quarter of the size (``--small-docs``), to show whether
   memory grows with the corpus. ``--memory-only`` measures memory alone (e.g. ``--docs 10000
   --small-docs 1000``: 10,000 documents take about 80 minutes on two cores).
3. Linear models: one fit of the frame model (:func:`extract.frame_model.fit_frame_model`, sparse
   products) on synthetic features shaped like its training set, against the same gradient descent with
   the dense matrix it replaced, in one run. Printed: both times and their ratio (``--models-only`` runs
   this section alone).
"""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy
import yaml

from minusma_lib.build.processed import build
from minusma_lib.core.config import load_yaml
from minusma_lib.core.paths import data_dir, seeds_dir
from minusma_lib.corpus import annotate as nlp
from minusma_lib.corpus.cleaning import clean_corpus
from minusma_lib.corpus.seeds import CHECKSUM_FILE, MANIFEST_COLUMNS, MANIFEST_FILE, load_corpus

BATCH_SIZE = 8


def _clear_in_process_caches() -> None:
    nlp.load_nlp.cache_clear()
    nlp._vocab.cache_clear()


def annotation_times() -> dict[str, float]:
    """Cold and cached annotation of the study's corpus, in this process."""
    docs = load_corpus(seeds_dir())
    with tempfile.TemporaryDirectory() as tmp:
        _clear_in_process_caches()
        t0 = time.perf_counter()
        nlp.annotate(docs, cache_root=Path(tmp), progress=False)
        cold = time.perf_counter() - t0
        _clear_in_process_caches()
        t0 = time.perf_counter()
        nlp.annotate(docs, cache_root=Path(tmp), progress=False)
        cached = time.perf_counter() - t0
    return {"cold_s": cold, "cached_s": cached}


def replicate_corpus(n_docs: int, folder: Path) -> None:
    """Write a corpus folder of ``n_docs`` distinct texts made from the seeds (a numbered closing
    line keeps each copy distinct), with the seeds' cleaning rules copied to every copy."""
    rows = list(csv.DictReader((seeds_dir() / MANIFEST_FILE).read_text(encoding="utf-8").splitlines()))
    rules = copy.deepcopy(load_yaml(data_dir() / "cleaning" / "rules.yaml"))
    per_doc = rules.get("documents") or {}
    out_rows, sums, doc_rules = [], [], {}
    for k in range(n_docs):
        row = dict(rows[k % len(rows)])
        raw = (seeds_dir() / row["seed_file"]).read_text(encoding="utf-8")
        new_id = f"{row['doc_id']}_r{k:05d}"
        name = f"{k:05d}_{row['doc_id']}.txt"
        text = raw.rstrip("\n") + f"\n\nCopy {k} of this text for the benchmark.\n"
        (folder / name).write_text(text, encoding="utf-8")
        sums.append(f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}  {name}")
        if row["doc_id"] in per_doc:
            doc_rules[new_id] = per_doc[row["doc_id"]]
        out_rows.append({**row, "doc_id": new_id, "seed_file": name})
    with (folder / MANIFEST_FILE).open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(MANIFEST_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerows(out_rows)
    (folder / CHECKSUM_FILE).write_text("\n".join(sums) + "\n", encoding="utf-8")
    rules["documents"] = doc_rules
    (folder / "cleaning.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True, sort_keys=False), "utf-8")


def _peak_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB (Linux reports KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024


def side_plain(folder: Path) -> dict[str, float]:
    """Plain ``nlp.pipe`` of the cleaned texts, one process, same model and batch size."""
    texts = [c.text for c in clean_corpus(load_corpus(folder), folder)]
    words = sum(len(t.split()) for t in texts)
    model = spacy.load(nlp.model_package())
    for _ in model.pipe(texts[:5], batch_size=BATCH_SIZE):  # warm-up
        pass
    t0 = time.perf_counter()
    for _ in model.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return {"seconds": time.perf_counter() - t0, "words": words, "peak_mb": _peak_mb()}


def side_pipeline(folder: Path, workers: int) -> dict[str, float]:
    """The whole build of ``folder`` (no parse cache), written to a temporary folder."""
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        build(Path(out), progress=False, folder=folder, workers=workers, use_cache=False)
        seconds = time.perf_counter() - t0
    return {"seconds": seconds, "peak_mb": _peak_mb()}


def _run_side(side: str, folder: Path, workers: int) -> dict[str, float]:
    cmd = [sys.executable, "-m", "minusma_lib.build.bench", "--side", side, "--corpus", str(folder)]
    cmd += ["--workers", str(workers)]
    # The replicated corpus is the corpus being studied (as with ``make report CORPUS=...``): its own
    # cleaning rules apply in every worker, as they do on the plain side.
    env = {**os.environ, "MINUSMA_CORPUS": str(folder)}
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def scale(n_docs: int, workers: int, small_docs: int | None = None, memory_only: bool = False) -> dict:
    """The whole pipeline on ``n_docs`` replicated documents against plain ``nlp.pipe`` (skipped with
    ``memory_only``), and the pipeline's peak memory again on ``small_docs`` (default a quarter)."""
    small_docs = small_docs or max(1, n_docs // 4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        replicate_corpus(n_docs, folder)
        plain = None if memory_only else _run_side("plain", folder, 1)
        ours = _run_side("pipeline", folder, workers)
        shutil.rmtree(folder)
        small_folder = Path(tmp) / "small"
        small_folder.mkdir()
        replicate_corpus(small_docs, small_folder)
        small = _run_side("pipeline", small_folder, workers)
    out = {
        "docs": n_docs,
        "small_docs": small_docs,
        "pipeline_s": ours["seconds"],
        "peak_mb": ours["peak_mb"],
        "peak_mb_small": small["peak_mb"],
    }
    if plain is not None:
        out.update(
            words=plain["words"],
            plain_words_per_s=plain["words"] / plain["seconds"],
            ours_words_per_s=plain["words"] / ours["seconds"],
            ratio=plain["seconds"] / ours["seconds"],
            plain_peak_mb=plain["peak_mb"],
        )
    return out


def dense_frame_weights(features: list[list[str]], labels: list[list[str]], settings: dict):
    """The frame model's weights by its accelerated gradient descent with the dense products it used before
    its products were sparse: a dense feature matrix over every feature (``min_df`` 1), rows scaled by 1/sqrt(features), a bias column. The
    benchmark's baseline, and the reference ``tests/extract/test_extract_frame_model.py`` checks
    :func:`extract.frame_model.fit_frame_model` against."""
    import numpy as np

    vocabulary = sorted({f for row in features for f in row})
    index = {f: i for i, f in enumerate(vocabulary)}
    codes = sorted({c for y in labels for c in y}, key=int)
    x = np.zeros((len(features), len(vocabulary) + 1))
    x[:, -1] = 1.0
    for i, row in enumerate(features):
        for f in row:
            x[i, index[f]] = 1.0
    x[:, :-1] /= np.sqrt(np.maximum(x[:, :-1].sum(axis=1, keepdims=True), 1.0))
    y = np.array([[c in set(lab) for c in codes] for lab in labels], dtype=float)
    w = previous = np.zeros((x.shape[1], len(codes)))
    for k in range(settings["iterations"]):
        at = w + (k / (k + 3)) * (w - previous)
        grad = x.T @ (1.0 / (1.0 + np.exp(-(x @ at))) - y) / len(features)
        grad[:-1] += settings["l2"] * at[:-1] / len(features)
        previous, w = w, at - settings["learning_rate"] * grad
    return w


def model_fit_times(n_rows: int = 4000, n_vocab: int = 2500, per_row: int = 12, n_codes: int = 14) -> dict:
    """One frame-model fit, sparse (the code) and dense (the replaced products), on the same synthetic
    features: ``n_rows`` sentences of ``per_row`` features drawn from ``n_vocab``, one to three of
    ``n_codes`` codes each (about the size of the frame model's training set)."""
    import numpy as np

    from minusma_lib.extract.frame_model import fit_frame_model

    rng = np.random.default_rng(0)
    features = [[f"w{j}" for j in rng.integers(0, n_vocab, per_row)] for _ in range(n_rows)]
    labels = [
        [str(c) for c in rng.choice(n_codes, rng.integers(1, 4), replace=False) + 1] for _ in range(n_rows)
    ]
    settings = {"l2": 0.1, "iterations": 300, "learning_rate": 5.0, "min_df": 1}
    start = time.perf_counter()
    fit_frame_model(features, labels, settings)
    sparse_s = time.perf_counter() - start
    start = time.perf_counter()
    dense_frame_weights(features, labels, settings)
    return {"sparse_s": sparse_s, "dense_s": time.perf_counter() - start, "rows": n_rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents in the scaled corpus (default 1,000)")
    ap.add_argument("--workers", type=int, default=2, help="pipeline worker processes (default 2)")
    ap.add_argument(
        "--small-docs", type=int, help="documents of the second, smaller run (default a quarter of --docs)"
    )
    ap.add_argument(
        "--memory-only",
        action="store_true",
        help="skip the plain nlp.pipe side and the annotation timing: peak memory at both sizes only",
    )
    ap.add_argument("--models-only", action="store_true", help="only the linear models' fit timing")
    ap.add_argument("--side", choices=("plain", "pipeline"), help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        fn = side_plain if args.side == "plain" else side_pipeline
        result = fn(args.corpus) if args.side == "plain" else fn(args.corpus, args.workers)
        print(json.dumps(result))
        return
    m = model_fit_times()
    print(f"frame model, one fit on {m['rows']:,} synthetic sentences: sparse {m['sparse_s']:.2f} s, ")
    print(f"dense {m['dense_s']:.2f} s, sparse / dense = {m['sparse_s'] / m['dense_s']:.3f}")
    if args.models_only:
        return
    if args.memory_only:
        r = scale(args.docs, args.workers, args.small_docs, memory_only=True)
        print(f"whole pipeline on {r['docs']:,} documents, {args.workers} worker(s), no cache (memory only):")
        print(f"  {r['pipeline_s']:,.0f} s")
        print(
            f"  peak memory: pipeline {r['peak_mb']:,.0f} MB at {r['docs']:,} documents, "
            f"{r['peak_mb_small']:,.0f} MB at {r['small_docs']:,} (target < 1,500 MB and flat)"
        )
        return
    a = annotation_times()
    print(f"annotation of the study's corpus: cold {a['cold_s']:.3f} s, cached {a['cached_s']:.3f} s, ")
    print(f"cached / cold = {a['cached_s'] / a['cold_s']:.3f}   (target <= 0.05)")
    r = scale(args.docs, args.workers, args.small_docs)
    print(
        f"whole pipeline on {r['docs']:,} documents ({r['words']:,} words), {args.workers} worker(s), no cache:"
    )
    print(
        f"  ours {r['ours_words_per_s']:,.0f} words/s; plain nlp.pipe on one process "
        f"{r['plain_words_per_s']:,.0f} words/s"
    )
    print(f"  throughput ratio ours / plain = {r['ratio']:.3f}   (target >= 0.6)")
    print(
        f"  peak memory: pipeline {r['peak_mb']:,.0f} MB at {r['docs']:,} documents, "
        f"{r['peak_mb_small']:,.0f} MB at {r['small_docs']:,} (target < 1,500 MB and flat); "
        f"plain nlp.pipe {r['plain_peak_mb']:,.0f} MB"
    )


if __name__ == "__main__":
    main()
