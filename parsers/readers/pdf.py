"""PDF reader: bytes of a PDF → Document (paragraphs and tables with page/line provenance).

  open_pdf          bytes → pdfium document, or UnreadableInput with the kind of failure
  read_text_layers  every page's text layer and ruled tables (`pdf_layout.read_page`); a page that
                    fails is recorded and the other pages go on
  ocr_plan          the OCR mode and the pages' text layers → which pages OCR reads, which are
                    recorded as unreadable, or why the whole document cannot be read
  read_by_ocr       the planned pages rendered and read by the OCR engine, one at a time, into the
                    same page shape as a text layer's (`ocr_to_page`)
  PdfReader.read    all of it, then `pdf_layout.pages_to_blocks` for the reading order

OCR'd pages are listed in `Document.ocr_pages`; unreadable pages in `Document.page_errors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from parsers.document import Cell, Document, Origin, PageRecord, Row, Table
from parsers.errors import ErrorKind, MissingDependency, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.ocr.engine import OcrEngine, ocr_engine
from parsers.ocr.page import OcrPage
from parsers.options import OcrMode, ParseOptions
from parsers.pdf.layout import PageBlocks, PageLine, garbage_text, line_numbers, pages_to_blocks, read_page
from parsers.thai.defects import TextLayerProfile
from parsers.thai.repair import repair_thai
from schema.codes import ReadBy, SourceFormat

# pdfium's error code is process-global and goes stale (a worker that met an encrypted PDF
# reports "password" for the next broken one), so the reason is read from the bytes instead.
_ENCRYPT_KEY = re.compile(rb"/Encrypt\b")
_ZERO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")

Page = tuple[PageBlocks, list[PageLine]]


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes, turning pdfium's failures into one-line reasons with their kind."""
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableInput("not a PDF (no %PDF header)", ErrorKind.NOT_PDF)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if _ENCRYPT_KEY.search(data):
            raise UnreadableInput("the PDF is encrypted (password protected); decrypt it first", ErrorKind.ENCRYPTED) from error
        if _ZERO_PAGES.search(data):
            raise UnreadableInput("the PDF has no pages", ErrorKind.NO_PAGES) from error
        raise UnreadableInput("corrupt or truncated PDF (pdfium cannot load it)", ErrorKind.CORRUPT) from error
    if len(pdf) == 0:
        pdf.close()
        raise UnreadableInput("the PDF has no pages", ErrorKind.NO_PAGES)
    return pdf


def read_text_layers(pdf: pdfium.PdfDocument, page_errors: list[tuple[int, str]]) -> list[Page]:
    """Every page's text layer and tables; a page that fails is recorded and read as empty."""
    pages: list[Page] = []
    for index in range(len(pdf)):
        try:
            pdfium_page = pdf[index]  # inside the try: pdfium may fail to load one page of a readable PDF
        except pdfium.PdfiumError as error:
            page_errors.append((index + 1, f"page_unreadable: {error}"))
            pages.append((PageBlocks(index + 1, has_text=False), []))
            continue
        try:
            pages.append(read_page(pdfium_page, index + 1))
        except Exception as error:  # a broken page: recorded, the rest of the document goes on
            page_errors.append((index + 1, f"{type(error).__name__}: {error}"))
            pages.append((PageBlocks(index + 1, has_text=False), []))
        finally:
            pdfium_page.close()
    return pages


def first_page_height(pdf: pdfium.PdfDocument) -> float:
    """The height of the first page pdfium can load (A4's when none can: every page is then unread)."""
    for index in range(len(pdf)):
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            continue
        try:
            return page.get_height()
        finally:
            page.close()
    return 842.0


@dataclass
class OcrPlan:
    wanted: list[int] = field(default_factory=list)                   # pages OCR is to read
    page_errors: list[tuple[int, str]] = field(default_factory=list)  # pages left unread, with why
    reasons: dict[int, str] = field(default_factory=dict)             # page → why its text layer is not usable


def unusable_layer(blocks: PageBlocks, lines: list[PageLine]) -> str | None:
    """Why a page's text layer cannot be used (the page needs OCR), or None when it can."""
    if not blocks.has_text:
        return "no text layer"
    if garbage_text(lines):
        return "the text layer is mostly undecodable characters"
    return blocks.junk_reason


def ocr_plan(pages: list[Page], mode: OcrMode, engine: OcrEngine) -> OcrPlan:
    """Which pages OCR reads. Raises when no page could be read at all (OCR off or not installed)."""
    reasons = {blocks.number: why for blocks, lines in pages if (why := unusable_layer(blocks, lines))}
    textless = list(reasons)
    everything = len(textless) == len(pages)
    plan = OcrPlan(wanted={OcrMode.ALWAYS: [b.number for b, _ in pages], OcrMode.AUTO: textless, OcrMode.NEVER: []}[mode],
                   reasons=reasons)
    if mode is OcrMode.NEVER:
        if everything:
            raise UnreadableInput(f"the PDF has no usable text layer ({len(pages)} page(s), scanned?) and OCR is off",
                                  ErrorKind.NO_TEXT_LAYER)
        plan.page_errors = [(n, "no usable text layer, and OCR is off") for n in textless]
    if plan.wanted:
        try:
            engine.check_available()
        except MissingDependency as missing:
            if everything:
                raise MissingDependency(f"the PDF has no text layer ({len(pages)} page(s), scanned?) and needs OCR, but {missing}",
                                        missing.package) from missing
            plan.page_errors += [(n, f"needs OCR, but {missing}") for n in plan.wanted]
            plan.wanted = []
    return plan


# OCR reads the glyphs, so its text cannot have a text layer's letter-swapping defects (a font's
# wrong code points: กำร for การ, judged by the word list); only the mechanical repairs apply.
# Diagnosing OCR text for them cost 0.4 s a page (building the word-list regexes) and changed no
# score of the seed and real scans: it only turned OCR junk into other junk (สมำเสมอ → สมาเสมอ
# for สม่ำเสมอ).
OCR_PROFILE = TextLayerProfile()


def ocr_to_page(result: OcrPage, number: int, dpi: int) -> Page:
    """An OCR'd page in the same shape as a text-layer page (pixels → points)."""
    scale = 72 / dpi
    profile = OCR_PROFILE
    lines = [PageLine(repair_thai(line.text, profile), line.top * scale, line.bottom * scale, line.left * scale, line.right * scale)
             for line in result.lines]
    blocks = PageBlocks(number, line_of=line_numbers({line.top for line in lines} | {top * scale for top, _ in result.tables}))
    for top, rows in result.tables:
        line = blocks.line_of[top * scale]
        table_rows = [Row(tuple(Cell(repair_thai(text, profile)) for text in row), Origin(page=number, line=line, raw="\t".join(row)))
                      for row in rows]
        blocks.blocks.append((top * scale, Table(table_rows)))
    return blocks, lines


@dataclass
class OcrDone:
    pages: list[int] = field(default_factory=list)                 # pages read by OCR
    rereads: int = 0                                               # numbers the digit recogniser read again
    confidence: dict[int, float | None] = field(default_factory=dict)  # page → Tesseract's mean word confidence


def read_by_ocr(pdf: pdfium.PdfDocument, pages: list[Page], wanted: list[int], engine: OcrEngine,
                page_errors: list[tuple[int, str]]) -> OcrDone:
    """OCR the wanted pages in place, one at a time. A page that fails keeps its reason and the
    other pages go on."""
    done = OcrDone()
    for number in wanted:
        try:
            image = pdf[number - 1].render(scale=engine.dpi / 72, grayscale=True).to_pil()
            result = engine.read_page(image)
        except Exception as error:  # one bad page must not lose the others
            page_errors.append((number, f"OCR failed: {type(error).__name__}: {error}"))
            continue
        pages[number - 1] = ocr_to_page(result, number, engine.dpi)
        done.pages.append(number)
        done.rereads += result.reread
        done.confidence[number] = result.confidence
    return done


def page_records(qualities: list[float | None], plan: OcrPlan, ocr_done: OcrDone, page_errors: list[tuple[int, str]],
                 mode: OcrMode) -> list[PageRecord]:
    """How each page was read: by its text layer, by OCR (and why), or not at all (and why)."""
    done, failed = set(ocr_done.pages), dict(page_errors)
    records = []
    for number, quality in enumerate(qualities, start=1):
        why = plan.reasons.get(number) or ("OCR mode always" if mode is OcrMode.ALWAYS else None)
        if number in done:
            records.append(PageRecord(number, ReadBy.OCR, quality, why, ocr_done.confidence.get(number)))
        elif number in failed and (number in plan.reasons or number in plan.wanted):
            records.append(PageRecord(number, ReadBy.UNREAD, quality, failed[number]))
        else:
            records.append(PageRecord(number, ReadBy.TEXT_LAYER, quality))
    return records


class PdfReader:
    """Born-digital PDFs (tables from ruling lines, text from pypdfium2) and scans (by OCR)."""

    format = SourceFormat.PDF
    suffixes = (".pdf",)
    max_bytes = 256 * 2**20  # a scanned report is a few MB; past this it is not a report

    def count_pages(self, data: bytes) -> int | None:
        """Pages of the PDF, cheaply (no page is read), or None if it cannot be opened."""
        try:
            pdf = open_pdf(data)
        except UnreadableInput:
            return None
        try:
            return len(pdf)
        finally:
            pdf.close()

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        pdf = open_pdf(data)
        page_errors: list[tuple[int, str]] = []
        try:
            pages = read_text_layers(pdf, page_errors)
            page_height = first_page_height(pdf)
            engine = ocr_engine(options)
            plan = ocr_plan(pages, options.ocr, engine)
            qualities = [blocks.quality for blocks, _ in pages]
            page_errors += plan.page_errors
            ocr_done = read_by_ocr(pdf, pages, plan.wanted, engine, page_errors)
        finally:
            pdf.close()
        return Document(blocks=pages_to_blocks(pages, page_height, hints), format=self.format, page_count=len(pages),
                        ocr_pages=ocr_done.pages, page_errors=page_errors, ocr_rereads=ocr_done.rereads,
                        pages=page_records(qualities, plan, ocr_done, page_errors, options.ocr))
