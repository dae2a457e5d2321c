"""Blank pages: a page image with no ink on it, told from a small copy, before any OCR is paid for.

  small_copy    a page image → a greyscale copy at BLANK_DPI (area-averaged, so a speck of scanner
                noise fades and a line of text stays grey)
  ink_pixels    a small copy → how many of its pixels are ink: darker than its paper by INK_CONTRAST
  blank_image   a page image at a known resolution → whether it is blank

The paper's level is the page's own (a high percentile of its grey levels), not a fixed grey, so a
grey or yellowed sheet is paper too.
"""

from __future__ import annotations

from PIL import Image

BLANK_DPI = 50                  # a small copy: an A4 page is 413 x 585 pixels
PAPER_PERCENTILE = 0.9          # the grey level 90% of the page is darker than (or as dark as): its paper
INK_CONTRAST = 40               # grey levels below the paper that make a pixel of the small copy ink
# Ink pixels (at BLANK_DPI) below which a page is blank. Measured at 50 dpi: the emptiest page of the
# seed PDFs with text (a page number and one short line) has hundreds; a page number alone ("- 9 -")
# 10 to 20; a scanned blank sheet with scanner noise 0.
MAX_BLANK_INK = 8


def small_copy(image: Image.Image, dpi: float) -> Image.Image:
    """A greyscale copy at BLANK_DPI (never larger than the image)."""
    grey = image if image.mode == "L" else image.convert("L")
    scale = min(1.0, BLANK_DPI / max(dpi, 1.0))
    size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
    return grey if size == grey.size else grey.resize(size, Image.BOX)


def ink_pixels(small: Image.Image) -> int:
    """Pixels darker than the page's paper by INK_CONTRAST."""
    histogram = small.histogram()[:256]
    total, seen, paper = sum(histogram), 0, 255
    for level, count in enumerate(histogram):
        seen += count
        if seen >= PAPER_PERCENTILE * total:
            paper = level
            break
    return sum(histogram[: max(0, paper - INK_CONTRAST)])


def blank_image(image: Image.Image, dpi: float) -> bool:
    """Whether a page image (at `dpi`) has no ink worth reading: at most MAX_BLANK_INK ink pixels at BLANK_DPI."""
    return ink_pixels(small_copy(image, dpi)) <= MAX_BLANK_INK
