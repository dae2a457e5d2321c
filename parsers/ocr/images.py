"""Page images and the words read on them: the pixel primitives every OCR step shares.

  Word          one word (or piece of one) Tesseract read, with its box and line
  pixels        image → its pixel values
  ink           greyscale image → ink mask (ink 255 on black) below a grey level
  ink_profile   ink mask → share of ink per pixel row or column
  runs          flags → (start, end) of each run of True
  white_crop    a crop whose part outside the image is paper
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

DARK = 140                      # grey level below which a pixel is ink of a glyph


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


def pixels(image: Image.Image) -> list[int]:
    flattened = getattr(image, "get_flattened_data", None)  # Pillow ≥ 12; getdata is deprecated there
    return list(flattened() if flattened else image.getdata())


def ink(image: Image.Image, dark: int = DARK) -> Image.Image:
    """Ink as 255 on black: what resize(BOX) averages into a per-row or per-column ink share."""
    return image.point(lambda v: 255 if v < dark else 0)


def ink_profile(image: Image.Image, axis: str) -> list[float]:
    """Share of ink in every pixel row ('rows') or column ('columns') of an ink image."""
    size = (1, image.height) if axis == "rows" else (image.width, 1)
    return [v / 255 for v in pixels(image.resize(size, Image.BOX))]


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    runs, start = [], None
    for index, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index))
            start = None
    return runs


def white_crop(image: Image.Image, box: tuple[int, int, int, int]) -> Image.Image:
    """A crop whose part outside the image is paper (Pillow fills it black, which reads as ink)."""
    left, top, right, bottom = box
    canvas = Image.new("L", (max(1, right - left), max(1, bottom - top)), 255)
    inside = (max(0, left), max(0, top), min(image.width, right), min(image.height, bottom))
    if inside[0] < inside[2] and inside[1] < inside[3]:
        grey = image if image.mode == "L" else image.convert("L")  # convert() copies even an L page: once per box
        canvas.paste(grey.crop(inside), (inside[0] - left, inside[1] - top))
    return canvas
