"""spaCy makes a new Token (and Span) object at every access, so ``tok is other`` is always false for two
accesses of one token: identity comparisons in the library are kept to constants and to objects held
on purpose (a cached Doc, a lexicon, a found quote)."""

from __future__ import annotations

import ast
from pathlib import Path

import minusma_lib

# Identity checks of objects the code holds itself (a Doc or lexicon cached by identity, a quote or hit
# object from a list), not of tokens a spaCy accessor returns.
HELD_ON_PURPOSE = {
    ("extract/frame_features.py", "_SEEN[0] is not span.doc"),
    ("extract/frames.py", "hit[0] is doc"),
    ("extract/frames.py", "tagger.lexicon is lexicon"),
    ("extract/numbers.py", "_LOWERED[0] is not doc"),
    ("extract/numbers.py", "hit[0] is not entries"),
    ("extract/stance.py", "inner[0] is q"),
    ("extract/stance.py", "o is not h"),
    ("extract/quote_rules.py", "q is o"),
    ("extract/quote_rules.py", "o is not q"),
    ("judge/reconcile.py", "hit[0] is not ser"),
}


def _identity_comparisons(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Is | ast.IsNot) and not isinstance(right, ast.Constant)
            for op, right in zip(node.ops, node.comparators, strict=True)
        ):
            out.append(ast.unparse(node))
    return out


def _all_comparisons() -> set[tuple[str, str]]:
    root = Path(minusma_lib.__file__).parent
    return {
        (p.relative_to(root).as_posix(), c)
        for p in sorted(root.rglob("*.py"))
        for c in _identity_comparisons(p)
    }


def test_no_identity_comparison_of_tokens():
    found = _all_comparisons() - HELD_ON_PURPOSE
    assert not found, f"compare tokens with == or their .i, not 'is': {sorted(found)}"


def test_every_allowed_identity_check_still_exists():
    assert not HELD_ON_PURPOSE - _all_comparisons(), "remove the allowlist entries no code has any more"


def test_the_check_sees_a_token_identity_comparison(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("def f(t):\n    return t.head is t\n", encoding="utf-8")
    assert _identity_comparisons(src) == ["t.head is t"]
