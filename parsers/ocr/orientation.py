"""Orientation: a page fed sideways or upside down is turned upright before anything of it is read.

  osd_turn     a page image → Tesseract's OSD (the `osd` model, Debian's tesseract-ocr-osd): the
               clockwise turn its text is at and the confidence, on a copy at ORIENTATION_DPI; in
               this process's libtesseract, or the `tesseract` program when the library is missing
  upright      a page image → the same page turned upright, and the turn it was at (0 when OSD is
               not sure, finds no text, or is not installed: the page is read as it came)

OSD was chosen over a vote of Tesseract's confidence over the four turns by `bench/bench_orientation.py`
(the figures are in that module): equal accuracy at a fraction of the cost, since the vote is four
recognitions of the page.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache

from PIL import Image

from parsers.ocr.tesseract import TESSERACT_RUNS, image_stream, tesseract_available
from parsers.ocr.tesseract_capi import api_for
from parsers.processes import dies_with_this_process

OSD_MODEL = "osd"
# The copy OSD reads. bench_orientation: at 150 and 200 dpi OSD is right on all 44 turned pages, the
# least confidence of a right answer 11.2 at 150 and 18.5 at 200, for 0.61 and 0.69 s; at 100 dpi it
# takes Thai for Latin on sideways pages. 200 buys the margin for 0.08 s.
ORIENTATION_DPI = 200
# OSD's confidence below which the page is read as it came: no wrong answer measured had more than 0,
# no right one less than 18.5; a page of a few words (a signature page) must not be turned on a guess.
MIN_CONFIDENCE = 5.0
OSD_TIMEOUT = 120               # seconds for the program's one OSD run
_DEGREES = re.compile(r"Orientation in degrees:\s*(\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


@cache
def osd_installed() -> bool:
    """Whether Tesseract has its `osd` model (the program lists it among its languages)."""
    if not tesseract_available():
        return False
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return OSD_MODEL in listed.stdout.split()


def _program_osd(image: Image.Image, dpi: int) -> tuple[int, float] | None:
    """OSD by the tesseract program (no libtesseract here): its report on stdout, parsed."""
    process = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0", "-l", OSD_MODEL], input=image_stream([image], dpi),
                             capture_output=True, timeout=OSD_TIMEOUT, check=False, env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                             preexec_fn=dies_with_this_process())
    out = process.stdout.decode("utf-8", "replace")
    degrees, confidence = _DEGREES.search(out), _CONFIDENCE.search(out)
    if process.returncode != 0 or not degrees or not confidence:
        return None
    return int(degrees.group(1)) % 360, float(confidence.group(1))


def osd_turn(image: Image.Image, dpi: int) -> tuple[int, float] | None:
    """The clockwise turn (0, 90, 180, 270) the page's text is at and OSD's confidence, read on a copy
    at ORIENTATION_DPI; None when OSD finds too little text to tell."""
    scale = min(1.0, ORIENTATION_DPI / dpi)
    small = image if scale == 1.0 else image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.BOX)
    TESSERACT_RUNS["osd"] += 1
    api = api_for(OSD_MODEL)
    if api is not None:
        return api.orientation(small, round(dpi * scale))
    return _program_osd(small, round(dpi * scale))


def upright(image: Image.Image, dpi: int) -> tuple[Image.Image, int]:
    """The page turned upright, and the clockwise turn it was at (0: read as it came)."""
    if not osd_installed():
        return image, 0
    found = osd_turn(image, dpi)
    if found is None or found[0] == 0 or found[1] < MIN_CONFIDENCE:
        return image, 0
    # OSD's degrees are the page's clockwise turn; PIL turns counter-clockwise, so the same figure undoes it
    return image.rotate(found[0], expand=True, fillcolor=255), found[0]
