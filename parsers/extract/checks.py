"""Checks: what the extracted records say about the report that no single value says.

Each check reads the document and the extractions and returns findings; its findings are listed
right after those of the extraction it checks (`Check.after`), so an auditor reads a report's
warnings grouped by what they are about.

  score_arithmetic      stated tool totals and ITA score against the year's formula; grade bands;
                        indicators given two values
  other_year_numbering  O-codes whose written title is another year's item of that number
  measure_dates         periods that cannot be dates; impossible dates in follow-up/result text
  page_problems         pages that could not be read; pages read by OCR
  no_ita_content        nothing ITA-like in the whole file
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from parsers.document import Document, Origin
from parsers.extract.arithmetic import ARITHMETIC_TOLERANCE, ita_score, mean
from parsers.extract.base import ExtractionContext
from parsers.extract.dates import impossible_dates
from parsers.extract.extractors import References
from parsers.extract.header import HeaderRecords
from parsers.extract.records import Finding, MeasureRecord
from parsers.extract.scores import ScoreRecords
from parsers.knowledge.catalog import Framework, framework_for_year, other_year_fit, text_after_code
from schema.codes import ReadBy, WarningCode


def _tool_findings(scores: ScoreRecords, rules: Framework) -> tuple[list[Finding], dict[str, float]]:
    """Stated tool totals that are not the mean of their indicators; the computed totals."""
    indicators, findings, computed = scores.indicators, [], {}
    for tool in rules.tool_weights:
        numbers = rules.tool_indicators(tool)
        if all(n in indicators for n in numbers):
            computed[tool] = mean([indicators[n][0].value for n in numbers])
        stated = scores.tools.get(tool)
        if stated and tool in computed and abs(stated.value - computed[tool]) > ARITHMETIC_TOLERANCE:
            findings.append(Finding(
                WarningCode.TOOL_ARITHMETIC,
                f"{tool} is stated as {stated.value:g} but the mean of its indicators "
                f"({', '.join(f'{indicators[n][0].value:g}' for n in numbers)}) is {computed[tool]:.2f}",
                stated.origin))
    return findings, computed


def _overall_findings(scores: ScoreRecords, rules: Framework, computed_tools: dict[str, float]) -> list[Finding]:
    overall, findings = scores.overall_score, []
    tools_for_ita = {t: (scores.tools[t].value if t in scores.tools else computed_tools.get(t)) for t in rules.tool_weights}
    if overall and all(v is not None for v in tools_for_ita.values()):
        computed = ita_score(tools_for_ita, rules)  # type: ignore[arg-type]
        if abs(computed - overall.value) > ARITHMETIC_TOLERANCE:
            parts = ", ".join(f"{t} {v:.2f}" for t, v in tools_for_ita.items())
            findings.append(Finding(
                WarningCode.OVERALL_ARITHMETIC,
                f"the ITA score is stated as {overall.value:g} but {rules.weighted_sum()} ({parts}) = {computed:.2f}",
                overall.origin))
    # A 2568 rating word has no band in the catalog: nothing to check it against.
    letter = scores.grade in dict(rules.grade_bands)
    if overall and letter and rules.grade_for(overall.value) != scores.grade:
        findings.append(Finding(
            WarningCode.GRADE_BAND,
            f"grade {scores.grade} is stated for a score of {overall.value:g}, which is band {rules.grade_for(overall.value)}",
            overall.origin))
    return findings


def score_arithmetic(doc: Document, context: ExtractionContext) -> list[Finding]:
    """Warn, with the numbers, where stated totals disagree with their parts or the grade."""
    scores: ScoreRecords = context.records("scores")
    header: HeaderRecords = context.records("header")
    rules = framework_for_year(header.assessment_year)
    findings, computed_tools = _tool_findings(scores, rules)
    findings += _overall_findings(scores, rules, computed_tools)
    for number, values in scores.indicators.items():
        if len(values) > 1:
            others = "; ".join(f"{v.value:g} (line {v.origin.line})" for v in values[1:])
            findings.append(Finding(
                WarningCode.INDICATOR_CONFLICT,
                f"indicator {number} is given as {values[0].value:g} (line {values[0].origin.line}) and also as {others}",
                values[0].origin))
    return findings


def other_year_numbering(doc: Document, context: ExtractionContext) -> list[Finding]:
    """O-codes whose written title is another year's item of that number (reused old numbering)."""
    year = context.records("header").assessment_year
    references: References = context.records("references")
    findings, seen = [], set()
    for r in references.records:
        if not r.code.startswith("O") or r.code in seen:
            continue
        fit = other_year_fit(r.code, r.title or text_after_code(r.origin.raw, r.code), year)
        if fit:
            seen.add(r.code)
            other, own = fit
            findings.append(Finding(WarningCode.O_NUMBERING_OTHER_YEAR, (
                f"{r.code} here is {other.framework}'s '{other.title}', not {own.framework}'s '{own.title}' "
                f"(the report's assessment year is {year}): the report reuses another year's O-numbering"), r.origin))
    return findings


def measure_dates(doc: Document, context: ExtractionContext) -> list[Finding]:
    measures: list[MeasureRecord] = context.records("measures")
    findings = [Finding(code, message, m.origin) for m in measures if m.period for code, message in m.period.warnings]
    findings += [Finding(WarningCode.IMPOSSIBLE_DATE, f"'{bad}' in the measure's {name.replace('_', '-')} text is not a date", m.origin)
                 for m in measures for name in ("follow_up", "result") for bad in impossible_dates(getattr(m, name) or "")]
    return findings


def page_problems(doc: Document, context: ExtractionContext) -> list[Finding]:
    findings = [Finding(WarningCode.PAGE_UNREADABLE, f"page {page} could not be read: {why}", Origin(page, None, ""))
                for page, why in doc.page_errors]
    # a page read by its text layer has a reason only when its geometry was in doubt (`parsers.pdf.frame`)
    findings += [Finding(WarningCode.PAGE_GEOMETRY, f"page {page.number}: {page.reason}", Origin(page.number, None, ""))
                 for page in doc.pages if page.read_by is ReadBy.TEXT_LAYER and page.reason]
    if doc.ocr_pages:
        findings.append(Finding(WarningCode.OCR_NUMBERS, (
            f"page(s) {', '.join(map(str, doc.ocr_pages))} were read by OCR ({doc.ocr_rereads} number(s) re-read by the digit "
            "recogniser): OCR'd figures are suspect; the arithmetic and grade-band warnings show what does not add up")))
    return findings


def no_ita_content(doc: Document, context: ExtractionContext) -> list[Finding]:
    header: HeaderRecords = context.records("header")
    scores: ScoreRecords = context.records("scores")
    if header.name or scores.indicators or context.records("measures") or context.records("items").refs:
        return []
    return [Finding(WarningCode.NO_ITA_CONTENT, "no organisation, score, measure or item reference was found: is this an ITA report?")]


@dataclass(frozen=True)
class Check:
    after: str                                                      # the extraction whose findings it follows
    run: Callable[[Document, ExtractionContext], list[Finding]]


CHECKS: tuple[Check, ...] = (
    Check("scores", score_arithmetic),
    Check("references", other_year_numbering),
    Check("references", measure_dates),
    Check("references", page_problems),
    Check("references", no_ita_content),
)


def all_findings(doc: Document, context: ExtractionContext, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Every finding of the report: each extraction's, then those of the checks that follow it."""
    findings: list[Finding] = []
    for name, extraction in context.done.items():
        findings += extraction.findings
        for check in checks:
            if check.after == name:
                findings += check.run(doc, context)
    return findings
