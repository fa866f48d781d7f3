"""The lock file, environment.yml and requirements.in agree; the README names the two commands."""

from __future__ import annotations

import re

import yaml

from minusma_lib.core.paths import project_root

ROOT = project_root()


def _pins(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, sep, version = line.partition("==")
            assert sep, f"unpinned requirement {line!r}: pin it exactly"
            out[re.sub(r"[-_.]+", "-", name).lower()] = version
    return out


def test_every_package_in_the_lock_is_pinned_exactly():
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    assert len(lock) > 50
    assert all(re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", v) for v in lock.values())


def test_direct_requirements_match_the_lock():
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    direct = _pins((ROOT / "requirements.in").read_text().splitlines())
    mismatched = {k: (v, lock.get(k)) for k, v in direct.items() if lock.get(k) != v}
    assert not mismatched, f"requirements.in vs requirements.lock: {mismatched}; run `make lock`"


def test_environment_yml_pins_exactly_the_lock():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip_list = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    env_pins = _pins(p for p in pip_list if p != "-e .")
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    assert env_pins == lock, (
        f"environment.yml and requirements.lock differ: only in yml {sorted(set(env_pins.items()) - set(lock.items()))}, "
        f"only in lock {sorted(set(lock.items()) - set(env_pins.items()))}; run `make lock`"
    )
    assert set(_pins((ROOT / "requirements.in").read_text().splitlines())) <= set(env_pins)


def test_readme_gives_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make report\s*$", readme, re.M)
    assert re.search(r"^make test\s*$", readme, re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test\s*$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text()
    for target in ("report:", "test:", "bench:", "data:", "notebooks:", "site:"):
        assert re.search(rf"^{target}", makefile, re.M), target
