"""Word's automatic numbering rendered as the text a reader of the page sees ("1.", "๒)", "ก.").

Word stores a numbered paragraph as a reference (numId, level) into numbering.xml; the number
itself is computed when the page is drawn, so python-docx gives the text without it. `Numbering`
keeps the counters a list needs while the body is read in order: a level counts up, the levels
under it start again, and a level's text (`%1.%2.`) shows the current value of each level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# WordprocessingML's namespace, written out: importing python-docx's `qn` here would load
# python-docx with the reader registry, for every batch, and fail every format without it.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def qn(tag: str) -> str:
    """'w:numPr' → Clark notation, as python-docx's `qn` gives for the w: prefix."""
    return _W + tag.removeprefix("w:")

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_THAI_LETTERS = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
BULLET = "•"  # what a bullet level shows, whatever symbol-font code point Word stored


def _roman(value: int) -> str:
    out = ""
    for number, letters in _ROMAN:
        while value >= number:
            out, value = out + letters, value - number
    return out


def _letters(value: int, alphabet: str) -> str:
    """Word's letter numbering: a … z, then aa … zz (the letter repeated)."""
    index = max(value, 1) - 1
    return alphabet[index % len(alphabet)] * (index // len(alphabet) + 1)


# w:numFmt value → how a counter is written. Formats not listed are written as decimals.
NUMBER_FORMATS: dict[str, Any] = {
    "decimal": str,
    "thaiNumbers": lambda v: str(v).translate(_THAI_DIGITS),
    "thaiCounting": lambda v: str(v).translate(_THAI_DIGITS),
    "thaiLetters": lambda v: _letters(v, _THAI_LETTERS),
    "lowerLetter": lambda v: _letters(v, "abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": lambda v: _letters(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "lowerRoman": _roman,
    "upperRoman": lambda v: _roman(v).upper(),
    "decimalZero": lambda v: f"{v:02d}",
}


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Counters of every list of one document, fed paragraph by paragraph in body order."""

    levels: dict[tuple[str, int], _Level] = field(default_factory=dict)   # (numId, ilvl) → level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)       # numId → ilvl → current value

    @classmethod
    def of(cls, numbering_element: Any) -> Numbering:
        """Read numbering.xml (its root element, or None when the document has no lists)."""
        numbering = cls()
        if numbering_element is None:
            return numbering
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering_element.findall(qn("w:abstractNum"))}
        for num in numbering_element.findall(qn("w:num")):
            levels = abstract.get(_val(num, "w:abstractNumId"))
            overrides = {o.get(qn("w:ilvl")): _val(o, "w:startOverride") for o in num.findall(qn("w:lvlOverride"))}
            for lvl in levels.findall(qn("w:lvl")) if levels is not None else []:
                ilvl = lvl.get(qn("w:ilvl")) or "0"
                start = overrides.get(ilvl) or _val(lvl, "w:start") or "1"
                numbering.levels[(num.get(qn("w:numId")), int(ilvl))] = _Level(
                    _val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "", int(start))
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The number (or bullet) the next paragraph of list `num_id` at level `ilvl` shows; '' if none."""
        level = self.levels.get((num_id, ilvl))
        if level is None or num_id == "0":
            return ""
        if level.fmt == "bullet":
            return BULLET
        if level.fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level.start
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item at this level starts the levels under it again
        text = level.text
        for index in range(ilvl + 1):
            own = self.levels.get((num_id, index))
            value = counters.get(index, own.start if own else 1)
            write = NUMBER_FORMATS.get(own.fmt if own else "decimal", str)
            text = text.replace(f"%{index + 1}", write(value))
        return text


def paragraph_numbering(p: Any, styles: dict[str, Any]) -> tuple[str, int] | None:
    """(numId, ilvl) of a w:p: its own w:numPr, else its style's (styles inherit through basedOn)."""
    ppr = p.find(qn("w:pPr"))
    num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
    style_id = _val(ppr, "w:pStyle")
    seen: set[str] = set()
    while num_pr is None and style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get(style_id)
        if style is None:
            break
        style_ppr = style.find(qn("w:pPr"))
        num_pr = style_ppr.find(qn("w:numPr")) if style_ppr is not None else None
        style_id = _val(style, "w:basedOn")
    num_id = _val(num_pr, "w:numId") if num_pr is not None else None
    if not num_id:
        return None
    return num_id, int(_val(num_pr, "w:ilvl") or 0)
