"""PDF reader: bytes of a PDF → Document (paragraphs and tables with page/line provenance).

  open_pdf          bytes → pdfium document, or UnreadableInput with the kind of failure
  read_text_layers  every page's text layer and ruled tables (`pdf_layout.read_page`); a page that
                    fails is recorded and the other pages go on
  mark_blank_pages  pages with (next to) no text and nothing drawn, or white when rendered small →
                    read_by blank, never given to OCR (`parsers.ocr.blank`)
  ocr_plan          the OCR mode and the pages' text layers → which pages OCR reads, which are
                    recorded as unreadable, or why the whole document cannot be read
  read_by_ocr       the planned pages rendered and read by the OCR engine, one at a time, into the
                    same PageReading a text layer's page is (`read_ocr_result`)
  page_records      how each page was read, and why
  PdfReader.read    all of it, then `pdf_layout.pages_to_blocks` for the reading order

OCR'd pages are listed in `Document.ocr_pages`; unreadable pages in `Document.page_errors`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.document import Cell, Document, Origin, PageRecord, Row, Table
from parsers.errors import ErrorKind, MissingDependency, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.ocr.blank import BLANK_DPI, blank_image
from parsers.ocr.engine import OcrEngine, ocr_engine
from parsers.ocr.page import OcrPage
from parsers.options import OcrMode, ParseOptions
from parsers.pdf.layout import pages_to_blocks, read_page
from parsers.pdf.page import PageLine, PageReading, line_numbers
from parsers.thai.quality import NO_TEXT_LAYER
from parsers.thai.repair import OCR_PROFILE, repair_thai
from schema.codes import ReadBy, SourceFormat

logger = logging.getLogger(__name__)

# pdfium's error code is process-global and goes stale (a worker that met an encrypted PDF
# reports "password" for the next broken one), so the reason is read from the bytes instead.
_ENCRYPT_KEY = re.compile(rb"/Encrypt\b")
_ZERO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")

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


def read_text_layers(pdf: pdfium.PdfDocument, page_errors: list[tuple[int, str]], hints: LayoutHints = NO_HINTS) -> list[PageReading]:
    """Every page's text layer and tables (`hints` anchor tables without rules); a page that fails is
    recorded and read as empty."""
    pages: list[PageReading] = []
    for index in range(len(pdf)):
        try:
            pdfium_page = pdf[index]  # inside the try: pdfium may fail to load one page of a readable PDF
        except pdfium.PdfiumError as error:
            page_errors.append((index + 1, f"page_unreadable: {error}"))
            pages.append(PageReading.unreadable(index + 1))
            continue
        try:
            pages.append(read_page(pdfium_page, index + 1, hints))
        except Exception as error:  # a broken page: recorded, the rest of the document goes on
            logger.info("page %d: its text layer could not be read (%s: %s)", index + 1, type(error).__name__, error)
            page_errors.append((index + 1, f"{type(error).__name__}: {error}"))
            pages.append(PageReading.unreadable(index + 1))
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


# pdfium page objects that draw something OCR could read: an image (a scan), a path (text drawn as
# outlines, a signature), a shading, a form XObject (which may hold any of them)
_DRAWING_OBJECTS = frozenset({pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING,
                              pdfium_c.FPDF_PAGEOBJ_FORM})


def draws_anything(page: pdfium.PdfPage) -> bool:
    """Whether the page has an object other than text at its top level."""
    raw = page.raw
    return any(pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, index)) in _DRAWING_OBJECTS
               for index in range(pdfium_c.FPDFPage_CountObjects(raw)))


def blank_reason(page: pdfium.PdfPage) -> str | None:
    """Why a page with too little text for a text layer is blank, or None when OCR may find something
    on it. A page with nothing but its few characters of text (an empty page break's page number) is
    read from those; one that draws something is blank only if it renders white at BLANK_DPI."""
    if not draws_anything(page):
        return "blank: no image or drawing, and next to no text"
    if blank_image(page.render(scale=BLANK_DPI / 72, grayscale=True).to_pil(), BLANK_DPI):
        return f"blank: white when rendered at {BLANK_DPI} dpi"
    return None


def mark_blank_pages(pdf: pdfium.PdfDocument, pages: list[PageReading]) -> None:
    """Pages whose text layer is (next to) empty and that are blank: read_by blank, with why, and no
    longer wanting OCR. A page pdfium cannot load is left as it is."""
    for page in pages:
        if page.layer_reason != NO_TEXT_LAYER:
            continue
        try:
            pdfium_page = pdf[page.number - 1]
        except pdfium.PdfiumError:
            continue
        try:
            reason = blank_reason(pdfium_page)
        finally:
            pdfium_page.close()
        if reason:
            page.read_by, page.reason, page.layer_reason = ReadBy.BLANK, reason, None


@dataclass
class OcrPlan:
    wanted: list[int] = field(default_factory=list)                   # pages OCR is to read
    page_errors: list[tuple[int, str]] = field(default_factory=list)  # pages left unread, with why
    reasons: dict[int, str] = field(default_factory=dict)             # page → why its text layer is not usable


def ocr_plan(pages: list[PageReading], mode: OcrMode, engine: OcrEngine) -> OcrPlan:
    """Which pages OCR reads. Raises when no page could be read at all (OCR off or not installed)."""
    reasons = {page.number: page.layer_reason for page in pages if page.layer_reason}
    textless = list(reasons)
    everything = len(textless) == len(pages)
    not_blank = [page.number for page in pages if page.read_by is not ReadBy.BLANK]
    plan = OcrPlan(wanted={OcrMode.ALWAYS: not_blank, OcrMode.AUTO: textless, OcrMode.NEVER: []}[mode],
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


def read_ocr_result(page: PageReading, result: OcrPage, dpi: int) -> None:
    """An OCR'd page into its PageReading, in the text layer's shape (pixels → points). Its lines
    stay as OCR composed them: they are repaired once, by OCR_PROFILE, when joined into paragraphs;
    table cells are repaired here, as a text layer's are when read."""
    scale = 72 / dpi
    page.lines = [PageLine(line.text, line.top * scale, line.bottom * scale, line.left * scale, line.right * scale)
                  for line in result.lines]
    page.line_of = line_numbers({line.top for line in page.lines} | {top * scale for top, _ in result.tables})
    page.tables = []
    for top, rows in result.tables:
        line = page.line_of[top * scale]
        table_rows = [Row(tuple(Cell(repair_thai(text, OCR_PROFILE)) for text in row),
                          Origin(page=page.number, line=line, raw="\t".join(row))) for row in rows]
        page.tables.append((top * scale, Table(table_rows)))
    page.profile, page.read_by, page.ocr_confidence, page.fallbacks = OCR_PROFILE, ReadBy.OCR, result.confidence, result.fallbacks
    if result.turn:  # said in the page's reason: its lines are placed on the page as turned upright
        page.fallbacks = [f"the page was turned {result.turn}° clockwise: read turned upright", *page.fallbacks]
    if result.turn in (90, 270) and page.height and page.width:  # its lines are on the upright page, the other way round
        page.height, page.width = page.width, page.height
    page.columns = None  # the text layer's column layout: OCR's lines are in its own order
    page.aligned_prose = []


@dataclass
class OcrDone:
    pages: list[int] = field(default_factory=list)                 # pages read by OCR
    rereads: int = 0                                               # numbers the digit recogniser read again


def read_by_ocr(pdf: pdfium.PdfDocument, pages: list[PageReading], wanted: list[int], engine: OcrEngine,
                page_errors: list[tuple[int, str]]) -> OcrDone:
    """OCR the wanted pages in place, one at a time. A page that fails keeps its reason and the
    other pages go on."""
    done = OcrDone()
    for number in wanted:
        try:
            image = pdf[number - 1].render(scale=engine.dpi / 72, grayscale=True).to_pil()
            result = engine.read_page(image)
        except Exception as error:  # one bad page must not lose the others
            logger.info("page %d: OCR failed (%s: %s)", number, type(error).__name__, error)
            page_errors.append((number, f"OCR failed: {type(error).__name__}: {error}"))
            continue
        read_ocr_result(pages[number - 1], result, engine.dpi)
        done.pages.append(number)
        done.rereads += result.reread
    return done


def page_records(pages: list[PageReading], page_errors: list[tuple[int, str]], wanted: list[int], mode: OcrMode) -> list[PageRecord]:
    """How each page was read: by its text layer, by OCR (and why, with any step of it that fell
    back), or not at all (and why)."""
    failed = dict(page_errors)
    for page in pages:
        if page.read_by is ReadBy.OCR:
            why = page.layer_reason or ("OCR mode always" if mode is OcrMode.ALWAYS else None)
            page.reason = "; ".join(part for part in (why, *page.fallbacks) if part) or None
        elif page.number in failed and (page.layer_reason or page.number in wanted):
            page.read_by, page.reason = ReadBy.UNREAD, failed[page.number]
    return [page.record() for page in pages]


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
            pages = read_text_layers(pdf, page_errors, hints)
            mark_blank_pages(pdf, pages)
            engine = ocr_engine(options)
            plan = ocr_plan(pages, options.ocr, engine)
            page_errors += plan.page_errors
            ocr_done = read_by_ocr(pdf, pages, plan.wanted, engine, page_errors)
            # the first page's size as read (upright and cropped, `parsers.pdf.frame`, or turned upright by OCR),
            # else as pdfium shows it
            first = next((page for page in pages if page.height), None)
            page_height, page_width = (first.height, first.width or 0.0) if first and first.height else (first_page_height(pdf), 0.0)
        finally:
            pdf.close()
        return Document(blocks=pages_to_blocks(pages, page_height, hints, page_width), format=self.format, page_count=len(pages),
                        ocr_pages=ocr_done.pages, page_errors=page_errors, ocr_rereads=ocr_done.rereads,
                        pages=page_records(pages, page_errors, plan.wanted, options.ocr))
