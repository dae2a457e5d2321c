"""Rich Text Format reader: bytes of an .rtf → DOCX by LibreOffice headless → the DOCX reader.

RTF is what Word's "Save as" and many web systems export; LibreOffice reads its tables and lists
into a DOCX the DOCX reader reads (`parsers.readers.office`, then `parsers.readers.docx`).
"""

from __future__ import annotations

from parsers.document import Document
from parsers.errors import ErrorKind, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.docx import docx_to_document
from parsers.readers.office import RTF_TO_DOCX, convert, unavailable
from schema.codes import SourceFormat

_MAGIC = b"{\\rtf"


class RtfReader:
    """Rich Text Format (.rtf), through LibreOffice headless."""

    format = SourceFormat.RTF
    suffixes = (".rtf",)
    max_bytes = 256 * 2**20   # RTF writes images as hexadecimal text: twice their size

    def unavailable(self) -> str | None:
        """Why .rtf files cannot be read here (the batch skips them with this reason), or None."""
        return unavailable(RTF_TO_DOCX)

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        if not data.strip():
            raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
        # LibreOffice would read any text as plain text: only a real RTF header is RTF.
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_MAGIC):
            raise UnreadableInput("not an RTF document (no {\\rtf header)", ErrorKind.CORRUPT)
        return docx_to_document(convert(data, RTF_TO_DOCX), self.format)
