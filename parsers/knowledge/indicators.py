"""Resolve the names reports give the ten ITA indicators to their canonical number.

Two entry points: `resolve_indicator(cell_text)` for a delimited name (a table cell), matched
with rapidfuzz against every spelling in `vocab.INDICATORS`; and `INDICATOR_NAME_PATTERN`
for names inside running prose, where spaces may fall anywhere in the name.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from parsers.knowledge.vocab import INDICATORS, IndicatorInfo
from parsers.thai.normalise import squash

_CELL_SCORE_CUTOFF = 86.0
_SPELLINGS: list[tuple[str, IndicatorInfo]] = [(s, info) for info in INDICATORS for s in info.spellings]
_SPELLING_TEXTS = [squash(s) for s, _ in _SPELLINGS]
# fuzz.ratio is 100·(1 − distance/(a+b)) and the distance is at least |a − b|, so a name can reach
# the cutoff only if its length is within these bounds of some spelling's (a little wider, for
# rounding): other cells (numbers, sentences) skip rapidfuzz.
_LENGTH_SLACK = (100 - _CELL_SCORE_CUTOFF) / 100 + 0.01
_SHORTEST_NAME = min(map(len, _SPELLING_TEXTS)) * (1 - _LENGTH_SLACK) / (1 + _LENGTH_SLACK)
_LONGEST_NAME = max(map(len, _SPELLING_TEXTS)) * (1 + _LENGTH_SLACK) / (1 - _LENGTH_SLACK)
# "ตัวชี้วัดที่ 4", "ตัวชี้วัด", "๑.", "(1)" in front of a name.
_NAME_PREFIX = re.compile(r"^\s*(?:\(?\d{1,2}[.)]\s*)?(?:ตัวชี้วัด(?:ที่)?\s*(?:\d{1,2}(?:\.\d)?)?\s*)?(?:\(?\d{1,2}[.)]\s*)?")


def _flexible(name: str) -> str:
    """A regex for a name with optional whitespace between any two characters."""
    return r"\s?".join(re.escape(ch) for ch in name)


# Longest spelling first, so 'การปรับปรุงระบบการทำงาน' wins over 'การปรับปรุงการทำงาน'.
INDICATOR_NAME_PATTERN = re.compile(
    "|".join(_flexible(s) for s, _ in sorted(_SPELLINGS, key=lambda x: len(x[0]), reverse=True))
)


# An indicator named in prose: 'ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่', 'ตัวชี้วัดที่ 9', or a bare name.
INDICATOR_ANCHOR = re.compile(
    rf"ตัวชี้วัดที่\s*(?P<number>\d{{1,2}})(?![\d.])\s*(?P<name>{INDICATOR_NAME_PATTERN.pattern})?"
    rf"|(?P<bare>{INDICATOR_NAME_PATTERN.pattern})"
)


def strip_name_prefix(text: str) -> str:
    return _NAME_PREFIX.sub("", text, count=1).strip()


def resolve_indicator(text: str) -> IndicatorInfo | None:
    """A cell such as '๔. การใช้ทรัพย์สินของราชการ' → indicator 4; None if it is not a name."""
    name = squash(strip_name_prefix(text))
    if not _SHORTEST_NAME <= len(name) <= _LONGEST_NAME:
        return None
    match = process.extractOne(name, _SPELLING_TEXTS, scorer=fuzz.ratio, score_cutoff=_CELL_SCORE_CUTOFF)
    return None if match is None else _SPELLINGS[match[2]][1]


def indicator_by_spelling(written: str) -> IndicatorInfo:
    """The indicator of a spelling matched by INDICATOR_NAME_PATTERN."""
    return _SPELLINGS[_SPELLING_TEXTS.index(squash(written))][1]


def indicator_named_in(text: str) -> IndicatorInfo | None:
    """The indicator whose name (longest spelling) appears inside a longer text, e.g. a measure title."""
    squashed = squash(text)
    found = [(len(s), info) for s, (_, info) in zip(_SPELLING_TEXTS, _SPELLINGS, strict=True) if s in squashed]
    return max(found, key=lambda x: x[0])[1] if found else None
