"""Header facts: the organisation the document is about, its fiscal and assessment years,
and the kinds of document it bundles.

The organisation is chosen by support, not by first sight: every 'องค์การบริหารส่วนตำบลX' /
'อบต.X' is a candidate, and the name that most mentions start with wins, so a name left over
from another organisation's template (it appears once) loses and is reported as a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from parsers.document import Document, Line, Origin
from parsers.records import Finding
from parsers.thai import squash
from parsers.vocab import (
    DISTRICT_PREFIXES,
    DISTRICT_TERMINATORS,
    DOCUMENT_KIND_PHRASES,
    NOT_A_NAME_PREFIXES,
    ORG_NAME_TERMINATORS,
    ORG_TYPES,
    PLAUSIBLE_BE_YEARS,
    PROVINCE_PREFIXES,
    OrgType,
)

_THAI_WORD = r"[\u0e00-\u0e7f]+"
_NAME_CHARS = re.compile(r"[\u0e00-\u0e2e\u0e30-\u0e4e]")  # Thai letters and marks, not ฯ/digits
_LONGEST_NAME = 30  # a 'whole token' longer than this is words run together, not a name
_TITLE_LINES = 8
_TITLE_LINE_MAX = 220
_FISCAL_YEAR_IN_TITLE = re.compile(r"(?:ประจำปี(?:งบประมาณ)?|ปีงบประมาณ)\s*(?:พ\.\s*ศ\.\s*)?(?P<year>\d{4})")
_ASSESSMENT_YEAR = re.compile(
    r"(?:ผล(?:คะแนน)?การประเมิน|ผลการประเมิน)\s*(?:คุณธรรม|\(?ITA\)?)[^\n]{0,110}?"
    r"(?:พ\.\s*ศ\.\s*|ประจำปี(?:งบประมาณ)?\s*|ปีงบประมาณ\s*|ปี\s*)(?P<year>\d{4})")
_HEADING_MAX = 160


def _flexible(text: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in text)


_ORG_MENTION = re.compile(
    "(?:" + "|".join(
        [f"(?P<full{i}>{_flexible(t.full)})" for i, t in enumerate(ORG_TYPES)]
        + [f"(?P<abbr{i}>(?<![\u0e00-\u0e7f])(?:{'|'.join(re.escape(a) for a in t.abbreviations)})(?=[\u0e00-\u0e7f]))"
           for i, t in enumerate(ORG_TYPES)]
    )
    + ")" + rf"\s*(?P<name>{_THAI_WORD})"
)


@dataclass
class OrgMention:
    org_type: OrgType
    continuation: str   # the Thai text after the type, up to the next space
    whole: bool         # followed by a space or the end: the continuation is a whole name
    origin: Origin


@dataclass
class HeaderFindings:
    name: str | None = None
    short_name: str | None = None
    org_type: str | None = None
    district: str | None = None
    province: str | None = None
    org_origin: Origin | None = None
    fiscal_year: int | None = None
    assessment_year: int | None = None
    kinds: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def org_mentions(lines: list[Line]) -> list[OrgMention]:
    mentions = []
    for line in lines:
        for m in _ORG_MENTION.finditer(line.text):
            index = int(next(k for k, v in m.groupdict().items() if v and k != "name")[4:])
            name = m.group("name")
            whole = m.end() == len(line.text) or not _NAME_CHARS.match(line.text[m.end()])
            mentions.append(OrgMention(ORG_TYPES[index], name, whole, line.origin))
    return mentions


def cut_at_terminator(continuation: str, terminators: tuple[str, ...] = ORG_NAME_TERMINATORS) -> str:
    """'โนนเมืองประจำปีงบประมาณ' → 'โนนเมือง': for names that run into the next word."""
    cut = len(continuation)
    for word in terminators:
        index = continuation.find(word, 2)
        if index != -1:
            cut = min(cut, index)
    return continuation[:cut]


def _is_name(text: str) -> bool:
    return 2 <= len(text) <= _LONGEST_NAME and not text.startswith(NOT_A_NAME_PREFIXES)


def choose_organization(mentions: list[OrgMention]) -> tuple[str, OrgType, list[str]] | None:
    """(short name, type, leftover names): the name most mentions start with wins; ties go to
    the name written most often as a whole word (so 'นาใน' is not cut to 'นา')."""
    whole = Counter(m.continuation for m in mentions if m.whole and _is_name(m.continuation))
    candidates = set(whole) | {c for c in (cut_at_terminator(m.continuation) for m in mentions) if _is_name(c)}
    if not candidates:
        return None

    def support(name: str) -> tuple[int, int, int]:
        return (sum(1 for m in mentions if m.continuation.startswith(name)), whole[name], len(name))

    best = max(candidates, key=support)
    types = Counter(m.org_type for m in mentions if m.continuation.startswith(best))
    others = {cut_at_terminator(c) for c in candidates if not c.startswith(best) and not best.startswith(c)}
    return best, types.most_common(1)[0][0], sorted(o for o in others if _is_name(o))


@lru_cache(maxsize=1)
def _province_names() -> tuple[str, ...]:
    from pythainlp.corpus import provinces  # deferred: the corpus loads on first use

    return tuple(sorted((p["name_th"] for p in provinces(details=True)), key=len, reverse=True))


def province_in(text: str) -> str | None:
    """The province a 'จังหวัดX…' continuation names, checked against pythainlp's list."""
    for name in _province_names():
        if text.startswith(name):
            return name
    match = process.extractOne(cut_at_terminator(text), _province_names(), scorer=fuzz.ratio, score_cutoff=90)
    return match[0] if match else None


def _after_prefix(text: str, prefixes: tuple[str, ...]) -> list[str]:
    found = []
    for prefix in prefixes:
        for m in re.finditer(rf"(?<![\u0e00-\u0e7f]){re.escape(prefix)}\s*({_THAI_WORD})", text):
            found.append(m.group(1))
    return found


def locate(lines: list[Line], short_name: str) -> tuple[str | None, str | None, Origin | None]:
    """District and province from lines that name the organisation (or the line after)."""
    districts: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    origin = None
    for i, line in enumerate(lines):
        if short_name not in line.text:
            continue
        window = " ".join(x.text for x in lines[i:i + 2])
        for text in _after_prefix(window, DISTRICT_PREFIXES):
            districts[cut_at_terminator(text, DISTRICT_TERMINATORS)] += 1
        for text in _after_prefix(window, PROVINCE_PREFIXES):
            province = province_in(text)
            if province:
                provinces[province] += 1
                origin = origin or line.origin
    district = districts.most_common(1)[0][0] if districts else None
    province = provinces.most_common(1)[0][0] if provinces else None
    return district, province, origin


def title_lines(lines: list[Line]) -> list[Line]:
    """The document's title block: its first short lines, up to the first long paragraph."""
    block = []
    for line in lines[:_TITLE_LINES]:
        if len(line.text) > _TITLE_LINE_MAX:
            break
        block.append(line)
    return block or lines[:1]


def fiscal_year_of(lines: list[Line]) -> int | None:
    for line in title_lines(lines):
        match = _FISCAL_YEAR_IN_TITLE.search(line.text)
        if match and int(match.group("year")) in PLAUSIBLE_BE_YEARS:
            return int(match.group("year"))
    counts = Counter(int(m.group("year")) for line in lines for m in _FISCAL_YEAR_IN_TITLE.finditer(line.text)
                     if int(m.group("year")) in PLAUSIBLE_BE_YEARS)
    return counts.most_common(1)[0][0] if counts else None


def assessment_year_of(lines: list[Line], fiscal_year: int | None) -> int | None:
    """The ITA year whose results are reported: the year most often given with 'ผลการประเมิน…'."""
    years = [int(m.group("year")) for line in lines for m in _ASSESSMENT_YEAR.finditer(line.text)]
    years = [y for y in years if y in PLAUSIBLE_BE_YEARS and (fiscal_year is None or y <= fiscal_year)]
    if not years:
        return None
    counts = Counter(years)
    top = max(counts.values())
    return next(y for y in years if counts[y] == top)


def document_kinds(lines: list[Line]) -> list[str]:
    """Kinds whose title phrase stands in a heading-like line (short, or opening the line)."""
    kinds = []
    headings = [squash(line.text) for line in lines if len(line.text) <= _HEADING_MAX]
    for kind, phrases in DOCUMENT_KIND_PHRASES.items():
        squashed = [squash(p) for p in phrases]
        if kind in ("order", "memo"):
            hit = any(h.startswith(p) for h in headings for p in squashed)
        else:
            hit = any(p in h for h in headings for p in squashed)
        if hit:
            kinds.append(kind)
    return kinds


def extract_header(doc: Document) -> HeaderFindings:
    lines = list(doc.lines())
    result = HeaderFindings()
    mentions = org_mentions(lines)
    chosen = choose_organization(mentions)
    if chosen:
        short, org_type, leftovers = chosen
        result.short_name, result.org_type = short, org_type.code
        result.name = org_type.full + short
        result.district, result.province, result.org_origin = locate(lines, short)
        if result.org_origin is None:
            result.org_origin = next(m.origin for m in mentions if m.continuation.startswith(short))
        for leftover in leftovers:
            where = next(m.origin for m in mentions if m.continuation.startswith(leftover))
            result.findings.append(Finding(
                "organization_name_leftover",
                f"'{leftover}' is named as an organisation here, but the document is about '{short}' (template leftover?)",
                where))
    result.fiscal_year = fiscal_year_of(lines)
    result.assessment_year = assessment_year_of(lines, result.fiscal_year)
    result.kinds = document_kinds(lines)
    return result
