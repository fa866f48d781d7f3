"""One error hierarchy. Every message names the file (and row or key) and says how to fix it."""

from __future__ import annotations


class MinusmaError(ValueError):
    """Base class: bad input that stops the pipeline with a message naming the file and the fix."""


class CorpusError(MinusmaError):
    """A bad seed file, manifest row, checksum line or annotation cache entry."""


class ConfigError(MinusmaError):
    """A bad rules file, lexicon, codebook or other editable configuration file."""


class ManualCodingError(MinusmaError):
    """A bad row of hand coding in ``data/annotations/``."""


class ReferenceDataError(MinusmaError):
    """A bad row of cited reference data in ``data/reference/``."""
