"""Scans as offices make them: grey or yellowed paper with the next page showing through, and sheets
skewed past a flatbed's degree, undone before anything of the page is read.

  paper_map     a page image → its paper's grey level everywhere (ink taken out), on a small copy
  clean_paper   a page image → the same page on white paper: the paper's shading divided out, then
                every pixel a local (Sauvola) threshold calls paper, or that is faint and diffuse
                (what shows through from the next page), made white; ink keeps its grey edges.
                A page already on white paper is returned as it is (the same pixels: straight white
                scans read as before)
  local_ink     a page image → its ink by the same local threshold (rules a copier's blur left lighter
                than the fixed level of a rule)
  skew_angle    the angle whose pixel rows are sharpest, over ±SKEW_WIDE: 1° steps on a small copy,
                then 0.2° and 0.05° steps around the best on a larger one
  deskew        the page rotated level by that angle

Every decision of ink downstream (rules, skew, the digit re-read) uses fixed grey levels tuned on
white scans; on a cleaned page they hold, since its paper is white as theirs.
"""

from __future__ import annotations

import itertools

import numpy as np
from PIL import Image, ImageFilter

from parsers.ocr.images import ink, ink_profile

# -- paper ---------------------------------------------------------------------------------------
PAPER_DPI = 25                  # the small copy the paper is found on: text strokes average away
PAPER_WINDOW = 7                # pixels of that copy (7 mm): the lightest within reaches the paper between lines
# The small copy is first cut to the level 90% of it is as dark as or darker than: a skewed grey
# sheet leaves wedges of the scanner's white lid at its edges, which the lightest-in-a-window would
# take for the paper and leave a dark band along the sheet's edge (taken for a vertical rule: 004's
# grey scan had a fourth column on 3 of its 10 pages).
PAPER_CEILING = 90
WHITE_PAPER = 235               # paper this light or lighter everywhere is white: the page is left as it came
PAPER_PERCENTILE = 2            # ... "everywhere": but for the darkest 2% of the paper map (a logo, a filled cell)
SAUVOLA_BLOCK = 20              # pixels at 300 dpi (1.7 mm): a block holds a hairline and the paper beside it
# Sauvola's k: lower calls more ink where the window is even. The seeds' hairline table rules scan at
# 190-195 on whitened paper (215-220 on the copier kind), the next page showing through at 210-230:
# at 0.3 and 0.2 (a sliding 41-pixel window) rules between rows of 002's grey scan were lost (of its
# 3 rows a table, 1 and 1-2 found), at 0.1 all 3 are (blocks as well).
SAUVOLA_K = 0.1
SAUVOLA_DPI = 75                # the blocks' figures are taken on a copy reduced to about this resolution
SAUVOLA_RANGE = 128             # Sauvola's R: the largest standard deviation of grey levels
FAINTEST_INK = 210              # no lighter pixel is ink (what shows through is left at 210-220): RULE_DARK's level
# Between STRONG_INK and FAINTEST_INK a pixel is ink only where it is SHARP_CONTRAST darker than its
# surroundings blurred by SHARP_RADIUS: a hairline rule is (it is printed sharp); the next page
# showing through is not (seen through paper, it is diffuse). On 002's grey page 2: what shows through
# is no darker than 195, its contrast at most 11 (99th percentile); glyph cores are darker than 170.
STRONG_INK = 170
SHARP_CONTRAST = 20
SHARP_RADIUS = 2                # pixels at 300 dpi

# -- skew ----------------------------------------------------------------------------------------
SKEW_WIDE = 15                  # degrees either way: a sheet pulled askew by a copier's feeder
SKEW_WIDE_WIDTH = 350           # pixels: the copy the wide search rotates, a quarter of SKEW_WIDTH's pixels
SKEW_COARSE = [a / 5 for a in range(-10, 11)]     # ±2° in 0.2° steps, then ±0.15° around the best
SKEW_FINE = [a / 20 for a in range(-3, 4)]
SKEW_WIDTH = 700                # pixels: the page is reduced to about this width to find its skew
SKEW_DARK = 230                 # ... of ink once reduced (a 1/4-size line is a quarter as dark)


def percentile_level(image: Image.Image, percent: float) -> int:
    """The grey level `percent` of the image is as dark as or darker than."""
    histogram, seen = image.histogram()[:256], 0
    for level, count in enumerate(histogram):
        seen += count
        if seen >= percent / 100 * image.width * image.height:
            return level
    return 255


def paper_map(image: Image.Image, dpi: int) -> Image.Image:
    """The paper's grey level at every point of a copy at PAPER_DPI: the lightest in a PAPER_WINDOW
    around it (text and what shows through are darker than their paper), smoothed; never lighter
    than the page's PAPER_CEILING level (the scanner's lid beside a skewed sheet is no paper)."""
    factor = max(1, round(dpi / PAPER_DPI))
    small = image.reduce(factor) if factor > 1 else image
    ceiling = percentile_level(small, PAPER_CEILING)
    small = small.point(lambda level: min(level, ceiling))
    return small.filter(ImageFilter.MaxFilter(PAPER_WINDOW)).filter(ImageFilter.GaussianBlur(PAPER_WINDOW / 3))


def white_paper(paper: Image.Image) -> bool:
    """Whether a paper map is white all over (but for its darkest PAPER_PERCENTILE)."""
    histogram = paper.histogram()[:256]
    darkest = PAPER_PERCENTILE / 100 * sum(histogram)
    return sum(histogram[:WHITE_PAPER]) <= darkest


def sauvola_threshold(image: Image.Image, dpi: int) -> np.ndarray:
    """Sauvola's threshold at every pixel: mean x (1 + k (deviation / R - 1)) of the grey levels
    around it. The mean and deviation are taken per block of SAUVOLA_BLOCK pixels of a copy at
    SAUVOLA_DPI and the threshold interpolated between blocks' centres (it changes slowly): 0.04 s a
    300-dpi page, against 0.07 on a half-size copy and 0.27 for a sliding window on it."""
    factor = max(1, dpi // SAUVOLA_DPI)
    small = image.reduce(factor) if factor > 1 else image
    block = max(2, round(SAUVOLA_BLOCK * dpi / 300 * small.width / image.width))
    rows, columns = -(-small.height // block), -(-small.width // block)
    grey = np.pad(np.asarray(small, dtype=np.float32), ((0, rows * block - small.height), (0, columns * block - small.width)), mode="edge")
    blocks = grey.reshape(rows, block, columns, block)
    mean = blocks.mean(axis=(1, 3))
    deviation = np.sqrt(np.maximum((blocks * blocks).mean(axis=(1, 3)) - mean * mean, 0))
    threshold = np.clip(mean * (1 + SAUVOLA_K * (deviation / SAUVOLA_RANGE - 1)), 0, 255).astype(np.uint8)
    scale = image.width / small.width
    full = Image.fromarray(threshold).resize((round(columns * block * scale), round(rows * block * scale)), Image.BILINEAR)
    return np.asarray(full.crop((0, 0, image.width, image.height)))


def local_ink(image: Image.Image, dpi: int) -> Image.Image:
    """Ink as 255 on black (as `images.ink`), where a pixel is darker than its Sauvola threshold."""
    below = np.asarray(image) < sauvola_threshold(image, dpi)
    return Image.fromarray(below.astype(np.uint8) * 255)


def clean_paper(image: Image.Image, dpi: int) -> Image.Image:
    """The page on white paper (see the module's docstring); a page on white paper as it came."""
    paper = paper_map(image, dpi)
    if white_paper(paper):
        return image
    background = np.asarray(paper.resize(image.size, Image.BILINEAR), dtype=np.float32)
    flat = np.minimum(np.asarray(image, dtype=np.float32) * 255 / np.maximum(background, 1), 255).astype(np.uint8)
    flat_image = Image.fromarray(flat)
    surroundings = np.asarray(flat_image.filter(ImageFilter.GaussianBlur(SHARP_RADIUS * dpi / 300)), dtype=np.int16)
    sharp = surroundings - flat > SHARP_CONTRAST
    ink = (flat < sauvola_threshold(flat_image, dpi)) & ((flat < STRONG_INK) | ((flat < FAINTEST_INK) & sharp))
    # a glyph's grey edge goes with it (Tesseract read 002's ๑.สำนัก as 9.Arun with its edges cut)
    near_ink = np.asarray(Image.fromarray(ink.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(3))) > 0
    return Image.fromarray(np.where(near_ink, flat, 255).astype(np.uint8))


# -- skew ----------------------------------------------------------------------------------------
def _ink_copy(image: Image.Image, width: int) -> Image.Image:
    factor = max(1, image.width // width)
    return ink(image.reduce(factor) if factor > 1 else image, SKEW_DARK)


def _sharpest(small: Image.Image, angles: list[float]) -> float:
    """The angle of `angles` whose rows of `small` (an ink copy) are sharpest; a tie: the smaller turn."""
    def sharpness(angle: float) -> tuple[float, float]:
        rows = ink_profile(small.rotate(angle, resample=Image.NEAREST, fillcolor=0), "rows")
        return sum((a - b) ** 2 for a, b in itertools.pairwise(rows)), -abs(angle)

    return max(angles, key=sharpness)


def skew_angle(image: Image.Image) -> float:
    """The angle whose pixel rows are sharpest (ruling lines and text lines level). 1° steps over
    ±SKEW_WIDE on a copy SKEW_WIDE_WIDTH wide; a page found within ±1° is then searched as it
    always was (±2° in 0.2° steps on a copy SKEW_WIDTH wide, then 0.05°: the same angle as before
    on straight scans), one past it the same way around its angle. At 1° steps the nearest step
    is within 0.5° of the page's angle, where its text lines are still sharper than at any other."""
    small = _ink_copy(image, SKEW_WIDTH)
    if small.getbbox() is None:
        return 0.0
    wide = _sharpest(_ink_copy(image, SKEW_WIDE_WIDTH), [float(a) for a in range(-SKEW_WIDE, SKEW_WIDE + 1)])
    centre = wide if abs(wide) > 1 else 0.0  # at 0 or ±1° the angle is within ±1.5°: ±2° around 0 holds it
    coarse = _sharpest(small, [round(centre + step, 2) for step in SKEW_COARSE])
    return _sharpest(small, [round(coarse + step, 2) for step in SKEW_FINE])


def deskew(image: Image.Image) -> Image.Image:
    """The page rotated level (the full-size page is rotated once, by the angle found on a small copy).
    Bilinear: bicubic took 2.3x the time for the same text on straight scans, and past ±2° on the
    copier scans it read 002 better (0.912 -> 0.946 on the gold) and 004 worse (0.974 -> 0.917)."""
    best = skew_angle(image)
    return image if best == 0 else image.rotate(best, resample=Image.BILINEAR, fillcolor=255)
