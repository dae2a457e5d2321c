"""The one entry point of parsing: bytes of a document → a validated Report.

  file bytes → reader (parsers.readers, by Source.format) → Document
             → extractors (parsers.extract.extractors) → checks (parsers.extract.checks)
             → assemble (parsers.extract.assemble) → Report

Pure: no file I/O. `ingest` reads the bytes, hashes them, builds the Source and calls `parse`.
Raises parsers.errors.ParseError (with its kind) when the bytes cannot be read.
"""

from __future__ import annotations

from parsers.document import Document
from parsers.extract.assemble import assemble
from parsers.extract.checks import all_findings
from parsers.extract.extractors import run_extractors
from parsers.extract.layout_hints import ITA_HINTS
from parsers.options import DEFAULT_OPTIONS, ParseOptions
from parsers.readers import reader_for_format
from schema.models import PageSource, Report, Source

PARSER_VERSION = "0.14.0"


def build_report(doc: Document, source: Source) -> Report:
    """Document → Report: every extractor, every check, then the mapping to the contract."""
    context = run_extractors(doc)
    return assemble(context, all_findings(doc, context), source, PARSER_VERSION)


def read_document(data: bytes, format_name: str, options: ParseOptions = DEFAULT_OPTIONS) -> Document:
    """Bytes of one format → Document, by that format's reader."""
    return reader_for_format(format_name).read(data, options, ITA_HINTS)


def parse(data: bytes, source: Source, options: ParseOptions = DEFAULT_OPTIONS) -> Report:
    """Bytes of the document `source` describes → Report."""
    return parse_document(data, source, options)[0]


def parse_document(data: bytes, source: Source, options: ParseOptions = DEFAULT_OPTIONS) -> tuple[Report, Document]:
    """Like `parse`, and the Document the report was extracted from (its text goes to the Markdown
    export and the store's full-text index, `parsers.extract.text_blocks`)."""
    document = read_document(data, source.format, options)
    pages = [PageSource(page=p.number, read_by=p.read_by, text_quality=p.text_quality, reason=p.reason,  # type: ignore[arg-type]
                        ocr_confidence=p.ocr_confidence)
             for p in document.pages]
    facts = {"page_count": document.page_count, "ocr_pages": document.ocr_pages, "encoding": document.encoding, "pages": pages}
    return build_report(document, source.model_copy(update={k: v for k, v in facts.items() if v is not None})), document


def warm_up() -> None:
    """Build the tables every conversion of Thai text needs (the defects' word forms, the word list,
    newmm's dictionary trie, place names), so a process that forks workers builds them once and its
    workers share them (copy-on-write) instead of each paying 3-4 s of CPU on its first document."""
    from parsers.extract.text_blocks import segment_words
    from parsers.knowledge.places import district_names, province_names
    from parsers.thai.defects import BY_NAME, defect_forms
    from parsers.thai.quality import thai_dictionary

    for name in BY_NAME:
        defect_forms(name)
    thai_dictionary()
    segment_words("ประเมินคุณธรรม")
    district_names()
    province_names()
