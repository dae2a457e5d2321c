"""Text reader: bytes of a text report (.txt, .md) → Document.

Reads TAB-separated rows and markdown pipe tables as tables, skips their separator lines
(`|---|`, `--|--`, `--<TAB>---`), and keeps every other non-blank line as prose. Decodes
UTF-8 (with or without BOM), UTF-16 and UTF-32 with their BOM, and the legacy Thai code pages TIS-620 / Windows-874.
"""

from __future__ import annotations

import codecs
import re

from parsers.document import Cell, Document, Line, Origin, Paragraph, Row, Table
from parsers.errors import ErrorKind, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.thai.normalise import normalise_text
from schema.codes import SourceFormat

# Windows-874 is a superset of TIS-620; bytes it cannot map are the sign of a non-Thai file.
_ENCODINGS = ("utf-8-sig", "cp874")
_SEPARATOR = re.compile(r"^[\s|:+]*[-–]{2,}[-–\s|:+]*$")
_PIPE_ROW = re.compile(r"^\s*(?:-\s*)?\|")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text with a byte-order mark in a wide encoding (Notepad's "Unicode", some exports): the BOM decides.
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
              (codecs.BOM_UTF16_BE, "utf-16"))
_MIN_REPORT_SCRIPT_SHARE = 0.5
# Share of characters that may be control codes before the bytes count as binary.
_MAX_CONTROL_SHARE = 0.01


def _wide_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of UTF-16/UTF-32 bytes that open with their byte-order mark, else None."""
    encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"the file starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} "
                              f"text ({error.reason} at byte {error.start})", ErrorKind.BAD_ENCODING) from error
    if _report_script_share(text) < _MIN_REPORT_SCRIPT_SHARE:   # any even byte count decodes as UTF-16
        raise UnreadableInput(f"the file starts with a {encoding.upper()} byte-order mark but does not read as Thai or "
                              "English text", ErrorKind.BAD_ENCODING)
    return text, encoding


def _report_script_share(text: str) -> float:
    """Share of characters a Thai report is written in: ASCII, the Thai block, whitespace."""
    sample = text[:8192]
    return sum(c.isascii() or "\u0e00" <= c <= "\u0e7f" or c.isspace() for c in sample) / max(len(sample), 1)


def decode_report(data: bytes) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding name). Raises UnreadableInput."""
    wide = _wide_text(data)
    if wide is not None:
        data = wide[0].encode("utf-8")   # then judged as any UTF-8 report is (empty, control characters)
    if not data.strip():
        raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
    if b"\x00" in data[:8192]:
        raise UnreadableInput("the file is binary (contains NUL bytes), not a text report", ErrorKind.BINARY)
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text):
            raise UnreadableInput("the file is binary (control characters), not a text report", ErrorKind.BINARY)
        # A few stray NULs past the binary probe would reach the JSON, the store and CSV: drop them.
        name = wide[1] if wide else "tis-620/cp874" if encoding == "cp874" else "utf-8"
        return text.replace("\x00", ""), name
    raise UnreadableInput("the file is neither UTF-8 nor TIS-620/Windows-874 text", ErrorKind.BAD_ENCODING)


def split_row(line: str) -> list[str] | None:
    """The cells of a table line, or None when the line is prose."""
    if _PIPE_ROW.match(line):
        body = re.sub(r"^\s*(?:-\s*)?\|", "", line.rstrip())
        body = body[:-1] if body.endswith("|") else body
        return body.split("|")
    if "\t" in line.strip("\r\n") and line.strip():
        return line.rstrip("\r\n").split("\t")
    return None


def text_to_document(text: str) -> Document:
    """Group the lines of a text report into paragraphs and tables with line provenance."""
    blocks: list[Paragraph | Table] = []
    current: Paragraph | Table | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            current = None
            continue
        if _SEPARATOR.match(raw):
            continue  # table rule lines carry no content; the table goes on
        origin = Origin(page=None, line=number, raw=raw)
        cells = split_row(raw)
        if cells is not None:
            if not any(normalise_text(c) for c in cells):
                continue  # an all-empty row such as "- | | | |"
            if not isinstance(current, Table):
                current = Table()
                blocks.append(current)
            current.rows.append(Row(tuple(Cell(c) for c in cells), origin))
            continue
        clean = normalise_text(re.sub(r"^\s*#+\s*", "", raw))
        if not clean:
            continue
        if not isinstance(current, Paragraph):
            current = Paragraph()
            blocks.append(current)
        current.lines.append(Line(clean, origin))
    return Document(blocks=blocks, format="text")


class TextReader:
    """Text reports: UTF-8 (with or without BOM) or TIS-620/Windows-874, tables as TAB or pipe rows."""

    format = SourceFormat.TEXT
    suffixes = (".txt", ".md")
    max_bytes = 16 * 2**20  # a text report is kilobytes; past this it is not a report

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        text, encoding = decode_report(data)
        document = text_to_document(text)
        document.encoding = encoding
        return document
