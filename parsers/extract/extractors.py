"""The extractors, in the order they run; each wraps one module of `parsers` behind the contract.

  header      organisation, fiscal/assessment year, document kinds   (parsers.extract.header)
  scores      overall/grade, tools, indicators, respondents          (parsers.extract.scores), by the year's framework
  items       item codes with their context, item scores             (parsers.extract.items)
  measures    measure tables                                         (parsers.extract.measures), periods by the fiscal year
  references  every item reference once per (code, context), measure rows' O-items included, with the
              catalog title of the assessment year; the document kinds the measures add

A new extractor is one class here (or in its own module) and one entry in EXTRACTORS.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from parsers.document import Document, Origin
from parsers.extract.base import Extraction, ExtractionContext, Extractor
from parsers.extract.evidence import EvidenceExtractor
from parsers.extract.header import HeaderRecords, extract_header
from parsers.extract.items import extract_items
from parsers.extract.measures import extract_measures
from parsers.extract.records import ItemRefRecord, ItemScoreRecord, MeasureRecord
from parsers.extract.scores import extract_scores
from parsers.knowledge.catalog import TITLE_MATCH, framework_for_year, oit_title, title_similarity
from schema.codes import RefContext


@dataclass
class ItemRecords:
    refs: list[ItemRefRecord]
    scores: list[ItemScoreRecord]


@dataclass
class ResolvedRef:
    """One item reference per (code, context): every place it is made, and the catalog's view of it."""

    code: str
    context: RefContext
    title: str | None
    origins: list[Origin]
    catalog_title: str | None = None
    title_matches_catalog: bool | None = None


@dataclass
class References:
    refs: list[ResolvedRef] = field(default_factory=list)
    records: list[ItemRefRecord] = field(default_factory=list)   # every reference, measure rows' first
    document_kinds: list[str] = field(default_factory=list)


class HeaderExtractor:
    name = "header"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        header = extract_header(doc)
        findings, header.findings = header.findings, []
        return Extraction(header, findings)


class ScoresExtractor:
    name = "scores"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        header: HeaderRecords = context.records("header")
        scores = extract_scores(doc, framework_for_year(header.assessment_year))
        findings, scores.findings = scores.findings, []
        return Extraction(scores, findings)


class ItemsExtractor:
    name = "items"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        refs, scores, findings = extract_items(doc)
        return Extraction(ItemRecords(refs, scores), findings)


class MeasuresExtractor:
    name = "measures"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        header: HeaderRecords = context.records("header")
        return Extraction(extract_measures(doc, header.fiscal_year))


def measure_refs(measures: list[MeasureRecord], refs: list[ItemRefRecord]) -> list[ItemRefRecord]:
    """A measure row's item (O, E or I) is context 'measure'; its other readings on that row are
    dropped, but for a score the row gives (an item row's ผลการประเมิน)."""
    rows = {(m.item or m.o_item, m.origin.line, m.origin.page) for m in measures if m.item or m.o_item}
    kept = [r for r in refs if (r.code, r.origin.line, r.origin.page) not in rows or r.context == RefContext.SCORE]
    return [ItemRefRecord(code, RefContext.MEASURE, m.origin, m.title) for m in measures if (code := m.item or m.o_item)] + kept


def resolve_refs(records: Iterable[ItemRefRecord], year: int | None) -> list[ResolvedRef]:
    """Once per (code, context), every place kept (a code written twice on one line is one place);
    O-items get the catalog title of the assessment year and whether the written title matches it."""
    refs: dict[tuple[str, str], ResolvedRef] = {}
    places: set[tuple[str, str, int | None, int | None]] = set()  # a set, not a scan of origins: 8,000 lines were quadratic
    for r in records:
        known = refs.get((r.code, r.context))
        place = (r.code, r.context, r.origin.page, r.origin.line)
        if known is not None:
            if place not in places:
                places.add(place)
                known.origins.append(r.origin)
            continue
        places.add(place)
        title = oit_title(year, r.code) if r.code.startswith("O") else None
        matches = title_similarity(title, r.title) >= TITLE_MATCH if title and r.title else None
        refs[(r.code, r.context)] = ResolvedRef(r.code, r.context, r.title, [r.origin], title, matches)
    return list(refs.values())


def document_kinds(header_kinds: list[str], measures: list[MeasureRecord]) -> list[str]:
    kinds = list(header_kinds)
    if measures and "measures" not in kinds and not all(m.has_result_column for m in measures):
        kinds.append("measures")
    if any(m.has_result_column and m.result for m in measures) and "implementation_report" not in kinds:
        kinds.append("implementation_report")
    return kinds


class ReferencesExtractor:
    name = "references"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        header: HeaderRecords = context.records("header")
        items: ItemRecords = context.records("items")
        measures: list[MeasureRecord] = context.records("measures")
        records = measure_refs(measures, items.refs)
        kinds = document_kinds(header.kinds, measures) + [k for k in header.extra_kinds if k not in header.kinds]
        return Extraction(References(resolve_refs(records, header.assessment_year), records, kinds))


EXTRACTORS: tuple[Extractor, ...] = (HeaderExtractor(), ScoresExtractor(), ItemsExtractor(), MeasuresExtractor(), ReferencesExtractor(),
                                     EvidenceExtractor())


def run_extractors(doc: Document, extractors: Iterable[Extractor] = EXTRACTORS) -> ExtractionContext:
    context = ExtractionContext()
    for extractor in extractors:
        context.done[extractor.name] = extractor.extract(doc, context)
    return context
