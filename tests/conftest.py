"""Shared fixtures: the annotated corpus (parsed once per test session) and a scratch seeds copy."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from minusma_lib.core.paths import project_root
from minusma_lib.corpus.annotate import annotate

ROOT = project_root()

# Property-based tests: a few dozen examples in `make test`, 10,000 in `make fuzz`.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile(
    "ci", max_examples=40, deadline=None, suppress_health_check=_SLOW_OK, derandomize=True
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "10000")),
    deadline=None,
    suppress_health_check=_SLOW_OK,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
_OWN_CACHE: list[str] = []


def pytest_configure(config):
    """Tests never write into the repository: the annotation cache goes to a temporary folder."""
    if "MINUSMA_CACHE" not in os.environ:
        _OWN_CACHE.append(tempfile.mkdtemp(prefix="minusma-cache-"))
        os.environ["MINUSMA_CACHE"] = _OWN_CACHE[0]


def pytest_unconfigure(config):
    for path in _OWN_CACHE:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def annotated():
    return annotate(progress=False)


@pytest.fixture(scope="session")
def raws(annotated) -> dict[str, str]:
    return {ad.doc_id: ad.clean.doc.raw for ad in annotated}


@pytest.fixture()
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of seeds/ under tmp_path/seeds (the corpus root is tmp_path)."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path
