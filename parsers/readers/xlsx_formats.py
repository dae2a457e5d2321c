"""A spreadsheet cell's value written as the sheet shows it, by its number format.

A workbook stores 88.34 as a float and the score of a whole number as 95 or 95.0; the page shows
`88.34`, `95.00` or `95` by the cell's number format. The extractors read text, so each cell is
written the way a reader of the sheet sees it: the format's decimals, thousands separator, percent
and literal text (`0.00 "คะแนน"`), dates by their day, month and year tokens (a Thai locale or the
Buddhist calendar `B2` adds 543 to the year, Thai month names for `mmm`/`mmmm`). Whatever the format
does not say — `General` — is the shortest exact writing, a whole number without `.0`. Formats this
does not know (fractions, scientific notation, conditions) fall back to `General`: the number is right,
only its look may differ.
"""

from __future__ import annotations

import datetime as dt
import re

_QUOTED = re.compile(r'"([^"]*)"|\\(.)')
_BRACKETS = re.compile(r"\[[^\]]*\]")          # colours, locales: not shown
_CURRENCY = re.compile(r"\[\$([^\]-]*)-?[^\]]*\]")  # `[$฿-41E]`: the symbol ฿ is shown
_CONDITION = re.compile(r"\[[<>=]")
_THAI_LOCALE = re.compile(r"\[\$-(?:[0-9A-Fa-f]*41E|th)[^\]]*\]", re.IGNORECASE)
_NUMBER = re.compile(r"[#0?][#0?,]*(?:\.[#0?]*)?|\.[#0?]+")
_SKIPPED = re.compile(r"[_*].")            # `_)`: a space as wide as `)`; `*-`: fill with `-` (layout only)
_DATE_TOKEN = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d|hh|h|ss|s|e|b2|bb", re.IGNORECASE)
THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
               "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
THAI_MONTHS_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
BUDDHIST_ERA = 543


def general(value: float) -> str:
    """`General`: a whole number without `.0`, else the shortest writing that reads back as the value
    (15 significant digits, as spreadsheets keep)."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def _section(fmt: str, value: float) -> tuple[str, float]:
    """The format's section for the value (positive;negative;zero) and the value it writes: a negative
    section writes its own sign (or brackets), so it is given the magnitude."""
    sections = fmt.split(";")
    if value < 0 and len(sections) > 1:
        return sections[1], -value
    if value == 0 and len(sections) > 2:
        return sections[2], value
    return sections[0], value


def _number_text(value: float, pattern: str) -> str:
    """The value by one numeric pattern (`#,##0.00`): its decimals ('#' ones dropped when zero) and separator."""
    integer, _dot, decimals = pattern.partition(".")
    places = sum(1 for c in decimals if c in "0?#")
    least = sum(1 for c in decimals if c in "0?")
    text = f"{value:,.{places}f}" if "," in integer.strip(",") else f"{value:.{places}f}"
    if places > least:
        whole, _point, fraction = text.partition(".")
        fraction = fraction[:least] + fraction[least:].rstrip("0")
        text = f"{whole}.{fraction}" if fraction else whole
    if not integer.replace(",", "").count("0") and text.startswith(("0.", "-0.")):
        text = text.replace("0.", ".", 1)   # `#.00` writes 0.5 as `.50`
    return text


def _protect_literals(section: str) -> tuple[str, list[str]]:
    """The section with its quoted and escaped text replaced by placeholders (a literal `0` or `#` in
    `"ข้อ 0"` is not a digit), and those texts."""
    literals: list[str] = []

    def keep(match: re.Match[str]) -> str:
        literals.append(match.group(1) if match.group(1) is not None else match.group(2))
        return f"\0{len(literals) - 1}\0"

    return _QUOTED.sub(keep, section), literals


def format_number(value: float, fmt: str) -> str:
    """A number as its format shows it (see the module's docstring)."""
    if not fmt or fmt.lower() in ("general", "@"):
        return general(value)
    section, shown = _section(fmt, value)
    if "e+" in section.lower() or "/" in section or _CONDITION.search(section):
        return general(value)   # scientific, fractions, conditions: not written by this
    section = _SKIPPED.sub("", _BRACKETS.sub("", _CURRENCY.sub(lambda m: m.group(1), section)))
    template, literals = _protect_literals(section)
    match = _NUMBER.search(template)
    if match is None:
        return general(value)
    if "%" in template:
        shown *= 100
    text = template[: match.start()] + _number_text(shown, match.group()) + template[match.end():]
    return re.sub(r"\0(\d+)\0", lambda m: literals[int(m.group(1))], text).strip()


def _date_token(token: str, moment: dt.datetime, thai: bool, after_hour: bool) -> str:
    lower = token.lower()
    year = moment.year + (BUDDHIST_ERA if thai else 0)
    month_names = (THAI_MONTHS, THAI_MONTHS_SHORT) if thai else (None, None)
    values = {
        "yyyy": str(year), "e": str(year), "bb": str(year), "yy": f"{year % 100:02d}", "b2": "",
        "mmmm": month_names[0][moment.month - 1] if month_names[0] else moment.strftime("%B"),
        "mmm": month_names[1][moment.month - 1] if month_names[1] else moment.strftime("%b"),
        "dd": f"{moment.day:02d}", "d": str(moment.day), "hh": f"{moment.hour:02d}", "h": str(moment.hour),
        "ss": f"{moment.second:02d}", "s": str(moment.second),
    }
    if lower in ("mm", "m"):   # minutes after an hour, else the month
        number = moment.minute if after_hour else moment.month
        return f"{number:02d}" if lower == "mm" else str(number)
    return values[lower]


def format_date(value: dt.date | dt.datetime | dt.time, fmt: str) -> str:
    """A date or time as its format shows it; a Thai locale (`[$-th-TH]`, `[$-41E]`) or `B2` counts years
    in the Buddhist era, as Thai offices write them."""
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1900, 1, 1), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    thai = bool(_THAI_LOCALE.search(fmt)) or "b2" in fmt.lower()
    section = _SKIPPED.sub("", _BRACKETS.sub("", fmt.split(";")[0]))
    if not _DATE_TOKEN.search(section):
        return value.date().isoformat()
    parts: list[str] = []
    after_hour = False
    for piece in re.split(r'("[^"]*"|\\.)', section):
        if piece.startswith('"') or piece.startswith("\\"):
            parts.append(piece.strip('"') if piece.startswith('"') else piece[1:])
            continue
        for chunk in re.split(f"({_DATE_TOKEN.pattern})", piece, flags=re.IGNORECASE):
            if _DATE_TOKEN.fullmatch(chunk):
                parts.append(_date_token(chunk, value, thai, after_hour))
                after_hour = chunk.lower() in ("h", "hh")
            else:
                parts.append(chunk.replace("AM/PM", "").replace("am/pm", ""))
    return "".join(parts).strip()
