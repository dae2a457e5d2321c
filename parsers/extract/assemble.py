"""Records → the contract's Report: a mapping, field by field, with provenance on every value.

Nothing is decided here: which value is primary, which references are one, which warnings hold
were settled by the extractors and checks.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.document import Origin
from parsers.extract.base import ExtractionContext
from parsers.extract.extractors import ItemRecords, References, ResolvedRef
from parsers.extract.header import HeaderRecords
from parsers.extract.items import written_code_pattern
from parsers.extract.records import Finding, MeasureRecord
from parsers.extract.scores import ScoreRecords
from parsers.knowledge.vocab import INDICATOR_BY_NUMBER
from schema.models import (
    ConflictingValue,
    EvidenceFor,
    IndicatorScore,
    ItemRef,
    ItemScore,
    Measure,
    Organization,
    Overall,
    Period,
    Provenance,
    Report,
    ReportWarning,
    Source,
    ToolScore,
)


def provenance(origin: Origin, value: float | None = None) -> Provenance:
    """Where `origin` is; in a spreadsheet also its cell: the one holding `value`, when a row's value is a number."""
    return Provenance(page=origin.page, line=origin.line, text=origin.snippet(), cell=origin.cell_for(value))


def code_provenance(origin: Origin, code: str) -> Provenance:
    """Provenance whose quoted text shows `code` as written, even deep in a long line."""
    return Provenance(page=origin.page, line=origin.line, text=origin.snippet_around(written_code_pattern(code)),
                      cell=origin.cell_for())


def measure_model(m: MeasureRecord) -> Measure:
    period = m.period
    return Measure(
        number=m.number, title=m.title, o_item=m.o_item, indicator=m.indicator, item=m.item, score=m.score, finding=m.finding,
        steps=m.steps,
        responsible=m.responsible,
        period=Period(text=period.text, start=period.start, end=period.end) if period else Period(),
        follow_up=m.follow_up, result=m.result, recommendation=m.recommendation, source=provenance(m.origin),
    )


def item_ref_model(ref: ResolvedRef) -> ItemRef:
    first, *others = (code_provenance(origin, ref.code) for origin in ref.origins)
    return ItemRef(code=ref.code, kind=ref.code[0], title=ref.title, context=ref.context, source=first, also_at=others,
                   catalog_title=ref.catalog_title, title_matches_catalog=ref.title_matches_catalog)


def organization_model(header: HeaderRecords) -> Organization:
    return Organization(name=header.name, short_name=header.short_name, type=header.org_type, agency_kind=header.agency_kind,
                        district=header.district, province=header.province,
                        source=provenance(header.org_origin) if header.org_origin else None)


def indicator_models(scores: ScoreRecords) -> list[IndicatorScore]:
    return [
        IndicatorScore(
            number=n, name=INDICATOR_BY_NUMBER[n].name, name_as_written=values[0].name_as_written,
            tool=INDICATOR_BY_NUMBER[n].tool, score=values[0].value, source=provenance(values[0].origin, values[0].value),
            conflicts=[ConflictingValue(score=v.value, source=provenance(v.origin, v.value)) for v in values[1:]])
        for n, values in scores.indicators.items()
    ]


def warning_models(findings: Iterable[Finding]) -> list[ReportWarning]:
    return [ReportWarning(code=f.code, message=f.message, source=provenance(f.origin) if f.origin else None) for f in findings]


def assemble(context: ExtractionContext, findings: list[Finding], source: Source, parser_version: str) -> Report:
    """The Report of one document from its extractions and findings."""
    header: HeaderRecords = context.records("header")
    scores: ScoreRecords = context.records("scores")
    items: ItemRecords = context.records("items")
    references: References = context.records("references")
    overall = scores.overall_score
    return Report(
        parser_version=parser_version,
        source=source,
        organization=organization_model(header),
        document_kinds=references.document_kinds,
        fiscal_year=header.fiscal_year,
        fiscal_years=header.fiscal_years,
        assessment_year=header.assessment_year,
        overall=Overall(score=overall.value if overall else None, grade=scores.grade,
                        source=provenance(overall.origin, overall.value) if overall else None),
        tools=[ToolScore(tool=t, score=v.value, source=provenance(v.origin, v.value)) for t, v in scores.tools.items()],
        indicators=indicator_models(scores),
        item_scores=[ItemScore(code=s.code, text=s.text, score=s.score, source=provenance(s.origin, s.score)) for s in items.scores],
        measures=[measure_model(m) for m in context.records("measures")],
        item_refs=[item_ref_model(ref) for ref in references.refs],
        respondents=scores.respondents,
        warnings=warning_models(findings),
        evidence_for=[EvidenceFor(code=e.code, assessment_year=e.assessment_year, catalog_title=e.catalog_title, similarity=e.similarity,
                                  year_basis=e.year_basis, source=provenance(e.origin)) for e in context.records("evidence")],
    )
