"""The Thai-digit recogniser of OCR'd pages.

  glyph_bits, classify_glyph   one glyph image → its bit pattern → the nearest template character
                               (a close call between two characters decided by the bits that tell
                               them apart in one font: ๔ and ๕ differ by ๕'s small loop alone)
  glyph_images, split_touching a word image → its glyphs (touching digits cut at their thinnest columns)
  reread_box, reread_numbers   number-shaped words → read again glyph by glyph against templates
                               rendered from the fonts-thai-tlwg fonts (corpus/make_glyph_templates.py),
                               because the stock Thai model cannot emit ๔ ๖ ๗ ๘ ๙ and reads ๘๔.๖ as ๕๕.๑๒
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from pathlib import Path

from PIL import Image

from parsers.knowledge.vocab import THAI_MONTHS
from parsers.ocr.images import Word, ink, ink_profile, pixels, runs, white_crop

TEMPLATE_FILE = Path(__file__).with_name("data") / "glyph_templates.json"
GLYPH_CHARS = "๐๑๒๓๔๕๖๗๘๙0123456789ABCDEF"
GLYPH_SIZE = (16, 20)
MAX_GLYPH_DISTANCE = 0.22       # share of template bits that may differ for a re-read glyph to count
ASPECT_WEIGHT = 0.15            # distance added per unit of width/height between a glyph and a template
CLOSE_CALL = 0.02               # two characters' distances this close: decided by the bits telling them apart
GLYPH_ASPECT = 0.95             # width/height of a Thai digit, about
WIDE_BLOB = 1.45                # a blob wider than this many heights is touching glyphs
READ_HEIGHT = 52                # pixels: a box lower than this is enlarged before its glyphs are read
MIN_GLYPH_HEIGHT = 4            # pixels: a blob lower than this is a stroke or a speck, never a digit
SLIVER = 0.25                   # a box this share of its height wide or less is a sliver, not a glyph's box
DASH_ASPECT = 2.0               # a low component wider than this many heights is a dash or a rule, not a dot
DOT_HEIGHT = 0.3                # a component this share of the word's height or less is a '.' or ','
# What Tesseract's Thai model writes for a digit it cannot emit (๘ → ๕, ๙ → ฒ, ...), besides digits.
# '@' and the like are what it makes of a splinter of a digit's loop (๙ → ๕ @ ๕).
_DIGITISH = re.compile(r"^[0-9๐-๙.,ฒ@*'`°]+$")
_DIGIT_LOOKALIKES = "ฒญอขฅ"
# A digit with such letters inside one word of Tesseract's (๙อ.๖๐ for ๙๖.๖๐) is a number too.
_MIXED_NUMBER = re.compile(rf"^(?=.*[0-9๐-๙])[0-9๐-๙.,{_DIGIT_LOOKALIKES}]+$")
_LOOKALIKE_WORD = re.compile(rf"^[{_DIGIT_LOOKALIKES}][.,]?$")   # one such letter, with its decimal point at times
_GRADE_LIKE = re.compile(r"^[A-F8]$")
# Words a number follows: an indicator's 'ที่', and a month's abbreviation (its year: ม.ค.๖๕).
NUMBER_AFTER = ("ที่", *(name for name in THAI_MONTHS if "." in name))
NUMBER_AFTER_PIECES = 6         # Tesseract pieces looked back over for them (มี.ค. is ม ี . ค .)
_LATIN_NUMBER = re.compile(r"^[A-Za-z0-9]{1,3}[.,]([A-Za-z0-9]{1,2})?$")   # ๙๖.๖๐ as wd.d0, ๑. as oO.


def glyph_bits(image: Image.Image) -> tuple[str, float]:
    """A glyph image → (its ink scaled to GLYPH_SIZE as hex bits, width/height of its ink)."""
    marks = ink(image.convert("L"))
    box = marks.getbbox()
    if box is None:
        return "0" * (GLYPH_SIZE[0] * GLYPH_SIZE[1] // 4), 1.0
    glyph = marks.crop(box)
    scaled = glyph.resize(GLYPH_SIZE, Image.BOX)
    bits = "".join("1" if v >= 96 else "0" for v in pixels(scaled))
    return f"{int(bits, 2):0{len(bits) // 4}x}", glyph.width / glyph.height


@cache
def templates() -> list[tuple[str, float, int, str]]:
    """(character, aspect, bits, font@size) of every template."""
    data = json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))
    return [(t["char"], t["aspect"], int(t["bits"], 16), t["font"]) for t in data["templates"]]


@cache
def _template_columns() -> tuple[tuple[str, ...], tuple[float, ...], tuple[int, ...]]:
    """The templates as three columns (characters, aspects, bits), for one comprehension per glyph."""
    chars, aspects, bits, _ = zip(*templates(), strict=True)
    return chars, aspects, bits


@cache
def _drawings_by_face() -> dict[tuple[str, str], list[tuple[int, float]]]:
    """(font face, character) → its (bits, aspect) at every size the templates were drawn at; a
    face is a template's font without its size (Loma, Loma-Bold)."""
    faces: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for char, aspect, bits, font in templates():
        faces.setdefault((_face(font), char), []).append((bits, aspect))
    return faces


def _face(font: str) -> str:
    return font.partition("@")[0]


@cache
def _other_characters(char: str) -> tuple[bool, ...]:
    """Per template, whether it draws another character than `char` (a mask: a tenth of the time of a comprehension)."""
    return tuple(other != char for other in _template_columns()[0])


def classify_glyph(image: Image.Image) -> tuple[str, float]:
    """(best matching character, share of differing bits plus an aspect-ratio penalty); the first
    template of the least distance wins, unless another character's best is within CLOSE_CALL
    (`_told_apart`). A comprehension over the columns, not min() with a key lambda: the same
    floats, a third of the time over the ~1,500 templates."""
    hexbits, aspect = glyph_bits(image)
    bits, total = int(hexbits, 16), GLYPH_SIZE[0] * GLYPH_SIZE[1]
    chars, aspects, patterns = _template_columns()
    distances = [(bits ^ pattern).bit_count() / total + ASPECT_WEIGHT * abs(aspect - shape)
                 for pattern, shape in zip(patterns, aspects, strict=True)]
    best = distances.index(min(distances))
    runner_up = min(itertools.compress(distances, _other_characters(chars[best])))
    if runner_up - distances[best] < CLOSE_CALL:  # rare: the rival's index is looked for only then
        rival = next(i for i, distance in enumerate(distances) if distance == runner_up and chars[i] != chars[best])
        best = rival if _told_apart(bits, aspect, rival, best) else best
    return chars[best], distances[best]


def _told_apart(bits: int, aspect: float, rival: int, best: int) -> bool:
    """Whether the glyph is the rival's character, judged on the bits where the two characters
    differ when drawn in the same face at the same size (the best's and the rival's faces, every
    size), with the aspect penalty of the full distance (Norasi's ๐ and 0 differ in width, not in
    bits). Over all 320 bits a ๔ whose enlargement lost a column of ink was as near Loma's ๕ as
    Loma's ๔ (16 bits each) and the aspect penalty chose ๕; ๕'s loop is what tells them apart,
    and at one size the two templates' other differences (where each was cropped) can outweigh
    it: at 96 px the telling bits tied 11 to 11, at 50 and 36 px they said ๔ by 12 to 0 and 19 to 8."""
    listed, faces, total = templates(), _drawings_by_face(), GLYPH_SIZE[0] * GLYPH_SIZE[1]
    rival_distance = best_distance = 0.0
    for face in sorted({_face(listed[best][3]), _face(listed[rival][3])}):  # sorted: the same float sums on every run
        for (theirs, their_aspect), (ours, our_aspect) in zip(faces[(face, listed[rival][0])], faces[(face, listed[best][0])],
                                                              strict=True):
            telling = theirs ^ ours
            rival_distance += ((bits ^ theirs) & telling).bit_count() / total + ASPECT_WEIGHT * abs(aspect - their_aspect)
            best_distance += ((bits ^ ours) & telling).bit_count() / total + ASPECT_WEIGHT * abs(aspect - our_aspect)
    return rival_distance < best_distance


def glyph_images(word: Image.Image, keep: tuple[int, int] | None = None) -> list[tuple[Image.Image, bool]]:
    """A word image → its glyphs left to right, each with whether it is a dot or comma; with
    `keep`, only glyphs overlapping that column range (the rest belongs to neighbouring words).
    A dash is no part of a number (Tesseract reads it as a word of its own): it is left out, not
    cut into dots (`๕-` was read `๕...-`)."""
    marks = ink(word)
    columns = [share > 0 for share in ink_profile(marks, "columns")]
    glyphs = []
    for left, right in runs(columns):
        if keep is not None and (right <= keep[0] or left >= keep[1]):
            continue
        piece = marks.crop((left, 0, right, marks.height))
        box = piece.getbbox()
        if box is None or (right - left) * (box[3] - box[1]) < 6:
            continue  # a speck of scanner noise
        height = box[3] - box[1]
        low = height <= DOT_HEIGHT * marks.height
        if low and right - left > DASH_ASPECT * height:
            continue
        for part_left, part_right in ([(left, right)] if low else split_touching(marks, left, right, box[1], box[3])):
            glyphs.append((word.crop((part_left, box[1], part_right, box[3])), low))
    return glyphs


def split_touching(marks: Image.Image, left: int, right: int, top: int, bottom: int) -> list[tuple[int, int]]:
    """Digits that touch (tight fonts, blur) form one wide blob: cut it at its thinnest columns,
    one cut per expected digit boundary (digits are about as wide as they are tall). A blob a few
    pixels high (an underline, a rule, a dash) is no row of digits and is left whole."""
    width, height = right - left, bottom - top
    if height < MIN_GLYPH_HEIGHT or width <= WIDE_BLOB * height:
        return [(left, right)]
    pieces = min(round(width / (GLYPH_ASPECT * height)), width // 2)
    if pieces < 2:
        return [(left, right)]
    ink_per_column = ink_profile(marks.crop((left, top, right, bottom)), "columns")
    cuts = [left]
    for index in range(1, pieces):
        expected, reach = index * width // pieces, width // (4 * pieces)
        window = range(max(1, expected - reach), min(width - 1, expected + reach) + 1)
        if window and left + window[-1] > cuts[-1]:
            cuts.append(left + min((c for c in window if left + c > cuts[-1]), key=lambda c: ink_per_column[c]))
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


def whole_glyph_span(inked: list[bool], start: int, end: int) -> tuple[int, int]:
    """Columns start..end (end exclusive) moved out until no inked column touches them: Tesseract's
    box for a digit it reads as a letter (ฒ for ๗) can start inside the glyph, and a glyph cut in
    half matches no template (๗๕.๔๑ of a 200-dpi scan went unread)."""
    while start > 0 and inked[start]:
        start -= 1
    while end < len(inked) and inked[end - 1]:
        end += 1
    return start, end


def reread_box(image: Image.Image, left: int, top: int, right: int, bottom: int) -> str | None:
    """The glyphs of a box read again; Tesseract's boxes for Thai are loose, so the box is widened
    and glyphs that merely overlap it are taken whole."""
    if right - left <= SLIVER * (bottom - top):  # Tesseract boxes a lone Thai digit as a sliver: widen it to one digit
        middle, half = (left + right) // 2, round(GLYPH_ASPECT * (bottom - top)) // 2
        left, right = middle - half, middle + half
    height = bottom - top
    margin = height // 2 + height  # half a digit of padding, and up to one digit more to end on whole glyphs
    wide = white_crop(image, (left - margin, top - 4, right + margin, bottom + 4))
    inked = [share > 0 for share in ink_profile(ink(wide), "columns")]
    start, end = whole_glyph_span(inked, height, wide.width - height)
    crop, crop_left = wide.crop((start, 0, end, wide.height)), left - margin + start
    box = ink(crop).getbbox()
    if box is None or box[3] - box[1] < 2 * MIN_GLYPH_HEIGHT:
        return None  # a rule, a dash or specks: no digit is this low
    keep = (left - crop_left + 2, right - crop_left - 2)
    scale = READ_HEIGHT / max(1, bottom - top)
    if scale > 1:  # small digits are enlarged smoothly before thresholding: their thin strokes survive it
        crop = crop.resize((round(crop.width * scale), round(crop.height * scale)), Image.BICUBIC)
        keep = (round(keep[0] * scale), round(keep[1] * scale))
    return read_glyphs(glyph_images(crop, keep=keep))


def _same_line(a: Word, b: Word) -> bool:
    return a.line_key == b.line_key


def _number_shaped(word: Word) -> bool:
    """Digits and dots, with the Thai letters Tesseract writes for digits it cannot emit; a lone
    grade letter; or Latin letters with a decimal point between them (the English model's reading
    of ๙๖.๖๐ is `wd.d0`): the glyph recogniser's templates decide whether they are digits."""
    text = word.text
    return bool(_DIGITISH.match(text) or _MIXED_NUMBER.match(text) or _GRADE_LIKE.match(text) or _LATIN_NUMBER.match(text))


def _lookalike_is_numeric(words: list[Word], index: int, numeric: list[bool]) -> bool:
    """A lone lookalike letter (๗ → ญ, ๖ → อ) is a digit where it touches a number (a neighbour
    holding a digit, or a number-shaped neighbour with no space between), or follows a word a
    number follows (`NUMBER_AFTER`: ที่, ม.ค.)."""
    word = words[index]
    for near in (index - 1, index + 1):
        if not (0 <= near < len(words) and _same_line(word, words[near])):
            continue
        neighbour, joined = words[near], not words[max(index, near)].space_before
        if (_DIGITISH.match(neighbour.text) and any(c.isdigit() for c in neighbour.text)) or (numeric[near] and joined):
            return True
    text_before = "".join(w.text for w in words[max(0, index - NUMBER_AFTER_PIECES): index] if _same_line(w, word))
    return text_before.endswith(NUMBER_AFTER)


def _numericruns(words: list[Word]) -> list[list[Word]]:
    """Runs of neighbouring words on one line that look like a number (`_number_shaped`, and the
    lookalike letters that touch them: ๙๗.๕๐ is read ฒ ญ . ๕ ๐); a run must hold a digit or a grade."""
    numeric = [_number_shaped(w) for w in words]
    lookalikes = [i for i, w in enumerate(words) if _LOOKALIKE_WORD.match(w.text)]
    for _ in range(3):  # a lookalike next to a lookalike next to a number (ฒ ญ . ๕ ๐)
        for index in lookalikes:
            numeric[index] = numeric[index] or _lookalike_is_numeric(words, index, numeric)
    runs: list[list[Word]] = []
    for index, word in enumerate(words):
        if not numeric[index]:
            continue
        if index and numeric[index - 1] and _same_line(words[index - 1], word) and not word.space_before and runs:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [r for r in runs if _holds_number("".join(w.text for w in r))]


def _holds_number(text: str) -> bool:
    return any(c.isdigit() or _GRADE_LIKE.match(c) or c in _DIGIT_LOOKALIKES for c in text) or bool(_LATIN_NUMBER.match(text))


def reread_numbers(image: Image.Image, words: list[Word]) -> tuple[list[Word], int]:
    """Words with every number-shaped run read again by the glyph recogniser; (words, runs changed)."""
    words = sorted(words, key=lambda w: (w.line_key, w.left))
    changed = 0
    for run in _numericruns(words):
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
