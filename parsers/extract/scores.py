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

from parsers.document import Document, Line, Origin, Paragraph, Row, Table
from parsers.extract.arithmetic import reconcile
from parsers.extract.records import Finding, ScoreValue
from parsers.extract.table_columns import ColumnMatcher, column_fields
from parsers.knowledge.catalog import Framework, framework
from parsers.knowledge.indicators import INDICATOR_ANCHOR, indicator_by_spelling, resolve_indicator, strip_name_prefix
from parsers.knowledge.vocab import (
    BARE_NAME_SCORE_KEYWORDS,
    COUNT_UNITS,
    INDICATOR_BY_NUMBER,
    OTHER_LEVEL_CUES,
    OVERALL_SCORE_PHRASES,
    PLAUSIBLE_BE_YEARS,
    RATING_WORDS_2568,
    SCORE_FILLER_WORDS,
    SCORE_KEYWORDS,
    SCORE_TABLE_COLUMNS,
    TARGET_TAILS,
    TOOL_THAI_NAMES,
)

SAME_VALUE_TOLERANCE = 0.005

_NUM = r"(?P<num>\d{1,3}(?:\.\d+)?)(?![\d])"
_NUMBER_AT = re.compile(_NUM)
_CELL_END = re.compile(rf"{_NUM}\s*(?:คะแนน|%)?\s*$")
_LEADING = re.compile(r"[\s:]*")
_SPACES = re.compile(r"\s*")
# Spaces, and a tone mark a broken layer moved onto the end of the word ('มีผลคะแนน้ 93.04').
_STRAY_AFTER_WORD = re.compile(r"[\s\u0e48-\u0e4b]*")
_SCORE_COLUMNS = ColumnMatcher(SCORE_TABLE_COLUMNS)
_TOOL_ANCHOR = re.compile(r"(?<![A-Za-z])\(?(?P<tool>IIT|EIT|OIT)\)?(?![A-Za-z])")
_TOOL_BY_NAME = {name: tool for tool, names in TOOL_THAI_NAMES.items() for name in names}
# A tool's Thai name, then its code in brackets however OCR read it ('(IT)', '(โ71)').
_TOOL_NAME_ANCHOR = re.compile(rf"(?P<name>{'|'.join(map(re.escape, _TOOL_BY_NAME))})(?:\s*\([^()]{{1,6}}\))?")
_RATINGS = "|".join(RATING_WORDS_2568)
# A letter grade after 'ระดับ', or an ITA 2568 rating word after 'ระดับ' or 'ผลการประเมิน'
# ('ผ่านเกณฑ์' is a criterion met, not a rating).
_GRADE = re.compile(
    r"(?:ระดับ\s*(?:ผลการประเมิน)?\s*(?:คะแนน)?\s*(?:เท่ากับ|คือ|ที่)?\s*(?P<grade>AA|A|B|C|D|E|F)(?![A-Za-z])"
    rf"|(?:ระดับ|ผลการประเมิน)\s*(?:อยู่ใน)?\s*(?:ระดับ)?\s*(?:คือ|:)?\s*(?P<rating>{_RATINGS})(?!เกณฑ์))")
_OVERALL_CUES = ("ผลการประเมิน", "ผลคะแนน", "คะแนนเฉลี่ย", "ภาพรวม", "มีคะแนน", "ได้คะแนน")
_RESPONDENTS = re.compile(r"จำนวน\s*(?P<count>\d{1,3}(?:,\d{3})*|\d+)\s*คน")
_RESPONDENT_TOOL = re.compile(r"IIT|EIT|ภายใน|ภายนอก")


@dataclass
class ScoreRecords:
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


def filler_end(text: str, start: int) -> int:
    """Where a run of score filler words ('มีผลคะแนน เท่ากับ') beginning at ``start`` ends.

    The words overlap ('มี' + 'ค่า' = 'มีค่า'), so a regex ``(?:word\\s*)+`` backtracks
    exponentially on a long run of them; this walks the reachable positions once instead
    (linear in the text). Fillers hold no digits, so every way through ends at the same digit."""
    reachable, frontier, end = {start}, [start], start
    while frontier:
        position = frontier.pop()
        end = max(end, position)
        for word in SCORE_FILLER_WORDS:
            if text.startswith(word, position):
                after = _STRAY_AFTER_WORD.match(text, position + len(word)).end()
                if after not in reachable:
                    reachable.add(after)
                    frontier.append(after)
    return end


def score_after(text: str, keywords: tuple[str, ...] = SCORE_KEYWORDS) -> float | None:
    """The score in a tail such as ' มีผลคะแนน เท่ากับ 83.05 คะแนน'; None if the words between
    are not score words ('มีค่าคะแนนน้อยที่สุด') or the number is not a percentage."""
    start = _LEADING.match(text).end()
    end = filler_end(text, start)
    filler = text[start:end]
    number = _NUMBER_AT.match(text, end)
    if not filler or number is None or not any(k in filler for k in keywords):
        return None
    if is_count_or_target(text, number.end()):
        return None
    value = float(number.group("num"))
    return value if 0 <= value <= 100 else None


def score_only_cell(text: str) -> float | None:
    """'๙๖.๖๐ คะแนน' or 'ได้คะแนนเท่ากับร้อยละ ๑๐๐.๐๐' → the number; None for any other cell."""
    end = filler_end(text, _SPACES.match(text).end())
    match = _CELL_END.match(text, end)
    if match is None:
        return None
    value = float(match.group("num"))
    return value if 0 <= value <= 100 else None


# --- indicator scores -------------------------------------------------------------------

def is_score_row(row: Row) -> bool:
    """A row of a score table: an indicator's name with a bare score in a later cell, or a header
    naming a tool-score column, or an indicator column and a score column (the PDF reader's hint: a
    table without rules may start here)."""
    texts = row.texts
    for i, text in enumerate(texts):
        if text and resolve_indicator(text) is not None:
            return any(score_only_cell(t) is not None for t in texts[i + 1:])
    fields = set(column_fields(texts, _SCORE_COLUMNS).values())
    return "tool_score" in fields or {"indicator", "indicator_score"} <= fields


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


def prose_indicator_values(doc: Document, findings: list[Finding], lines: list[Line] | None = None) -> Iterator[tuple[int, ScoreValue]]:
    """'ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ มีผลคะแนน เท่ากับ ๘๓.๐๕' and '**การใช้งบประมาณ** โดยรวมได้เท่ากับร้อยละ 88.55'."""
    for line in prose_lines(doc) if lines is None else lines:
        if not _may_hold_score(line.text) or _is_other_level(line.text):
            continue
        for anchor in INDICATOR_ANCHOR.finditer(line.text):
            written = anchor.group("name") or anchor.group("bare")
            keywords = BARE_NAME_SCORE_KEYWORDS if anchor.group("bare") else SCORE_KEYWORDS
            value = score_after(line.text[anchor.end():], keywords)
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


def collect_indicator_values(doc: Document, findings: list[Finding], lines: list[Line] | None = None) -> dict[int, list[ScoreValue]]:
    """Distinct values per indicator, table values first, each with where it was read."""
    values: dict[int, list[ScoreValue]] = {}
    found = itertools.chain(table_indicator_values(doc), prose_indicator_values(doc, findings, lines))
    for number, value in found:
        known = values.setdefault(number, [])
        if not any(math.isclose(v.value, value.value, abs_tol=SAME_VALUE_TOLERANCE) for v in known):
            known.append(value)
    for number in values:
        values[number].sort(key=lambda v: not v.from_table)  # stable: tables first, then document order
    return dict(sorted(values.items()))


# --- tools, overall, respondents --------------------------------------------------------

def tool_column(table: Table) -> tuple[int, int] | None:
    """(header row index, column index) of a table's tool-score column, if it has one."""
    for index, row in enumerate(table.rows[:3]):
        columns = column_fields(row.texts, _SCORE_COLUMNS)
        column = next((c for c, name in columns.items() if name == "tool_score"), None)
        if column is not None:
            return index, column
    return None


def table_tool_values(doc: Document, rules: Framework) -> Iterator[tuple[str, ScoreValue]]:
    """A `คะแนนรายเครื่องมือ` column: each value belongs to the tool of its row's indicator."""
    for table in doc.tables():
        found = tool_column(table)
        if found is None:
            continue
        header, column = found
        for row in table.rows[header + 1:]:
            texts = row.texts
            info = next((i for i in map(resolve_indicator, texts[:column]) if i is not None), None)
            value = score_only_cell(texts[column]) if column < len(texts) and texts[column] else None
            if info is not None and value is not None:
                yield rules.indicator_tools[info.number], ScoreValue(value, row.origin, True)


def tool_values(doc: Document, rules: Framework, lines: list[Line] | None = None) -> dict[str, ScoreValue]:
    """'(IIT) มีค่าคะแนน เท่ากับ ๘๐.๖๐ คะแนน' → IIT 80.6 (first statement per tool); a table's
    tool-score column first; a tool no statement names by its code, by its Thai name last."""
    tools: dict[str, ScoreValue] = dict(reversed(list(table_tool_values(doc, rules))))
    lines = list(prose_lines(doc)) if lines is None else lines
    for anchor_pattern, needle in ((_TOOL_ANCHOR, "IT"), (_TOOL_NAME_ANCHOR, "ส่วน")):
        if tools.keys() >= TOOL_THAI_NAMES.keys():
            break  # every tool found: the names' pass would only read every line again
        for line in lines:
            if needle not in line.text or not _may_hold_score(line.text) or _is_other_level(line.text):
                continue
            for anchor in anchor_pattern.finditer(line.text):
                tool = anchor.groupdict().get("tool") or _TOOL_BY_NAME[anchor.group("name")]
                value = score_after(line.text[anchor.end():])
                if value is not None:
                    tools.setdefault(tool, ScoreValue(value, line.origin))
    return tools


def is_count_or_target(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` is a count ('3 หน่วยงาน') or a target ('ร้อยละ 90 ของ');
    a number followed by 'คะแนน' is a score whatever comes next ('75.41 คะแนนตัวชี้วัดที่ 7')."""
    tail = text[end:end + 20].lstrip(" %")
    return not tail.startswith("คะแนน") and tail.startswith(COUNT_UNITS + TARGET_TAILS)


def _first_score_in(segment: str) -> float | None:
    for match in re.finditer(r"(?<![\d.])(\d{1,4}(?:\.\d+)?)(?![\d])", segment):
        value = float(match.group(1))
        if value in PLAUSIBLE_BE_YEARS or not 0 < value <= 100 or is_count_or_target(segment, match.end()):
            continue
        return value
    return None


def statement_texts(doc: Document) -> Iterator[tuple[str, Origin]]:
    """Each prose line, joined with the next line of its paragraph when a statement runs on
    ('… พบว่ามีผล' / 'คะแนน 96.22 คะแนน'): Thai wraps mid-phrase, so the join has no space."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            lines = block.lines
            for line, after in zip(lines, [*lines[1:], None], strict=True):
                yield (line.text + after.text if after else line.text), line.origin
        else:
            for row in block.rows:
                for text in row.texts:
                    if text:
                        yield text, row.origin


_OTHER_LEVEL = re.compile("|".join(map(re.escape, OTHER_LEVEL_CUES)))


def _is_other_level(text: str) -> bool:
    return _OTHER_LEVEL.search(text) is not None


# Cheap tests (substring searches in C) a line must pass before the regexes run on it; each is
# implied by what the regexes need, so skipping a line that fails one changes no result. The
# indicator-name pattern tries a dozen spellings at every character: it was most of the scores'
# time on text reports.
def _may_hold_score(text: str) -> bool:
    """Whether `score_after` can find a score in the text: it needs one of SCORE_KEYWORDS
    (BARE_NAME_SCORE_KEYWORDS is a subset)."""
    return any(keyword in text for keyword in SCORE_KEYWORDS)


# Every cue of a graded statement (_GRADE's 'ระดับ'/'ผลการประเมิน' with one of _OVERALL_CUES) and
# every OVERALL_SCORE_PHRASES entry holds one of these words.
_OVERALL_WORDS = ("คะแนน", "ผลการประเมิน", "ภาพรวม")


def _may_state_overall(text: str) -> bool:
    return any(word in text for word in _OVERALL_WORDS)


def graded_statements(text: str) -> Iterator[tuple[float, str]]:
    """'… ๘๔.๖ คะแนน … อยู่ในระดับ B' → (84.6, 'B'); also the 2568 rating words."""
    for grade in _GRADE.finditer(text):
        segment = text[: grade.start()]
        cue = min((segment.find(c) for c in _OVERALL_CUES if c in segment), default=-1)
        if cue < 0 or _TOOL_ANCHOR.search(segment[cue:]) or "ตัวชี้วัด" in segment[cue:]:
            continue
        score = _first_score_in(segment[cue:])
        if score is not None:
            yield score, grade.group("grade") or grade.group("rating")


def ungraded_statement(text: str) -> float | None:
    """'ผลคะแนนเฉลี่ย 96.22' → 96.22: a score phrase, filler words, then the score."""
    for phrase in OVERALL_SCORE_PHRASES:
        at = text.find(phrase)
        if at < 0 or _TOOL_ANCHOR.search(text[:at]) or "ตัวชี้วัด" in text[:at]:
            continue
        start = _SPACES.match(text, at + len(phrase)).end()
        number = _NUMBER_AT.match(text, filler_end(text, start))
        if number and not is_count_or_target(text, number.end()):
            value = float(number.group("num"))
            if 0 < value <= 100:
                return value
    return None


def overall_statements(doc: Document) -> Iterator[tuple[float, str | None, Origin]]:
    """Statements of the subject's ITA score: with its grade first, then those without one.
    National, ministry and peer averages are not the subject's."""
    ungraded: list[tuple[float, str | None, Origin]] = []
    for text, origin in statement_texts(doc):
        if not _may_state_overall(text) or _is_other_level(text):
            continue
        yield from ((score, grade, origin) for score, grade in graded_statements(text))
        value = ungraded_statement(text)
        if value is not None:
            ungraded.append((value, None, origin))
    yield from ungraded


def respondent_counts(doc: Document, lines: list[Line] | None = None) -> dict[str, int]:
    """'ผู้เข้าตอบแบบวัด…ภายใน จำนวน 60 คน' → {'IIT': 60}; a sample-size rule is no count."""
    counts: dict[str, int] = {}
    for line in prose_lines(doc) if lines is None else lines:
        if "จำนวน" not in line.text:  # _RESPONDENTS' first word: a substring test skips most lines
            continue
        for match in _RESPONDENTS.finditer(line.text):
            before = line.text[max(0, match.start() - 250): match.start()]
            tools = _RESPONDENT_TOOL.findall(before)
            if "ตอบ" not in before or not tools:
                continue
            tool = "IIT" if tools[-1] in ("IIT", "ภายใน") else "EIT"
            counts.setdefault(tool, int(match.group("count").replace(",", "")))
    return counts


# --- reconciliation ---------------------------------------------------------------------

def primary_first(statements: list[tuple[float, str | None, Origin]], rules: Framework) -> list:
    """The first statement whose score falls in its letter grade's band leads: a figure that fails
    its band ('3 … AA') is not primary while one that fits exists. Order is kept otherwise."""
    fitting = [s for s in statements if s[1] in dict(rules.grade_bands) and rules.grade_for(s[0]) == s[1]]
    if not fitting or fitting[0] is statements[0]:
        return statements
    return [fitting[0], *(s for s in statements if s is not fitting[0])]


def extract_scores(doc: Document, rules: Framework | None = None) -> ScoreRecords:
    """Overall score and grade, tool totals, indicators and respondents; primaries reconciled by the
    arithmetic of `rules` (the year's framework). The arithmetic warnings are a check of their own
    (`parsers.extract.checks`)."""
    result = ScoreRecords()
    rules = rules or framework()
    statements = primary_first(list(overall_statements(doc)), rules)
    if statements:
        score, result.grade, origin = statements[0]
        result.overall_score = ScoreValue(score, origin)
        for other, grade, where in statements[1:]:
            if not math.isclose(other, score, abs_tol=SAME_VALUE_TOLERANCE) or (grade and grade != result.grade):
                result.findings.append(Finding(
                    "overall_conflict", f"the ITA score is stated as {score:g} ({result.grade}) and as {other:g} ({grade})", where))
    lines = list(prose_lines(doc))  # read by three scans: built once
    result.tools = tool_values(doc, rules, lines)
    result.indicators = collect_indicator_values(doc, result.findings, lines)
    result.respondents = respondent_counts(doc, lines)
    reconcile(result, rules)
    return result
