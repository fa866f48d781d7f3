"""The one config loader and key check: errors name the file, the place and the fix."""

from __future__ import annotations

import pytest

from minusma_lib.core.config import check_keys, compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.yaml.*line \d+.*invalid YAML"):
        load_yaml(path)


def test_yaml_with_bom_is_read(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffkey: value\n".encode())
    assert load_yaml(path) == {"key": "value"}


def test_loader_sees_an_edited_file(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_yaml(path) == {"a": 1}
    path.write_text("a: 22\n", encoding="utf-8")
    assert load_yaml(path) == {"a": 22}


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="nope.yaml: file not found"):
        load_yaml(tmp_path / "nope.yaml")


def test_check_keys_rejects_unknown_and_missing(tmp_path):
    path = tmp_path / "c.yaml"
    assert check_keys({"a": 1}, path, "top level", required=("a",), optional=("b",)) == {"a": 1}
    with pytest.raises(ConfigError, match="unknown key.*defintion"):
        check_keys({"a": 1, "defintion": 2}, path, "top level", required=("a",), optional=("definition",))
    with pytest.raises(ConfigError, match="missing key.*a"):
        check_keys({"b": 1}, path, "top level", required=("a",), optional=("b",))
    with pytest.raises(ConfigError, match="expected a mapping"):
        check_keys([1], path, "entry 3", required=("a",))


def test_bad_regex_names_the_place(tmp_path):
    with pytest.raises(ConfigError, match=r"rules.yaml: rule x: invalid regular expression"):
        compile_regex("(unclosed", tmp_path / "rules.yaml", "rule x")


def test_catastrophic_pattern_is_stopped_and_named(tmp_path, monkeypatch):
    from minusma_lib.core import config

    monkeypatch.setattr(config, "REGEX_TIME_BUDGET", 0.2)
    pat = compile_regex(r"(a|aa)+$", tmp_path / "rules.yaml", "rule slow")
    assert pat.fullmatch("aaaa")
    with pytest.raises(ConfigError, match=r"rules.yaml: rule slow: regular expression .* ran over 0.2 s"):
        pat.search("a" * 5000 + "b")
