"""OpenDocument spreadsheet reader: bytes of an .ods → XLSX by LibreOffice Calc headless → the XLSX reader.

LibreOffice Calc writes OpenDocument natively and its XLSX keeps merged cells, number formats and
the values last calculated, so one path (`parsers.readers.office`, then `parsers.readers.xlsx`)
serves .ods and .xls. An .ods is a zip: it is held to the zip limits before LibreOffice sees it.
"""

from __future__ import annotations

from parsers.document import Document
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.odt import check_opendocument
from parsers.readers.office import ODS_TO_XLSX, convert, unavailable
from parsers.readers.xlsx import xlsx_to_document
from schema.codes import SourceFormat

_MIMETYPES = (b"application/vnd.oasis.opendocument.spreadsheet", b"application/vnd.oasis.opendocument.spreadsheet-template")


class OdsReader:
    """OpenDocument spreadsheets (.ods, LibreOffice Calc's own format), through LibreOffice Calc headless."""

    format = SourceFormat.ODS
    suffixes = (".ods",)
    max_bytes = 64 * 2**20   # as for an XLSX

    def unavailable(self) -> str | None:
        """Why .ods files cannot be read here (no LibreOffice Calc: the batch skips them with this reason), or None."""
        return unavailable(ODS_TO_XLSX)

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        check_opendocument(data, _MIMETYPES, "an OpenDocument spreadsheet")
        return xlsx_to_document(convert(data, ODS_TO_XLSX), self.format)
