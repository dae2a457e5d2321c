"""OCR of scanned pages: page image → prose lines and ruled tables, with Thai digits re-read.

  deskew             a scan's slight rotation → level rows, so ruling lines run along pixel rows
  find_tables        ruling lines → tables of cell boxes (so columns are never read across)
  tesseract_words    images → words with boxes (Tesseract `tha+eng`, TSV, OMP_THREAD_LIMIT=1,
                     many images per call so its start-up is paid once)
  reread_numbers     number-shaped words → read again by the Thai-digit recogniser (`parsers.ocr_digits`)
  ocr_page           all of it for one page

Running Tesseract is the one side effect here (a subprocess on temporary image files); the
inputs and outputs are images and text, like every other parser.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from parsers.errors import MissingDependency, ToolFailed
from parsers.ocr_digits import Word, ink, profile, reread_numbers, runs
from parsers.thai import join_wrapped

OCR_DPI = 300
LANGUAGES = "tha+eng"
TESSERACT_PACKAGES = "tesseract-ocr tesseract-ocr-tha"
MISSING_TESSERACT = f"Tesseract is not installed: apt-get install {TESSERACT_PACKAGES}"
RULE_DARK = 210                 # ... of a ruling line: thin lines scan as light grey
RULE_ROW_INK = 0.45             # share of a pixel row that is ink on a horizontal ruling line
MAX_TABLE_COLUMNS = 15          # more "columns" than this in a band is a picture, not a table
MIN_CELL_WIDTH = 40             # pixels at OCR_DPI (3.4 mm): narrower "cells" are strokes of a picture
RULE_COLUMN_INK = 0.8           # share of a band's height that is ink on a vertical ruling line
MIN_WORD_CONFIDENCE = 35        # mean Tesseract confidence below which an OCR line is speckle noise
SKEW_COARSE = [a / 5 for a in range(-6, 7)]       # ±1.2° in 0.2° steps, then ±0.15° around the best
SKEW_FINE = [a / 20 for a in range(-3, 4)]


@dataclass
class OcrPage:
    lines: list[OcrLine] = field(default_factory=list)
    tables: list[tuple[int, list[list[str]]]] = field(default_factory=list)    # (top, rows of cell texts)
    reread: int = 0                                                            # words re-read as numbers


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


# -- the page image ---------------------------------------------------------------------------
def deskew(image: Image.Image) -> Image.Image:
    """Rotate by the angle whose rows are sharpest (ruling lines and text lines level)."""
    small = ink(image.reduce(2), RULE_DARK)

    def sharpness(angle: float) -> float:
        rows = profile(small.rotate(angle, resample=Image.BILINEAR, fillcolor=0), "rows")
        return sum((a - b) ** 2 for a, b in itertools.pairwise(rows))

    coarse = max(SKEW_COARSE, key=sharpness)
    best = max((round(coarse + step, 2) for step in SKEW_FINE), key=sharpness)
    return image if best == 0 else image.rotate(best, resample=Image.BICUBIC, fillcolor=255)


def find_tables(image: Image.Image) -> list[list[list[tuple[int, int, int, int]]]]:
    """Ruled tables → rows of cell boxes (left, top, right, bottom), top to bottom."""
    page = ink(image, RULE_DARK)
    rules = [(a + b) // 2 for a, b in runs([share >= RULE_ROW_INK for share in profile(page, "rows")])]
    tables: list[list[list[tuple[int, int, int, int]]]] = []
    previous_band_was_row = False
    for top, bottom in itertools.pairwise(rules):
        if bottom - top < 8:
            previous_band_was_row = False
            continue
        band = page.crop((0, top + 3, page.width, bottom - 3))
        verticals = [(a + b) // 2 for a, b in runs([share >= RULE_COLUMN_INK for share in profile(band, "columns")])]
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
def tesseract_words(images: list[Image.Image], psm: int, languages: str = LANGUAGES) -> list[list[Word]]:
    """Words of every image, in one Tesseract run (its start-up dominates on small cell images).
    The TSV gives boxes but, for Thai, a 'word' per character or two; the plain-text output of the
    same run says where the real spaces are, so each word learns whether a space comes before it."""
    if not tesseract_available():
        raise MissingDependency(MISSING_TESSERACT, TESSERACT_PACKAGES)
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
        run = subprocess.run(["tesseract", str(listing), str(base), "-l", languages, "--psm", str(psm), "txt", "tsv"],
                             capture_output=True, text=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}, timeout=600)
        if run.returncode != 0:
            raise ToolFailed(f"tesseract failed: {run.stderr.strip().splitlines()[-1] if run.stderr.strip() else run.returncode}")
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


def ocr_page(image: Image.Image, languages: str = LANGUAGES) -> OcrPage:
    """A page image (OCR_DPI, greyscale) → its prose lines and tables, top to bottom."""
    image = deskew(image.convert("L"))
    tables = find_tables(image)
    prose = image.copy()
    for rows in tables:
        left = min(c[0] for r in rows for c in r) - 6
        right = max(c[2] for r in rows for c in r) + 6
        prose.paste(255, (left, rows[0][0][1] - 6, right, rows[-1][0][3] + 6))
    cells = [image.crop(box) for rows in tables for row in rows for box in row]
    [prose_words] = tesseract_words([prose], psm=4, languages=languages)
    prose_words, reread = reread_numbers(prose, prose_words)
    cell_words = tesseract_words(cells, psm=6, languages=languages)
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
