"""Thai dates and periods → ISO dates (CE).

`parse_period("2 ก.พ.66 – 15 เม.ย.66", fiscal_year=2566)` → 2023-02-02 … 2023-04-15.
Handles Thai month names and abbreviations, two- and four-digit BE years, ranges with
'-', '–' or 'ถึง', deadlines ('ภายใน 15 เม.ย.66': no start), months without a day, and
fiscal-year phrases ('ตลอดปีงบประมาณ ๒๕๖๖', or with no year: the document's fiscal year).
Never raises on odd input: an impossible date gives None and a warning.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

from parsers.knowledge.vocab import DEADLINE_PHRASES, PLAUSIBLE_BE_YEARS, THAI_MONTHS, WHOLE_FISCAL_YEAR_PHRASES
from parsers.thai.normalise import normalise_text, skeleton, squash

BE_OFFSET = 543
_WHOLE_YEAR_SKELETONS = tuple(skeleton(p) for p in WHOLE_FISCAL_YEAR_PHRASES)
FISCAL_YEAR_FIRST_MONTH = 10  # fiscal year N runs 1 October N-1 … 30 September N


def _month_pattern(name: str) -> str:
    """'เม.ย.' → 'เม\\.\\s*ย\\.?' : abbreviations keep their inner dots, the last is optional."""
    if "." not in name:
        return re.escape(name)
    parts = [re.escape(p) for p in name.split(".") if p]
    return r"\.\s*".join(parts) + r"\.?"


_MONTH_ALTERNATION = "|".join(
    _month_pattern(name) for name in sorted(THAI_MONTHS, key=len, reverse=True)
)
_DATE = re.compile(
    r"(?:(?<!\d)(?P<day>\d{1,2})\s*)?"
    rf"(?P<month>{_MONTH_ALTERNATION})"
    r"\s*(?:พ\.\s*ศ\.\s*)?(?P<year>\d{4}|\d{2})?(?!\d)"
)
_MONTH_BY_SQUASHED = {squash(name).replace(".", ""): number for name, number in THAI_MONTHS.items()}
_YEAR_AFTER_FISCAL = re.compile(r"(?:ปีงบประมาณ|งบประมาณ)(?:พ\.?ศ\.?)?(\d{4}|\d{2})(?!\d)")


@dataclass
class DatePart:
    day: int | None
    month: int
    year_be: int | None
    text: str
    year_written: str | None = None   # the year as printed, kept to tell "no year" from "a bad year"


@dataclass
class ParsedPeriod:
    text: str | None
    start: datetime.date | None = None
    end: datetime.date | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)


def be_year(text: str | None) -> int | None:
    """'66' → 2566, '2566' → 2566, '2023' → 2566 (a CE year is converted)."""
    if not text:
        return None
    value = int(text)
    if len(text) == 2:
        value += 2500
    elif value < 2400:
        value += BE_OFFSET
    return value if value in PLAUSIBLE_BE_YEARS else None


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[datetime.date, datetime.date]:
    """Fiscal year N (BE) → (1 Oct N-1, 30 Sep N) in CE."""
    ce = fiscal_year_be - BE_OFFSET
    return datetime.date(ce - 1, 10, 1), datetime.date(ce, 9, 30)


def find_dates(text: str) -> list[DatePart]:
    """Every Thai date (day optional, year optional) in a normalised text, in order."""
    parts = []
    for m in _DATE.finditer(text):
        month = _MONTH_BY_SQUASHED[squash(m.group("month")).replace(".", "")]
        day = int(m.group("day")) if m.group("day") else None
        parts.append(DatePart(day, month, be_year(m.group("year")), m.group(0), m.group("year")))
    return parts


def _fill_years(parts: list[DatePart], fiscal_year: int | None) -> None:
    """Give year-less dates the year of a neighbour, or of the fiscal year, in place."""
    known = [p for p in parts if p.year_be]
    for i, part in enumerate(parts):
        if part.year_be or part.year_written:
            continue  # a printed year, even an implausible one, is never replaced
        later = next((p for p in parts[i + 1:] if p.year_be), None)
        earlier = next((p for p in reversed(parts[:i]) if p.year_be), None)
        if later is not None:
            part.year_be = later.year_be if part.month <= later.month else later.year_be - 1
        elif earlier is not None:
            part.year_be = earlier.year_be if part.month >= earlier.month else earlier.year_be + 1
        elif fiscal_year is not None and not known:
            part.year_be = fiscal_year - 1 if part.month >= FISCAL_YEAR_FIRST_MONTH else fiscal_year


def _to_date(part: DatePart, *, first_day: bool, warnings: list[tuple[str, str]]) -> datetime.date | None:
    if part.year_be is None and part.year_written:
        warnings.append(("impossible_date", f"'{part.text}': {part.year_written} is not a plausible BE year"))
        return None
    if part.year_be is None:
        warnings.append(("undated_period", f"no year for '{part.text}'"))
        return None
    year = part.year_be - BE_OFFSET
    last = calendar.monthrange(year, part.month)[1]
    day = part.day if part.day is not None else (1 if first_day else last)
    if not 1 <= day <= last:
        warnings.append(("impossible_date", f"'{part.text}' is not a date (month {part.month} has {last} days)"))
        return None
    return datetime.date(year, part.month, day)


def impossible_dates(text: str) -> list[str]:
    """Dates in free text (a follow-up cell) that cannot exist, e.g. '30 กุมภาพันธ์ 2566'."""
    bad = []
    for part in find_dates(normalise_text(text)):
        if part.day is not None and part.year_be is not None:
            warnings: list[tuple[str, str]] = []
            if _to_date(part, first_day=True, warnings=warnings) is None:
                bad.append(part.text)
    return bad


def parse_period(raw: str | None, fiscal_year: int | None) -> ParsedPeriod:
    """A period cell → start/end dates, with warnings for what could not be read."""
    text = normalise_text(raw or "")
    result = ParsedPeriod(text=text or None)
    if not text.strip("-–. "):
        return result
    parts = find_dates(text)
    if parts:
        _fill_years(parts, fiscal_year)
        first, last = parts[0], parts[-1]
        before_first = squash(text[: text.find(first.text)])
        is_deadline = len(parts) == 1 and any(p in before_first for p in DEADLINE_PHRASES)
        result.end = _to_date(last, first_day=False, warnings=result.warnings)
        if not is_deadline:
            result.start = _to_date(first, first_day=True, warnings=result.warnings)
        if result.start and result.end and result.start > result.end:
            result.warnings.append(("period_reversed", f"period '{text}' ends before it starts"))
            result.start = result.end = None
        result.warnings = list(dict.fromkeys(result.warnings))
        return result
    squashed = squash(text)
    if any(phrase in skeleton(squashed) for phrase in _WHOLE_YEAR_SKELETONS):
        year_match = _YEAR_AFTER_FISCAL.search(squashed)
        year = be_year(year_match.group(1)) if year_match else fiscal_year
        if year is None:
            result.warnings.append(("undated_period", f"'{text}' names the fiscal year, but the document's fiscal year is unknown"))
            return result
        result.start, result.end = fiscal_year_bounds(year)
    return result
