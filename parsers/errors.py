"""Why a document could not be parsed, as a closed set of kinds (after pypdf's and ocrmypdf's errors).

  ErrorKind          every kind of failure a manifest line can name (`error_kind`)
  ParseError         the base: a one-line reason and its kind
  UnreadableInput    the bytes are not a readable document of their format (not a PDF, encrypted, empty…)
  MissingDependency  a tool the document needs is not installed (Tesseract, LibreOffice): not the file's fault
  ToolFailed         an external tool ran and failed on this document (a Tesseract crash)

Messages say what is wrong in terms of the document and the library; they never name CLI flags:
`ingest` turns a kind into the hint a user of its command line needs.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorKind(StrEnum):
    """The kind of a failed input, for the manifest and for telling a user what to do."""

    NOT_PDF = "not_pdf"                        # the bytes have no %PDF header
    ENCRYPTED = "encrypted"                    # password protected
    CORRUPT = "corrupt"                        # truncated or damaged beyond reading
    NO_PAGES = "no_pages"                      # a PDF with zero pages
    NO_TEXT_LAYER = "no_text_layer"            # a scan, and OCR is off
    EMPTY = "empty"                            # nothing but whitespace
    BINARY = "binary"                          # a text report that is not text
    BAD_ENCODING = "bad_encoding"              # text in no encoding we read
    TOO_LARGE = "too_large"                    # over the format's size limit
    UNSUPPORTED_FORMAT = "unsupported_format"  # a file of a format no reader reads
    UNSAFE_PATH = "unsafe_path"                # an archive member that would leave the output folder
    ARCHIVE_BOMB = "archive_bomb"              # an archive that expands past the limits
    UNREADABLE_FILE = "unreadable_file"        # the operating system cannot read it
    NOT_A_FILE = "not_a_file"                  # a FIFO, socket or device named or found among the inputs
    OUTPUT_CONFLICT = "output_conflict"        # its output name is taken by another input
    NAME_COLLISION = "name_collision"          # its name is another spelling of another input's (`./r.txt`, `r.txt`)
    TIMEOUT = "timeout"                        # over the per-document time limit
    OUT_OF_MEMORY = "out_of_memory"            # over the per-worker memory limit
    WORKER_DIED = "worker_died"                # the worker process died (memory or a native crash)
    MISSING_DEPENDENCY = "missing_dependency"  # a tool it needs is not installed
    TOOL_FAILED = "tool_failed"                # an external tool failed on it
    INTERNAL = "internal"                      # a bug of ours: please report it with the file


class ParseError(Exception):
    """A document could not be parsed; `str(error)` is the one-line reason, `kind` what sort of failure."""

    kind: ErrorKind = ErrorKind.INTERNAL

    def __init__(self, message: str, kind: ErrorKind | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = ErrorKind(kind)


class UnreadableInput(ParseError, ValueError):
    """The bytes are not a document this reader can read (binary, undecodable, empty, encrypted…)."""

    kind = ErrorKind.CORRUPT


class MissingDependency(ParseError):
    """The document needs a tool that is not installed; `package` is what to install."""

    kind = ErrorKind.MISSING_DEPENDENCY

    def __init__(self, message: str, package: str) -> None:
        super().__init__(message)
        self.package = package


class ToolFailed(ParseError):
    """An external tool (Tesseract, LibreOffice) ran on the document and failed."""

    kind = ErrorKind.TOOL_FAILED
