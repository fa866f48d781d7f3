"""The ``minusma`` command (installed with the package).

``minusma add PATH... --corpus DIR``: import texts (.txt, .md), saved web pages (.html) and archive
exports (.csv, .jsonl) into a corpus folder; see :mod:`minusma_lib.corpus.importer`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from minusma_lib.core.errors import MinusmaError
from minusma_lib.corpus.importer import add
from minusma_lib.corpus.seeds import GENRES, TRANSLATIONS


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="minusma", description="Tools for the MINUSMA coverage study.")
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("add", help="import articles into a corpus folder")
    a.add_argument("paths", nargs="+", type=Path, help=".txt, .md, .html, .csv or .jsonl files")
    a.add_argument("--corpus", type=Path, required=True, help="corpus folder (created if needed)")
    a.add_argument("--outlet", help="outlet, when the input does not name one")
    a.add_argument("--date", dest="date_published", help="publication date YYYY-MM-DD, when not in the input")
    a.add_argument("--language", dest="original_language", help="ISO 639-1 code, when not in the input")
    a.add_argument("--genre", choices=GENRES, help="genre (default news_report)")
    a.add_argument("--translation", choices=TRANSLATIONS, help="none (default), human or machine")
    a.add_argument("--translated-from", dest="translated_from", help="source language of a translation")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    options = {
        k: v for k, v in vars(args).items() if k not in ("command", "paths", "corpus") and v is not None
    }
    try:
        written = add(args.paths, args.corpus, options)
    except MinusmaError as err:
        print(err, file=sys.stderr)
        return 1
    for p in written:
        print(f"{p.row['doc_id']}: {p.seed_file} ({p.row['outlet']}, {p.row['date_published']})")
    print(f"{len(written)} article(s) added to {args.corpus}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
