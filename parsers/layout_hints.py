"""What a reader may ask about tables without knowing ITA: `LayoutHints`, supplied by the caller.

Readers know layout, never ITA. Rebuilding a table broken across pages needs two answers only the
extractors can give (is this row a header? does this cell open a new row?), and telling a table
printed without rules from a tab-aligned list a third (can a table start at this row?); they come in as
functions, the way rapidfuzz takes a `scorer`. `parsers.extract.layout_hints.ITA_HINTS` is the ITA
answer that `parsers.pipeline` hands to every reader; `NO_HINTS` knows only numbering and bullets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.document import Row

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
    opens_table    a table without rules (text aligned in columns) may start at this row; text so
                   aligned before any such row stays prose (tab-aligned lists are aligned too)
    """

    is_header_row: Callable[[Row], bool] = never_a_header
    starts_row: Callable[[str], bool] = numbered_or_bulleted
    opens_table: Callable[[Row], bool] = never_a_header


NO_HINTS = LayoutHints()
