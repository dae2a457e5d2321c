"""What the ITA extractors tell the readers about tables, as `LayoutHints`.

The PDF reader joins a table broken across pages; whether the next page's first row is a header
of its own, and whether it starts a new row, depends on what ITA tables look like: measure-table
headers (from the measure extractor's column synonyms), and rows opened by an item code
(`O12`, `๐๑` read as O), `มาตรการที่`, `ตัวชี้วัดที่`, or any numbering or bullet. Text aligned in
columns without rules is read as a table from a row that opens an ITA table: a measure header, a
score table's header or an indicator with its score.
"""

from __future__ import annotations

import re

from parsers.document import Row
from parsers.extract.items import is_item_score_row
from parsers.extract.measures import is_header_row
from parsers.extract.scores import is_score_row
from parsers.layout_hints import LayoutHints, numbered_or_bulleted

# Openings of an ITA table row beyond plain numbering: an item code, a measure/indicator label, a
# questionnaire item ('ข้อ ๒๓': the rows of the IIT/EIT item tables), or
# a cell that is nothing but a row number ('๓' in a ลำดับ column: Chromium repeats the header on
# the next page and starts row 3 there, which was glued to row 2).
_ITA_ROW_START = re.compile(r"^\s*(?:[OEIoei0][\d๐-๙]|มาตรการที่|ตัวชี้วัดที่|ข้อ\s*[\d๐-๙]|[\d๐-๙]{1,3}\s*$)")


def starts_ita_row(text: str) -> bool:
    return numbered_or_bulleted(text) or bool(_ITA_ROW_START.match(text))


def opens_ita_table(row: Row) -> bool:
    """A measure table's header, a score table's header or row, an item-score row: a table without
    rules holding one is read as a table. (An item code with a whole number is no anchor: measure
    tables hold 'O42 … 2'.)"""
    return is_header_row(row) or is_score_row(row) or is_item_score_row(row)


ITA_HINTS = LayoutHints(is_header_row=is_header_row, starts_row=starts_ita_row, opens_table=opens_ita_table)
