"""OpenDocument text reader: bytes of an .odt → DOCX by LibreOffice headless → the DOCX reader.

LibreOffice writes OpenDocument natively and its DOCX keeps tables, merged cells and list numbers,
so one path (`parsers.readers.office`, then `parsers.readers.docx`) serves .doc, .odt and .rtf.
An .odt is a zip: it is held to the zip limits (`parsers.readers.zip_limits`) before LibreOffice
sees it, so a zip bomb is refused without starting an office process.
"""

from __future__ import annotations

from parsers.document import Document
from parsers.errors import ErrorKind, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.docx import docx_to_document
from parsers.readers.office import ODT_TO_DOCX, convert, unavailable
from parsers.readers.zip_limits import package_names
from schema.codes import SourceFormat

MAX_EXPANDED_BYTES = 1 * 2**30   # as for a DOCX: LibreOffice loads the whole package, images too
_MIMETYPES = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")


def check_opendocument(data: bytes, mimetypes: tuple[bytes, ...], what: str) -> None:
    """UnreadableInput unless `data` is a zip within the limits with content.xml and a manifest, whose
    `mimetype` member, when it comes first as the standard puts it, is one of `mimetypes`."""
    names = package_names(data, MAX_EXPANDED_BYTES, what)
    if "content.xml" not in names or "META-INF/manifest.xml" not in names:
        raise UnreadableInput(f"not {what} (a zip without content.xml and its manifest)", ErrorKind.CORRUPT)
    # The first member of an OpenDocument package is its mimetype, stored uncompressed at byte 38.
    if data[30:38] == b"mimetype" and not any(data[38:38 + len(m)] == m for m in mimetypes):
        raise UnreadableInput(f"not {what} (an OpenDocument package of another kind)", ErrorKind.CORRUPT)


class OdtReader:
    """OpenDocument text (.odt, LibreOffice Writer's own format), through LibreOffice headless."""

    format = SourceFormat.ODT
    suffixes = (".odt",)
    max_bytes = 256 * 2**20   # as for a DOCX

    def unavailable(self) -> str | None:
        """Why .odt files cannot be read here (the batch skips them with this reason), or None."""
        return unavailable(ODT_TO_DOCX)

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        check_opendocument(data, _MIMETYPES, "an OpenDocument text")
        return docx_to_document(convert(data, ODT_TO_DOCX), self.format)
