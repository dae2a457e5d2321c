"""The reader contract: bytes of one format → Document, whatever the format.

A reader knows its format's name, the file suffixes that mean it and the largest input it
accepts; `read` turns bytes into the document model (`parsers.document`) or raises a
`parsers.errors.ParseError`. Readers know layout, never ITA: what only the extractors know
(is this table row a header? does this cell start a new row?) comes in as `LayoutHints`,
the way rapidfuzz takes a `scorer`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from parsers.document import Document, Row
from parsers.options import ParseOptions

# A cell that starts like this opens a new row (numbering or a bullet), in any document.
_NUMBERED_OR_BULLETED = re.compile(r"^\s*(?:[\d๐-๙]+[.)]|\(?[\d๐-๙]+\)|[-•➤▪●])")


def never_a_header(_row: Row) -> bool:
    return False


def numbered_or_bulleted(text: str) -> bool:
    return bool(_NUMBERED_OR_BULLETED.match(text))


@dataclass(frozen=True)
class LayoutHints:
    """Knowledge a reader needs to rebuild tables broken across pages, supplied by the caller.

    is_header_row  the row heads a table of its own (so a table starting a page is not a continuation)
    starts_row     the first non-empty cell of a page's first row opens a new row (else the row is
                   the rest of the previous page's last row, split by the page break)
    """

    is_header_row: Callable[[Row], bool] = never_a_header
    starts_row: Callable[[str], bool] = numbered_or_bulleted


NO_HINTS = LayoutHints()


class Reader(Protocol):
    """One input format."""

    format: str                  # Source.format of its documents
    suffixes: tuple[str, ...]    # lower-case file suffixes, with the dot
    max_bytes: int               # larger inputs are refused before they are read

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        """The document in `data`; raises parsers.errors.ParseError (or a subclass) when it cannot."""
        ...
