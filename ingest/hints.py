"""What a user of the command line can do about a failed input, by its kind.

Parsers say what is wrong with a document; only here do messages name the flags of `convert`.
"""

from __future__ import annotations

from parsers.errors import ErrorKind

HINTS: dict[ErrorKind, str] = {
    ErrorKind.NO_TEXT_LAYER: "convert with --ocr auto to read it by OCR",
    ErrorKind.TIMEOUT: "raise --timeout (OCR costs about 2.5 s a page)",
    ErrorKind.OUT_OF_MEMORY: "raise --max-memory",
    ErrorKind.WORKER_DIED: "if it ran out of memory, raise --max-memory",
    ErrorKind.OUTPUT_CONFLICT: "rename one of the two inputs, or convert them into different --out folders",
    ErrorKind.INTERNAL: "this is a bug in ita-ingest: please report it with the file",
}


def with_hint(message: str, kind: ErrorKind | None) -> str:
    """The one-line reason, with what to do when there is something to do."""
    hint = HINTS.get(kind) if kind else None
    return f"{message}; {hint}" if hint and hint not in message else message
