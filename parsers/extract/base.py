"""The extractor contract: a Document and what earlier extractors found → records and findings.

An extractor has a `name` and `extract(doc, context) -> Extraction`; `Extraction.records` is
whatever its records are (a dataclass of its own), `Extraction.findings` the warnings it raised
while reading. The context holds the extractions made before it, by name, so an extractor that
builds on another (measures take the header's fiscal year) says so in one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from parsers.document import Document
from parsers.extract.records import Finding


@dataclass
class Extraction:
    records: Any
    findings: list[Finding] = field(default_factory=list)


@dataclass
class ExtractionContext:
    """The extractions made so far in this document, by extractor name."""

    done: dict[str, Extraction] = field(default_factory=dict)

    def records(self, name: str) -> Any:
        return self.done[name].records


class Extractor(Protocol):
    name: str

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        ...
