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


def processed_dir() -> Path:
    return data_dir() / "processed"


def cache_dir() -> Path:
    """Annotation cache (not committed): ``$MINUSMA_CACHE`` or ``.cache/`` in the repository."""
    env = os.environ.get("MINUSMA_CACHE")
    return Path(env).resolve() if env else project_root() / ".cache"
