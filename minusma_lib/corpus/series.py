"""Reference series: which rows of ``data/reference/`` form the series of each measure.

``data/quantities/reconcile.yaml`` names, per measure, the reference files, row filters and value
columns of its series, how a reference row's own wording qualifies its figure ("more than", "about"),
and overrides for single rows. This module reads that file and selects the rows; building dated
intervals and judging claims against them is :mod:`minusma_lib.judge.reconcile`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from minusma_lib.core.config import check_keys, compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError
from minusma_lib.core.paths import data_dir
from minusma_lib.corpus.reference import load_reference, reference_date

CONFIG_KEYS = ("version", "reference_qualifiers", "series")

CONFIG_OPTIONAL_KEYS = ("reference_qualifier_overrides",)


def config_path() -> Path:
    return data_dir() / "quantities" / "reconcile.yaml"


def load_config(path: Path | None = None) -> dict:
    path = path or config_path()
    return _load_config(path, path.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_config(path: Path, mtime: float) -> dict:
    spec = check_keys(copy.deepcopy(load_yaml(path)), path, "top level", CONFIG_KEYS, CONFIG_OPTIONAL_KEYS)
    for rule in spec["reference_qualifiers"]:
        rule["regex"] = compile_regex(
            rule["pattern"], path, f"reference_qualifiers ({rule.get('qualifier')})", re.I
        )
    for n, over in enumerate(spec.get("reference_qualifier_overrides") or [], start=1):
        _check_override(path, n, over)
    return spec


def _check_override(path: Path, n: int, over: dict) -> None:
    """An entry of ``reference_qualifier_overrides`` must match at least one reference row."""
    where = f"{path}: reference_qualifier_overrides entry {n} ({over})"
    for key in ("file", "qualifier", "why"):
        if key not in over:
            raise ConfigError(
                f"{where}: missing key {key!r}; every override names its file, qualifier and why."
            )
    df = _reference(str(over["file"]))
    for key, value in over.items():
        if key in ("file", "qualifier", "why"):
            continue
        if key not in df.columns:
            raise ConfigError(
                f"{where}: key {key!r} is not a column of data/reference/{over['file']}.csv "
                f"({', '.join(c for c in df.columns if c != 'row')}); fix the key's name."
            )
        narrowed = df[df[key].astype(str) == str(value)]
        if narrowed.empty:
            found = sorted(set(df[key].astype(str)))
            raise ConfigError(
                f"{where}: no row of data/reference/{over['file']}.csv matching the keys before it has "
                f"{key} = {value!r} (values there: {', '.join(found[:12])}{', ...' if len(found) > 12 else ''}); "
                "write the key's value exactly as in the CSV, or remove the override if the row is gone."
            )
        df = narrowed


@lru_cache(maxsize=16)
def _reference(name: str) -> pd.DataFrame:
    df = load_reference(name)
    df.insert(0, "row", range(2, len(df) + 2))  # line number in the CSV (header = line 1)
    return df


def reference_qualifier(row: Mapping[str, Any], config: dict | None = None) -> str:
    """How a reference row's own wording qualifies its figure (``exact`` when nothing says otherwise).

    An explicit ``qualifier`` column wins, then the overrides of ``reconcile.yaml`` (matched on
    ``file`` and the row's columns), then the first ``reference_qualifiers`` pattern that matches
    the row's measure, unit or note.
    """
    if row.get("qualifier"):
        return str(row["qualifier"])
    config = config or load_config()
    text = " ".join(str(row.get(c) or "") for c in ("measure", "unit", "note"))
    for over in config.get("reference_qualifier_overrides") or []:
        if all(str(row.get(k)) == str(v) for k, v in over.items() if k not in ("qualifier", "why")):
            return over["qualifier"]
    for rule in config["reference_qualifiers"]:
        if rule["regex"].search(text):
            return rule["qualifier"]
    return "exact"


def source_rows(source: dict) -> list[dict]:
    """The rows of one source of a series (its file, ``where`` filter and ``value`` column) that have
    a date and a value."""
    df = _reference(source["file"])
    for col, allowed in (source.get("where") or {}).items():
        df = df[df[col].isin([str(a) for a in allowed])]
    value_col = source.get("value", "value")
    return [
        r
        for r in df.to_dict("records")
        if reference_date(r["date"]) is not None and str(r.get(value_col) or "").strip()
    ]


def series_values(measure: str) -> frozenset[float]:
    """Every value the reference series of ``measure`` has had (KeyError when there is no such series).
    Used by the measure rules' ``reference_values`` so that a ceiling is never typed twice."""
    config = load_config()
    spec = config["series"][measure]
    sources = spec.get("sources") or [s for v in (spec.get("by_scope") or {}).values() for s in v]
    return frozenset(float(r[s.get("value", "value")]) for s in sources for r in source_rows(s))
