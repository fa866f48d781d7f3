"""The kept stance design's article signs as the build writes them (build.processed.write_article_signs)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from minusma_lib.build import processed as build
from minusma_lib.core.paths import processed_dir


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(processed_dir() / f"{name}.csv", dtype=str, keep_default_na=False)


def test_each_coded_article_is_signed_by_a_model_trained_without_it():
    if not (processed_dir() / "stance_supervised_cells.csv").exists():
        pytest.skip("the supervised cells are built with the committed study only")
    cells, signs = _read("stance_supervised_cells"), _read("stance_article_signs")
    coded = cells[cells["fixture_set"] == "seeds"].set_index(["doc_id", "target"])["predicted"]
    here = signs.set_index(["doc_id", "target"])
    assert not here.index.duplicated().any()
    for key, predicted in coded.items():
        if key in here.index:
            assert here.loc[key, "model"] == build.WITHOUT_IT, key
            assert here.loc[key, "sign"] == predicted, key  # the same leave-one-out model as the scores


def test_without_the_pool_an_article_that_trained_the_model_is_labelled_in_sample(tmp_path):
    if not (processed_dir() / "stance_supervised_cells.csv").exists():
        pytest.skip("the supervised cells are built with the committed study only")
    for name in ("stance_statements", "sentences", "documents"):
        shutil.copyfile(processed_dir() / f"{name}.csv", tmp_path / f"{name}.csv")
    signs = pd.read_csv(build.write_article_signs(tmp_path), dtype=str, keep_default_na=False)
    seeds = set(_read("stance_supervised_cells").query("fixture_set == 'seeds'")["doc_id"])
    if not seeds & set(signs["doc_id"]):
        pytest.skip("no signed article of this corpus trained the model")
    assert set(signs.loc[signs["doc_id"].isin(seeds), "model"]) == {build.WITH_IT}
    docs = pd.read_csv(tmp_path / "documents.csv", dtype=str)
    docs["sha256"] = "0" * 64  # the same ids with other texts did not train the model
    docs.to_csv(tmp_path / "documents.csv", index=False)
    signs = pd.read_csv(build.write_article_signs(tmp_path), dtype=str, keep_default_na=False)
    assert set(signs["model"]) == {"the pool"}
