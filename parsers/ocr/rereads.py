"""Words that Tesseract's mixed `tha+eng` reading wrote in the wrong script, read again in the right one.

  latin_amid_thai    a short run of lowercase Latin letters among Thai on one line (`dina` for มีผล,
                     `au)` for คน), `oO.` for ๑.): the English model's guess at Thai letters
  code_misread       a bracketed short code read as Thai letters or digits (`(โ71)` for (IIT),
                     `(017)` for (OIT)): the Thai model's guess at Latin capitals
  reread_scripts     both kinds, on every image of a page (prose and table cells), read again by the
                     one model their script needs, one Tesseract run per model; a reading replaces
                     the old one only when it is of the expected script and Tesseract is sure of it
  reread_short_cells table cells with ink that Tesseract's column mode read as nothing (a narrow
                     cell of one short word a line: สำนั/กงา/น/ปลัด), or with lines of ink it passed
                     over (`missed_lines`), read again as one block of text
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from parsers.knowledge.vocab import LATIN_ACRONYMS
from parsers.ocr.images import Word, ink, ink_profile, runs, white_crop
from parsers.ocr.tesseract import tesseract_words

THAI_MODEL, LATIN_MODEL = "tha", "eng"
MAX_JUNK_CAPITALS = 4           # ... and when capitals, no longer than this (longer are an acronym)
MAX_JUNK_LETTERS = 6            # the English model's junk for a Thai word is short (au, dina, yaaa)
MIN_REREAD_CONFIDENCE = 60      # Tesseract's mean confidence a re-reading needs to replace the old one
CELL_INK = 0.004                # share of a cell's pixels that are ink for it to hold text
BLOCK_PSM, LINE_PSM = 6, 7      # Tesseract: one block of text; one line
PIXEL_DPI = 300                 # the resolution the pixel sizes below are given at
CELL_EDGE = 4                   # pixels of a cell's border left out when its ink is counted (ruling lines)
LETTER_HEIGHT = 30              # pixels: a letter's height when no word of the cell gives it
ROW_INK = 0.02                  # share of a pixel row that is ink for the row to hold letters
COVER_MARGIN = 0.35             # share of a word's height above and below it that is its marks

_LATIN_PIECE = re.compile(r"^[(\[“\"']?([A-Za-z]+)[)\]”\"'.,:]*$")
_THAI = re.compile("[\u0e01-\u0e4e]")
_LATIN = re.compile("[A-Za-z]")
_LOWER_LATIN = re.compile("[a-z]{2}")
_DIGIT = re.compile("[0-9๐-๙]")
_BRACKETED = re.compile(r"^\((?=[^()]*[0-9A-Za-z\u0e01-\u0e2e])[^()๐-๙]{2,5}\)[.,]?$")
_LIST_NUMBER = re.compile(r"^[A-Za-z]{1,2}\.$|^[A-Za-z]\)$")
_CODE = re.compile(r"^\([A-Z]{2,6}\)[.,]?$")


def _english_looking(letters: str) -> bool:
    """A known acronym (ITA, IIT), capitals longer than junk's, or a capitalised word (Integrity,
    System): English, not junk; the junk the English model makes of Thai letters is lowercase or
    mixed (dina, au, aU, oO), or a few capitals (LIAL for เท่ากับ)."""
    capitals = len(letters) > 1 and letters.isupper() and (letters in LATIN_ACRONYMS or len(letters) > MAX_JUNK_CAPITALS)
    return capitals or (len(letters) > 2 and letters[0].isupper() and letters[1:].islower())


def latin_amid_thai(line: list[Word], index: int, thai_image: bool) -> bool:
    """The piece at `index` of a line (pieces left to right) is Latin junk: a few Latin letters
    that are not English-looking nor a list number (`a.`, the digit reader's), beside Thai and not
    beside other Latin (one stop service), or alone on its line in an image of Thai text."""
    found = _LATIN_PIECE.match(line[index].text)
    text = line[index].text
    if not found or len(found.group(1)) > MAX_JUNK_LETTERS or _english_looking(found.group(1)) or _LIST_NUMBER.match(text) \
            or code_misread(text):
        return False
    neighbours = line[max(0, index - 1): index] + line[index + 1: index + 2]
    if any(_LOWER_LATIN.search(n.text) for n in neighbours):
        return False
    thai_line = sum(bool(_THAI.search(p.text)) for p in line) > len(line) / 2
    return any(_THAI.search(n.text) for n in neighbours) or thai_line or (len(line) == 1 and thai_image)


def code_misread(text: str) -> bool:
    """A bracketed 2-5 character word with Latin, Arabic digits or Thai letters, not already capitals."""
    return bool(_BRACKETED.match(text)) and not _CODE.match(text)


@dataclass
class Candidate:
    image: int                  # which image of the page
    pieces: list[Word]          # the pieces the reading replaces (the first takes it)
    box: tuple[int, int, int, int]


def _lines(words: list[Word]) -> list[list[Word]]:
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in sorted(words, key=lambda w: (w.line_key, w.left)):
        lines.setdefault(word.line_key, []).append(word)
    return list(lines.values())


def _groups(line: list[Word]) -> list[list[Word]]:
    """A line's pieces → its words (pieces with no space between them)."""
    groups: list[list[Word]] = []
    for piece in line:
        if groups and not piece.space_before:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _box(line: list[Word], first: int, last: int) -> tuple[int, int, int, int]:
    """The box of pieces first..last of a line, as tall as the line (Thai marks above and below
    were boxed apart from their letters), widened by a few pixels but not into its neighbours."""
    top, bottom = min(p.top for p in line), max(p.top + p.height for p in line)
    left, right = line[first].left - 4, max(p.left + p.width for p in line[first: last + 1]) + 4
    if first > 0:
        left = max(left, line[first - 1].left + line[first - 1].width + 1)
    if last + 1 < len(line):
        right = min(right, line[last + 1].left - 1)
    return left, top - 4, right, bottom + 4


def candidates(index: int, words: list[Word]) -> tuple[list[Candidate], list[Candidate]]:
    """(Latin junk to read as Thai, misread codes to read as Latin) of one image's pieces."""
    thai_image = sum(bool(_THAI.search(w.text)) for w in words) > len(words) / 2
    junk, codes = [], []
    for line in _lines(words):
        junk += [Candidate(index, [piece], _box(line, i, i)) for i, piece in enumerate(line) if latin_amid_thai(line, i, thai_image)]
        start = 0
        for group in _groups(line):
            if code_misread("".join(p.text for p in group)):
                codes.append(Candidate(index, group, _box(line, start, start + len(group) - 1)))
            start += len(group)
    return junk, codes


def _thai_reading(text: str) -> bool:
    """Thai letters, no Latin, and no digits among the letters (the Thai model's guess at specks)."""
    return bool(_THAI.search(text)) and not _LATIN.search(text) and not _DIGIT.search(text)


def _apply(images: list[Image.Image], found: list[Candidate], model: str, dpi: int, accept: Callable[[str], bool]) -> int:
    """Read the candidates' crops with `model` in one run; a sure reading of the expected script replaces the old."""
    if not found:
        return 0
    readings = tesseract_words([white_crop(images[c.image], c.box) for c in found], psm=LINE_PSM, languages=model, dpi=dpi)
    changed = 0
    for candidate, words in zip(found, readings, strict=True):
        text = "".join(w.text for w in words)
        if not words or sum(w.confidence for w in words) / len(words) < MIN_REREAD_CONFIDENCE or not accept(text):
            continue
        first, *rest = candidate.pieces
        first.text = text
        first.width = max(first.width, candidate.box[2] - first.left - 4)
        for piece in rest:
            piece.text = ""
        changed += 1
    return changed


def reread_scripts(images: list[Image.Image], pages: list[list[Word]], languages: str, dpi: int) -> list[list[Word]]:
    """Every image's pieces with its wrong-script words read again (see the module's docstring)."""
    junk: list[Candidate] = []
    codes: list[Candidate] = []
    for index, words in enumerate(pages):
        more_junk, more_codes = candidates(index, words)
        junk, codes = junk + more_junk, codes + more_codes
    models = languages.split("+")
    if THAI_MODEL in models and LATIN_MODEL in models:
        _apply(images, junk, THAI_MODEL, dpi, _thai_reading)
        _apply(images, codes, LATIN_MODEL, dpi, lambda text: bool(_CODE.match(text)))
    return [[w for w in words if w.text] for words in pages]


def holds_text(cell: Image.Image) -> bool:
    marks = ink(cell)
    box = marks.getbbox()
    if box is None or box[3] - box[1] < 12:
        return False
    histogram = marks.histogram()
    return histogram[255] >= CELL_INK * cell.width * cell.height


def missed_lines(cell: Image.Image, words: list[Word], dpi: int) -> int:
    """Bands of ink at least half a letter high that no word Tesseract read covers: lines it
    passed over (its column mode reads one line of a narrow cell of four, `ม.ค.๖/๕-/มี.ค.๖/๕`)."""
    edge = round(CELL_EDGE * dpi / PIXEL_DPI)
    if cell.width <= 3 * edge or cell.height <= 3 * edge:
        return 0
    rows = ink_profile(ink(cell.crop((edge, edge, cell.width - edge, cell.height - edge))), "rows")
    heights = sorted(w.height for w in words)
    letter = heights[len(heights) // 2] if heights else round(LETTER_HEIGHT * dpi / PIXEL_DPI)
    covered = [False] * len(rows)
    for word in words:
        pad = round(word.height * COVER_MARGIN)
        for y in range(max(0, word.top - edge - pad), min(len(rows), word.top + word.height - edge + pad)):
            covered[y] = True
    bands = runs([share >= ROW_INK and not done for share, done in zip(rows, covered, strict=True)])
    return sum(1 for start, stop in bands if stop - start >= letter / 2)


def reread_short_cells(cells: list[Image.Image], readings: list[list[Word]], languages: str, dpi: int) -> list[list[Word]]:
    """Cells whose ink Tesseract's column mode read as nothing, or in which it passed over lines,
    read again as one block each (one Tesseract run); a block reading replaces the first when it
    leaves fewer lines of ink unread."""
    missed = {i: missed_lines(cell, words, dpi) if words else int(holds_text(cell))
              for i, (cell, words) in enumerate(zip(cells, readings, strict=True))}
    short = [i for i, lines in missed.items() if lines]
    if not short:
        return readings
    again = tesseract_words([cells[i] for i in short], psm=BLOCK_PSM, languages=languages, dpi=dpi)
    readings = list(readings)
    for index, words in zip(short, again, strict=True):
        if not readings[index] or (words and missed_lines(cells[index], words, dpi) < missed[index]):
            readings[index] = words
    return readings
