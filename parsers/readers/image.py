"""Image reader: a scanned page as `.jpg`, `.png` or `.tif` (a multi-page TIFF: one page per frame)
→ Document, through the same OCR path as a scanned PDF page.

  open_image      bytes → a Pillow image, its frames counted and sized before any is decoded; a
                  file that is no image, is damaged, or would decode past MAX_PIXELS (Pillow's
                  decompression-bomb limit, ours being lower) is UnreadableInput with a one-line reason
  frame_dpi       a frame → its resolution: the file's, or guessed from its size as an A4 page
  page_image      a frame → greyscale, turned as its EXIF says, at the OCR engine's resolution (a PDF's
                  scanned page is rendered at that resolution too)
  read_frame      one frame → its PageReading: blank (`parsers.ocr.blank`), or read by OCR
  ImageReader     all frames, then `pdf_layout.pages_to_blocks` for the reading order

Provenance: `page` is the frame's number (1-based), `line` the line within it, as for a PDF page.
"""

from __future__ import annotations

import io
import logging
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageOps, UnidentifiedImageError

from parsers.document import Document
from parsers.errors import ErrorKind, MissingDependency, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.ocr.blank import blank_image
from parsers.ocr.engine import OcrEngine, ocr_engine
from parsers.options import OcrMode, ParseOptions
from parsers.pdf.layout import pages_to_blocks
from parsers.pdf.page import PageReading
from parsers.readers.pdf import read_ocr_result
from parsers.thai.quality import NO_TEXT_LAYER
from schema.codes import ReadBy, SourceFormat

logger = logging.getLogger(__name__)

# A frame past this many pixels is refused before it is decoded: an A3 page at 600 dpi is 70 M
# pixels, and a greyscale 300 dpi A4 page is 8.7 M. Pillow's own limit (89 M, an error at 179 M) is
# also kept, turned from a warning into the error.
MAX_PIXELS = 80_000_000
MAX_FRAMES = 2000               # a multi-page TIFF of more frames than this is no report
A4_INCHES = (8.27, 11.69)
# A resolution that makes the frame smaller than a postcard or larger than A2 is not the scan's
# (a phone's 72 dpi, a program's 1 dpi): the size of an A4 page is then the better guess.
PLAUSIBLE_INCHES = (4.0, 24.0)


def open_image(data: bytes) -> Image.Image:
    """The image in `data`, checked (frames, size) but not decoded; UnreadableInput with why when it cannot be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise _unreadable(error) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise UnreadableInput(f"corrupt or truncated image ({error})", ErrorKind.CORRUPT) from error
    frames = getattr(image, "n_frames", 1)
    if frames > MAX_FRAMES:
        raise UnreadableInput(f"the image has {frames} frames (at most {MAX_FRAMES} are read)", ErrorKind.TOO_LARGE)
    if image.width * image.height > MAX_PIXELS:
        raise UnreadableInput(f"the image is {image.width}x{image.height} pixels, over the limit of {MAX_PIXELS:,} "
                              "(a decompression bomb, or no page scan)", ErrorKind.TOO_LARGE)
    return image


def _unreadable(error: Exception) -> UnreadableInput:
    if isinstance(error, UnidentifiedImageError):
        return UnreadableInput("not an image Pillow can read (unknown or damaged format)", ErrorKind.CORRUPT)
    return UnreadableInput(f"the image is too large to decode safely ({error})", ErrorKind.TOO_LARGE)


def frame_dpi(frame: Image.Image) -> float:
    """The frame's resolution as the file gives it, or guessed from its size as an A4 page (its long
    side 11.69 in) when the file gives none or one that makes no page of it."""
    dpi = frame.info.get("dpi")
    if isinstance(dpi, tuple) and dpi and isinstance(dpi[0], (int, float)) and dpi[0] > 0:
        long_side = max(frame.size) / float(dpi[0])
        if PLAUSIBLE_INCHES[0] <= long_side <= PLAUSIBLE_INCHES[1]:
            return float(dpi[0])
    return max(frame.size) / A4_INCHES[1]


def page_image(frame: Image.Image, dpi: float, target_dpi: int) -> Image.Image:
    """The frame as OCR reads a scanned page: greyscale (transparency on white paper), upright as its
    EXIF says, at `target_dpi`."""
    frame = ImageOps.exif_transpose(frame)
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(paper, rgba)
    grey = frame.convert("L")
    scale = target_dpi / dpi
    if abs(scale - 1) < 0.02:
        return grey
    return grey.resize((max(1, round(grey.width * scale)), max(1, round(grey.height * scale))), Image.BICUBIC)


@dataclass
class FramesRead:
    pages: list[PageReading] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    page_errors: list[tuple[int, str]] = field(default_factory=list)
    rereads: int = 0


def read_frame(frame: Image.Image, number: int, engine: OcrEngine, done: FramesRead) -> None:
    """One frame into `done`: blank, read by OCR, or unread with why (the other frames go on)."""
    dpi = frame_dpi(frame)
    page = PageReading(number, layer_reason=NO_TEXT_LAYER)
    done.pages.append(page)
    try:
        image = page_image(frame, dpi, engine.dpi)
        if blank_image(image, engine.dpi):
            page.read_by, page.reason, page.layer_reason = ReadBy.BLANK, "blank: white when reduced to 50 dpi", None
            return
        result = engine.read_page(image)
    except Exception as error:  # one bad frame must not lose the others
        logger.info("frame %d: not read (%s: %s)", number, type(error).__name__, error)
        reason = f"OCR failed: {type(error).__name__}: {error}"
        page.read_by, page.reason = ReadBy.UNREAD, reason
        done.page_errors.append((number, reason))
        return
    page.height, page.width = image.height * 72 / engine.dpi, image.width * 72 / engine.dpi
    read_ocr_result(page, result, engine.dpi)
    page.reason = "; ".join(("an image: no text layer", *page.fallbacks))
    done.ocr_pages.append(number)
    done.rereads += result.reread


def read_frames(image: Image.Image, engine: OcrEngine) -> FramesRead:
    """Every frame read in turn. A frame that cannot be decoded is recorded and the others are read;
    a file none of whose frames decodes is corrupt (UnreadableInput)."""
    done = FramesRead()
    frames = getattr(image, "n_frames", 1)
    for index in range(frames):
        try:
            image.seek(index)
            image.load()
        except (OSError, EOFError, ValueError, SyntaxError) as error:  # damaged or truncated: recorded, the others are read
            reason = f"frame unreadable: {error}"
            done.pages.append(PageReading(index + 1, read_by=ReadBy.UNREAD, reason=reason))
            done.page_errors.append((index + 1, reason))
            continue
        read_frame(image, index + 1, engine, done)
    decoded = [page for page in done.pages if not (page.reason or "").startswith("frame unreadable")]
    if not decoded:
        raise UnreadableInput(f"corrupt or truncated image ({done.page_errors[0][1]})", ErrorKind.CORRUPT)
    return done


class ImageReader:
    """Scanned pages as image files, read by OCR frame by frame."""

    format = SourceFormat.IMAGE
    suffixes = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
    max_bytes = 256 * 2**20  # as for a PDF: a scanned report of many pages is tens of MB

    def count_pages(self, data: bytes) -> int | None:
        """Frames of the image, without decoding them, or None if it cannot be opened."""
        try:
            return getattr(open_image(data), "n_frames", 1)
        except UnreadableInput:
            return None

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        image = open_image(data)
        if options.ocr is OcrMode.NEVER:
            raise UnreadableInput("an image has no text layer, and OCR is off", ErrorKind.NO_TEXT_LAYER)
        engine = ocr_engine(options)
        try:
            engine.check_available()
        except MissingDependency as missing:
            raise MissingDependency(f"an image needs OCR, but {missing}", missing.package) from missing
        done = read_frames(image, engine)
        first = next((page for page in done.pages if page.height), None)
        height, width = (first.height or 842.0, first.width or 595.0) if first else (842.0, 595.0)
        return Document(blocks=pages_to_blocks(done.pages, height, hints, width), format=self.format, page_count=len(done.pages),
                        ocr_pages=done.ocr_pages, page_errors=done.page_errors, ocr_rereads=done.rereads,
                        pages=[page.record() for page in done.pages])
