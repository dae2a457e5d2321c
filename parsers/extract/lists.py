"""Split a table cell into list items: steps (one per bullet) and responsible units.

Cells arrive as converters left them: `<ul><li>- a</li><li>- b</li></ul>`, `➤ a ➤ b`,
`- a -b`, `๑. a ๒. b`, `<p>a</p> <p>b</p>`. Each splitter is a small pure function.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from parsers.knowledge.vocab import KNOWN_UNITS
from parsers.thai.letters import BULLET_GLYPHS
from parsers.thai.normalise import collapse_whitespace, normalise_text, squash, strip_markdown

ITEM_BREAK = "\n"
_BLOCK_TAG = re.compile(r"</?(?:li|p|br|ul|ol|div|tr|td)\b[^<>]*>", re.IGNORECASE)
# A dash bullet: '-' or '–' at the start or after a space, followed by Thai text
# (so 'E – PlanNACC' and '๒๕๖๕- ๓๐' are not bullets).
_DASH_BULLET = re.compile(r"(?:^|(?<=\s))[-–]\s*(?=[\u0e00-\u0e7f\"“(])")
# Numbering: '๑.', '2)', '(3)' at the start or after a space, not a decimal like 93.40.
_NUMBERING = re.compile(r"(?:^|(?<=\s))(?:\(\d{1,2}\)|\d{1,2}[.)](?!\d))\s*")
_UNIT_SCORE_CUTOFF = 88.0


def _mark_breaks(raw: str) -> str:
    """Turn list markup and bullet glyphs into item breaks; digits still as written."""
    text = _BLOCK_TAG.sub(ITEM_BREAK, strip_markdown(raw))
    for glyph in BULLET_GLYPHS:
        text = text.replace(glyph, ITEM_BREAK)
    return text


def _split_on(pattern: re.Pattern[str], pieces: list[str]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        out.extend(pattern.sub(ITEM_BREAK, piece).split(ITEM_BREAK))
    return out


def _clean_items(pieces: list[str]) -> list[str]:
    items = [normalise_text(p).strip(" -–,;") for p in pieces]
    return [i for i in items if i]


def split_items(raw: str) -> list[str]:
    """A steps/result cell → one string per bullet, list item or numbered point."""
    pieces = _mark_breaks(raw).split(ITEM_BREAK)
    pieces = _split_on(_DASH_BULLET, [normalise_text(p) for p in pieces])
    return _clean_items(_split_on(_NUMBERING, pieces))


def _unit_processor(text: str) -> str:
    return squash(text).rstrip("ฯ")


def is_known_unit(text: str) -> bool:
    """Whether a piece is one of the organisation's units ('กองการศึกษาฯ' ≈ 'กองการศึกษา')."""
    match = process.extractOne(text, KNOWN_UNITS, scorer=fuzz.ratio, processor=_unit_processor,
                               score_cutoff=_UNIT_SCORE_CUTOFF)
    return match is not None


def units_written_together(text: str) -> list[str] | None:
    """'สำนักงานปลัดกองคลังกองช่าง' (a PDF wrap lost the spaces) → the known units it is made of,
    longest first at each step; None unless the whole text is two or more known units."""
    if not text:
        return []
    for unit in sorted((u for u in KNOWN_UNITS if text.startswith(u)), key=len, reverse=True):
        rest = units_written_together(text[len(unit):])
        if rest is not None:
            return [unit, *rest]
    return None


def split_run_together_units(item: str) -> list[str]:
    """'สำนักงานปลัด กองคลัง กองช่าง' → three units, with or without the spaces; a role stays whole."""
    words = item.split(" ")
    if len(words) > 1 and all(is_known_unit(w) for w in words):
        return words
    together = units_written_together(squash(item))
    return together if together and len(together) > 1 else [item]


def split_responsible(raw: str) -> list[str]:
    """A ผู้รับผิดชอบ cell → one string per unit or role, in order, without repeats."""
    units: list[str] = []
    for item in split_items(raw):
        for part in item.split("/"):
            for unit in split_run_together_units(collapse_whitespace(part)):
                unit = unit.strip(" -–,;")
                if unit and unit not in units:
                    units.append(unit)
    return units
