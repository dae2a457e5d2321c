"""OCR of scanned pages: page image → prose lines and ruled tables, with Thai digits re-read.

  clean_paper        grey paper and what shows through from the next page made white first
                     (`parsers.ocr.conditions`), so every fixed grey level below holds
  turn_upright       a page fed sideways or upside down turned upright (`parsers.ocr.orientation`)
  skew_angle, deskew a scan's rotation (±15°), found on small copies → level rows, so ruling lines
                     run along pixel rows (`parsers.ocr.conditions`)
  find_tables        ruling lines (rows of long ink runs) → tables of cell boxes (so columns are never
                     read across); bold or blurred lines of text, whose rows are as dark as a rule
                     but made of letter-long runs, are neither tables nor rules
  tesseract_words    images → words with boxes (`parsers.ocr.tesseract`: Tesseract `tha+eng`, one thread,
                     kept loaded in the worker through libtesseract)
  reread_headings    large lines (a memo's บันทึกข้อความ) read again at the usual letter size
  reread_numbers     number-shaped words → read again by the Thai-digit recogniser (`parsers.ocr.digits`)
  compose_thai       SARA AM as one letter (Tesseract writes NIKHAHIT + SARA AA)
  ocr_page           all of it for one page; a step that fails falls back for its part only, and
                     says so in `OcrPage.fallbacks` (the page's reason) and the log

Running Tesseract (`parsers.ocr.tesseract`) is the one side effect; the inputs and outputs here are
images and text, like every other parser.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass, field

from PIL import Image
from rapidfuzz import fuzz

from parsers.errors import ToolFailed
from parsers.ocr.conditions import clean_paper, deskew, local_ink, skew_angle  # noqa: F401 (skew_angle: the page module is where tests and benches look for it)
from parsers.ocr.digits import reread_numbers
from parsers.ocr.images import Word, ink, ink_profile, pixels, runs, white_crop
from parsers.ocr.orientation import upright
from parsers.ocr.rereads import reread_scripts, reread_short_cells
from parsers.ocr.tesseract import LANGUAGES, tesseract_words
from parsers.thai.normalise import join_wrapped
from parsers.thai.repair import MARKS, NIKHAHIT, SARA_AA, SARA_AM, join_sara_am

logger = logging.getLogger(__name__)

# Pages are rendered at 300 dpi. bench_ocr on the two seed scans (13 pages): ours at 200/250/300 dpi
# = 3.96/4.27/5.21 s CPU a page against bare Tesseract's 4.99 at 300, text accuracy 0.886/0.897/0.895,
# but at 250 the real hangdong scan's year พ.ศ.๒๕๖๑ reads ๒๕๖. in both places it is written.
# With the re-reads of parsers.ocr.rereads (same 13 pages, one run each, machine shared): 300 dpi ours 5.16
# s/page against bare 4.64 (1.11x), text 0.900; 275 dpi ours 5.29 against bare 4.60 at 275, text 0.902 and
# seed scans no better (004's 200-dpi scan 0.892 -> 0.841): 275 buys nothing measurable, so 300 stays.
OCR_DPI = 300
PIXEL_DPI = 300                 # the resolution the pixel sizes below are given at
RULE_DARK = 210                 # ... of a ruling line: thin lines scan as light grey
RULE_ROW_INK = 0.45             # share of a pixel row that is ink on a horizontal ruling line
MIN_RULE_RUN = 60               # pixels at PIXEL_DPI (5 mm): a rule's ink comes in runs at least this long
MAX_TABLE_COLUMNS = 15          # more "columns" than this in a band is a picture, not a table
MIN_CELL_WIDTH = 40             # pixels at PIXEL_DPI (3.4 mm): narrower "cells" are strokes of a picture
RULE_COLUMN_INK = 0.8           # share of a band's height that is ink on a vertical ruling line
MIN_WORD_CONFIDENCE = 35        # mean Tesseract confidence below which an OCR line is speckle noise
LARGE_LINE = 1.5               # a line whose letters are this many times the page's usual height is a heading
FEW_MARKS = 0.1                 # marks per piece below which a large line has lost its marks (Thai has ~0.3)
HEADING_MARGIN = (0.7, 0.35)    # share of a heading's letter height added above (its marks) and below
PSM = 4                         # Tesseract: one column of text of varying sizes (prose and cells alike)


@dataclass
class OcrPage:
    lines: list[OcrLine] = field(default_factory=list)
    tables: list[tuple[int, list[list[str]]]] = field(default_factory=list)    # (top, rows of cell texts)
    reread: int = 0                                                            # words re-read as numbers
    confidence: float | None = None                                            # Tesseract's mean word confidence, 0..1
    fallbacks: list[str] = field(default_factory=list)                         # steps that failed, and what was kept
    turn: int = 0                                                              # clockwise degrees the page was at, turned upright


# -- the page image ---------------------------------------------------------------------------
def table_row(page: Image.Image, top: int, bottom: int, dpi: int) -> list[tuple[int, int, int, int]] | None:
    """The cells of the band between two horizontal rules, or None when the band is no table row:
    under two vertical rules, or "rules" that are the strokes of a line of text (bold or blurred
    text fills a pixel row as a rule does, at low DPI above all): too many, or too close together."""
    band = page.crop((0, top + 3, page.width, bottom - 3))
    verticals = [(a + b) // 2 for a, b in runs([share >= RULE_COLUMN_INK for share in ink_profile(band, "columns")])]
    cells = [(left, right) for left, right in itertools.pairwise(verticals) if right - left > 8]  # not a double rule
    narrowest = MIN_CELL_WIDTH * dpi / PIXEL_DPI
    if len(verticals) < 2 or not cells or len(cells) > MAX_TABLE_COLUMNS or min(b - a for a, b in cells) < narrowest:
        return None
    return [(left + 3, top + 3, right - 3, bottom - 3) for left, right in cells]


def rule_rows(page: Image.Image, dpi: int) -> list[bool]:
    """Whether each pixel row of an ink image is on a horizontal rule: RULE_ROW_INK of it ink, in
    runs of MIN_RULE_RUN or longer. The middle rows of a line of text that fills a table's width
    are as dark (blurred, at 200 dpi) but their ink is letters, runs of 20-30 pixels at 300 dpi:
    taken for a rule, they cut the line in two and both halves read as junk."""
    shares = ink_profile(page, "rows")
    shortest = MIN_RULE_RUN * dpi / PIXEL_DPI

    def long_run_ink(y: int) -> int:
        row = [v > 0 for v in pixels(page.crop((0, y, page.width, y + 1)))]
        return sum(b - a for a, b in runs(row) if b - a >= shortest)

    return [share >= RULE_ROW_INK and long_run_ink(y) >= RULE_ROW_INK * page.width for y, share in enumerate(shares)]


Table = list[list[tuple[int, int, int, int]]]      # rows of cell boxes (left, top, right, bottom)


def find_tables(image: Image.Image, dpi: int = OCR_DPI) -> list[Table]:
    """Ruled tables → rows of cell boxes (left, top, right, bottom), top to bottom. Ink is what is
    darker than RULE_DARK, or what a local threshold calls ink (`conditions.local_ink`) when that
    finds more table rows: a copier's blur leaves hairline rules at 215-220, lighter than RULE_DARK."""
    fixed = tables_in(ink(image, RULE_DARK), dpi)
    local = tables_in(local_ink(image, dpi), dpi)
    return local if sum(map(len, local)) > sum(map(len, fixed)) else fixed


def tables_in(page: Image.Image, dpi: int) -> list[Table]:
    """The ruled tables of an ink image (ink 255 on black)."""
    rules = [(a + b) // 2 for a, b in runs(rule_rows(page, dpi))]
    tables: list[list[list[tuple[int, int, int, int]]]] = []
    previous_band_was_row = False
    for top, bottom in itertools.pairwise(rules):
        row = table_row(page, top, bottom, dpi) if bottom - top >= 8 else None
        if row and not previous_band_was_row:
            tables.append([])
        if row:
            tables[-1].append(row)
        previous_band_was_row = row is not None
    return tables


PAIYANNOI, MAI_YAMOK = "\u0e2f", "\u0e46"   # ฯ ๆ: Tesseract reads an abbreviation's ฯ as ฯๆ, which Thai never writes
_TONES_BEFORE_AA = re.compile(f"{NIKHAHIT}([\u0e48-\u0e4b]+){SARA_AA}")


def compose_thai(text: str) -> str:
    """SARA AM as one letter: Tesseract's Thai model writes it as NIKHAHIT + SARA AA (`ดําเนิน`),
    with a tone mark between them at times (`ตํ่า`), which the letter's own order puts first."""
    return join_sara_am(_TONES_BEFORE_AA.sub(lambda m: m.group(1) + SARA_AM, text)).replace(PAIYANNOI + MAI_YAMOK, PAIYANNOI)


def merge_words(words: list[Word]) -> list[Word]:
    """Tesseract's pieces of a Thai word (characters) → whole words, split where its text has spaces."""
    merged: list[Word] = []
    for word in sorted(words, key=lambda w: (w.line_key, w.left)):
        last = merged[-1] if merged else None
        if last and last.line_key == word.line_key and not word.space_before:
            right, bottom = max(last.left + last.width, word.left + word.width), max(last.top + last.height, word.top + word.height)
            last.top = min(last.top, word.top)
            last.text, last.width, last.height = last.text + word.text, right - last.left, bottom - last.top
            last.confidence = min(last.confidence, word.confidence)
        else:
            merged.append(Word(word.text, word.left, word.top, word.width, word.height, word.confidence, word.line_key))
    return merged


# -- one page -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class OcrLine:
    text: str
    left: int
    top: int
    right: int
    bottom: int


_WORDLIKE = re.compile(r"[A-Za-z\u0e01-\u0e4e]{3,}|[0-9]{2,}|[๐-๙]{2,}")


def speckle_line(line: OcrLine) -> bool:
    """A prose line read out of scanner noise: no run of three letters or two digits anywhere."""
    return not _WORDLIKE.search(line.text.replace(" ", "") if len(line.text.split()) <= 2 else line.text)


def baselines(pieces: list[Word]) -> dict[tuple[int, int, int], int]:
    """Each line's baseline: the median bottom of its pieces. Tesseract boxes Thai marks apart from
    their letters, so a line's lowest box is a lower vowel (ุ ู) and its median one a letter's foot;
    paragraphs are told apart by baseline pitch, which box bottoms would blur."""
    bottoms: dict[tuple[int, int, int], list[int]] = {}
    for piece in pieces:
        bottoms.setdefault(piece.line_key, []).append(piece.top + piece.height)
    return {key: sorted(values)[len(values) // 2] for key, values in bottoms.items()}


def words_to_lines(words: list[Word], pieces: list[Word] | None = None) -> list[OcrLine]:
    """Words → lines with their box (bottom at the baseline of `pieces`, the unmerged words, when
    given); lines Tesseract itself doubts (speckle noise) are dropped."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line_key, []).append(word)
    base = baselines(pieces or [])
    lines = []
    for key, line in grouped.items():
        if sum(w.confidence for w in line) / len(line) < MIN_WORD_CONFIDENCE:
            continue
        line.sort(key=lambda w: w.left)
        lines.append(OcrLine(compose_thai(" ".join(w.text for w in line)), min(w.left for w in line), min(w.top for w in line),
                             max(w.left + w.width for w in line), base.get(key, max(w.top + w.height for w in line))))
    return sorted(lines, key=lambda line: line.top)


def blank_tables(image: Image.Image, tables: list[list[list[tuple[int, int, int, int]]]]) -> Image.Image:
    """The page with its ruled tables painted white: what is left is prose."""
    prose = image.copy()
    for rows in tables:
        left = min(c[0] for r in rows for c in r) - 6
        right = max(c[2] for r in rows for c in r) + 6
        prose.paste(255, (left, rows[0][0][1] - 6, right, rows[-1][0][3] + 6))
    return prose


def safe_reread(image: Image.Image, words: list[Word], fallbacks: list[str]) -> tuple[list[Word], int]:
    """`reread_numbers`, or Tesseract's own words if the recogniser fails on this image (recorded)."""
    try:
        return reread_numbers(image, words)
    except Exception as error:  # the recogniser is an improvement, never a reason to lose text
        fallbacks.append(fell_back("the digit re-read", error, "Tesseract's digits kept"))
        return sorted(words, key=lambda w: (w.line_key, w.left)), 0


def fell_back(step: str, error: Exception, kept: str) -> str:
    """A step of reading a page failed and its part is read without it: logged, and said in the page's reason."""
    note = f"{step} failed ({type(error).__name__}: {error}); {kept}"
    logger.info("OCR: %s", note)
    return note


def ocr_cell_text(image: Image.Image, words: list[Word], fallbacks: list[str]) -> tuple[str, int]:
    words, reread = safe_reread(image, words, fallbacks)
    return join_wrapped([line.text for line in words_to_lines(merge_words(words))]), reread


def mean_confidence(words: list[Word]) -> float | None:
    """Tesseract's mean word confidence as a share (0..1); None when it read no word."""
    scores = [w.confidence for w in words if w.confidence >= 0]
    return round(sum(scores) / len(scores) / 100, 3) if scores else None


def white_page(image: Image.Image, dpi: int, fallbacks: list[str]) -> Image.Image:
    """The page on white paper (`parsers.ocr.conditions.clean_paper`); read as it came if that fails (recorded)."""
    try:
        return clean_paper(image, dpi)
    except Exception as error:  # a page whose paper cannot be cleaned is still read as it came
        fallbacks.append(fell_back("whitening the paper", error, "the page read on its own paper"))
        return image


def turn_upright(image: Image.Image, dpi: int, fallbacks: list[str]) -> tuple[Image.Image, int]:
    """The page turned upright (`parsers.ocr.orientation`); read as it came if that fails (recorded)."""
    try:
        return upright(image, dpi)
    except Exception as error:  # a page whose orientation cannot be told is still read as it came
        fallbacks.append(fell_back("telling the page's orientation", error, "the page read as it came"))
        return image, 0


def level_page(image: Image.Image, dpi: int, fallbacks: list[str]) -> tuple[Image.Image, list[list[list[tuple[int, int, int, int]]]]]:
    """The page deskewed and its tables found; a step that fails leaves the page as it was (recorded)."""
    try:
        image = deskew(image)
    except Exception as error:  # a page that cannot be levelled is still read as it is
        fallbacks.append(fell_back("deskewing", error, "the page read as scanned"))
    try:
        tables = find_tables(image, dpi)
    except Exception as error:  # without its table boxes the page is read as prose
        fallbacks.append(fell_back("finding the ruled tables", error, "the page read as prose"))
        tables = []
    return image, tables


# -- large headings ------------------------------------------------------------------------------
def letter_heights(pieces: list[Word]) -> dict[tuple[int, int, int], int]:
    """Each line's median piece height: its letters' size, whatever its marks and spacing."""
    heights: dict[tuple[int, int, int], list[int]] = {}
    for piece in pieces:
        heights.setdefault(piece.line_key, []).append(piece.height)
    return {key: sorted(values)[len(values) // 2] for key, values in heights.items()}


def large_lines(pieces: list[Word]) -> list[tuple[tuple[int, int, int], tuple[int, int, int, int], float]]:
    """Lines of letters far larger than the page's usual (a memo's บันทึกข้อความ): (line, box with
    room for its marks, the scale that brings its letters to the usual size)."""
    heights = letter_heights(pieces)
    if len(heights) < 3:
        return []
    usual = sorted(heights.values())[len(heights) // 2]
    found = []
    for key, height in heights.items():
        line = [p for p in pieces if p.line_key == key]
        if usual <= 0 or height < LARGE_LINE * usual or _marks("".join(p.text for p in line)) > FEW_MARKS * len(line):
            continue  # usual letters, or large ones read with their marks: nothing to read again
        left, right = min(p.left for p in line), max(p.left + p.width for p in line)
        top, bottom = min(p.top for p in line), max(p.top + p.height for p in line)
        margin_top, margin_bottom = int(HEADING_MARGIN[0] * height), int(HEADING_MARGIN[1] * height)
        found.append((key, (left - height, top - margin_top, right + height, bottom + margin_bottom), usual / height))
    return found


def _marks(text: str) -> int:
    return sum(c in MARKS for c in text)


def better_heading(old: list[Word], new: list[Word]) -> bool:
    """The re-read keeps the old letters (so it is the same line) and reads more of their marks,
    or reads them with more confidence."""
    before, after = compose_thai("".join(w.text for w in old)), compose_thai("".join(w.text for w in new))
    if not after or fuzz.ratio("".join(c for c in before if c not in MARKS), "".join(c for c in after if c not in MARKS)) < 70:
        return False
    confidence = sum(w.confidence for w in new) / len(new) >= sum(w.confidence for w in old) / max(1, len(old))
    return _marks(after) > _marks(before) or (_marks(after) == _marks(before) and confidence)


def reread_headings(image: Image.Image, pieces: list[Word], languages: str, dpi: int) -> list[Word]:
    """Large lines read again, scaled down to the page's usual letter size: Tesseract drops the
    marks of large letters (บนทกขอความ for บันทึกข้อความ), which it reads at the usual size.
    One more Tesseract run, only on pages that have such lines."""
    found = large_lines(pieces)
    if not found:
        return pieces
    crops = []
    for _, box, scale in found:
        crop = white_crop(image, box)
        crops.append(crop.resize((max(1, round(crop.width * scale)), max(1, round(crop.height * scale))), Image.LANCZOS))
    readings = tesseract_words(crops, psm=7, languages=languages, dpi=dpi)
    for (key, box, scale), words in zip(found, readings, strict=True):
        old = [p for p in pieces if p.line_key == key]
        if not better_heading(old, words):
            continue
        placed = [Word(w.text, box[0] + round(w.left / scale), box[1] + round(w.top / scale), round(w.width / scale),
                       round(w.height / scale), w.confidence, key, w.space_before) for w in words]
        # Tesseract made a line of its own of the marks it split off: it is inside the box, and goes
        pieces = [p for p in pieces if p.line_key != key and not inside(p, box)] + placed
    return pieces


def inside(word: Word, box: tuple[int, int, int, int]) -> bool:
    middle_x, middle_y = word.left + word.width / 2, word.top + word.height / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def ocr_page(image: Image.Image, languages: str = LANGUAGES, dpi: int = OCR_DPI) -> OcrPage:
    """A page image (greyscale) → its prose lines and tables, top to bottom. The prose and every
    table cell go to Tesseract in one run; any step that fails falls back for its part only."""
    fallbacks: list[str] = []
    image, turn = turn_upright(white_page(image.convert("L"), dpi, fallbacks), dpi, fallbacks)
    image, tables = level_page(image, dpi, fallbacks)
    boxes = [box for rows in tables for row in rows for box in row]
    cells = [image.crop(box) for box in boxes]
    prose = blank_tables(image, tables)
    prose_words, *cell_words = tesseract_words([prose, *cells], psm=PSM, languages=languages, dpi=dpi)
    page = OcrPage(confidence=mean_confidence([w for words in [prose_words, *cell_words] for w in words]), fallbacks=fallbacks, turn=turn)
    try:
        prose_words = reread_headings(prose, prose_words, languages, dpi)
    except (ValueError, IndexError, ToolFailed) as error:
        fallbacks.append(fell_back("re-reading large headings", error, "the headings as first read"))
    try:
        cell_words = reread_short_cells(cells, cell_words, languages, dpi)
    except (ValueError, IndexError, ToolFailed) as error:
        fallbacks.append(fell_back("re-reading short cells", error, "the cells as first read"))
    try:
        prose_words, *cell_words = reread_scripts([prose, *cells], [prose_words, *cell_words], languages, dpi)
    except (ValueError, IndexError, ToolFailed) as error:
        fallbacks.append(fell_back("re-reading Latin amid Thai", error, "the words as first read"))
    prose_words, page.reread = safe_reread(prose, prose_words, fallbacks)
    page.lines = [line for line in words_to_lines(merge_words(prose_words), prose_words) if not speckle_line(line)]
    texts = iter([ocr_cell_text(cell, words, fallbacks) for cell, words in zip(cells, cell_words, strict=True)])
    for rows in tables:
        table = []
        for row in rows:
            read = [next(texts) for _box in row]
            page.reread += sum(n for _, n in read)
            table.append([text for text, _ in read])
        page.tables.append((rows[0][0][1], table))
    return page
