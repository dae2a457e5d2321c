"""What the ITA extractors tell the readers about tables, as `LayoutHints`.

The PDF reader joins a table broken across pages; whether the next page's first row is a header
of its own, and whether it starts a new row, depends on what ITA tables look like: measure-table
headers (from the measure extractor's column synonyms), and rows opened by an item code
(`O12`, `๐๑` read as O), `มาตรการที่`, `ตัวชี้วัดที่`, or any numbering or bullet.
"""

from __future__ import annotations

import re

from parsers.extract.measures import is_header_row
from parsers.layout_hints import LayoutHints, numbered_or_bulleted

# Openings of an ITA table row beyond plain numbering: an item code, a measure/indicator label, or
# a cell that is nothing but a row number ('๓' in a ลำดับ column: Chromium repeats the header on
# the next page and starts row 3 there, which was glued to row 2).
_ITA_ROW_START = re.compile(r"^\s*(?:[OEIoei0][\d๐-๙]|มาตรการที่|ตัวชี้วัดที่|[\d๐-๙]{1,3}\s*$)")


def starts_ita_row(text: str) -> bool:
    return numbered_or_bulleted(text) or bool(_ITA_ROW_START.match(text))


ITA_HINTS = LayoutHints(is_header_row=is_header_row, starts_row=starts_ita_row)
