"""PDF backend, text layer only: bytes of a born-digital PDF → Document.

pypdfium2 reads each page's text layer (it honours /ActualText, so Thai marks come out in
order, unlike pdfminer's glyph sort). Every line becomes prose with page/line provenance.
Every page's text goes through `thai_repair.repair_thai` (legacy-font glyphs, split SARA AM,
detached marks). Not yet done (issue 3): ruled tables from page geometry, page headers/footers,
and OCR of scanned pages – a PDF with no text layer is refused clearly.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium

from parsers.document import Document, Line, Origin, Paragraph
from parsers.text_reader import UnreadableReport
from parsers.thai import normalise_text
from parsers.thai_repair import repair_thai

# pdfium's error code is process-global and goes stale (a worker that met an encrypted PDF
# reports "password" for the next broken one), so the reason is read from the bytes instead.
_ENCRYPT_KEY = re.compile(rb"/Encrypt\b")
_ZERO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")
# Characters of text a page needs before the PDF counts as having a text layer at all.
_MIN_TEXT_CHARS = 20


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes, turning pdfium's failures into one-line reasons."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableReport("not a PDF (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if _ENCRYPT_KEY.search(data):
            raise UnreadableReport("the PDF is encrypted (password protected); decrypt it first") from error
        if _ZERO_PAGES.search(data):
            raise UnreadableReport("the PDF has no pages") from error
        raise UnreadableReport("corrupt or truncated PDF (pdfium cannot load it)") from error


def page_lines(page: pdfium.PdfPage, page_number: int) -> list[Line]:
    text_page = page.get_textpage()
    try:
        text = repair_thai(text_page.get_text_range())
    finally:
        text_page.close()
    lines = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        clean = normalise_text(raw)
        if clean:
            lines.append(Line(clean, Origin(page=page_number, line=number, raw=raw)))
    return lines


def read_pdf_report(data: bytes) -> Document:
    """Bytes of a PDF → Document of one paragraph per page. Raises UnreadableReport."""
    pdf = open_pdf(data)
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise UnreadableReport("the PDF has no pages")
        paragraphs = []
        for index in range(page_count):
            page = pdf[index]
            try:
                paragraphs.append(Paragraph(page_lines(page, index + 1)))
            finally:
                page.close()
    finally:
        pdf.close()
    if sum(len(line.text) for p in paragraphs for line in p.lines) < _MIN_TEXT_CHARS:
        raise UnreadableReport(f"the PDF has no text layer ({page_count} page(s), scanned?); OCR is not supported yet")
    return Document(blocks=[p for p in paragraphs if p.lines], format="pdf", page_count=page_count)
