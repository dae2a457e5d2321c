"""Excel 97-2003 reader: bytes of an .xls → XLSX by LibreOffice Calc headless → the XLSX reader.

LibreOffice reads the binary format far better than any Python library (xlrd no longer reads
formats, merged cells need its formatting_info mode), and its XLSX keeps merged cells, number
formats and the values last calculated, so the rest is `parsers.readers.xlsx`.
"""

from __future__ import annotations

from parsers.document import Document
from parsers.errors import ErrorKind, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.office import XLS_TO_XLSX, convert, unavailable
from parsers.readers.xlsx import xlsx_to_document
from schema.codes import SourceFormat

PACKAGE = XLS_TO_XLSX.package
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Web systems save HTML tables and Excel 2003 XML as `.xls`; Excel and Calc open them, so do we.
_MARKUP = (b"<", b"\xef\xbb\xbf<")


class XlsReader:
    """Excel 97-2003 workbooks (.xls), through LibreOffice Calc headless."""

    format = SourceFormat.XLS
    suffixes = (".xls",)
    max_bytes = 64 * 2**20   # as for an XLSX

    def unavailable(self) -> str | None:
        """Why .xls files cannot be read here (no LibreOffice Calc: the batch skips them with this reason), or None."""
        return unavailable(XLS_TO_XLSX)

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        if not data.strip():
            raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
        if not data.startswith(_OLE_MAGIC) and not data.lstrip().startswith(_MARKUP):
            raise UnreadableInput("not an Excel 97-2003 workbook (no OLE2 header)", ErrorKind.CORRUPT)
        return xlsx_to_document(convert(data, XLS_TO_XLSX), self.format)
