"""OCR of scanned pages: page image → prose lines and ruled tables, with Thai digits re-read.

  deskew             a scan's slight rotation → level rows, so ruling lines run along pixel rows
  find_tables        ruling lines → tables of cell boxes (so columns are never read across)
  tesseract_words    images → words with boxes (Tesseract `tha+eng`, TSV, OMP_THREAD_LIMIT=1,
                     many images per call so its start-up is paid once)
  reread_numbers     number-shaped words → read again glyph by glyph against templates rendered
                     from the fonts-thai-tlwg fonts (corpus/make_glyph_templates.py), because the
                     stock Thai model cannot emit ๔ ๖ ๗ ๘ ๙ and reads ๘๔.๖ as ๕๕.๑๒
  ocr_page           all of it for one page

Running Tesseract is the one side effect here (a subprocess on temporary image files); the
inputs and outputs are images and text, like every other parser.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image

from parsers.text_reader import UnreadableReport
from parsers.thai import join_wrapped

OCR_DPI = 300
LANGUAGES = "tha+eng"
MISSING_TESSERACT = "Tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-tha"
TEMPLATE_FILE = Path(__file__).with_name("data") / "glyph_templates.json"
GLYPH_CHARS = "๐๑๒๓๔๕๖๗๘๙0123456789ABCDEF"
GLYPH_SIZE = (16, 20)
DARK = 140                      # grey level below which a pixel is ink of a glyph
RULE_DARK = 210                 # ... of a ruling line: thin lines scan as light grey
RULE_ROW_INK = 0.45             # share of a pixel row that is ink on a horizontal ruling line
MAX_TABLE_COLUMNS = 15          # more "columns" than this in a band is a picture, not a table
MIN_CELL_WIDTH = 40             # pixels at OCR_DPI (3.4 mm): narrower "cells" are strokes of a picture
RULE_COLUMN_INK = 0.8           # share of a band's height that is ink on a vertical ruling line
MIN_WORD_CONFIDENCE = 35        # mean Tesseract confidence below which an OCR line is speckle noise
MAX_GLYPH_DISTANCE = 0.22       # share of template bits that may differ for a re-read glyph to count
GLYPH_ASPECT = 0.95             # width/height of a Thai digit, about
WIDE_BLOB = 1.45                # a blob wider than this many heights is touching glyphs
DOT_HEIGHT = 0.3                # a component this share of the word's height or less is a '.' or ','
SKEW_COARSE = [a / 5 for a in range(-6, 7)]       # ±1.2° in 0.2° steps, then ±0.15° around the best
SKEW_FINE = [a / 20 for a in range(-3, 4)]
# What Tesseract's Thai model writes for a digit it cannot emit (๘ → ๕, ๙ → ฒ, ...), besides digits.
_DIGITISH = re.compile(r"^[0-9๐-๙.,ฒ]+$")
_DIGIT_LOOKALIKES = "ฒญอขฅ"
_GRADE_LIKE = re.compile(r"^[A-F8]$")


class OcrUnavailable(UnreadableReport):
    """A page needs OCR and Tesseract is not installed."""


@dataclass
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    line_key: tuple[int, int, int]
    space_before: bool = True


@dataclass
class OcrPage:
    lines: list[OcrLine] = field(default_factory=list)
    tables: list[tuple[int, list[list[str]]]] = field(default_factory=list)    # (top, rows of cell texts)
    reread: int = 0                                                            # words re-read as numbers


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


# -- the page image ---------------------------------------------------------------------------
def _pixels(image: Image.Image) -> list[int]:
    flattened = getattr(image, "get_flattened_data", None)  # Pillow ≥ 12; getdata is deprecated there
    return list(flattened() if flattened else image.getdata())


def ink(image: Image.Image, dark: int = DARK) -> Image.Image:
    """Ink as 255 on black: what resize(BOX) averages into a per-row or per-column ink share."""
    return image.point(lambda v: 255 if v < dark else 0)


def _profile(image: Image.Image, axis: str) -> list[float]:
    """Share of ink in every pixel row ('rows') or column ('columns') of an ink image."""
    size = (1, image.height) if axis == "rows" else (image.width, 1)
    return [v / 255 for v in _pixels(image.resize(size, Image.BOX))]


def deskew(image: Image.Image) -> Image.Image:
    """Rotate by the angle whose rows are sharpest (ruling lines and text lines level)."""
    small = ink(image.reduce(2), RULE_DARK)

    def sharpness(angle: float) -> float:
        rows = _profile(small.rotate(angle, resample=Image.BILINEAR, fillcolor=0), "rows")
        return sum((a - b) ** 2 for a, b in itertools.pairwise(rows))

    coarse = max(SKEW_COARSE, key=sharpness)
    best = max((round(coarse + step, 2) for step in SKEW_FINE), key=sharpness)
    return image if best == 0 else image.rotate(best, resample=Image.BICUBIC, fillcolor=255)


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index))
            start = None
    return runs


def find_tables(image: Image.Image) -> list[list[list[tuple[int, int, int, int]]]]:
    """Ruled tables → rows of cell boxes (left, top, right, bottom), top to bottom."""
    page = ink(image, RULE_DARK)
    rules = [(a + b) // 2 for a, b in _runs([share >= RULE_ROW_INK for share in _profile(page, "rows")])]
    tables: list[list[list[tuple[int, int, int, int]]]] = []
    previous_band_was_row = False
    for top, bottom in itertools.pairwise(rules):
        if bottom - top < 8:
            previous_band_was_row = False
            continue
        band = page.crop((0, top + 3, page.width, bottom - 3))
        verticals = [(a + b) // 2 for a, b in _runs([share >= RULE_COLUMN_INK for share in _profile(band, "columns")])]
        if len(verticals) < 2:
            previous_band_was_row = False
            continue
        row = [(left + 3, top + 3, right - 3, bottom - 3) for left, right in itertools.pairwise(verticals) if right - left > 8]
        if not previous_band_was_row:
            tables.append([])
        tables[-1].append(row)
        previous_band_was_row = True
    return tables


# -- Tesseract ----------------------------------------------------------------------------------
def tesseract_words(images: list[Image.Image], psm: int) -> list[list[Word]]:
    """Words of every image, in one Tesseract run (its start-up dominates on small cell images).
    The TSV gives boxes but, for Thai, a 'word' per character or two; the plain-text output of the
    same run says where the real spaces are, so each word learns whether a space comes before it."""
    if not tesseract_available():
        raise OcrUnavailable(MISSING_TESSERACT)
    if not images:
        return []
    with tempfile.TemporaryDirectory(prefix="ita-ocr-") as temp:
        names = []
        for index, image in enumerate(images):
            name = Path(temp) / f"{index:05d}.png"
            image.save(name)
            names.append(str(name))
        listing, base = Path(temp) / "images.txt", Path(temp) / "out"
        listing.write_text("\n".join(names) + "\n", encoding="utf-8")
        run = subprocess.run(["tesseract", str(listing), str(base), "-l", LANGUAGES, "--psm", str(psm), "txt", "tsv"],
                             capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}, timeout=600)
        if run.returncode != 0:
            raise UnreadableReport(f"tesseract failed: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")
        tsv = base.with_suffix(".tsv").read_text(encoding="utf-8")
        texts = base.with_suffix(".txt").read_text(encoding="utf-8").split("\f")
    pages: list[list[Word]] = [[] for _ in images]
    for record in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (record.get("text") or "").strip()
        if record.get("level") != "5" or not text:
            continue
        key = (int(record["block_num"]), int(record["par_num"]), int(record["line_num"]))
        pages[int(record["page_num"]) - 1].append(Word(text, int(record["left"]), int(record["top"]), int(record["width"]),
                                                       int(record["height"]), float(record["conf"]), key))
    for words, text in zip(pages, texts, strict=False):
        mark_spaces(words, text)
    return pages


def mark_spaces(words: list[Word], text: str) -> None:
    """Set `space_before` on each word from Tesseract's plain text of the same page."""
    position = 0
    for word in words:
        start = position
        while position < len(text) and text[position].isspace():
            position += 1
        found = text.find(word.text, position, position + len(word.text) + 40)
        if found < 0:
            word.space_before = True  # out of step with the text: a space is the safe guess
            continue
        word.space_before = found > start and any(c.isspace() for c in text[start:found])
        position = found + len(word.text)


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


# -- the digit recogniser -------------------------------------------------------------------------
def glyph_bits(image: Image.Image) -> tuple[str, float]:
    """A glyph image → (its ink scaled to GLYPH_SIZE as hex bits, width/height of its ink)."""
    marks = ink(image.convert("L"))
    box = marks.getbbox()
    if box is None:
        return "0" * (GLYPH_SIZE[0] * GLYPH_SIZE[1] // 4), 1.0
    glyph = marks.crop(box)
    scaled = glyph.resize(GLYPH_SIZE, Image.BOX)
    bits = "".join("1" if v >= 96 else "0" for v in _pixels(scaled))
    return f"{int(bits, 2):0{len(bits) // 4}x}", glyph.width / glyph.height


@cache
def templates() -> list[tuple[str, float, int]]:
    data = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return [(t["char"], t["aspect"], int(t["bits"], 16)) for t in data["templates"]]


def classify_glyph(image: Image.Image) -> tuple[str, float]:
    """(best matching character, share of differing bits plus an aspect-ratio penalty)."""
    hexbits, aspect = glyph_bits(image)
    bits, total = int(hexbits, 16), GLYPH_SIZE[0] * GLYPH_SIZE[1]
    best = min(templates(), key=lambda t: ((bits ^ t[2]).bit_count() / total + 0.15 * abs(aspect - t[1])))
    return best[0], (bits ^ best[2]).bit_count() / total + 0.15 * abs(aspect - best[1])


def glyph_images(word: Image.Image, keep: tuple[int, int] | None = None) -> list[tuple[Image.Image, bool]]:
    """A word image → its glyphs left to right, each with whether it is a dot or comma; with
    `keep`, only glyphs overlapping that column range (the rest belongs to neighbouring words)."""
    marks = ink(word)
    columns = [share > 0 for share in _profile(marks, "columns")]
    glyphs = []
    for left, right in _runs(columns):
        if keep is not None and (right <= keep[0] or left >= keep[1]):
            continue
        piece = marks.crop((left, 0, right, marks.height))
        box = piece.getbbox()
        if box is None or (right - left) * (box[3] - box[1]) < 6:
            continue  # a speck of scanner noise
        height = box[3] - box[1]
        for part_left, part_right in split_touching(marks, left, right, box[1], box[3]):
            glyphs.append((word.crop((part_left, box[1], part_right, box[3])), height <= DOT_HEIGHT * marks.height))
    return glyphs


def split_touching(marks: Image.Image, left: int, right: int, top: int, bottom: int) -> list[tuple[int, int]]:
    """Digits that touch (tight fonts, blur) form one wide blob: cut it at its thinnest columns,
    one cut per expected digit boundary (digits are about as wide as they are tall)."""
    width, height = right - left, bottom - top
    pieces = round(width / (GLYPH_ASPECT * height)) if height else 1
    if width <= WIDE_BLOB * height or pieces < 2:
        return [(left, right)]
    ink_per_column = _profile(marks.crop((left, top, right, bottom)), "columns")
    cuts = [left]
    for index in range(1, pieces):
        expected = index * width // pieces
        window = range(max(1, expected - width // (4 * pieces)), min(width - 1, expected + width // (4 * pieces)) + 1)
        cuts.append(left + min(window, key=lambda c: ink_per_column[c]))
    return list(itertools.pairwise([*cuts, right]))


def read_glyphs(glyphs: list[tuple[Image.Image, bool]]) -> str | None:
    """Glyphs → text; None if any glyph is unlike every template."""
    text = ""
    for glyph, is_dot in glyphs:
        if is_dot:
            text += "."
            continue
        char, distance = classify_glyph(glyph)
        if distance > MAX_GLYPH_DISTANCE:
            return None
        text += char
    return text or None


def reread_box(image: Image.Image, left: int, top: int, right: int, bottom: int) -> str | None:
    """The glyphs of a box read again; Tesseract's boxes for Thai are loose, so the box is widened
    and glyphs that merely overlap it are taken whole."""
    pad = (bottom - top) // 2
    crop = image.crop((left - pad, top - 4, right + pad, bottom + 4))
    return read_glyphs(glyph_images(crop, keep=(pad + 2, pad + right - left - 2)))


def _numeric_runs(words: list[Word]) -> list[list[Word]]:
    """Runs of neighbouring words on one line that Tesseract read as digits or dots, with the
    Thai letters it writes for the digits it cannot emit (๗ → ญ, ๖ → อ) where they touch a number
    or follow 'ที่' (ตัวชี้วัดที่ ๖), and lone grade letters; a run must hold a digit or a grade."""
    def same_line(a: Word | None, b: Word | None) -> bool:
        return a is not None and b is not None and a.line_key == b.line_key

    numeric = [bool(_DIGITISH.match(w.text)) or bool(_GRADE_LIKE.match(w.text)) for w in words]
    for index, word in enumerate(words):
        if len(word.text) == 1 and word.text in _DIGIT_LOOKALIKES:
            before = words[index - 1] if index else None
            after = words[index + 1] if index + 1 < len(words) else None
            touches_number = any(same_line(word, n) and _DIGITISH.match(n.text) and any(c.isdigit() for c in n.text)
                                 for n in (before, after) if n is not None)
            text_before = "".join(w.text for w in words[max(0, index - 4): index] if same_line(w, word))
            numeric[index] = touches_number or text_before.endswith("ที่")
    runs: list[list[Word]] = []
    for index, word in enumerate(words):
        if not numeric[index]:
            continue
        if index and numeric[index - 1] and same_line(words[index - 1], word) and not word.space_before and runs:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [r for r in runs if any(c.isdigit() or _GRADE_LIKE.match(c) or c in _DIGIT_LOOKALIKES for w in r for c in w.text)]


def reread_numbers(image: Image.Image, words: list[Word]) -> tuple[list[Word], int]:
    """Words with every number-shaped run read again by the glyph recogniser; (words, runs changed)."""
    words = sorted(words, key=lambda w: (w.line_key, w.left))
    changed = 0
    for run in _numeric_runs(words):
        left, top = min(w.left for w in run), min(w.top for w in run)
        right, bottom = max(w.left + w.width for w in run), max(w.top + w.height for w in run)
        before = "".join(w.text for w in run)
        better = reread_box(image, left, top, right, bottom)
        if not better or (re.search("[A-F]", better) and not (len(better) == 1 and _GRADE_LIKE.match(before))):
            continue
        if not any(c.isdigit() for c in better) and not _GRADE_LIKE.match(before):
            continue
        changed += better != before
        first = run[0]
        first.text, first.left, first.top, first.width, first.height = better, left, top, right - left, bottom - top
        for extra in run[1:]:
            extra.text = ""
    return [w for w in words if w.text], changed


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


def words_to_lines(words: list[Word]) -> list[OcrLine]:
    """Words → lines with their box; lines Tesseract itself doubts (speckle noise) are dropped."""
    grouped: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line_key, []).append(word)
    lines = []
    for line in grouped.values():
        if sum(w.confidence for w in line) / len(line) < MIN_WORD_CONFIDENCE:
            continue
        line.sort(key=lambda w: w.left)
        lines.append(OcrLine(" ".join(w.text for w in line), min(w.left for w in line), min(w.top for w in line),
                             max(w.left + w.width for w in line), max(w.top + w.height for w in line)))
    return sorted(lines, key=lambda line: line.top)


def ocr_page(image: Image.Image) -> OcrPage:
    """A page image (OCR_DPI, greyscale) → its prose lines and tables, top to bottom."""
    image = deskew(image.convert("L"))
    tables = find_tables(image)
    prose = image.copy()
    for rows in tables:
        left = min(c[0] for r in rows for c in r) - 6
        right = max(c[2] for r in rows for c in r) + 6
        prose.paste(255, (left, rows[0][0][1] - 6, right, rows[-1][0][3] + 6))
    cells = [image.crop(box) for rows in tables for row in rows for box in row]
    [prose_words] = tesseract_words([prose], psm=4)
    prose_words, reread = reread_numbers(prose, prose_words)
    cell_words = tesseract_words(cells, psm=6)
    page = OcrPage(reread=reread)
    page.lines = [line for line in words_to_lines(merge_words(prose_words)) if not speckle_line(line)]
    index = 0
    for rows in tables:
        texts = []
        for row in rows:
            row_texts = []
            for _box in row:
                words, reread = reread_numbers(cells[index], cell_words[index] if index < len(cell_words) else [])
                page.reread += reread
                row_texts.append(join_wrapped([line.text for line in words_to_lines(merge_words(words))]))
                index += 1
            texts.append(row_texts)
        page.tables.append((rows[0][0][1], texts))
    return page
