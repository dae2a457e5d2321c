"""Word 97-2003 reader: bytes of a .doc → DOCX by LibreOffice headless → the DOCX reader.

LibreOffice reads the binary format far better than any Python library, and its DOCX keeps
tables, merged cells and list numbers, so the rest is `parsers.readers.docx`. How LibreOffice is
run (a private profile and folder per run, killed past its time limit and with its worker) is
`parsers.readers.office`, shared with the other formats it converts.
"""

from __future__ import annotations

from parsers.document import Document
from parsers.errors import ErrorKind, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.docx import docx_to_document
from parsers.readers.office import CONVERT_TIMEOUT, DOC_TO_DOCX, convert, soffice, unavailable
from schema.codes import SourceFormat

PACKAGE = DOC_TO_DOCX.package   # the Debian package that provides soffice without a GUI
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def doc_to_docx(data: bytes, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The .doc's bytes converted to DOCX by LibreOffice headless (`parsers.readers.office.convert`)."""
    return convert(data, DOC_TO_DOCX, timeout)


class DocReader:
    """Word 97-2003 documents (.doc), through LibreOffice headless."""

    format = SourceFormat.DOC
    suffixes = (".doc",)
    max_bytes = 128 * 2**20

    def unavailable(self) -> str | None:
        """Why .doc files cannot be read here (the batch skips them with this reason), or None."""
        return unavailable(DOC_TO_DOCX)

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        if not data.strip():
            raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
        if not data.startswith(_OLE_MAGIC):
            raise UnreadableInput("not a Word 97-2003 document (no OLE2 header)", ErrorKind.CORRUPT)
        return docx_to_document(doc_to_docx(data), self.format)


__all__ = ["PACKAGE", "DocReader", "doc_to_docx", "soffice"]
