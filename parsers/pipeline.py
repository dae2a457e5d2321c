"""Document → Report: run every extractor and assemble the validated contract object.

Pure: no file I/O. `ingest` reads the bytes, hashes them and calls `report_from_bytes`.
"""

from __future__ import annotations

from collections.abc import Iterable

from parsers.catalog import TITLE_MATCH, oit_title, other_year_fit, text_after_code, title_similarity
from parsers.dates import impossible_dates
from parsers.document import Document, Origin
from parsers.header import extract_header
from parsers.items import extract_items, written_code_pattern
from parsers.measures import extract_measures
from parsers.pdf_reader import read_pdf_report
from parsers.records import Finding, ItemRefRecord, MeasureRecord
from parsers.scores import extract_scores
from parsers.text_reader import decode_report, text_to_document
from parsers.vocab import INDICATOR_BY_NUMBER
from schema.models import (
    ConflictingValue,
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

PARSER_VERSION = "0.2.0"


def provenance(origin: Origin) -> Provenance:
    return Provenance(page=origin.page, line=origin.line, text=origin.snippet())


def code_provenance(origin: Origin, code: str) -> Provenance:
    """Provenance whose quoted text shows `code` as written, even deep in a long line."""
    return Provenance(page=origin.page, line=origin.line, text=origin.snippet_around(written_code_pattern(code)))


def _measure_model(m: MeasureRecord) -> Measure:
    period = m.period
    return Measure(
        number=m.number, title=m.title, o_item=m.o_item, indicator=m.indicator, steps=m.steps,
        responsible=m.responsible,
        period=Period(text=period.text, start=period.start, end=period.end) if period else Period(),
        follow_up=m.follow_up, result=m.result, recommendation=m.recommendation, source=provenance(m.origin),
    )


def _item_refs(records: Iterable[ItemRefRecord], year: int | None) -> list[ItemRef]:
    """Once per (code, context): the first occurrence is `source`, the others `also_at`; O-items get
    the catalog title of the report's assessment year and whether the written title matches it."""
    refs: dict[tuple[str, str], ItemRef] = {}
    for r in records:
        known = refs.get((r.code, r.context))
        if known is not None:
            place = code_provenance(r.origin, r.code)
            if all((p.page, p.line) != (place.page, place.line) for p in [known.source, *known.also_at]):
                known.also_at.append(place)  # a code written twice on one line is one place
            continue
        title = oit_title(year, r.code) if r.code.startswith("O") else None
        matches = title_similarity(title, r.title) >= TITLE_MATCH if title and r.title else None
        refs[(r.code, r.context)] = ItemRef(code=r.code, kind=r.code[0], title=r.title, context=r.context,
                                            source=code_provenance(r.origin, r.code), catalog_title=title,
                                            title_matches_catalog=matches)
    return list(refs.values())


def _other_year_numbering(records: Iterable[ItemRefRecord], year: int | None) -> list[Finding]:
    """O-codes whose written title is another year's item of that number (reused old numbering)."""
    findings, seen = [], set()
    for r in records:
        if not r.code.startswith("O") or r.code in seen:
            continue
        fit = other_year_fit(r.code, r.title or text_after_code(r.origin.raw, r.code), year)
        if fit:
            seen.add(r.code)
            other, own = fit
            findings.append(Finding("o_numbering_other_year", (
                f"{r.code} here is {other.framework}'s '{other.title}', not {own.framework}'s '{own.title}' "
                f"(the report's assessment year is {year}): the report reuses another year's O-numbering"), r.origin))
    return findings


def _measure_refs(measures: list[MeasureRecord], refs: list[ItemRefRecord]) -> list[ItemRefRecord]:
    """A measure row's O-item is context 'measure'; its other readings on that row are dropped."""
    rows = {(m.o_item, m.origin.line, m.origin.page) for m in measures if m.o_item}
    kept = [r for r in refs if (r.code, r.origin.line, r.origin.page) not in rows]
    return [ItemRefRecord(m.o_item, "measure", m.origin, m.title) for m in measures if m.o_item] + kept


def _warnings(findings: Iterable[Finding]) -> list[ReportWarning]:
    return [ReportWarning(code=f.code, message=f.message, source=provenance(f.origin) if f.origin else None)
            for f in findings]


def _document_kinds(header_kinds: list[str], measures: list[MeasureRecord]) -> list[str]:
    kinds = list(header_kinds)
    if measures and "measures" not in kinds and not all(m.has_result_column for m in measures):
        kinds.append("measures")
    if any(m.has_result_column and m.result for m in measures) and "implementation_report" not in kinds:
        kinds.append("implementation_report")
    return kinds


def build_report(doc: Document, source: Source) -> Report:
    header = extract_header(doc)
    scores = extract_scores(doc)
    refs, item_scores, item_findings = extract_items(doc)
    measures = extract_measures(doc, header.fiscal_year)
    all_refs = _measure_refs(measures, refs)
    findings = header.findings + scores.findings + item_findings + _other_year_numbering(all_refs, header.assessment_year)
    findings += [Finding(code, message, m.origin) for m in measures if m.period for code, message in m.period.warnings]
    findings += [Finding("impossible_date", f"'{bad}' in the measure's {name.replace('_', '-')} text is not a date", m.origin)
                 for m in measures for name in ("follow_up", "result") for bad in impossible_dates(getattr(m, name) or "")]
    findings += [Finding("page_unreadable", f"page {page} could not be read: {why}", Origin(page, None, ""))
                 for page, why in doc.page_errors]
    if doc.ocr_pages:
        findings.append(Finding("ocr_numbers", (
            f"page(s) {', '.join(map(str, doc.ocr_pages))} were read by OCR ({doc.ocr_rereads} number(s) re-read by the digit "
            "recogniser): OCR'd figures are suspect; the arithmetic and grade-band warnings show what does not add up")))
    if not (header.name or scores.indicators or measures or refs):
        findings.append(Finding("no_ita_content", "no organisation, score, measure or item reference was found: is this an ITA report?"))
    overall = scores.overall_score
    return Report(
        parser_version=PARSER_VERSION,
        source=source,
        organization=Organization(
            name=header.name, short_name=header.short_name, type=header.org_type, district=header.district,
            province=header.province, source=provenance(header.org_origin) if header.org_origin else None),
        document_kinds=_document_kinds(header.kinds, measures),
        fiscal_year=header.fiscal_year,
        assessment_year=header.assessment_year,
        overall=Overall(score=overall.value if overall else None, grade=scores.grade,
                        source=provenance(overall.origin) if overall else None),
        tools=[ToolScore(tool=t, score=v.value, source=provenance(v.origin)) for t, v in scores.tools.items()],
        indicators=[
            IndicatorScore(
                number=n, name=INDICATOR_BY_NUMBER[n].name, name_as_written=values[0].name_as_written,
                tool=INDICATOR_BY_NUMBER[n].tool, score=values[0].value, source=provenance(values[0].origin),
                conflicts=[ConflictingValue(score=v.value, source=provenance(v.origin)) for v in values[1:]])
            for n, values in scores.indicators.items()
        ],
        item_scores=[ItemScore(code=s.code, text=s.text, score=s.score, source=provenance(s.origin)) for s in item_scores],
        measures=[_measure_model(m) for m in measures],
        item_refs=_item_refs(all_refs, header.assessment_year),
        respondents=scores.respondents,
        warnings=_warnings(findings),
    )


def report_from_text(data: bytes, source: Source) -> Report:
    """Bytes of a text report → Report. Raises text_reader.UnreadableReport for bad bytes."""
    text, encoding = decode_report(data)
    return build_report(text_to_document(text), source.model_copy(update={"encoding": encoding}))


def report_from_pdf(data: bytes, source: Source, ocr: str = "auto") -> Report:
    """Bytes of a PDF → Report. Raises text_reader.UnreadableReport for bad bytes."""
    document = read_pdf_report(data, ocr)
    return build_report(document, source.model_copy(update={"page_count": document.page_count, "ocr_pages": document.ocr_pages}))


def report_from_bytes(data: bytes, source: Source, ocr: str = "auto") -> Report:
    """Dispatch on source.format ("text" | "pdf"); `ocr` is the PDF backend's OCR mode."""
    return report_from_pdf(data, source, ocr) if source.format == "pdf" else report_from_text(data, source)
