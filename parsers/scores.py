"""Scores: overall ITA score and grade, IIT/EIT/OIT totals, indicator scores, respondents.

Indicator scores are read in every form the seeds use – a numbered table, a table whose
numbering restarts per tool, name-only rows, and prose – then reconciled: a table beats
prose, unless the ITA arithmetic (tool = mean of its indicators; ITA = 0.3·IIT + 0.3·EIT +
0.4·OIT) supports another stated value. Stated totals are never repaired; where they do not
add up, a warning gives the numbers.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers.document import Document, Line, Origin, Paragraph
from parsers.indicators import INDICATOR_ANCHOR, indicator_by_spelling, resolve_indicator, strip_name_prefix
from parsers.records import Finding, ScoreValue
from parsers.vocab import (
    GRADE_BANDS,
    INDICATOR_BY_NUMBER,
    PLAUSIBLE_BE_YEARS,
    SCORE_FILLER_WORDS,
    SCORE_KEYWORDS,
    TOOL_WEIGHTS,
    TOOLS,
)

# Two stated figures "agree" within this; above it a warning gives both numbers. Reports
# print two decimals, so a correct mean or weighted sum is off by at most 0.005 each way.
ARITHMETIC_TOLERANCE = 0.015
SAME_VALUE_TOLERANCE = 0.005
MAX_COMBINATIONS = 4096

_NUM = r"(?P<num>\d{1,3}(?:\.\d+)?)(?![\d])"
_FILLER = "|".join(sorted(map(re.escape, SCORE_FILLER_WORDS), key=len, reverse=True))
_SCORE_TAIL = re.compile(rf"^[\s:]*(?P<filler>(?:(?:{_FILLER})\s*)+){_NUM}")
_SCORE_ONLY_CELL = re.compile(rf"^\s*(?:(?:{_FILLER})\s*)*{_NUM}\s*(?:คะแนน|%)?\s*$")
_TOOL_ANCHOR = re.compile(r"(?<![A-Za-z])\(?(?P<tool>IIT|EIT|OIT)\)?(?![A-Za-z])")
_GRADE = re.compile(r"ระดับ\s*(?:ผลการประเมิน)?\s*(?:คะแนน)?\s*(?:เท่ากับ|คือ|ที่)?\s*(?P<grade>AA|A|B|C|D|E|F)(?![A-Za-z])")
_OVERALL_CUES = ("ผลการประเมิน", "ผลคะแนน", "คะแนนเฉลี่ย", "ภาพรวม", "มีคะแนน", "ได้คะแนน")
_RESPONDENTS = re.compile(r"จำนวน\s*(?P<count>\d{1,3}(?:,\d{3})*|\d+)\s*คน")
_RESPONDENT_TOOL = re.compile(r"IIT|EIT|ภายใน|ภายนอก")


@dataclass
class ScoreFindings:
    overall_score: ScoreValue | None = None
    grade: str | None = None
    tools: dict[str, ScoreValue] = field(default_factory=dict)
    indicators: dict[int, list[ScoreValue]] = field(default_factory=dict)  # primary first
    respondents: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def prose_lines(doc: Document) -> Iterator[Line]:
    """Paragraph lines, and each table cell as a line of its own (cells are prose too)."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            yield from block.lines
        else:
            for row in block.rows:
                for text in row.texts:
                    if text:
                        yield Line(text, row.origin)


def score_after(text: str) -> float | None:
    """The score in a tail such as ' มีผลคะแนน เท่ากับ 83.05 คะแนน'; None if the words between
    are not score words ('มีค่าคะแนนน้อยที่สุด') or the number is not a percentage."""
    match = _SCORE_TAIL.match(text)
    if match is None or not any(k in match.group("filler") for k in SCORE_KEYWORDS):
        return None
    value = float(match.group("num"))
    return value if 0 <= value <= 100 else None


def score_only_cell(text: str) -> float | None:
    """'๙๖.๖๐ คะแนน' or 'ได้คะแนนเท่ากับร้อยละ ๑๐๐.๐๐' → the number; None for any other cell."""
    match = _SCORE_ONLY_CELL.match(text)
    if match is None:
        return None
    value = float(match.group("num"))
    return value if 0 <= value <= 100 else None


def grade_for(score: float) -> str:
    return next(grade for grade, floor in GRADE_BANDS if score >= floor)


# --- indicator scores -------------------------------------------------------------------

def table_indicator_values(doc: Document) -> Iterator[tuple[int, ScoreValue]]:
    """Rows with an indicator's name in one cell and a bare score in a later one."""
    for table in doc.tables():
        for row in table.rows:
            texts = row.texts
            for i, text in enumerate(texts):
                info = resolve_indicator(text) if text else None
                if info is None:
                    continue
                value = next((v for v in map(score_only_cell, texts[i + 1:]) if v is not None), None)
                if value is not None:
                    yield info.number, ScoreValue(value, row.origin, True, strip_name_prefix(text))
                break


def prose_indicator_values(doc: Document, findings: list[Finding]) -> Iterator[tuple[int, ScoreValue]]:
    """'ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ มีผลคะแนน เท่ากับ ๘๓.๐๕' and '**การใช้งบประมาณ** โดยรวมได้เท่ากับร้อยละ 88.55'."""
    for line in prose_lines(doc):
        for anchor in INDICATOR_ANCHOR.finditer(line.text):
            written = anchor.group("name") or anchor.group("bare")
            value = score_after(line.text[anchor.end():])
            if value is None or (written is None and anchor.group("number") is None):
                continue
            stated_number = int(anchor.group("number")) if anchor.group("number") else None
            number = indicator_by_spelling(written).number if written else stated_number
            if number not in INDICATOR_BY_NUMBER:
                continue
            if stated_number is not None and written and stated_number != number:
                findings.append(Finding(
                    "indicator_misnumbered",
                    f"'ตัวชี้วัดที่ {stated_number}' is followed by the name of indicator {number} ({written}); read as {number}",
                    line.origin))
            yield number, ScoreValue(value, line.origin, False, written or anchor.group(0))


def collect_indicator_values(doc: Document, findings: list[Finding]) -> dict[int, list[ScoreValue]]:
    """Distinct values per indicator, table values first, each with where it was read."""
    values: dict[int, list[ScoreValue]] = {}
    found = itertools.chain(table_indicator_values(doc), prose_indicator_values(doc, findings))
    for number, value in found:
        known = values.setdefault(number, [])
        if not any(math.isclose(v.value, value.value, abs_tol=SAME_VALUE_TOLERANCE) for v in known):
            known.append(value)
    for number in values:
        values[number].sort(key=lambda v: not v.from_table)  # stable: tables first, then document order
    return dict(sorted(values.items()))


# --- tools, overall, respondents --------------------------------------------------------

def tool_values(doc: Document) -> dict[str, ScoreValue]:
    """'(IIT) มีค่าคะแนน เท่ากับ ๘๐.๖๐ คะแนน' → IIT 80.6 (first statement per tool)."""
    tools: dict[str, ScoreValue] = {}
    for line in prose_lines(doc):
        for anchor in _TOOL_ANCHOR.finditer(line.text):
            value = score_after(line.text[anchor.end():])
            if value is not None:
                tools.setdefault(anchor.group("tool"), ScoreValue(value, line.origin))
    return tools


def _first_score_in(segment: str) -> float | None:
    for match in re.finditer(r"(?<![\d.])(\d{1,4}(?:\.\d+)?)(?![\d])(?!\s*คน)", segment):
        value = float(match.group(1))
        if value in PLAUSIBLE_BE_YEARS or not 0 < value <= 100:
            continue
        return value
    return None


def overall_statements(doc: Document) -> Iterator[tuple[float, str, Origin]]:
    """Lines that state the ITA score with its grade: '… ๘๔.๖ คะแนน … อยู่ในระดับ B'."""
    for line in prose_lines(doc):
        for grade in _GRADE.finditer(line.text):
            segment = line.text[: grade.start()]
            cue = min((segment.find(c) for c in _OVERALL_CUES if c in segment), default=-1)
            if cue < 0 or _TOOL_ANCHOR.search(segment[cue:]) or "ตัวชี้วัด" in segment[cue:]:
                continue
            score = _first_score_in(segment[cue:])
            if score is not None:
                yield score, grade.group("grade"), line.origin


def respondent_counts(doc: Document) -> dict[str, int]:
    """'ผู้เข้าตอบแบบวัด…ภายใน จำนวน 60 คน' → {'IIT': 60}; a sample-size rule is no count."""
    counts: dict[str, int] = {}
    for line in prose_lines(doc):
        for match in _RESPONDENTS.finditer(line.text):
            before = line.text[max(0, match.start() - 250): match.start()]
            tools = _RESPONDENT_TOOL.findall(before)
            if "ตอบ" not in before or not tools:
                continue
            tool = "IIT" if tools[-1] in ("IIT", "ภายใน") else "EIT"
            counts.setdefault(tool, int(match.group("count").replace(",", "")))
    return counts


# --- reconciliation ---------------------------------------------------------------------

def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _tool_indicators(tool: str) -> list[int]:
    return [n for n, info in INDICATOR_BY_NUMBER.items() if info.tool == tool]


def _ita(tool_scores: dict[str, float]) -> float:
    return sum(TOOL_WEIGHTS[t] * tool_scores[t] for t in TOOLS)


def _choose_by_target(numbers: list[int], indicators: dict[int, list[ScoreValue]],
                      target: float, compute) -> dict[int, int] | None:
    """Among the stated values of `numbers`, the choice (index per indicator) whose computed
    total matches `target`, preferring the default (index 0) when it already matches."""
    options = [range(len(indicators[n])) for n in numbers]
    if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
        return None
    best: tuple[float, int, tuple[int, ...]] | None = None
    for combo in itertools.product(*options):
        chosen = {n: indicators[n][i].value for n, i in zip(numbers, combo, strict=True)}
        error = abs(compute(chosen) - target)
        key = (round(error, 6), sum(1 for i in combo if i), combo)
        if best is None or key < best:
            best = key
    if best is None or best[0] > ARITHMETIC_TOLERANCE or not any(best[2]):
        return None
    return dict(zip(numbers, best[2], strict=True))


def _promote(indicators: dict[int, list[ScoreValue]], choice: dict[int, int], why: str,
             findings: list[Finding]) -> None:
    for number, index in choice.items():
        if index:
            values = indicators[number]
            old = values[0]
            values.insert(0, values.pop(index))
            findings.append(Finding(
                "indicator_primary_by_arithmetic",
                f"indicator {number}: {values[0].value:g} chosen over {old.value:g} because {why}",
                values[0].origin))


def reconcile(result: ScoreFindings) -> None:
    """Pick each indicator's primary value with the ITA arithmetic where it decides."""
    indicators, findings = result.indicators, result.findings
    for tool, stated in result.tools.items():
        numbers = [n for n in _tool_indicators(tool) if n in indicators]
        if len(numbers) != len(_tool_indicators(tool)) or all(len(indicators[n]) == 1 for n in numbers):
            continue
        choice = _choose_by_target(numbers, indicators, stated.value, lambda c: _mean(list(c.values())))
        if choice:
            _promote(indicators, choice, f"the stated {tool} total {stated.value:g} is their mean", findings)
    if result.overall_score is None or len(indicators) != len(INDICATOR_BY_NUMBER):
        return
    open_numbers = [n for n in indicators if len(indicators[n]) > 1 and INDICATOR_BY_NUMBER[n].tool not in result.tools]
    if not open_numbers:
        return

    def ita_of(chosen: dict[int, float]) -> float:
        values = {n: chosen.get(n, indicators[n][0].value) for n in indicators}
        return _ita({t: result.tools[t].value if t in result.tools else _mean([values[n] for n in _tool_indicators(t)]) for t in TOOLS})

    choice = _choose_by_target(open_numbers, indicators, result.overall_score.value, ita_of)
    if choice:
        _promote(indicators, choice, f"the stated ITA score {result.overall_score.value:g} follows from it", findings)


def check_arithmetic(result: ScoreFindings) -> None:
    """Warn, with the numbers, where stated totals disagree with their parts or the grade."""
    indicators, findings = result.indicators, result.findings
    computed_tools: dict[str, float] = {}
    for tool in TOOLS:
        numbers = _tool_indicators(tool)
        if all(n in indicators for n in numbers):
            computed_tools[tool] = _mean([indicators[n][0].value for n in numbers])
        stated = result.tools.get(tool)
        if stated and tool in computed_tools and abs(stated.value - computed_tools[tool]) > ARITHMETIC_TOLERANCE:
            findings.append(Finding(
                "tool_arithmetic",
                f"{tool} is stated as {stated.value:g} but the mean of its indicators "
                f"({', '.join(f'{indicators[n][0].value:g}' for n in numbers)}) is {computed_tools[tool]:.2f}",
                stated.origin))
    overall = result.overall_score
    tools_for_ita = {t: (result.tools[t].value if t in result.tools else computed_tools.get(t)) for t in TOOLS}
    if overall and all(v is not None for v in tools_for_ita.values()):
        computed = _ita(tools_for_ita)  # type: ignore[arg-type]
        if abs(computed - overall.value) > ARITHMETIC_TOLERANCE:
            parts = ", ".join(f"{t} {v:.2f}" for t, v in tools_for_ita.items())
            findings.append(Finding(
                "overall_arithmetic",
                f"the ITA score is stated as {overall.value:g} but 0.3·IIT + 0.3·EIT + 0.4·OIT ({parts}) = {computed:.2f}",
                overall.origin))
    if overall and result.grade and grade_for(overall.value) != result.grade:
        findings.append(Finding(
            "grade_band",
            f"grade {result.grade} is stated for a score of {overall.value:g}, which is band {grade_for(overall.value)}",
            overall.origin))
    for number, values in indicators.items():
        if len(values) > 1:
            others = "; ".join(f"{v.value:g} (line {v.origin.line})" for v in values[1:])
            findings.append(Finding(
                "indicator_conflict",
                f"indicator {number} is given as {values[0].value:g} (line {values[0].origin.line}) and also as {others}",
                values[0].origin))


def extract_scores(doc: Document) -> ScoreFindings:
    result = ScoreFindings()
    statements = list(overall_statements(doc))
    if statements:
        score, result.grade, origin = statements[0]
        result.overall_score = ScoreValue(score, origin)
        for other, grade, where in statements[1:]:
            if not math.isclose(other, score, abs_tol=SAME_VALUE_TOLERANCE) or grade != result.grade:
                result.findings.append(Finding(
                    "overall_conflict", f"the ITA score is stated as {score:g} ({result.grade}) and as {other:g} ({grade})", where))
    result.tools = tool_values(doc)
    result.indicators = collect_indicator_values(doc, result.findings)
    result.respondents = respondent_counts(doc)
    reconcile(result)
    check_arithmetic(result)
    return result
