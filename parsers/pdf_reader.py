"""PDF backend: bytes of a born-digital PDF → Document (paragraphs and tables with page/line).

Geometry comes from pdfplumber (ruling lines → table grids), text from pypdfium2, which honours
/ActualText and keeps Thai marks in order (pdfplumber's own text reorders them). A chain of
small steps, each input → output:

  page_lines            a page's text layer → visual lines with their position
  grid_to_tables        one pdfplumber grid → tables, split where back-to-back tables of other
                        widths were merged into it, with their all-empty columns dropped
  cell_text             a cell's bounding box → its text, wrapped lines joined (Thai without a space)
  lines_to_paragraphs   lines outside tables → paragraphs, wrapped lines joined
  drop_running_lines    page numbers and lines repeated at the top/bottom of most pages → gone
  join_continued_tables a table running onto the next page → one table (repeated header row
                        dropped, a row split by the page break made whole)

Every string goes through `thai_repair.repair_thai`. Pages without a usable text layer are
read by OCR (`parsers.ocr`, per the `ocr` mode) into the same page shape, so everything after
that step treats them alike; they are listed in `Document.ocr_pages`. A page that cannot be read
is recorded in `Document.page_errors` and the other pages go on.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2 as pdfium

from parsers.document import Cell, Document, Line, Origin, Paragraph, Row, Table
from parsers.measures import row_to_column_map
from parsers.ocr import MISSING_TESSERACT, OCR_DPI, OcrPage, OcrUnavailable, ocr_page, tesseract_available
from parsers.text_reader import UnreadableReport
from parsers.thai import join_wrapped, normalise_text, squash
from parsers.thai_repair import repair_thai

# pdfium's error code is process-global and goes stale (a worker that met an encrypted PDF
# reports "password" for the next broken one), so the reason is read from the bytes instead.
_ENCRYPT_KEY = re.compile(rb"/Encrypt\b")
_ZERO_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*/Count\s+0\b|/Count\s+0\b[^>]*/Type\s*/Pages\b")
# Characters of text a page needs before it counts as having a text layer.
MIN_PAGE_TEXT = 20
# Two lines farther apart than this many times the page's usual line pitch are two paragraphs.
PARAGRAPH_PITCH = 1.25
# Pages OCR'd at once: Tesseract runs single-threaded (OMP_THREAD_LIMIT=1), one per core.
OCR_PARALLEL = 2
# A line reaching this share of the text width is full: a paragraph ending there may go on.
FULL_LINE = 0.9
# Share of the page height at the top and bottom where running headers and footers live.
RUNNING_MARGIN = 0.08
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:หน้า|page)?\s*[\d๐-๙]+(?:\s*(?:/|จาก|of)\s*[\d๐-๙]+)?[-–—\s]*$", re.IGNORECASE)
# A row that starts like this is a new row, not the rest of a row split by a page break.
_ROW_START = re.compile(r"^\s*(?:[\d๐-๙]+[.)]|\(?[\d๐-๙]+\)|[OEIoei0][\d๐-๙]|มาตรการที่|ตัวชี้วัดที่|[-•➤▪●])")
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class PageLine:
    """One visual line of a page's text layer; top/bottom in points from the top of the page."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass
class PageBlocks:
    number: int                                            # 1-based
    blocks: list[tuple[float, Paragraph | Table]] = field(default_factory=list)  # (top, block)
    has_text: bool = True
    line_of: dict[float, int] = field(default_factory=dict)  # a line's top → its 1-based line number on the page


def line_numbers(tops: set[float]) -> dict[float, int]:
    """Tops of a page's lines (and table rows) → 1-based line numbers, top to bottom."""
    return {top: index for index, top in enumerate(sorted(tops), start=1)}


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


def page_lines(text_page: pdfium.PdfTextPage, height: float) -> list[PageLine]:
    """Visual lines of the text layer, in pdfium's order, with their vertical extent."""
    text = text_page.get_text_range()
    lines, start = [], 0
    for raw in text.split("\r\n"):
        if raw.strip():
            boxes = [text_page.get_charbox(i) for i in range(start, start + len(raw)) if not raw[i - start].isspace()]
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]] or boxes
            top, bottom = height - max(b[3] for b in boxes), height - min(b[1] for b in boxes)
            lines.append(PageLine(raw, top, bottom, min(b[0] for b in boxes), max(b[2] for b in boxes)))
        start += len(raw) + 2
    return lines


def cell_text(text_page: pdfium.PdfTextPage, bbox: tuple[float, float, float, float], height: float) -> str:
    x0, top, x1, bottom = bbox
    raw = text_page.get_text_bounded(left=x0 + 0.5, bottom=height - bottom + 0.5, right=x1 - 0.5, top=height - top - 0.5)
    return repair_thai(join_wrapped(raw.replace("\r\n", "\n").split("\n")).strip())


def grid_to_tables(grid: list[list[tuple[float, float, float, float] | None]]) -> list[list[list[tuple[float, float, float, float]]]]:
    """Rows of cell boxes → tables: a new table wherever the pattern of cells changes (pdfplumber
    merges back-to-back tables of different column widths into one grid), empty columns dropped."""
    tables: list[list[list[tuple[float, float, float, float] | None]]] = []
    signature = None
    for row in grid:
        shape = tuple(cell is None for cell in row)
        if shape != signature:
            tables.append([])
            signature = shape
        tables[-1].append(row)
    result = []
    for rows in tables:
        keep = [i for i in range(len(rows[0])) if any(r[i] is not None for r in rows)]
        result.append([[r[i] for i in keep if r[i] is not None] for r in rows])
    return result


def line_pitch(lines: list[PageLine]) -> float:
    """The usual distance between the baselines of two lines of one paragraph on this page (the
    lower quartile of all pitches: most neighbouring lines are inside a paragraph)."""
    pitches = sorted(b.bottom - a.bottom for a, b in itertools.pairwise(lines) if b.bottom > a.bottom)
    return pitches[len(pitches) // 4] if pitches else 0.0


def lines_to_paragraphs(lines: list[PageLine], page: int, first_line: dict[float, int]) -> list[tuple[float, Paragraph]]:
    """Consecutive lines at the usual pitch → one Line (a paragraph of the source) per group.
    Pitch, not the gap between glyph boxes: a line without tall Thai marks looks farther away."""
    pitch = line_pitch(lines)
    groups: list[list[PageLine]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else None
        if previous is None or not 0 < line.bottom - previous.bottom <= PARAGRAPH_PITCH * pitch:
            groups.append([line])
        else:
            groups[-1].append(line)
    paragraphs = []
    for group in groups:
        raw = repair_thai(join_wrapped([g.text for g in group]))
        clean = normalise_text(raw)
        if clean:
            origin = Origin(page=page, line=first_line[group[0].top], raw=raw)
            paragraphs.append((group[0].top, Paragraph([Line(clean, origin)])))
    return paragraphs


def read_page(plumber_page: pdfplumber.page.Page, pdfium_page: pdfium.PdfPage, number: int) -> tuple[PageBlocks, list[PageLine]]:
    height = pdfium_page.get_height()
    text_page = pdfium_page.get_textpage()
    try:
        lines = page_lines(text_page, height)
        blocks = PageBlocks(number, has_text=sum(len(line.text.strip()) for line in lines) >= MIN_PAGE_TEXT,
                            line_of=line_numbers({line.top for line in lines}))
        tops = sorted(blocks.line_of)
        table_boxes = []
        for found in plumber_page.find_tables(_TABLE_SETTINGS):
            table_boxes.append(found.bbox)
            for boxes in grid_to_tables([row.cells for row in found.rows]):
                rows = []
                for cells in boxes:
                    top = cells[0][1]
                    line = next((blocks.line_of[t] for t in tops if t >= top - 1), len(tops) or 1)
                    texts = [cell_text(text_page, box, height) for box in cells]
                    rows.append(Row(tuple(Cell(t) for t in texts), Origin(page=number, line=line, raw="\t".join(texts))))
                if rows:
                    blocks.blocks.append((boxes[0][0][1], Table(rows)))
    finally:
        text_page.close()
    prose = [line for line in lines if not any(x0 - 1 <= line.x0 <= x1 + 1 and top - 1 <= (line.top + line.bottom) / 2 <= bottom + 1
                                              for x0, top, x1, bottom in table_boxes)]
    return blocks, prose


def running_lines(pages: list[tuple[PageBlocks, list[PageLine]]], page_height: float) -> set[str]:
    """Texts (digits masked) of lines in the top/bottom margin that are page numbers or repeat on most pages."""
    seen: dict[str, int] = {}
    for _blocks, lines in pages:
        for line in lines:
            if line.top < RUNNING_MARGIN * page_height or line.bottom > (1 - RUNNING_MARGIN) * page_height:
                key = re.sub(r"[\d๐-๙]+", "#", line.text.strip())
                seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if _PAGE_NUMBER.match(key.replace("#", "1")) or (len(pages) > 2 and count > len(pages) / 2)}


def join_continued_tables(blocks: list[Paragraph | Table], starts_page: list[bool]) -> list[Paragraph | Table]:
    """A table that is the first block of a page, right after a table of the same width, continues it."""
    joined: list[Paragraph | Table] = []
    for block, first_on_page in zip(blocks, starts_page, strict=True):
        previous = joined[-1] if joined else None
        if not (first_on_page and isinstance(block, Table) and isinstance(previous, Table) and block.width == previous.width):
            joined.append(block)
            continue
        rows = list(block.rows)
        if rows and [squash(t) for t in rows[0].texts] == [squash(t) for t in previous.rows[0].texts]:
            rows = rows[1:]  # the header row repeated on the new page
        elif rows and row_to_column_map(rows[0]) is not None:
            joined.append(block)  # a header of its own: a new table that happens to start the page
            continue
        if rows and not _ROW_START.match(next((t for t in rows[0].texts if t), "")) and previous.rows:
            last, split = previous.rows[-1], rows.pop(0)
            texts = [a + b for a, b in zip(last.texts, split.texts, strict=False)]
            previous.rows[-1] = Row(tuple(Cell(t) for t in texts), last.origin)
        previous.rows.extend(rows)
    return joined


def ends_inside_paragraph(lines: list[PageLine], page_blocks: list[tuple[float, Paragraph | Table]]) -> bool:
    """The page's last block is prose whose last line runs to the right margin: the paragraph goes on."""
    if not lines or not page_blocks or not isinstance(page_blocks[-1][1], Paragraph):
        return False
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    last = max(lines, key=lambda line: line.top)
    return last.x1 >= left + FULL_LINE * (right - left)


OCR_MODES = ("auto", "always", "never")
# A text layer is garbage when this share of it is replacement characters, unmapped PUA or controls.
GARBAGE_SHARE = 0.2
_GARBAGE_CHAR = re.compile(r"[\ufffd\ue000-\uf6ff\uf71b-\uf8ff\x00-\x08\x0b-\x1f]")


def garbage_text(lines: list[PageLine]) -> bool:
    """A text layer that is mostly undecodable (broken font encodings): OCR reads the page better."""
    text = "".join(line.text for line in lines)
    letters = sum(ch.isalnum() for ch in text)
    return bool(text) and (len(_GARBAGE_CHAR.findall(text)) > GARBAGE_SHARE * len(text) or letters < 0.3 * len(text.replace(" ", "")))


def ocr_to_page(result: OcrPage, number: int) -> tuple[PageBlocks, list[PageLine]]:
    """An OCR'd page in the same shape as a text-layer page (pixels → points)."""
    scale = 72 / OCR_DPI
    lines = [PageLine(repair_thai(line.text), line.top * scale, line.bottom * scale, line.left * scale, line.right * scale)
             for line in result.lines]
    blocks = PageBlocks(number, line_of=line_numbers({line.top for line in lines} | {top * scale for top, _ in result.tables}))
    for top, rows in result.tables:
        line = blocks.line_of[top * scale]
        table_rows = [Row(tuple(Cell(repair_thai(text)) for text in row), Origin(page=number, line=line, raw="\t".join(row)))
                      for row in rows]
        blocks.blocks.append((top * scale, Table(table_rows)))
    return blocks, lines


def _ocr_pages(pdf: pdfium.PdfDocument, numbers: list[int]) -> Iterator[tuple[int, OcrPage | str]]:
    """OCR the pages, two at a time (Tesseract runs with one thread each); a page that fails gives its reason."""
    with ThreadPoolExecutor(max_workers=OCR_PARALLEL) as pool:
        for start in range(0, len(numbers), OCR_PARALLEL):
            chunk = numbers[start: start + OCR_PARALLEL]
            images = [pdf[n - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil() for n in chunk]  # pdfium: one thread
            futures = [pool.submit(ocr_page, image) for image in images]
            for number, future in zip(chunk, futures, strict=True):
                try:
                    yield number, future.result()
                except OcrUnavailable:
                    raise
                except Exception as error:  # one bad page must not lose the others
                    yield number, f"OCR failed: {type(error).__name__}: {error}"


def read_pdf_report(data: bytes, ocr: str = "auto") -> Document:
    """Bytes of a PDF → Document. `ocr`: auto (pages without a usable text layer), always, never.
    Raises UnreadableReport for files that are not readable PDFs."""
    pdf = open_pdf(data)
    page_errors: list[tuple[int, str]] = []
    ocr_done: list[int] = []
    rereads = 0
    try:
        page_count = len(pdf)
        if page_count == 0:
            raise UnreadableReport("the PDF has no pages")
        pages: list[tuple[PageBlocks, list[PageLine]]] = []
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for index in range(page_count):
                pdfium_page = pdf[index]
                try:
                    pages.append(read_page(plumber.pages[index], pdfium_page, index + 1))
                except Exception as error:  # a broken page: recorded, the rest of the document goes on
                    page_errors.append((index + 1, f"{type(error).__name__}: {error}"))
                    pages.append((PageBlocks(index + 1, has_text=False), []))
                finally:
                    pdfium_page.close()
            page_height = pdf[0].get_height()
        textless = [blocks.number for blocks, lines in pages if not blocks.has_text or garbage_text(lines)]
        wanted = [b.number for b, _ in pages] if ocr == "always" else textless if ocr == "auto" else []
        if ocr == "never":
            page_errors += [(n, "no usable text layer, and OCR is off (--ocr never)") for n in textless]
        if len(textless) == page_count and not wanted:
            raise UnreadableReport(f"the PDF has no usable text layer ({page_count} page(s), scanned?); "
                                   "convert with --ocr auto to read it by OCR")
        if wanted and not tesseract_available():
            if len(textless) == page_count:
                raise OcrUnavailable(f"the PDF has no text layer ({page_count} page(s), scanned?) and needs OCR, but {MISSING_TESSERACT}")
            page_errors += [(n, f"needs OCR, but {MISSING_TESSERACT}") for n in wanted]
            wanted = []
        for number, result in _ocr_pages(pdf, wanted):
            if isinstance(result, str):
                page_errors.append((number, result))
                continue
            pages[number - 1] = ocr_to_page(result, number)
            ocr_done.append(number)
            rereads += result.reread
    finally:
        pdf.close()
    running = running_lines(pages, page_height)
    ordered: list[Paragraph | Table] = []
    starts_page: list[bool] = []
    continues = False  # the previous page ended inside a paragraph
    for blocks, lines in pages:
        kept = [line for line in lines if re.sub(r"[\d๐-๙]+", "#", line.text.strip()) not in running]
        page_blocks = sorted(blocks.blocks + lines_to_paragraphs(kept, blocks.number, blocks.line_of), key=lambda b: b[0])
        for position, (_top, block) in enumerate(page_blocks):
            if isinstance(block, Paragraph) and ordered and isinstance(ordered[-1], Paragraph) and (position or continues):
                if position == 0:  # a paragraph broken by the page break: its halves are one line of the source
                    last, first = ordered[-1].lines[-1], block.lines.pop(0)
                    raw = join_wrapped([last.origin.raw, first.origin.raw])
                    ordered[-1].lines[-1] = Line(normalise_text(raw), Origin(last.origin.page, last.origin.line, raw))
                ordered[-1].lines.extend(block.lines)  # prose between two tables reads as one block, as in a text report
                continue
            ordered.append(block)
            starts_page.append(position == 0)
        continues = ends_inside_paragraph(kept, page_blocks)
    return Document(blocks=join_continued_tables(ordered, starts_page), format="pdf", page_count=page_count,
                    ocr_pages=ocr_done, page_errors=page_errors, ocr_rereads=rereads)
