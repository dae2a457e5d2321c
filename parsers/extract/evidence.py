"""The evidence extractor: which OIT items the document itself is, in the years it covers (parsers.extract.evidence_kinds)."""

from __future__ import annotations

from parsers.document import Document
from parsers.extract.base import Extraction, ExtractionContext
from parsers.extract.evidence_kinds import classify
from parsers.extract.header import HeaderFindings, title_lines


class EvidenceExtractor:
    name = "evidence"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        header: HeaderFindings = context.records("header")
        lines = list(doc.lines())
        return Extraction(classify(title_lines(lines), header.fiscal_years, lines))
