"""Every editable rule file: a YAML syntax error is a ConfigError naming the file and line."""

from __future__ import annotations

import pytest

from minusma_lib.core.errors import ConfigError
from minusma_lib.corpus import cleaning, series
from minusma_lib.extract import frame_rules, polls, quantity_rules, speech_lexicon, stance_lexicon

LOADERS = {
    "quantity rules": (quantity_rules.rules_path, quantity_rules.load_rules),
    "reference series": (series.config_path, series.load_config),
    "polls": (polls.config_path, polls.load_config),
    "speech verbs": (speech_lexicon.lexicon_path, speech_lexicon.load_lexicon),
    "cleaning": (cleaning.rules_path, cleaning.load_rules),
    "frames codebook": (frame_rules.codebook_path, frame_rules.load_codebook),
    "frames lexicon": (frame_rules.lexicon_path, frame_rules.load_lexicon),
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


@pytest.mark.parametrize("name", ["stance_targets.yaml", "stance_cues.yaml"])
def test_invalid_stance_lexicon_names_the_file(name, tmp_path):
    for f in ("stance_targets.yaml", "stance_cues.yaml"):
        (tmp_path / f).write_text(
            (stance_lexicon.lexicon_dir() / f).read_text(encoding="utf-8"), encoding="utf-8"
        )
    broken = tmp_path / name
    broken.write_text(broken.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{broken}:.*line \d+.*invalid YAML"):
        stance_lexicon.load_lexicons(tmp_path)
