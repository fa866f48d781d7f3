"""Reading the editable data files (rules, lexicons, codebooks): one cached YAML loader, one key check.

Every analysis reads its configuration through :func:`load_yaml` and checks it with
:func:`check_keys`, so a misspelt key is an error naming the file and the key, never a silent default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import regex
import yaml

from minusma_lib.core.errors import ConfigError


def load_yaml(path: Path) -> Any:
    """Parse a YAML file (cached until the file changes); a syntax error names the file and line."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found; restore it from git or point to an existing file.")
    return _load_yaml(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_yaml(path: Path, mtime_ns: int) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"{path}: not valid UTF-8 ({err.reason} at byte {err.start}); save it as UTF-8."
        ) from err
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise ConfigError(f"{path}:{where}: invalid YAML ({problem}); fix the syntax there.") from err


def check_keys(
    spec: Any,
    path: Path,
    where: str,
    required: tuple[str, ...] | frozenset[str] = (),
    optional: tuple[str, ...] | frozenset[str] = (),
) -> dict:
    """Return ``spec`` if it is a mapping with all ``required`` keys and no key outside ``required``
    and ``optional``; otherwise raise :class:`ConfigError` naming the file, the place and the fix."""
    allowed = tuple(required) + tuple(k for k in optional if k not in required)
    if not isinstance(spec, dict):
        raise ConfigError(
            f"{path}: {where}: expected a mapping with keys {', '.join(map(str, allowed))}, "
            f"found {type(spec).__name__}."
        )
    unknown = sorted(str(k) for k in spec if k not in allowed)
    if unknown:
        raise ConfigError(
            f"{path}: {where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(map(str, allowed))}. "
            "Fix the spelling or remove them."
        )
    missing = [str(k) for k in required if k not in spec]
    if missing:
        raise ConfigError(f"{path}: {where}: missing key(s) {', '.join(missing)}; add them.")
    return spec


# Seconds one regex call may take on one string before the rule is reported as too slow.
REGEX_TIME_BUDGET = 2.0


class TimedPattern:
    """A rule's regular expression with a time budget, so a catastrophic pattern cannot hang a run.

    Uses the ``regex`` package (``re``-compatible syntax, per-call ``timeout``). When a call runs past
    :data:`REGEX_TIME_BUDGET`, :class:`ConfigError` names the file, the rule and the fix.
    """

    def __init__(self, pattern: str, path: Path, where: str, flags: int = 0):
        self.path, self.where = Path(path), where
        try:
            self._re = regex.compile(pattern, flags)
        except (regex.error, TypeError) as err:
            raise ConfigError(
                f"{path}: {where}: invalid regular expression {pattern!r} ({err}); fix it."
            ) from err

    @property
    def pattern(self) -> str:
        return self._re.pattern

    def _run(self, method: str, *args: Any) -> Any:
        try:
            out = getattr(self._re, method)(*args, timeout=REGEX_TIME_BUDGET)
            return list(out) if method == "finditer" else out
        except TimeoutError:
            raise ConfigError(
                f"{self.path}: {self.where}: regular expression {self.pattern!r} ran over "
                f"{REGEX_TIME_BUDGET:g} s on one text (catastrophic backtracking). Simplify it: avoid nested "
                "or overlapping repetition such as (a|aa)+ or (\\w+\\s?)+."
            ) from None

    def fullmatch(self, text: str) -> regex.Match | None:
        return self._run("fullmatch", text)

    def match(self, text: str) -> regex.Match | None:
        return self._run("match", text)

    def search(self, text: str) -> regex.Match | None:
        return self._run("search", text)

    def finditer(self, text: str) -> list[regex.Match]:
        """Every match, as a list: the whole scan runs within the time budget."""
        return self._run("finditer", text)

    def findall(self, text: str) -> list:
        return self._run("findall", text)

    def sub(self, repl: Any, text: str) -> str:
        return self._run("sub", repl, text)


def compile_regex(pattern: str, path: Path, where: str, flags: int = 0) -> TimedPattern:
    """Compile a regular expression from a data file, with a time budget; errors name the file and place."""
    return TimedPattern(pattern, path, where, flags)
