"""Run a per-chunk function over chunks of documents: in this process, in a process pool, or on Dask.

Results always come back in chunk order, so what is written does not depend on the engine. Each
worker process loads the spaCy model once (``load_nlp`` is cached per process) and reuses it for
every chunk it runs.

- serial: ``workers=1`` and no scheduler (the default; what the tests and ``make data`` use).
- process pool: ``workers=N`` on this machine (``concurrent.futures``, at most ``2 * N`` chunks in
  flight, spawned workers replaced every ``CHUNKS_PER_WORKER`` chunks, so memory stays bounded
  whatever the corpus size).
- Dask: ``scheduler="local"`` starts a ``distributed.LocalCluster`` with ``workers`` single-threaded
  workers; ``scheduler="tcp://host:8786"`` uses an existing cluster (each worker needs this package
  and its pinned model installed, and the corpus folder at the same path).
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from tqdm import tqdm


def run_chunks(
    fn: Callable[..., Any],
    parts: Iterable,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    total: int | None = None,
    **kwargs: Any,
) -> Iterator[Any]:
    """``fn(part, **kwargs)`` for every part, yielded in order. ``parts`` may be a generator (read
    only as work is handed out); ``total`` is its length for the progress bar."""
    if scheduler:
        results = _dask(fn, parts, scheduler, workers, kwargs)
    elif workers > 1:
        results = _pool(fn, parts, workers, kwargs)
    else:
        results = (fn(p, **kwargs) for p in parts)
    bar = tqdm(
        results,
        total=total if total is not None else len(parts),
        desc="chunks",
        unit="chunk",
        disable=(not progress) if progress is not None else None,
    )
    yield from bar


# A pool worker is replaced by a fresh one after this many chunks: what a long-lived process
# accumulates (spaCy's string store grows with every new word it sees) is given back, so memory stays
# flat in corpus size. Workers are spawned, not forked, so they do not carry the main process's heap.
# Eight chunks (256 documents at the default chunk size) keep a worker's peak the same from a few
# hundred documents up; a replacement (spawn and model load, about 3 s) costs a few percent of the
# time eight chunks take.
CHUNKS_PER_WORKER = 8


def _pool(fn: Callable[..., Any], parts: Iterable, workers: int, kwargs: dict) -> Iterator[Any]:
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        max_tasks_per_child=CHUNKS_PER_WORKER,
    ) as ex:
        pending: deque = deque()
        todo = iter(parts)
        for p in todo:
            pending.append(ex.submit(fn, p, **kwargs))
            if len(pending) >= 2 * workers:
                break
        while pending:
            yield pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(ex.submit(fn, nxt, **kwargs))


def _dask(
    fn: Callable[..., Any], parts: Iterable, scheduler: str, workers: int, kwargs: dict
) -> Iterator[Any]:
    from distributed import Client, LocalCluster  # optional engine: imported only when asked for

    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=max(1, workers), threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        window = max(2, 2 * len(client.scheduler_info().get("workers", {})) or 2)
        pending: deque = deque()
        todo = iter(parts)
        for i, p in enumerate(todo):
            pending.append(client.submit(fn, p, pure=False, key=f"chunk-{i}", **kwargs))
            if len(pending) >= window:
                break
        i = len(pending)
        while pending:
            yield pending.popleft().result()
            nxt = next(todo, None)
            if nxt is not None:
                pending.append(client.submit(fn, nxt, pure=False, key=f"chunk-{i}", **kwargs))
                i += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def release_freed_memory() -> None:
    """Hand the C allocator's freed pages back to the system (glibc ``malloc_trim``), so that the
    process handing out chunks does not keep the heap that each chunk's unpickled tables fragmented
    (its resident size would otherwise creep up with the corpus). A no-op where there is no glibc."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except OSError:
        return None
