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
    "_SEEN[0] is not span.doc",
    "hit[0] is doc",
    "tagger.lexicon is lexicon",
    "_LOWERED[0] is not doc",
    "hit[0] is not entries",
    "inner[0] is q",
    "o is not h",
    "q is o",
    "o is not q",
    "hit[0] is not ser",
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


def test_no_identity_comparison_of_tokens():
    root = Path(minusma_lib.__file__).parent
    found = {
        f"{p.relative_to(root)}: {c}"
        for p in sorted(root.rglob("*.py"))
        for c in _identity_comparisons(p)
        if c not in HELD_ON_PURPOSE
    }
    assert not found, f"compare tokens with == or their .i, not 'is': {sorted(found)}"


def test_the_check_sees_a_token_identity_comparison(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("def f(t):\n    return t.head is t\n", encoding="utf-8")
    assert _identity_comparisons(src) == ["t.head is t"]
