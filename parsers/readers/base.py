"""The reader contract: bytes of one format → Document, whatever the format.

A reader knows its format's name, the file suffixes that mean it and the largest input it
accepts; `read` turns bytes into the document model (`parsers.document`) or raises a
`parsers.errors.ParseError`. Readers know layout, never ITA: what only the extractors know
(is this table row a header? does this cell start a new row?) comes in as `parsers.layout_hints.LayoutHints`,
the way rapidfuzz takes a `scorer`.
"""

from __future__ import annotations

from typing import Protocol

from parsers.document import Document
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions


class Reader(Protocol):
    """One input format."""

    format: str                  # Source.format of its documents
    suffixes: tuple[str, ...]    # lower-case file suffixes, with the dot
    max_bytes: int               # larger inputs are refused before they are read

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        """The document in `data`; raises parsers.errors.ParseError (or a subclass) when it cannot."""
        ...
