"""Where the project's folders are."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: ``$MINUSMA_ROOT`` if set, else the folder holding ``minusma_lib/``."""
    env = os.environ.get("MINUSMA_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return project_root() / "data"


def seeds_dir() -> Path:
    """The committed study's corpus folder (texts, ``manifest.csv``, ``SHA256SUMS``)."""
    return project_root() / "seeds"


def corpus_dir() -> Path:
    """The corpus being studied: ``$MINUSMA_CORPUS`` if set (``make report CORPUS=dir``), else ``seeds/``."""
    env = os.environ.get("MINUSMA_CORPUS")
    return Path(env).resolve() if env else seeds_dir()


def output_dir() -> Path | None:
    """``$MINUSMA_OUT`` (``make report OUT=dir``): where a non-default run writes; ``None`` for the study."""
    env = os.environ.get("MINUSMA_OUT")
    return Path(env).resolve() if env else None


def processed_dir() -> Path:
    """``data/processed/`` for the committed study, ``$MINUSMA_OUT/processed`` for another corpus."""
    out = output_dir()
    return out / "processed" if out else data_dir() / "processed"


def cache_dir() -> Path:
    """Annotation cache (not committed): ``$MINUSMA_CACHE`` or ``.cache/`` in the repository."""
    env = os.environ.get("MINUSMA_CACHE")
    return Path(env).resolve() if env else project_root() / ".cache"


def annotations_dir() -> Path:
    """The hand coding of the corpus being analysed: ``data/annotations/`` for the committed seeds;
    for another corpus, an ``annotations/`` folder beside its corpus folder (``data/heldout/`` is laid
    out so). The study's coding describes the seeds' texts and never applies to another corpus: where
    the folder or a coding file is missing, that corpus is *not coded* (no in-sample score)."""
    if is_study_corpus():
        return data_dir() / "annotations"
    return corpus_dir().parent / "annotations"


def is_study_corpus() -> bool:
    """Whether the corpus being analysed is the committed study's seeds (not a corpus of the user's)."""
    return corpus_dir().resolve() == seeds_dir().resolve()
