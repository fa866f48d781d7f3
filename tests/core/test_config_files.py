"""Every editable rule file: a YAML syntax error is a ConfigError naming the file and line."""

from __future__ import annotations

import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus import cleaning, series
from minusma_lib.extract import polls, quantity_rules, speech_lexicon

LOADERS = {
    "quantity rules": (quantity_rules.rules_path, quantity_rules.load_rules),
    "reference series": (series.config_path, series.load_config),
    "polls": (polls.config_path, polls.load_config),
    "speech verbs": (speech_lexicon.lexicon_path, speech_lexicon.load_lexicon),
    "cleaning": (cleaning.rules_path, cleaning.load_rules),
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_invalid_yaml_names_the_file_and_line(name, tmp_path):
    path_of, load = LOADERS[name]
    lines = path_of().read_text(encoding="utf-8").splitlines()
    broken = tmp_path / path_of().name
    # An unclosed flow sequence three lines from the end: invalid wherever it lands.
    lines.insert(max(len(lines) - 3, 0), "broken: [unclosed")
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{broken}:.*line \d+.*invalid YAML"):
        load(broken)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_stored_rule_file_loads(name):
    path_of, load = LOADERS[name]
    assert load(path_of()) is not None
