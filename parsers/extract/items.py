"""Item codes (O1–O43, E1–E15, I1–I30): references with their context, and per-item scores.

Codes are read from normalised text, where `thai.repair_item_code_typos` has already turned
'0๓๙' into 'O39' and 'ข้อ 1๒๓' into 'ข้อ I23'. A code needs a letter and a number: 'E-Service'
and 'E - PlanNACC' are not codes. A bare 'ข้อ ๒๓' is an IIT question only where an IIT indicator
heads the same table, or a line names an IIT indicator by its number (`ตัวชี้วัดที่ 1`).
Codes in any case (`e1`, `o๓๙`); not the O1–O7 of a SWOT analysis (Opportunities), which
stand beside S/W/T codes or under a Strengths/Opportunities heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from parsers.document import Document, Line, Origin, Paragraph, Row
from parsers.extract.records import Finding, ItemRefRecord, ItemScoreRecord
from parsers.extract.scores import score_after, score_only_cell
from parsers.knowledge.catalog import framework
from parsers.knowledge.indicators import INDICATOR_ANCHOR, indicator_by_spelling
from parsers.knowledge.vocab import DEFICIENCY_CUES, INDICATOR_BY_NUMBER
from schema.codes import RefContext

# Upper case may have a space before the number ('O 39'); lower case must not: 'i 1' is OCR noise.
CODE = re.compile(r"(?<![A-Za-z0-9])(?:(?P<letter>[OEI])\s?|(?P<lower>[oei]))(?P<number>\d{1,2})(?![\d]|\.\d)")
# A SWOT analysis numbers its Opportunities O1, O2, … beside S1/W1/T1 and under these headings.
SWOT_HEADINGS: tuple[str, ...] = ("SWOT", "Strength", "Weakness", "Opportunit", "Threat")
# The letter first and the word-start test after it (on the character before the letter): a
# pattern that opens with a character class lets the regex engine skip to S/W/T in C, where a
# leading lookbehind is tried at every character.
_SWOT_CODE = re.compile(r"[SWT](?<![A-Za-z0-9].)\s?[1-9]\d?(?![\d.])")
# What every CODE match holds, as a pattern that opens with a character class (found in C):
# lines without it have no code, and skip CODE's lookbehind at every character.
_CODE_HINT = re.compile(r"[OEIoei]\s?\d")
_OPPORTUNITY_CODE = re.compile(r"^\s*O\s?[1-9]\d?(?![\d.])")
# Lines after a SWOT heading that still belong to it, when they carry no SWOT code of their own.
SWOT_REACH = 5
_BARE_QUESTION = re.compile(r"(?:^|(?<=\s))ข้อ\s*(?P<number>\d{1,2})(?![\d]|\.\d)")
_THAI_LETTER = re.compile(r"[ก-ฮ]")
_QUOTED = re.compile(r"[“\"](?P<text>[^”\"]{3,300})[”\"]")
# A cell that is a score with decimals and nothing else (normalised text: Arabic digits).
_DECIMAL_SCORE = re.compile(r"\s*\d{1,3}\.\d{1,2}\s*")


@dataclass(frozen=True)
class CodeMention:
    code: str
    start: int
    end: int


def canonical_code(letter: str, number: str) -> str:
    """('i', '023') → 'I23': upper-case letter, no leading zeros."""
    return f"{letter.upper()}{int(number)}"


# How each character of a code may be written in raw text: O typed as zero, Thai or Arabic digits.
_WRITTEN_LETTER = {"O": "[OoO0๐]", "E": "[Ee]", "I": "[Ii1๑]"}
_WRITTEN_DIGIT = {d: f"[{d}{t}]" for d, t in zip("0123456789", "๐๑๒๓๔๕๖๗๘๙", strict=True)}


@lru_cache(maxsize=512)
def written_code_pattern(code: str) -> re.Pattern[str]:
    """A pattern for `code` as a raw line may write it: 'O39' finds 'O๓๙', '0๓๙', 'O 39', 'O039'."""
    digits = r"\s?".join(_WRITTEN_DIGIT[d] for d in code[1:])
    return re.compile(rf"(?<![A-Za-z0-9๐-๙]){_WRITTEN_LETTER[code[0]]}\s?[0๐]?{digits}(?![0-9๐-๙])")


def codes_in(text: str, *, iit_context: bool = False) -> list[CodeMention]:
    """Every item code in a normalised text, with bare 'ข้อ N' read as IIT where the context says so."""
    if not (_CODE_HINT.search(text) or (iit_context and "ข้อ" in text)):
        return []
    found = [CodeMention(canonical_code(m.group("letter") or m.group("lower"), m.group("number")), m.start(), m.end())
             for m in CODE.finditer(text) if int(m.group("number")) > 0]
    if iit_context:
        found += [CodeMention(f"I{int(m.group('number'))}", m.start(), m.end())
                  for m in _BARE_QUESTION.finditer(text) if 0 < int(m.group("number")) <= framework().item_limits["I"]]
    return sorted(found, key=lambda c: c.start)


def _iit_heading(text: str, numbered_only: bool = False) -> bool | None:
    """True/False if the text names an IIT/other indicator; None if it names none. In prose only a
    numbered indicator counts (`numbered_only`): an ethics code says การปฏิบัติหน้าที่ in passing."""
    if numbered_only and "ตัวชี้วัดที่" not in text:
        return None  # the numbered form's literal; the long scan for bare names could only give None
    match = INDICATOR_ANCHOR.search(text)
    if match is None or (numbered_only and not match.group("number")):
        return None
    written = match.group("name") or match.group("bare")
    info = indicator_by_spelling(written) if written else INDICATOR_BY_NUMBER.get(int(match.group("number")))
    return info is not None and info.tool == "IIT"


def lines_with_context(doc: Document) -> Iterator[tuple[Line, list[str], bool]]:
    """Each line (table rows cell by cell) with its cells and whether an IIT indicator heads it."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for line in block.lines:
                yield line, [line.text], bool(_iit_heading(line.text, numbered_only=True))
            continue
        iit = False
        for row in block.rows:
            heading = _iit_heading(row.texts[0]) if row.texts and not CODE.search(row.texts[0]) else None
            iit = heading if heading is not None else iit
            yield row.line, row.texts, iit


def context_of(text: str) -> RefContext:
    return RefContext.DEFICIENCY if any(cue in text for cue in DEFICIENCY_CUES) else RefContext.MENTION


def _row_item_score(cells: list[str], iit: bool) -> tuple[str, float, str | None] | None:
    """A score-table row: the first cell holding a code, a bare score in a later cell, and the
    question text between. None for any other row."""
    code_cell = next((k for k, c in enumerate(cells) if codes_in(c, iit_context=iit)), None)
    if code_cell is None:
        return None
    later = cells[code_cell + 1:]
    value = next((v for v in map(score_only_cell, later) if v is not None), None)
    if value is None:
        return None
    mention = codes_in(cells[code_cell], iit_context=iit)[0]
    # the question after the code in its own cell ('E11 เจ้าหน้าที่…' of an item row), else the next text cell
    rest = cells[code_cell][mention.end:]
    own = rest.strip() if rest[:1].isspace() and _THAI_LETTER.search(rest) else ""
    text = own or next((c for c in later if c and score_only_cell(c) is None), None)
    return mention.code, value, text


def is_item_score_row(row: Row) -> bool:
    """A row of an item-score table: an item code, or a bare 'ข้อ N' (an IIT question), then a score
    with decimals in a later cell ('ข้อ ๒๓ | ท่านรู้… | ๙๒.๓๒'; the PDF reader's hint: a table without
    rules may start here). A whole number after a code is no anchor: measure tables count ('O42 … 2')."""
    found = _row_item_score(row.texts, True)
    return found is not None and any(_DECIMAL_SCORE.fullmatch(t) for t in row.texts)


def _item_score_in_prose(text: str, mention: CodeMention, next_start: int) -> tuple[float, str | None] | None:
    segment = text[mention.end:next_start]
    for match in re.finditer(r"(?:โดย)?(?:มี)?(?:ผล)?คะแนน", segment):
        value = score_after(segment[match.start():])
        if value is not None:
            quoted = _QUOTED.search(segment[: match.start()])
            return value, quoted.group("text").strip() if quoted else None
    return None


class SwotWindow:
    """Whether a line belongs to a SWOT analysis: it has S/W/T codes or a SWOT heading, or follows
    such a line closely. Its O-codes are Opportunities, not OIT items."""

    def __init__(self) -> None:
        self.lines_left = 0

    def covers(self, text: str) -> bool:
        if _SWOT_CODE.search(text) or any(heading in text for heading in SWOT_HEADINGS):
            self.lines_left = SWOT_REACH
            return True
        self.lines_left = max(0, self.lines_left - 1)
        if self.lines_left and _OPPORTUNITY_CODE.match(text):
            self.lines_left = SWOT_REACH  # O1, O2, … one per line: the list of Opportunities goes on
        return self.lines_left > 0


def _unknown_code(mention: CodeMention, origin: Origin) -> Finding | None:
    limit = framework().item_limits[mention.code[0]]
    if int(mention.code[1:]) <= limit:
        return None
    return Finding("unknown_item_code", f"{mention.code} is printed, but {mention.code[0]} items run 1–{limit}: probably a typo", origin)


def extract_items(doc: Document) -> tuple[list[ItemRefRecord], list[ItemScoreRecord], list[Finding]]:
    """Item references (every context) and item scores, in document order."""
    refs: list[ItemRefRecord] = []
    scores: list[ItemScoreRecord] = []
    scored_codes: set[str] = set()
    findings: list[Finding] = []
    swot = SwotWindow()
    for line, cells, iit in lines_with_context(doc):
        in_swot = swot.covers(line.text)
        mentions = [m for m in codes_in(line.text, iit_context=iit) if not (in_swot and m.code.startswith("O"))]
        if not mentions:
            continue
        context = context_of(line.text)
        row_score = _row_item_score(cells, iit) if len(cells) > 1 else None
        for i, mention in enumerate(mentions):
            next_start = mentions[i + 1].start if i + 1 < len(mentions) else len(line.text)
            if len(cells) > 1:
                scored = row_score[1:] if row_score and row_score[0] == mention.code else None
            else:
                scored = _item_score_in_prose(line.text, mention, next_start)
            if scored is not None and mention.code not in scored_codes:
                scored_codes.add(mention.code)
                scores.append(ItemScoreRecord(mention.code, scored[0], line.origin, scored[1]))
                refs.append(ItemRefRecord(mention.code, RefContext.SCORE, line.origin, scored[1]))
            refs.append(ItemRefRecord(mention.code, context, line.origin))
            unknown = _unknown_code(mention, line.origin)
            if unknown:
                findings.append(unknown)
    return refs, scores, findings
