"""The years a document names: its fiscal year(s) and the ITA year whose results it reports.

A fiscal year is read from the document's title first, then from any heading, then from the
first fiscal-year phrase in the body. A bare 'พ.ศ. 2564' counts only in a title or heading, and
never when it is a law's year ('พระราชบัญญัติ… พ.ศ. 2540') or a date ('24 พฤษภาคม พ.ศ. 2560').
A multi-year plan's range ('(พ.ศ. 2561 – 2564)') gives all its years, the first being the fiscal
year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from parsers.document import Line
from parsers.knowledge.vocab import (
    FISCAL_YEAR_CUES,
    ITA_YEAR_CUES,
    LAW_WORDS,
    LAW_YEAR_WINDOW,
    LONGEST_YEAR_RANGE,
    PLAUSIBLE_BE_YEARS,
    PRIOR_YEAR_CUES,
    SCORED_YEAR_WORDS,
    THAI_MONTHS,
)

_HEADING_MAX = 160
_DATE_WINDOW = 25    # characters before a year in which a month name makes it a date
_PRIOR_WINDOW = 25   # characters before a year in which a comparison word makes it a remark


def _flexible(text: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in text)


_ERA = r"พ\s*\.\s*ศ\s*\.*"   # 'พ.ศ.', 'พ .ศ.', 'พ.ศ..2567' (OCR)
_FISCAL = "|".join(_flexible(c) for c in sorted(FISCAL_YEAR_CUES, key=len, reverse=True))
_ITA = "|".join(re.escape(c) for c in ITA_YEAR_CUES)
# No two `\s*` may meet around an optional part (`\s*(?:X)?\s*`), and a phrase starts at a
# non-space: otherwise a run of n spaces costs n³ steps (800 spaces took 6 s). Each optional
# part carries the space before it instead: `(?:\s*X)?`.
_YEAR_PHRASE = re.compile(
    rf"(?=\S)(?P<cue>(?:{_ITA})(?:\s*\))?(?:\s*(?:{_FISCAL}))?|{_FISCAL})?(?:\s*(?P<era>{_ERA}))?\s*(?<!\d)(?P<year>25\d\d)(?!\d)"
    rf"(?:\s*(?:[-–—]|ถึง)\s*(?:{_ERA}\s*)?(?P<end>25\d\d|\d\d)(?!\d))?")
_ASSESSMENT_CUE = rf"ผล(?:คะแนน)?การประเมิน\s*(?:คุณธรรม|(?=\(?(?:{_ITA})))"
_ASSESSMENT_YEAR = re.compile(
    rf"{_ASSESSMENT_CUE}[^\n]{{0,110}}?"
    rf"(?:{_ERA}\s*|(?:ประจำปี(?:งบประมาณ)?|ปีงบประมาณ|ปี)(?:\s*(?:{_ERA}))?\s*|(?:{_ITA})(?:\s*\))?(?:\s*ปี)?(?:\s*(?:{_ERA}))?\s*)"
    r"(?P<year>25\d\d)(?!\d)")
_SCORED_YEAR = re.compile(
    r"(?<!\d)(?P<year>25\d\d)(?!\d)\s*(?:" + "|".join(re.escape(w) for w in SCORED_YEAR_WORDS) + r")[\sก-๙]{0,25}?\d{2,3}\.\d{1,2}")


@dataclass(frozen=True)
class YearPhrase:
    year: int
    years: tuple[int, ...]   # the range it names ('2561 – 2564'), else (year,)
    kind: str                # "fiscal" (ปีงบประมาณ …), "ita" (ITA 2566) or "era" (a bare พ.ศ.)


def _range(year: int, end: str | None) -> tuple[int, ...]:
    if end is None:
        return (year,)
    last = int(end) if len(end) == 4 else year // 100 * 100 + int(end)
    return tuple(range(year, last + 1)) if year < last <= year + LONGEST_YEAR_RANGE else (year,)


def _kind(m: re.Match[str]) -> str | None:
    cue = re.sub(r"\s+", "", m.group("cue") or "")
    if any(cue.startswith(c) for c in ITA_YEAR_CUES):
        return "ita"
    if cue and (cue != "ปี" or m.group("era")):   # a bare 'ปี 2562' is a column, not a title's year
        return "fiscal"
    return "era" if m.group("era") else None


def _is_law_or_date(text: str, start: int) -> bool:
    before = text[max(0, start - LAW_YEAR_WINDOW):start]
    if any(word in before for word in LAW_WORDS):
        return True
    return any(month in text[max(0, start - _DATE_WINDOW):start] for month in THAI_MONTHS)


def year_phrases(text: str) -> list[YearPhrase]:
    """Every fiscal-year, ITA-year or bare-era phrase of a text that names a plausible year."""
    found: list[YearPhrase] = []
    if "25" not in text:
        return found  # every phrase ends in a year 25xx: most lines skip the long pattern
    for m in _YEAR_PHRASE.finditer(text):
        kind, year = _kind(m), int(m.group("year"))
        if kind is None or year not in PLAUSIBLE_BE_YEARS:
            continue
        if kind == "era" and _is_law_or_date(text, m.start()):
            continue
        found.append(YearPhrase(year, _range(year, m.group("end")), kind))
    return found


def _first(lines: Iterable[Line], kinds: tuple[str, ...]) -> YearPhrase | None:
    for line in lines:
        for phrase in year_phrases(line.text):
            if phrase.kind in kinds:
                return phrase
    return None


def fiscal_years_of(lines: list[Line], title_block: list[Line]) -> tuple[int, ...]:
    """The title's year (range), else a heading's, else the body's first fiscal-year phrase."""
    headings = (line for line in lines if len(line.text) <= _HEADING_MAX)
    phrase = (_first(title_block, ("fiscal", "ita", "era")) or _first(headings, ("fiscal", "ita", "era"))
              or _first(lines, ("fiscal", "ita")))
    return phrase.years if phrase else ()


def _is_remark(text: str, start: int) -> bool:
    return any(cue in text[max(0, start - _PRIOR_WINDOW):start] for cue in PRIOR_YEAR_CUES)


def assessment_year_of(lines: list[Line], fiscal_year: int | None) -> int | None:
    """The ITA year whose results are reported: the year most often given with 'ผลการประเมิน…',
    comparisons left out ('เทียบกับปี 2565'). When several years are each given a score
    ('ปีงบประมาณ พ.ศ. 2565 ได้ 92.59'), the latest is the one reported, the others history."""
    def fits(year: int) -> bool:
        return year in PLAUSIBLE_BE_YEARS and (fiscal_year is None or year <= fiscal_year)

    years, cue_lines = [], []
    for line in lines:
        found = [int(m.group("year")) for m in _ASSESSMENT_YEAR.finditer(line.text)
                 if not _is_remark(line.text, m.start("year"))]
        years += [y for y in found if fits(y)]
        if found:
            cue_lines.append(line.text)
    scored = {int(m.group("year")) for text in cue_lines for m in _SCORED_YEAR.finditer(text)}
    scored = {y for y in scored if fits(y)}
    if len(scored) >= 2:
        return max(scored)
    if not years:
        return None
    counts = Counter(years)
    top = max(counts.values())
    return next(y for y in years if counts[y] == top)
