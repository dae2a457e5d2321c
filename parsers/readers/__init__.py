"""Readers: one per input format, all behind `parsers.readers.base.Reader`, listed once here.

A new format is one module with a class like `TextReader` and one line in `READERS`; the
formats and suffixes that `ingest` accepts, the size limits and the schema's `Source.format`
all come from this list.
"""

from __future__ import annotations

from pathlib import PurePath

from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.readers.base import Reader
from parsers.readers.doc import DocReader
from parsers.readers.docx import DocxReader
from parsers.readers.html import HtmlReader
from parsers.readers.image import ImageReader
from parsers.readers.ods import OdsReader
from parsers.readers.odt import OdtReader
from parsers.readers.pdf import PdfReader
from parsers.readers.rtf import RtfReader
from parsers.readers.text import TextReader
from parsers.readers.xls import XlsReader
from parsers.readers.xlsx import XlsxReader

READERS: tuple[Reader, ...] = (TextReader(), PdfReader(), DocxReader(), DocReader(), ImageReader(), OdtReader(), RtfReader(),
                               XlsxReader(), XlsReader(), OdsReader(), HtmlReader())

FORMATS: tuple[str, ...] = tuple(reader.format for reader in READERS)
_BY_FORMAT = {reader.format: reader for reader in READERS}
_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}
SUFFIXES: tuple[str, ...] = tuple(_BY_SUFFIX)


def reader_for_format(format_name: str) -> Reader:
    """The reader of a format name; KeyError names the known formats."""
    try:
        return _BY_FORMAT[format_name]
    except KeyError:
        raise KeyError(f"no reader for format '{format_name}' (known: {', '.join(FORMATS)})") from None


def reader_for_path(path: str | PurePath) -> Reader | None:
    """The reader of a file by its suffix (case-insensitive), or None for a format we do not read."""
    return _BY_SUFFIX.get(PurePath(path).suffix.lower())


def page_count(format_name: str, data: bytes) -> int | None:
    """Pages of a paged document, without reading them (readers that have pages say so), else None."""
    count = getattr(reader_for_format(format_name), "count_pages", None)
    return count(data) if count else None


def unavailable_reason(format_name: str) -> str | None:
    """Why this machine cannot read the format (a tool its reader needs is not installed), else None."""
    check = getattr(reader_for_format(format_name), "unavailable", None)
    return check() if check else None


__all__ = ["FORMATS", "NO_HINTS", "READERS", "SUFFIXES", "LayoutHints", "Reader", "page_count", "reader_for_format", "reader_for_path",
           "unavailable_reason"]
