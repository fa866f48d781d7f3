"""Build ``data/processed/``: the stage graph that turns the seeds into the tables every notebook reads.

``python -m minusma_lib.build.processed [OUT_DIR]`` regenerates them; the test suite rebuilds them in a
temporary folder and compares byte for byte with what is committed.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from minusma_lib.build.engine import release_freed_memory, run_chunks
from minusma_lib.build.frames_stage import processed_tables as frames_tables
from minusma_lib.build.pfc_stage import frames_pfc_table
from minusma_lib.build.writer import ChunkedTables
from minusma_lib.core.config import load_yaml
from minusma_lib.core.paths import annotations_dir, data_dir, output_dir, processed_dir
from minusma_lib.core.tables import write_csv
from minusma_lib.corpus.annotate import AnnotatedCorpus, annotate
from minusma_lib.corpus.cleaning import check_rules_cover
from minusma_lib.corpus.seeds import MANIFEST_COLUMNS, CorpusEntry, Document, check_corpus, load_corpus
from minusma_lib.extract import readability
from minusma_lib.extract.polls import poll_claims
from minusma_lib.extract.quantities import claims_table
from minusma_lib.extract.stance import stance_tables
from minusma_lib.extract.stance_aggregate import DEAD_BAND
from minusma_lib.judge import stance_model
from minusma_lib.judge.polls import compare_claims_with_reference, reference_series
from minusma_lib.judge.reconcile import reconcile
from minusma_lib.validate import breadth
from minusma_lib.validate import stance as vstance
from minusma_lib.validate import stance_supervised as supervised
from minusma_lib.validate.heldout import fixture_sets, heldout_dir, load_gold
from minusma_lib.validate.heldout import scores as heldout_scores
from minusma_lib.validate.stance import intended_from_manual
from minusma_lib.validate.stance import load_manual as load_stance_manual

DICTIONARY_DIR = "dictionary"
INTENDED_FILE = "author_stance_intended.csv"  # a fixture set's article × target stance coding

StageFn = Callable[[AnnotatedCorpus, dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]


@dataclass(frozen=True)
class Stage:
    """One step of the build: reads the tables in ``needs``, returns exactly the tables in ``makes``.

    Tables are described in ``data/dictionary/<name>.yaml``. Stages run in the order of :data:`STAGES`,
    which :func:`check_order` verifies against the declared inputs.
    """

    name: str
    needs: tuple[str, ...]
    makes: tuple[str, ...]
    run: StageFn


def documents_table(ac: AnnotatedCorpus, sents: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document; ``sents`` is ``ac.sentences()`` when the caller already has it."""
    sents = ac.sentences() if sents is None else sents
    per_doc = dict(tuple(sents.groupby("doc_id", sort=False)))
    rows = []
    for ad in ac:
        doc, clean = ad.clean.doc, ad.clean
        removed = [e for e in clean.log if e.action == "remove"]
        s = per_doc.get(ad.doc_id, sents.iloc[:0])
        body = s[s["block_kind"].isin(readability.BODY_KINDS)]
        row = {c: doc.meta[c] for c in MANIFEST_COLUMNS}
        row.update(
            sha256=doc.sha256,
            n_chars_raw=len(doc.raw),
            n_chars_clean=sum(len(b.text) for b in clean.blocks),
            n_chars_removed=sum(e.end - e.start for e in removed if e.category != "markup"),
            n_removed_spans=sum(1 for e in removed if e.category != "markup"),
            n_markup_spans=sum(1 for e in removed if e.category == "markup"),
            n_repairs=sum(1 for e in clean.log if e.action == "repair"),
            n_blocks=len(clean.blocks),
            n_sentences=len(s),
            n_body_sentences=len(body),
            n_body_words=int(body["n_words"].sum()),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def cleaning_log_table(ac: AnnotatedCorpus) -> pd.DataFrame:
    rows = [e.__dict__ for ad in ac for e in ad.clean.log]
    return pd.DataFrame(
        rows, columns=["doc_id", "start", "end", "text", "action", "rule_id", "category", "replacement"]
    )


def blocks_table(ac: AnnotatedCorpus) -> pd.DataFrame:
    rows = []
    for ad in ac:
        raw = ad.clean.doc.raw
        for b in ad.clean.blocks:
            rows.append(
                {
                    "doc_id": ad.doc_id,
                    "block_id": b.block_id,
                    "kind": b.kind,
                    "start": b.raw_start,
                    "end": b.raw_end,
                    "text": raw[b.raw_start : b.raw_end],
                }
            )
    return pd.DataFrame(rows)


def corpus_tables(ac: AnnotatedCorpus, _: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The corpus tables: documents, blocks, cleaning log, sentences, entities, readability."""
    sentences = ac.sentences()
    return {
        "documents": documents_table(ac, sentences),
        "blocks": blocks_table(ac),
        "cleaning_log": cleaning_log_table(ac),
        "sentences": sentences,
        "entities": ac.entities(),
        "readability": readability.readability_table(sentences),
    }


def quantity_tables(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``quantities.csv``: every claim of the article bodies with its reconciliation verdict."""
    claims = claims_table(ac, base["sentences"])
    return {"quantities": reconcile(claims, base["documents"])}


def poll_tables(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``polls.csv``: every cited poll figure with its reference match and verdict."""
    claims = poll_claims(base["quantities"], base["sentences"])
    return {"polls": compare_claims_with_reference(claims, reference_series(), base["documents"])}


def stance_coded_documents() -> set[str]:
    """The documents with hand-coded stance in the corpus's annotation folder (``annotations_dir``):
    the mention-level coding (``stance_manual.csv``, the seeds) and an article × target intended
    stance (``author_stance_intended.csv``, a fixture set's), whichever exist."""
    coded = set(vstance.load_manual()["doc_id"])
    intended = annotations_dir() / INTENDED_FILE
    if intended.is_file():
        coded |= set(vstance.load_intended(intended)["doc_id"])
    return coded


def stance_stage(ac: AnnotatedCorpus, base: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The stance tables: the kept design on every document, the compared designs (for
    ``stance_design_cells.csv``) only on the hand-coded ones."""
    return stance_tables(ac, base, coded=stance_coded_documents())


CORPUS_TABLES = ("documents", "blocks", "cleaning_log", "sentences", "entities", "readability")
STAGES: tuple[Stage, ...] = (
    Stage("corpus", (), CORPUS_TABLES, corpus_tables),
    Stage("quantities", ("documents", "sentences"), ("quantities",), quantity_tables),
    Stage("polls", ("documents", "sentences", "quantities"), ("polls",), poll_tables),
    Stage("frames", ("documents", "sentences"), ("frames", "frames_by_outlet"), frames_tables),
    Stage("frames_pfc", ("sentences",), ("frames_pfc",), frames_pfc_table),
    Stage(
        "stance",
        ("documents", "sentences"),
        ("quotes", "stance_statements", "stance_by_outlet", "stance_design_cells"),
        stance_stage,
    ),
)


def check_order(stages: tuple[Stage, ...] = STAGES) -> None:
    """Every stage's inputs are made by an earlier stage, and no table is made twice."""
    made: set[str] = set()
    for st in stages:
        missing = [t for t in st.needs if t not in made]
        if missing:
            raise ValueError(f"stage {st.name!r} needs {', '.join(missing)}, which no earlier stage makes")
        twice = made.intersection(st.makes)
        if twice:
            raise ValueError(f"stage {st.name!r} makes {', '.join(sorted(twice))}, already made earlier")
        made.update(st.makes)


def tables(ac: AnnotatedCorpus, stages: tuple[Stage, ...] = STAGES) -> dict[str, pd.DataFrame]:
    """Every processed table, by file stem, from running the stages in order."""
    check_order(stages)
    out: dict[str, pd.DataFrame] = {}
    for st in stages:
        made = st.run(ac, {t: out[t] for t in st.needs})
        if tuple(made) != st.makes:
            raise ValueError(
                f"stage {st.name!r} returned {', '.join(made)}; it declares {', '.join(st.makes)}"
            )
        out.update(made)
    return out


def data_dictionary() -> dict:
    """All of ``data/dictionary/*.yaml`` merged: {"conventions": str, "tables": {stem: spec}}."""
    merged: dict = {"conventions": "", "tables": {}}
    for path in sorted((data_dir() / DICTIONARY_DIR).glob("*.yaml")):
        spec = load_yaml(path) or {}
        if spec.get("conventions"):
            merged["conventions"] += spec["conventions"]
        for stem, table in (spec.get("tables") or {}).items():
            if stem in merged["tables"]:
                raise ValueError(f"{path}: table {stem!r} is described twice in data/dictionary/")
            merged["tables"][stem] = table
    return merged


def dictionary_markdown(dd: dict) -> str:
    """Render the data dictionary (YAML) as Markdown for readers of the site and the repo."""
    out = ["# Data dictionary", "", "Generated from `data/dictionary/*.yaml`; do not edit.", ""]
    out.append(dd.get("conventions", "").strip())
    for name, spec in dd["tables"].items():
        out += [
            "",
            f"## `{name}.csv`",
            "",
            spec["description"].strip(),
            "",
            "| column | meaning |",
            "|---|---|",
        ]
        for col, desc in spec["columns"].items():
            out.append(f"| `{col}` | {' '.join(str(desc).split())} |")
    return "\n".join(out) + "\n"


def chunk_tables(docs: list[Document], use_cache: bool = True) -> dict[str, pd.DataFrame]:
    """Every processed table for one chunk of documents (annotate, then run the stages).

    A top-level function of picklable arguments, so worker processes and Dask workers can run it.
    """
    return tables(annotate(docs, use_cache=use_cache, progress=False, check_rules=False))


def entry_chunk_tables(entries: list[CorpusEntry], use_cache: bool = True) -> dict[str, pd.DataFrame]:
    """:func:`chunk_tables` of a chunk of checked manifest rows, whose texts the worker reads itself:
    the process that hands out the chunks never holds the corpus's texts."""
    return chunk_tables([e.load() for e in entries], use_cache=use_cache)


def chunks(docs: list, size: int) -> list[list]:
    """Documents (or corpus entries) in manifest order, cut into chunks of at most ``size``."""
    return [docs[i : i + size] for i in range(0, len(docs), max(1, size))]


HELDOUT_TABLES = (
    "quotes",
    "quantities",
    "stance_by_outlet",
    "stance_statements",
    "sentences",
    "frames",
    "frames_pfc",
)


def _seed_cells(out_dir: Path) -> pd.DataFrame:
    """The seeds' article × target cells for the supervised stance design ("seeds"): the intended
    stance derived from their mention-level hand coding, and their author sentences as just written."""
    read = {
        n: pd.read_csv(out_dir / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in ("stance_statements", "sentences")
    }
    return supervised.coded_cells(
        read["stance_statements"], read["sentences"], intended_from_manual(load_stance_manual()), "seeds"
    )


def write_heldout_scores(out_dir: Path, with_seeds: bool = True, **engine) -> tuple[list[Path], pd.DataFrame]:
    """Run every stage on each fixture set's corpus and write their out-of-sample scores
    (``heldout_scores.csv``), the supervised stance design's cells (``stance_supervised_cells.csv``,
    :mod:`validate.stance_supervised`) and the model trained on its whole pool (``stance_model.csv``);
    written with the committed study only (``score_heldout``). Returns the paths and the pool's cells."""
    use_cache = engine.pop("use_cache", True)
    per_set, cells = [], []
    for fixture_set in fixture_sets():
        docs = load_corpus(heldout_dir(fixture_set) / "corpus")
        parts: dict[str, list[pd.DataFrame]] = {t: [] for t in HELDOUT_TABLES}
        for result in run_chunks(chunk_tables, chunks(docs, 32), use_cache=use_cache, **engine):
            for t in HELDOUT_TABLES:
                parts[t].append(result[t])
        found = {t: pd.concat(v, ignore_index=True) for t, v in parts.items()}
        per_set.append(heldout_scores(found, DEAD_BAND, fixture_set))
        gold = load_gold("author_stance_intended", fixture_set)
        if gold is not None:
            cells.append(
                supervised.coded_cells(found["stance_statements"], found["sentences"], gold, fixture_set)
            )
    path = out_dir / "heldout_scores.csv"
    write_csv(pd.concat(per_set, ignore_index=True), path)
    cells_path = out_dir / "stance_supervised_cells.csv"
    if with_seeds:  # the study's own articles (its hand coding), scored leave one out
        cells.append(_seed_cells(out_dir))
    pool = pd.concat(cells, ignore_index=True)
    model = supervised.pool_model(pool, supervised.pool_sets())
    scored = supervised.evaluate(pool, supervised.pool_sets())
    write_csv(pd.concat([scored, supervised.in_sample(pool, supervised.pool_sets(), model)]), cells_path)
    model_path = out_dir / "stance_model.csv"
    write_csv(stance_model.model_table(model), model_path)
    return [path, cells_path, model_path], pool


WITHOUT_IT = "the pool without this article"
WITH_IT = "the pool, this article included (in-sample)"


def _trained_on_it(out_dir: Path) -> set[str]:
    """The corpus's articles whose own hand coding trained the committed model: the seeds of the committed
    pool, recognised by doc_id and the same raw text (sha256)."""
    committed = data_dir() / "processed"
    cells_path, docs_path = committed / "stance_supervised_cells.csv", committed / "documents.csv"
    if not cells_path.exists() or not docs_path.exists():
        return set()
    cells = pd.read_csv(cells_path, dtype=str, keep_default_na=False)
    seeds = set(cells.loc[cells["fixture_set"] == "seeds", "doc_id"])
    sha = dict(pd.read_csv(docs_path, dtype=str, usecols=["doc_id", "sha256"]).itertuples(index=False))
    here = pd.read_csv(out_dir / "documents.csv", dtype=str, usecols=["doc_id", "sha256"])
    return {d for d, h in here.itertuples(index=False) if d in seeds and sha.get(d) == h}


def write_article_signs(out_dir: Path, pool: pd.DataFrame | None = None) -> Path:
    """The kept stance design's sign per article × target of the corpus (``stance_article_signs.csv``).
    With the training ``pool`` at hand (the committed study), an article whose hand coding is in it is
    read by a model trained without it. Otherwise the committed model trained on the whole pool
    (``data/processed/stance_model.csv``) reads every article, and an article that trained it (a seed
    built without the fixture sets) is labelled in-sample in the ``model`` column."""
    stmts, sents = (
        pd.read_csv(out_dir / f"{n}.csv", dtype=str, keep_default_na=False)
        for n in ("stance_statements", "sentences")
    )
    settings = stance_model.load_settings()
    polarity, article_words = stance_model.polarity_for(settings), settings.article_words
    if pool is None:
        model_path = data_dir() / "processed" / "stance_model.csv"
        model = stance_model.model_from_table(pd.read_csv(model_path, keep_default_na=False), str(model_path))
        signs = stance_model.article_signs(stmts, sents, model, "the pool", polarity, article_words)
        signs.loc[signs["doc_id"].isin(_trained_on_it(out_dir)), "model"] = WITH_IT
    else:
        coded = set(pool.loc[pool["fixture_set"] == "seeds", "doc_id"])
        others = stmts[~stmts["doc_id"].isin(coded)]
        parts = []
        if len(others):  # the whole-pool model is fitted only when some article did not train it
            whole = supervised.pool_model(pool, supervised.pool_sets())
            parts.append(
                stance_model.article_signs(others, sents, whole, "the pool", polarity, article_words)
            )
        for doc in sorted(coded & set(stmts["doc_id"])):
            without = pool[~((pool["fixture_set"] == "seeds") & (pool["doc_id"] == doc))]
            model = supervised.pool_model(without, supervised.pool_sets())
            parts.append(
                stance_model.article_signs(
                    stmts[stmts["doc_id"] == doc], sents, model, WITHOUT_IT, polarity, article_words
                )
            )
        signs = (
            pd.concat(parts, ignore_index=True).sort_values(["doc_id", "target"], kind="stable")
            if parts
            else pd.DataFrame(columns=stance_model.SIGN_COLUMNS)
        )
    path = out_dir / "stance_article_signs.csv"
    write_csv(signs, path)
    return path


def build(
    out_dir: Path | None = None,
    progress: bool | None = None,
    *,
    folder: Path | None = None,
    chunk_size: int = 32,
    workers: int = 1,
    scheduler: str | None = None,
    use_cache: bool = True,
    score_heldout: bool | None = None,
) -> list[Path]:
    """Write every processed table and the Markdown data dictionary; return the paths written.

    Documents stream through the stages ``chunk_size`` at a time, each chunk's texts read by the
    process that runs it (this one reads the manifest a chunk at a time and keeps no rows); with ``workers > 1`` chunks run in
    a process pool, with ``scheduler`` (``"local"`` or ``tcp://host:8786``) on Dask. The output is
    the same bytes whatever the chunking or the engine.
    """
    out_dir = out_dir or processed_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    index = check_corpus(folder)
    check_rules_cover(index.doc_ids, folder)
    sink = ChunkedTables(out_dir)
    fired, n_sentences = Counter(), 0
    for result in run_chunks(
        entry_chunk_tables,
        index.chunks(chunk_size),
        total=index.n_chunks(chunk_size),
        workers=workers,
        scheduler=scheduler,
        use_cache=use_cache,
        progress=progress,
    ):
        sink.add(result)
        fired.update(breadth.entry_counts(result))
        n_sentences += breadth.body_sentences(result["sentences"])
        del result
        release_freed_memory()
    written = sink.finish()
    breadth.check_breadth(fired, n_sentences)
    pool = None
    if score_heldout if score_heldout is not None else folder is None and output_dir() is None:
        paths, pool = write_heldout_scores(
            out_dir, with_seeds=folder is None, workers=workers, scheduler=scheduler, use_cache=use_cache
        )
        written += paths
    written.append(write_article_signs(out_dir, pool))
    md_path = out_dir / "DATA_DICTIONARY.md"
    md_path.write_text(dictionary_markdown(data_dictionary()), encoding="utf-8")
    written.append(md_path)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build the processed tables of a corpus.")
    ap.add_argument(
        "out_dir",
        nargs="?",
        type=Path,
        help="output folder (default: data/processed/ or $MINUSMA_OUT/processed)",
    )
    ap.add_argument("--corpus", type=Path, help="corpus folder (default: seeds/ or $MINUSMA_CORPUS)")
    ap.add_argument("--chunk-size", type=int, default=32, help="documents per chunk (default 32)")
    ap.add_argument("--workers", type=int, default=1, help="worker processes on this machine (default 1)")
    ap.add_argument(
        "--scheduler", help="run on Dask: 'local' (a LocalCluster with --workers workers) or tcp://host:8786"
    )
    args = ap.parse_args(argv)
    for p in build(
        args.out_dir,
        progress=None,
        folder=args.corpus,
        chunk_size=args.chunk_size,
        workers=args.workers,
        scheduler=args.scheduler,
    ):
        print(p)


if __name__ == "__main__":
    main()
