"""`PageReading`: one page of a PDF as read, whoever read it, in the one shape the later steps take.

A page is read by its text layer (`parsers.pdf.layout.read_page`) or, when that layer is not usable
text, by OCR (`parsers.readers.pdf`), or not at all. Either way it becomes a PageReading: its
visual lines outside tables (text as read, repaired later, once, when the lines are joined into
paragraphs), its tables (cells already repaired), the Thai defect profile every string of the page
is repaired by, and how it was read and why. `PageReading.record` is what the report says of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.document import PageRecord, Table
from parsers.pdf.columns import ColumnLayout
from parsers.thai.quality import NO_TEXT_LAYER
from parsers.thai.repair import TextLayerProfile
from schema.codes import ReadBy


@dataclass
class PageLine:
    """One visual line of a page; top/bottom in points from the top of the page."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass
class PageReading:
    number: int                                                          # 1-based
    lines: list[PageLine] = field(default_factory=list)                  # visual lines outside tables, as read
    tables: list[tuple[float, Table]] = field(default_factory=list)      # (top, table), cells repaired
    line_of: dict[float, int] = field(default_factory=dict)              # a line's top → its 1-based line on the page
    profile: TextLayerProfile = field(default_factory=TextLayerProfile)  # the page's Thai defects: repairs follow it
    read_by: ReadBy = ReadBy.TEXT_LAYER
    text_quality: float | None = None    # of the text layer, whoever read the page (None: too little to judge)
    layer_reason: str | None = None      # why the text layer is not usable text (the page needs OCR), or None
    reason: str | None = None            # why OCR read the page, why it was not read, or what of its geometry is in doubt
    ocr_confidence: float | None = None  # pages read by OCR: Tesseract's mean word confidence, 0..1
    fallbacks: list[str] = field(default_factory=list)  # steps of reading the page that failed, each with what was kept
    height: float | None = None          # points, of the page as read (upright, cropped); None: not read from its text layer
    width: float | None = None
    columns: ColumnLayout | None = None  # a page printed in two columns: read column by column (None: by top)
    # text aligned in columns that no row of opens a table, read as lines: x0, top, x1, bottom
    aligned_prose: list[tuple[float, float, float, float]] = field(default_factory=list)

    @classmethod
    def unreadable(cls, number: int) -> PageReading:
        """A page pdfium could not load or read: no text layer, so OCR may still read it."""
        return cls(number, layer_reason=NO_TEXT_LAYER)

    def record(self) -> PageRecord:
        return PageRecord(self.number, self.read_by, self.text_quality, self.reason, self.ocr_confidence)


def line_numbers(tops: set[float]) -> dict[float, int]:
    """Tops of a page's lines (and table rows) → 1-based line numbers, top to bottom."""
    return {top: index for index, top in enumerate(sorted(tops), start=1)}
