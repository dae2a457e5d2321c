"""The per-document function every engine runs: bytes in, report JSON (or a reason and its kind) out.

It touches no file and no store, so the same function runs in a local worker process or on
a Dask worker on another machine; the batch process does all writing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields

from ingest.relevance import not_a_report_reason
from parsers.errors import ErrorKind, ParseError
from parsers.extract.text_blocks import TextBlock, document_blocks
from parsers.options import DEFAULT_OPTIONS, ParseOptions
from parsers.pipeline import parse_document
from schema.models import Report, Source


@dataclass(frozen=True)
class Task:
    key: int            # the batch's index of the input
    relative: str       # becomes source.path
    format: str         # the reader's format (parsers.readers.FORMATS)
    sha256: str
    data: bytes
    options: ParseOptions = DEFAULT_OPTIONS
    time_limit: float | None = None   # seconds this document may take; None: the engine's limit
    text_out: bool = False            # also return the document's text blocks (Markdown, full-text index)
    words: bool = False               # ... with their words segmented for the full-text index (pythainlp)


@dataclass(kw_only=True)
class ConversionAccount:
    """What one document's conversion came to, as the worker tells it (TaskResult) and as the run
    records it (accounting.Outcome): why it failed, if it did, how long it took, the report's
    warnings, pages and OCR'd pages, and why it is not an ITA report, if it is not (ingest.relevance)."""

    error: str | None = None
    error_kind: ErrorKind | None = None
    seconds: float = 0.0
    warnings: int = 0
    pages: int | None = None
    ocr_pages: list[int] = field(default_factory=list)
    not_a_report: str | None = None

    def take_account(self, other: ConversionAccount) -> None:
        """Copy `other`'s account into this one (the batch's Outcome of a worker's TaskResult)."""
        for name in _ACCOUNT_FIELDS:
            setattr(self, name, getattr(other, name))


_ACCOUNT_FIELDS = tuple(f.name for f in fields(ConversionAccount))


@dataclass
class TaskResult(ConversionAccount):
    key: int
    ok: bool
    report_json: str | None = None   # validated report, ready to write
    blocks: list[TextBlock] | None = None   # the document's lines and rows, when the task asked (text_out)


def report_json(report: Report) -> str:
    """The report as JSON, re-validated from its own text so nothing unvalidated is written."""
    text = report.model_dump_json(indent=1)
    Report.model_validate_json(text)
    return text + "\n"


def convert_task(task: Task) -> TaskResult:
    """Convert one document; never raises (a parser bug becomes this document's error, kind internal)."""
    started = time.perf_counter()
    source = Source(path=task.relative, sha256=task.sha256, format=task.format)  # type: ignore[arg-type]
    try:
        report, document = parse_document(task.data, source, task.options)
        result = TaskResult(task.key, True, report_json(report), warnings=len(report.warnings),
                            pages=report.source.page_count, ocr_pages=report.source.ocr_pages, not_a_report=not_a_report_reason(report),
                            blocks=document_blocks(document, task.words) if task.text_out else None)
    except ParseError as error:
        result = TaskResult(task.key, False, error=str(error), error_kind=error.kind)
    except MemoryError:
        result = TaskResult(task.key, False, error="ran out of memory", error_kind=ErrorKind.OUT_OF_MEMORY)
    except Exception as error:
        result = TaskResult(task.key, False, error=f"internal error: {type(error).__name__}: {error}", error_kind=ErrorKind.INTERNAL)
    result.seconds = time.perf_counter() - started
    return result
