"""Write processed tables chunk by chunk as the chunks arrive (bounded memory, any engine).

Each table's header is written with its first chunk; every later chunk appends its rows. Numbers are
formatted value by value (:mod:`minusma_lib.core.tables`), so the bytes do not depend on how the
corpus was cut into chunks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

import pandas as pd

from minusma_lib.core.tables import write_rows


class ChunkedTables:
    """Open CSV files for every table of a build; :meth:`add` appends one chunk's tables."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.files: dict[str, TextIO] = {}
        self.columns: dict[str, list[str]] = {}

    def add(self, tables: dict[str, pd.DataFrame]) -> None:
        for name, df in tables.items():
            if name not in self.files:
                path = self.out_dir / f"{name}.csv.partial"
                self.files[name] = path.open("w", encoding="utf-8", newline="")
                self.columns[name] = list(df.columns)
                write_rows(df, self.files[name], header=True)
            elif list(df.columns) != self.columns[name]:
                raise ValueError(
                    f"{name}: a chunk has columns {list(df.columns)}, expected {self.columns[name]}"
                )
            else:
                write_rows(df, self.files[name], header=False)

    def finish(self) -> list[Path]:
        """Close every file and move it into place; return the final paths."""
        done = []
        for name, fh in self.files.items():
            fh.close()
            final = self.out_dir / f"{name}.csv"
            (self.out_dir / f"{name}.csv.partial").replace(final)
            done.append(final)
        return done
