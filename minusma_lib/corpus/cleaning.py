"""Clean a raw seed into blocks of body text while keeping a map back to raw offsets.

Steps, all driven by ``data/cleaning/rules.yaml`` (a file a researcher can edit):

0. General boilerplate rules (``data/cleaning/general.yaml``, :mod:`minusma_lib.corpus.boilerplate`) run
   on every document; a rules file turns one off with ``disable_general: [id, ...]``. Where a rule of
   the rules file covers the same line, that rule is applied and logged instead.
1. ``line`` rules remove whole lines (boilerplate: bylines, widgets, copyright, captions…);
   ``from_line`` rules remove a matching line and everything after it (footers).
2. ``markup`` rules remove spans inside kept lines (Markdown ``**``, ``## ``, bullets…); a rule
   may mark the line as a ``heading`` or ``list_item``.
3. Mojibake is repaired with ftfy token by token (curly quotes kept).

Every removal and repair is logged with raw offsets. Each cleaned character keeps the raw span it
came from, so any span of cleaned text maps back to ``raw[start:end]``.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from minusma_lib.core.config import TimedPattern, compile_regex, load_yaml
from minusma_lib.core.errors import ConfigError, CorpusError
from minusma_lib.core.paths import corpus_dir, data_dir, seeds_dir
from minusma_lib.corpus.boilerplate import Span, detect, load_general_rules
from minusma_lib.corpus.seeds import Document

RULE_KINDS = ("line", "from_line", "markup")
CATEGORIES = (
    "metadata",
    "copyright",
    "photo_credit",
    "widget",
    "comment_form",
    "donation_appeal",
    "template_junk",
    "duplicated_heading",
    "site_navigation",
    "about_box",
    "translator_credit",
    "disclaimer",
    "sign_off",
    "separator",
    "markup",
)
BLOCK_KINDS = ("title", "heading", "paragraph", "list_item", "prompt")
BODY_KINDS = ("paragraph", "list_item", "prompt")
BLOCK_SEPARATOR = "\n\n"
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False)
_TOKEN = re.compile(r"[^\s]+")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    category: str
    pattern: TimedPattern
    reason: str
    marks: str | None = None


@dataclass
class Block:
    """A kept line of the document: its kind, clean text and per-character raw spans."""

    block_id: int
    kind: str
    text: str
    starts: list[int] = field(repr=False)
    ends: list[int] = field(repr=False)

    @property
    def raw_start(self) -> int:
        return self.starts[0]

    @property
    def raw_end(self) -> int:
        return self.ends[-1]


@dataclass(frozen=True)
class LogEntry:
    """One cleaning action with raw offsets: ``remove`` (boilerplate, markup) or ``repair``."""

    doc_id: str
    start: int
    end: int
    text: str
    action: str
    rule_id: str
    category: str
    replacement: str


@dataclass
class CleanDocument:
    doc: Document
    blocks: list[Block]
    log: list[LogEntry]

    @property
    def doc_id(self) -> str:
        return self.doc.doc_id

    @property
    def text(self) -> str:
        """Clean text: blocks joined by a blank line (what the NLP pipeline parses)."""
        return BLOCK_SEPARATOR.join(b.text for b in self.blocks)

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def offset_map(self) -> tuple[list[int], list[int]]:
        """Per clean-text character: raw start and raw end (separators map to empty spans)."""
        starts: list[int] = []
        ends: list[int] = []
        for i, b in enumerate(self.blocks):
            if i:
                pos = self.blocks[i - 1].raw_end
                starts += [pos] * len(BLOCK_SEPARATOR)
                ends += [pos] * len(BLOCK_SEPARATOR)
            starts += b.starts
            ends += b.ends
        return starts, ends

    def block_offsets(self) -> list[int]:
        """Start of each block in the clean text."""
        out, pos = [], 0
        for b in self.blocks:
            out.append(pos)
            pos += len(b.text) + len(BLOCK_SEPARATOR)
        return out


CORPUS_RULES_FILE = "cleaning.yaml"


def rules_path(folder: Path | None = None) -> Path:
    """The cleaning rules of a corpus folder: its own ``cleaning.yaml`` if it has one; else, for the
    study's ``seeds/``, ``data/cleaning/rules.yaml``; else that file's global rules only."""
    folder = Path(folder) if folder else corpus_dir()
    own = folder / CORPUS_RULES_FILE
    if own.is_file():
        return own
    return data_dir() / "cleaning" / "rules.yaml"


def applies_per_document_rules(path: Path, folder: Path | None = None) -> bool:
    """Per-document rules belong to one corpus: the folder's own file, or the project file for seeds/."""
    folder = Path(folder) if folder else corpus_dir()
    return path.parent == folder or folder.resolve() == seeds_dir().resolve()


RULE_KEYS = {"id", "kind", "category", "pattern", "reason", "marks"}
FILE_KEYS = {"version", "global", "documents", "disable_general"}
DOCUMENT_KEYS = {"remove", "headings", "prompts"}


def general_rules_path() -> Path:
    """The general boilerplate rules, run on every document of every corpus."""
    return data_dir() / "cleaning" / "general.yaml"


def _general_rules(disabled: list[str], where: Path) -> list:
    """The general rules minus those a corpus's rules file turns off (``disable_general: [ids]``)."""
    rules = load_general_rules(general_rules_path())
    unknown = set(disabled) - {r.id for r in rules}
    if unknown:
        raise ConfigError(
            f"{where}: disable_general names unknown general rule(s) {sorted(unknown)}; "
            f"use ids of {general_rules_path()}."
        )
    return [r for r in rules if r.id not in disabled]


def _compile(path: Path, where: str, spec: dict) -> Rule:
    unknown = set(spec) - RULE_KEYS
    if unknown:
        raise CorpusError(
            f"{path}: rule {spec.get('id', '?')} in {where} has unknown key(s) {sorted(unknown)}; "
            f"allowed: {', '.join(sorted(RULE_KEYS))}."
        )
    missing = [k for k in ("id", "kind", "category", "pattern", "reason") if not spec.get(k)]
    if missing:
        raise CorpusError(f"{path}: rule {spec.get('id', '?')} in {where} lacks {', '.join(missing)}.")
    if spec["kind"] not in RULE_KINDS:
        raise CorpusError(
            f"{path}: rule {spec['id']} has kind {spec['kind']!r}; use one of {', '.join(RULE_KINDS)}."
        )
    if spec["category"] not in CATEGORIES:
        raise CorpusError(
            f"{path}: rule {spec['id']} has category {spec['category']!r}; "
            f"use one of {', '.join(CATEGORIES)}."
        )
    if spec.get("marks") not in (None, "heading", "list_item"):
        raise CorpusError(f"{path}: rule {spec['id']}: marks must be heading or list_item.")
    pattern = compile_regex(spec["pattern"], path, f"rule {spec['id']}")
    return Rule(spec["id"], spec["kind"], spec["category"], pattern, spec["reason"], spec.get("marks"))


def _document_rules(path: Path, doc_id: str, spec: dict) -> dict:
    """One document's compiled rules, headings and prompt patterns from its spec in the rules file."""
    return {
        "rules": [_compile(path, doc_id, r) for r in spec.get("remove") or []],
        "headings": list(spec.get("headings") or []),
        "prompts": [compile_regex(p, path, f"documents.{doc_id}.prompts") for p in spec.get("prompts") or []],
    }


class DocumentRules(Mapping[str, dict]):
    """The per-document rules of a rules file, by doc_id, compiled when a document is looked up.

    Every rule is checked when the file is read (:func:`_parse_rules`), but only the file's specs are
    kept: a process holding the rules of a large corpus keeps no compiled patterns per document.
    """

    def __init__(self, path: Path, specs: dict[str, dict]):
        self.path = path
        self._specs = specs

    def __getitem__(self, doc_id: str) -> dict:
        return _document_rules(self.path, doc_id, self._specs[doc_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)


def _parse_rules(path: Path) -> dict:
    data = load_yaml(path)
    if not isinstance(data, dict) or "version" not in data or set(data) - FILE_KEYS:
        raise CorpusError(f"{path}: expected a mapping with exactly 'version', 'global' and 'documents'.")
    out: dict = {"path": path, "version": str(data["version"]), "global": [], "documents": {}}
    out["disable_general"] = [str(i) for i in data.get("disable_general") or []]
    ids: set[str] = set()
    specs: dict[str, dict] = {}
    for spec in data.get("global") or []:
        out["global"].append(_compile(path, "global", spec))
    for doc_id, spec in (data.get("documents") or {}).items():
        if not isinstance(doc_id, str):
            raise ConfigError(
                f"{path}: documents: the key {doc_id!r} was read by YAML as {type(doc_id).__name__}, not a "
                "doc_id (YAML reads unquoted no/yes/on/off/true/false and numbers so). Quote the doc_id, "
                "e.g. 'no': or '2023':"
            )
        unknown = set(spec or {}) - DOCUMENT_KEYS
        if unknown:
            raise CorpusError(
                f"{path}: documents.{doc_id} has unknown key(s) {sorted(unknown)}; "
                f"allowed: {', '.join(sorted(DOCUMENT_KEYS))}."
            )
        specs[doc_id] = spec or {}
        ids.update(r.id for r in _document_rules(path, doc_id, specs[doc_id])["rules"])
    out["documents"] = DocumentRules(path, specs)
    for r in out["global"]:
        if r.id in ids:
            raise CorpusError(f"{path}: rule id {r.id} is used twice; ids must be unique.")
    return out


_PARSED: dict[tuple[Path, int], dict] = {}


def load_rules(path: Path | None = None) -> dict:
    """Parse and validate a cleaning rules file (cached until the file changes)."""
    path = path or rules_path()
    if not path.is_file():
        raise ConfigError(f"{path}: cleaning rules not found; restore data/cleaning/rules.yaml from git.")
    key = (path, path.stat().st_mtime_ns)
    if key not in _PARSED:
        _PARSED[key] = _parse_rules(path)
    return _PARSED[key]


def rules_version(path: Path | None = None) -> str:
    """Hash of the rules file and the general rules (a change to either invalidates cached parses)."""
    path = path or rules_path()
    return hashlib.sha256(path.read_bytes() + general_rules_path().read_bytes()).hexdigest()[:12]


def _lines(raw: str) -> list[tuple[int, int]]:
    """(start, end) of each line's content, without its line break."""
    out, pos = [], 0
    for line in raw.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        out.append((pos, pos + len(content)))
        pos += len(line)
    return out


def _blank(ch: str) -> bool:
    """Whitespace, or a byte-order mark (U+FEFF) that editors leave at a line start."""
    return ch.isspace() or ch == "\ufeff"


def _strip(raw: str, start: int, end: int) -> tuple[int, int]:
    while start < end and _blank(raw[start]):
        start += 1
    while end > start and _blank(raw[end - 1]):
        end -= 1
    return start, end


# Markup removal and repair run until the line stops changing (a mark can hide another: "*# x").
MAX_PASSES = 5


def _raw_runs(chars: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """The raw spans of a sequence of cleaned characters, merged where they touch."""
    runs: list[tuple[int, int]] = []
    for _, s, e in chars:
        if runs and s <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], e))
        else:
            runs.append((s, e))
    return runs


def _clean_line(
    doc_id: str,
    raw: str,
    cs: int,
    ce: int,
    markup: list[Rule],
    whole: list[Rule],
    log: list[LogEntry],
    used: set[str],
    partial: list[Span] = (),
) -> tuple[list[tuple[str, int, int]], str | None, Rule | None]:
    """One kept line: remove marks, repair mojibake, trim, and drop the line if what is left is
    boilerplate; repeated until nothing changes, so cleaning the cleaned text removes nothing more.
    Returns the kept characters with raw spans, the block kind the marks set, and a ``from_line``
    rule if one matched (the caller cuts the rest)."""
    chars = [(ch, cs + i, cs + i + 1) for i, ch in enumerate(raw[cs:ce])]
    for sp in partial:  # general rules removing part of the line (a glued date stamp, "[...]")
        if cs <= sp.start and sp.end <= ce:
            log.append(
                LogEntry(
                    doc_id, sp.start, sp.end, raw[sp.start : sp.end], "remove", sp.rule_id, sp.category, ""
                )
            )
            chars = [c for c in chars if not sp.start <= c[1] < sp.end]
    marks = None
    for n in range(MAX_PASSES):
        before = [c[0] for c in chars]
        text = "".join(before)
        drop = [False] * len(text)
        for r in markup:
            for m in r.pattern.finditer(text):
                if m.end() == m.start():
                    continue
                used.add(r.id)
                marks = marks or r.marks
                for i in range(m.start(), m.end()):
                    drop[i] = True
                for s, e in _raw_runs(chars[m.start() : m.end()]):
                    log.append(LogEntry(doc_id, s, e, raw[s:e], "remove", r.id, r.category, ""))
        chars = _trim(
            _repair(doc_id, raw, _trim([c for c, d in zip(chars, drop, strict=True) if not d]), log)
        )
        if n and chars:  # the first pass's line rules ran on the raw line already
            rule = next((r for r in whole if r.pattern.fullmatch("".join(c[0] for c in chars))), None)
            if rule is not None:
                used.add(rule.id)
                for s, e in _raw_runs(chars):
                    log.append(LogEntry(doc_id, s, e, raw[s:e], "remove", rule.id, rule.category, ""))
                return [], marks, rule if rule.kind == "from_line" else None
        if [c[0] for c in chars] == before or not chars:
            break
    return chars, marks, None


def _trim(chars: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop leading and trailing whitespace characters (with their raw spans)."""
    lo, hi = 0, len(chars)
    while lo < hi and _blank(chars[lo][0]):
        lo += 1
    while hi > lo and _blank(chars[hi - 1][0]):
        hi -= 1
    return chars[lo:hi]


def _repair(
    doc_id: str, raw: str, chars: list[tuple[str, int, int]], log: list[LogEntry]
) -> list[tuple[str, int, int]]:
    """Fix mojibake token by token with ftfy; keep each new character's raw span."""
    text = "".join(c for c, _, _ in chars)
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok.isascii():
            continue
        fixed = ftfy.fix_text(tok, _FTFY)
        if fixed == tok:
            continue
        out += chars[pos : m.start()]
        seg = chars[m.start() : m.end()]
        ops = difflib.SequenceMatcher(None, tok, fixed, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op == "equal":
                out += seg[i1:i2]
            else:  # replace, insert or delete: each is logged with its raw span
                s = seg[i1][1] if i1 < len(seg) else seg[-1][2]
                e = seg[i2 - 1][2] if i2 > i1 else s
                out += [(ch, s, e) for ch in fixed[j1:j2]]
                log.append(LogEntry(doc_id, s, e, raw[s:e], "repair", "ftfy", "mojibake", fixed[j1:j2]))
        pos = m.end()
    out += chars[pos:]
    return out


def clean_document(doc: Document, rules: dict | None = None) -> CleanDocument:
    """Apply global and per-document rules to one document."""
    rules = rules or corpus_rules()
    per_doc = rules["documents"].get(doc.doc_id, {"rules": [], "headings": [], "prompts": []})
    doc_rules = rules["global"] + per_doc["rules"]
    raw = doc.raw
    general = detect(raw, rules.get("general") or [])
    whole_line = {(sp.start, sp.end): sp for sp in general}
    log: list[LogEntry] = []
    used: set[str] = set()
    lines = _lines(raw)
    kept: list[tuple[int, int]] = []
    cut_from: int | None = None
    for s, e in lines:
        if cut_from is not None:
            break
        cs, ce = _strip(raw, s, e)
        if cs == ce:
            continue
        content = raw[cs:ce]
        rule = next(
            (r for r in doc_rules if r.kind in ("line", "from_line") and r.pattern.fullmatch(content)),
            None,
        )
        if rule is None and (cs, ce) in whole_line:  # a general rule; per-document rules win above
            sp = whole_line[(cs, ce)]
            log.append(LogEntry(doc.doc_id, cs, ce, content, "remove", sp.rule_id, sp.category, ""))
            continue
        if rule is None:
            kept.append((cs, ce))
            continue
        used.add(rule.id)
        if rule.kind == "line":
            log.append(LogEntry(doc.doc_id, cs, ce, content, "remove", rule.id, rule.category, ""))
        else:
            end = _strip(raw, cs, len(raw))[1]
            log.append(LogEntry(doc.doc_id, cs, end, raw[cs:end], "remove", rule.id, rule.category, ""))
            cut_from = cs
    blocks: list[Block] = []
    markup = [r for r in doc_rules if r.kind == "markup"]
    whole = [r for r in doc_rules if r.kind in ("line", "from_line")]
    for k, (cs, ce) in enumerate(kept):
        partial = [sp for sp in general if cs <= sp.start and sp.end <= ce and (sp.start, sp.end) != (cs, ce)]
        chars, marks, cut = _clean_line(doc.doc_id, raw, cs, ce, markup, whole, log, used, partial)
        if cut:  # a from_line rule matched once the marks were gone: the rest of the text goes too
            rest = [(s, e) for s, e in kept[k + 1 :]]
            if rest:
                log.append(
                    LogEntry(
                        doc.doc_id,
                        rest[0][0],
                        rest[-1][1],
                        raw[rest[0][0] : rest[-1][1]],
                        "remove",
                        cut.id,
                        cut.category,
                        "",
                    )
                )
            break
        if not chars:
            continue
        text = "".join(c for c, _, _ in chars)
        blocks.append(
            Block(len(blocks), marks or "paragraph", text, [c[1] for c in chars], [c[2] for c in chars])
        )
    _assign_kinds(doc, blocks, per_doc, rules.get("path", Path("rules")))
    unused = [r.id for r in per_doc["rules"] if r.id not in used]
    if unused:
        raise CorpusError(
            f"{rules.get('path')}: rule(s) {', '.join(unused)} for {doc.doc_id} ({doc.seed_file}) matched "
            "nothing. The seed or the rule changed: fix the pattern or delete the rule."
        )
    if not any(b.kind in BODY_KINDS for b in blocks):
        raise CorpusError(
            f"{doc.seed_file}: cleaning left no body text for {doc.doc_id}. "
            f"Check the rules for {doc.doc_id} in {rules.get('path')}."
        )
    log.sort(key=lambda e: (e.start, e.end, e.rule_id))
    return CleanDocument(doc, blocks, log)


def _assign_kinds(doc: Document, blocks: list[Block], per_doc: dict, path: Path) -> None:
    headings = set(per_doc["headings"])
    found = set()
    title = doc.meta.get("title", "")
    title_seen = False
    for b in blocks:
        if title and not title_seen and b.text == title:
            b.kind, title_seen = "title", True
        elif b.text in headings:
            b.kind = "heading"
            found.add(b.text)
        elif any(p.fullmatch(b.text) for p in per_doc["prompts"]):
            b.kind = "prompt"
    if title and not title_seen:
        raise CorpusError(
            f"{doc.seed_file}: the manifest title {title!r} of {doc.doc_id} is not a line of the "
            "cleaned text. Correct the title in seeds/manifest.csv (or leave it empty)."
        )
    missing = headings - found
    if missing:
        raise CorpusError(
            f"{path}: heading(s) {sorted(missing)} listed for {doc.doc_id} are not lines of "
            "the cleaned text. Fix or delete them."
        )
    prompts_hit = {i for i, p in enumerate(per_doc["prompts"]) for b in blocks if p.fullmatch(b.text)}
    if len(prompts_hit) != len(per_doc["prompts"]):
        raise CorpusError(f"{path}: some prompt patterns for {doc.doc_id} match no line. Fix or delete them.")


def corpus_rules(folder: Path | None = None) -> dict:
    """The rules that apply to a corpus folder (per-document rules only where they belong to it)."""
    path = rules_path(folder)
    rules = load_rules(path)
    if not applies_per_document_rules(path, folder):
        rules = {**rules, "documents": {}}
    return {**rules, "general": _general_rules(rules.get("disable_general") or [], path)}


def check_rules_cover(doc_ids: Iterable[str], folder: Path | None = None) -> None:
    """Per-document rules name documents of the corpus (``doc_ids``, all of them): a rule for an
    unknown doc_id is stale."""
    rules = corpus_rules(folder)
    unknown = set(rules["documents"]) - set(doc_ids)
    if unknown:
        raise ConfigError(
            f"{rules['path']}: rules for unknown doc_id(s) {sorted(unknown)}; "
            "rename them to a doc_id of the corpus manifest or delete them."
        )


def clean_corpus(
    docs: list[Document], folder: Path | None = None, *, check_rules: bool = True
) -> list[CleanDocument]:
    """Clean documents of a corpus folder with its rules (``check_rules``: the docs are the whole corpus)."""
    if check_rules:
        check_rules_cover((d.doc_id for d in docs), folder)
    rules = corpus_rules(folder)
    return [clean_document(d, rules) for d in docs]
