"""The build gives the same bytes whatever the chunking and the engine (serial, process pool, Dask)."""

from __future__ import annotations

import filecmp
import os

import pandas as pd
import pytest

from minusma_lib.build import processed
from minusma_lib.build.engine import run_chunks
from minusma_lib.build.writer import ChunkedTables
from minusma_lib.core.tables import format_number, write_csv


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    processed.build(out, progress=False, chunk_size=10_000, score_heldout=False)
    return out


def _same_files(a, b) -> list[str]:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    return [n for n in names if not filecmp.cmp(a / n, b / n, shallow=False)]


def test_chunked_parallel_build_equals_serial_build(serial, tmp_path):
    processed.build(tmp_path, progress=False, chunk_size=1, workers=2, score_heldout=False)
    assert _same_files(serial, tmp_path) == []


def test_dask_local_cluster_build_equals_serial_build(serial, tmp_path):
    pytest.importorskip("distributed")
    processed.build(tmp_path, progress=False, chunk_size=2, workers=2, scheduler="local", score_heldout=False)
    assert _same_files(serial, tmp_path) == []


def _square(x: int, offset: int = 0) -> int:
    return x * x + offset


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_back_in_order(workers):
    assert list(run_chunks(_square, list(range(9)), workers=workers, offset=1)) == [
        x * x + 1 for x in range(9)
    ]


def _pid_and_value(x: int) -> tuple[int, int]:
    return os.getpid(), x


def test_pool_workers_are_replaced_and_results_stay_in_order(monkeypatch):
    from minusma_lib.build import engine

    monkeypatch.setattr(engine, "CHUNKS_PER_WORKER", 2)
    out = list(run_chunks(_pid_and_value, list(range(12)), workers=2))
    assert [v for _, v in out] == list(range(12))
    assert len({pid for pid, _ in out}) > 2  # fresh workers replaced the first two


def test_chunked_writer_equals_one_write(tmp_path):
    df = pd.DataFrame(
        {"a": [1, 2, None, 4], "b": ["x,y", "", "z", None], "c": [0.5, 2.0, 1e20, float("nan")]}
    )
    write_csv(df, tmp_path / "whole.csv")
    (tmp_path / "parts").mkdir()
    sink = ChunkedTables(tmp_path / "parts")
    for i in range(4):  # each chunk alone: column types differ from chunk to chunk
        sink.add({"whole": df.iloc[i : i + 1].reset_index(drop=True)})
    sink.add({"whole": df.iloc[:0]})
    sink.finish()
    assert (tmp_path / "parts" / "whole.csv").read_bytes() == (tmp_path / "whole.csv").read_bytes()


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (11.0, "11"),
        (0.0175, "0.0175"),
        (-3.0, "-3"),
        (1e20, "1e+20"),
        (float("nan"), ""),
        ("11.0", "11.0"),
        (7, 7),
    ],
)
def test_numbers_are_written_value_by_value(value, text):
    assert format_number(value) == text
