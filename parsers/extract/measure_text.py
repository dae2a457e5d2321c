"""Small text tools the prose and project-sheet measure shapes share.

Cue words are matched fuzzily (rapidfuzz, spacing ignored), because a real text layer may
lose or misplace a mark ('ระยะเวลาดาเนินการ', 'แนวทำงกำรแก้ไข') before or after repair; a
cue is still only accepted when nearly the whole word is there, so a short cue such as
'มาตรการ' does not fire on 'มาตรา'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from parsers.extract.dates import ParsedPeriod, be_year, fiscal_year_bounds, parse_period
from parsers.knowledge.vocab import CAUSATIVE_OPENING, CUE_LOOKALIKES, DIRECTIVE_OPENINGS, OBLIGATION_MODALS, OBLIGATION_SUBJECTS
from parsers.thai.normalise import normalise_text, squash

CUE_CUTOFF = 85.0
# An obligation's modal stands near its subject: 'บุคลากรที่เกี่ยวข้องกับการจัดซื้อจัดจ้างต้อง…' has 36 letters
# between them; a 'ต้อง' further on belongs to a later clause of an item that is no obligation.
OBLIGATION_CHARS = 50
LABEL_TIE = 7.0   # a lost SARA AM (ำ read as า) costs a 17-letter label about 6 points
# 'ปีงบประมาณ' as written in a heading or a sheet, before its year(s)
_FISCAL_WORD = "ปีงบประมาณ"
_YEAR = r"(?:พ\.?\s*ศ\.?\s*)?(\d{4})(?!\d)"
_YEAR_AFTER = re.compile(r"^[\s.]*" + _YEAR)
_RANGE_AFTER = re.compile(r"^[\s.]*" + _YEAR + r"\s*[-–]\s*" + _YEAR)


def _alignment(cue: str, text: str) -> tuple[float, int, int]:
    """(score, start, end) of the best fuzzy occurrence of `cue` in `text` (both as given)."""
    found = fuzz.partial_ratio_alignment(cue, text)
    if found is None:
        return 0.0, 0, 0
    return found.score, found.dest_start, found.dest_end


def has_cue(text: str, cues: Iterable[str], cutoff: float = CUE_CUTOFF) -> bool:
    """Whether any cue occurs in the text, allowing a lost or swapped mark."""
    squashed = squash(text)
    for word in CUE_LOOKALIKES:  # a look-alike is a word of its own, no cue with a letter lost
        squashed = squashed.replace(word, " ")
    return any(len(squashed) >= len(squash(c)) - 1 and _alignment(squash(c), squashed)[0] >= cutoff for c in cues)


def label_at_start(text: str, labels: Sequence[str], cutoff: float = CUE_CUTOFF) -> tuple[str, int] | None:
    """The label a text starts with and where the label ends in `text`, or None.

    'ผู้รับผิดชอบโครงการสำนักปลัดเทศบาล' with labels ('ผู้รับผิดชอบโครงการ', 'ผู้รับผิดชอบ') →
    ('ผู้รับผิดชอบโครงการ', 19). Spaces in the text are skipped while matching, a label may be a
    character short or long (a lost mark), and a label never runs past a ':' (which ends it).
    Among labels that match about as well (LABEL_TIE points), the longest wins; a clearly closer
    one wins otherwise, so 'ผู้รับผิดชอบงานการเจ้าหน้าที่' is 'ผู้รับผิดชอบ' + 'งานการเจ้าหน้าที่',
    not 'ผู้รับผิดชอบโครงการ' with its last letters taken from the unit's name.
    """
    head = text.split(":", 1)[0]
    found: list[tuple[float, int, str]] = []
    prefixes: dict[int, str] = {}  # prefix end → its squashed text, shared by the labels
    for label in labels:
        wanted = squash(label)
        ends = _prefix_ends(head, len(wanted))
        scores = [(fuzz.ratio(wanted, prefixes.get(end) or prefixes.setdefault(end, squash(head[:end]))), end) for end in ends]
        score, end = max(scores, default=(0.0, 0))
        if score >= cutoff:
            found.append((score, end, label))
    if not found:
        return None
    top = max(score for score, _, _ in found)
    _, end, label = max((f for f in found if f[0] >= top - LABEL_TIE), key=lambda f: (len(squash(f[2])), f[0]))
    return label, end


def _prefix_ends(text: str, length: int) -> list[int]:
    """Ends of the prefixes of `text` holding length-1 … length+1 non-space characters."""
    ends, count = [], 0
    for i, char in enumerate(text):
        if not char.isspace():
            count += 1
            if length - 1 <= count <= length + 1:
                ends.append(i + 1)
        if count > length + 1:
            break
    return ends


def stated_fiscal_years(text: str) -> tuple[int, int] | None:
    """The fiscal year(s) a heading or a period states: 'ในปีงบประมาณ พ.ศ. 2568' → (2568, 2568),
    '4 ปี (ปีงบประมาณ พ.ศ. 2561 – 2564)' → (2561, 2564); None when no year follows the word."""
    text = normalise_text(text)
    word = squash(_FISCAL_WORD)
    for start in _fiscal_word_ends(text, word):
        after = text[start:]
        both = _RANGE_AFTER.match(after)
        if both:
            first, last = be_year(both.group(1)), be_year(both.group(2))
            if first and last and first <= last:
                return first, last
        one = _YEAR_AFTER.match(after)
        if one and be_year(one.group(1)):
            year = be_year(one.group(1))
            return year, year  # type: ignore[return-value]
    return None


def _fiscal_word_ends(text: str, word: str) -> list[int]:
    """Where each fuzzy occurrence of 'ปีงบประมาณ' ends, left to right."""
    ends, offset = [], 0
    while offset < len(text):
        score, _, end = _alignment(word, text[offset:])
        if score < CUE_CUTOFF or end == 0:
            break
        ends.append(offset + end)
        offset += end
    return ends


def fiscal_period(text: str, years: tuple[int, int]) -> ParsedPeriod:
    """The period of fiscal years first…last: 1 October before the first to 30 September of the last."""
    return ParsedPeriod(text=normalise_text(text) or None, start=fiscal_year_bounds(years[0])[0],
                        end=fiscal_year_bounds(years[1])[1])


def period_of(raw: str, fiscal_year: int | None) -> ParsedPeriod:
    """A period field: a stated fiscal-year span ('ปีงบประมาณ พ.ศ. 2561 – 2564') first, since
    parse_period reads only the first year of it; otherwise dates and phrases as parse_period does."""
    years = stated_fiscal_years(raw)
    return fiscal_period(raw, years) if years else parse_period(raw, fiscal_year)


def is_obligation(text: str) -> bool:
    """Whether a list item states who must (not) do what: a subject and a modal ('บุคลากรในหน่วยงานต้อง…',
    'ผู้บังคับบัญชาต้อง…', 'เจ้าหน้าที่ทุกคนพึง…'), a directive opening ('ห้ามกำหนด…'), or 'ให้' + a subject."""
    text = normalise_text(text)
    squashed = squash(text)
    if squashed.startswith(DIRECTIVE_OPENINGS):
        return True
    causative = squashed.startswith(CAUSATIVE_OPENING)
    rest = text.lstrip()[len(CAUSATIVE_OPENING):] if causative else text
    subject = label_at_start(rest, OBLIGATION_SUBJECTS)
    if subject is None:
        return False
    return causative or any(m in squash(rest[subject[1]:])[:OBLIGATION_CHARS] for m in OBLIGATION_MODALS)
