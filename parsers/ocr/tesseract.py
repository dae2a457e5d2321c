"""Tesseract: images in, words with boxes out; in this process through libtesseract's C API, or
as a child process when the library cannot be loaded.

  library_output     images → each image's TSV rows and text, read by a TessBaseAPI this process
                     keeps loaded (one per language set): no model load, no image encoding per run
  image_stream       images → one uncompressed multi-page TIFF in memory (no file, no PNG)
  run_tesseract      that stream → Tesseract's TSV and text on stdout; the child dies with its
                     parent (PR_SET_PDEATHSIG), and is killed and reaped if the call is interrupted
  split_output       stdout → each image's TSV rows and its text
  tesseract_words    images → words with boxes, each knowing whether a space comes before it

Both ways give the same words (a test reads real pages both ways). The library is the default
because a child's every run loads the tha+eng models again (0.3 s, for a page that takes 3–5 s)
and decodes the images; a page's re-reads are up to three more runs.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections import Counter

from PIL import Image

from parsers.errors import MissingDependency, ToolFailed
from parsers.ocr.images import Word
from parsers.ocr.tesseract_capi import TesseractApi, api_for
from parsers.processes import dies_with_this_process

LANGUAGES = "tha+eng"
TESSERACT_PACKAGES = "tesseract-ocr tesseract-ocr-tha"
MISSING_TESSERACT = f"Tesseract is not installed: apt-get install {TESSERACT_PACKAGES}"
TESSERACT_TIMEOUT = 600         # seconds for one page's run: past this Tesseract is stuck
MIN_HEIGHT = 8                  # pixels: a shorter image has no line of text (see `readable`)
MIN_WIDTH = 3                   # pixels: Tesseract's own least ("Image too small to scale")
STREAM_DPI = 300                # resolution written into the TIFF when the caller gives none
# Tesseract runs this process has made, by kind ("recognise", "osd"): what a page cost in Tesseract
# calls, which tests read (a blank page must cost none) and benches may print.
TESSERACT_RUNS: Counter[str] = Counter()


def tesseract_available() -> bool:
    """Tesseract counts as installed when its program is on PATH: the package that installs the
    library installs the program too, and a PATH without it is how a user (or a test) leaves it out."""
    return shutil.which("tesseract") is not None



TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height", "conf", "text")
_TSV_ROW = re.compile(r"^[1-5]\t\d+\t\d+\t\d+\t\d+\t\d+\t-?\d+\t-?\d+\t\d+\t\d+\t-?[\d.]+\t")


def image_stream(images: list[Image.Image], dpi: int) -> bytes:
    """Images as one uncompressed multi-page TIFF in memory: Tesseract reads it from stdin, so no
    temporary file is written and no PNG is encoded."""
    buffer = io.BytesIO()
    first, *rest = [image if image.mode in ("L", "1") else image.convert("L") for image in images]
    first.save(buffer, "TIFF", save_all=True, append_images=rest, dpi=(dpi, dpi))
    return buffer.getvalue()


def run_tesseract(data: bytes, psm: int, languages: str) -> str:
    """Tesseract on stdin's images → stdout: per image its TSV rows, then its plain text."""
    # tessedit_do_invert=0: no second recognition of doubtful lines as white-on-black (scans of
    # reports have none); 8% less CPU per page for the same text.
    command = ["tesseract", "stdin", "stdout", "-l", languages, "--psm", str(psm), "-c", "tessedit_do_invert=0", "txt", "tsv"]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "OMP_THREAD_LIMIT": "1"}, preexec_fn=dies_with_this_process())
    try:
        out, err = process.communicate(data, timeout=TESSERACT_TIMEOUT)
    except BaseException:  # a timeout, or the worker being stopped: the child must not outlive the call
        process.kill()
        process.wait()
        raise
    if process.returncode != 0:
        message = err.decode("utf-8", "replace").strip()
        raise ToolFailed(f"tesseract failed: {message.splitlines()[-1] if message else process.returncode}")
    return out.decode("utf-8", "replace")


def library_output(api: TesseractApi, images: list[Image.Image], psm: int, dpi: int) -> tuple[list[list[dict[str, str]]], list[str]]:
    """Images read by the process's TessBaseAPI → per image its TSV rows and its text, as
    `split_output` gives them from the program's stdout."""
    rows, texts = [], []
    for number, image in enumerate(images):
        tsv, text = api.read(image, psm, dpi, number)
        rows.append([dict(zip(TSV_COLUMNS, line.split("\t"), strict=False)) for line in tsv.split("\n") if _TSV_ROW.match(line)])
        texts.append(text)
    return rows, texts


def split_output(output: str, count: int) -> tuple[list[list[dict[str, str]]], list[str]]:
    """Tesseract's stdout (TSV and text renderers in one stream) → per image its TSV rows and its text.
    The TSV renderer writes an image's rows, then the text renderer its text, image after image."""
    header: list[str] = []
    rows: list[list[dict[str, str]]] = [[] for _ in range(count)]
    texts: list[list[str]] = [[] for _ in range(count)]
    current = 0
    for line in output.split("\n"):
        if not header and line.startswith("level\t"):
            header = line.split("\t")
        elif header and _TSV_ROW.match(line):
            record = dict(zip(header, line.split("\t"), strict=False))
            current = min(count, max(1, int(record["page_num"]))) - 1
            rows[current].append(record)
        else:
            texts[current].append(line)
    return rows, ["\n".join(text).replace("\f", "") for text in texts]


def readable(image: Image.Image) -> bool:
    """Whether Tesseract is given the image at all. Below MIN_HEIGHT pixels there is no letter to
    read, and Tesseract's line mode can spin for minutes on such a strip (a 1000x1..5000x5 black
    strip at --psm 7 ran past 15 s, as a program and as a library; 5000x10 took 0.7 s)."""
    return image.height >= MIN_HEIGHT and image.width >= MIN_WIDTH


def tesseract_output(images: list[Image.Image], psm: int, languages: str, dpi: int) -> tuple[list[list[dict[str, str]]], list[str]]:
    """Each image's TSV rows and text, in this process's TessBaseAPI or else in one run of the program."""
    TESSERACT_RUNS["recognise"] += 1
    api = api_for(languages)
    if api is not None:
        return library_output(api, images, psm, dpi)
    return split_output(run_tesseract(image_stream(images, dpi), psm, languages), len(images))


def tesseract_words(images: list[Image.Image], psm: int, languages: str = LANGUAGES, dpi: int = STREAM_DPI) -> list[list[Word]]:
    """Words of every image, read by this process's loaded Tesseract (or in one run of the program).
    The TSV gives boxes but, for Thai, a 'word' per character or two; the plain-text output of the
    same run says where the real spaces are, so each word learns whether a space comes before it."""
    if not tesseract_available():
        raise MissingDependency(MISSING_TESSERACT, TESSERACT_PACKAGES)
    read = [index for index, image in enumerate(images) if readable(image)]
    pages: list[list[Word]] = [[] for _ in images]
    if not read:
        return pages
    rows, texts = tesseract_output([images[i] for i in read], psm, languages, dpi)
    for index, records, text in zip(read, rows, texts, strict=True):
        pages[index] = words_of(records, text)
    return pages


def words_of(records: list[dict[str, str]], text: str) -> list[Word]:
    """An image's TSV rows and plain text → its words, each knowing whether a space comes before it."""
    words = [Word(t, int(r["left"]), int(r["top"]), int(r["width"]), int(r["height"]), float(r["conf"]),
                  (int(r["block_num"]), int(r["par_num"]), int(r["line_num"])))
             for r in records if r.get("level") == "5" and (t := (r.get("text") or "").strip())]
    mark_spaces(words, text)
    return words


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
