"""Header facts: the organisation the document is about (parsers.extract.organizations), its fiscal and
assessment years (parsers.extract.years), and the kinds of document it bundles.

The organisation is chosen by support, not by first sight: every 'องค์การบริหารส่วนตำบลX' /
'อบต.X' is a candidate, and the name that most mentions start with wins, so a name left over
from another organisation's template (it appears once) loses and is reported as a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from parsers.document import Document, Line, Origin
from parsers.extract.organizations import find_organization
from parsers.extract.records import Finding
from parsers.extract.years import assessment_year_of, fiscal_years_of
from parsers.knowledge.vocab import (
    ANNOUNCEMENT_CLOSINGS,
    ANNOUNCEMENT_OPENINGS,
    DOCUMENT_KIND_PHRASES,
    MEASURES_SUBJECTS,
    OPENING_FUZZY_MIN_CHARS,
    TITLE_KIND_MATCH,
    TITLE_KIND_PHRASES,
)
from parsers.thai.normalise import squash

_TITLE_LINES = 8
_TITLE_LINE_MAX = 220
_HEADING_MAX = 160
_PAGE_TITLE_MAX = 120  # a page's first line this short may open a bundled part ('ประกาศ…')
_NOT_AN_ANNOUNCEMENT = ("ประกาศต่าง", "ประกาศผล")  # 'ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อ…' is an OIT item


@dataclass
class HeaderRecords:
    name: str | None = None
    short_name: str | None = None
    org_type: str | None = None
    agency_kind: str | None = None       # vocab.AGENCY_KINDS: local_government, hospital, health_office, …
    district: str | None = None
    province: str | None = None
    org_origin: Origin | None = None
    fiscal_year: int | None = None
    fiscal_years: list[int] = field(default_factory=list)  # a multi-year plan's years, fiscal_year first
    assessment_year: int | None = None
    kinds: list[str] = field(default_factory=list)        # vocab.DOCUMENT_KIND_PHRASES' kinds
    # The kinds a title reveals (vocab.EXTRA_DOCUMENT_KINDS: plan, announcement, pledge, manual,
    # ethics_code, procurement_report). The schema's DocumentKind has them all; they are kept apart
    # so that the report lists them after the kinds the measures add (extractors.ReferencesExtractor).
    extra_kinds: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def title_lines(lines: list[Line]) -> list[Line]:
    """The document's title block: its first short lines, up to the first long paragraph."""
    block = []
    for line in lines[:_TITLE_LINES]:
        if len(line.text) > _TITLE_LINE_MAX:
            break
        block.append(line)
    return block or lines[:1]


def table_titles(doc: Document) -> list[Line]:
    """The title row of every table – its one filled cell, short – which names the table as a page's
    first line names a bundled part. Word repeats a table's title row on every page it runs onto,
    and the PDF reader keeps it once (the table is joined across pages), so it is looked for here,
    not among the page openings."""
    titles = []
    for table in doc.tables():
        filled = [text for text in table.rows[0].texts if text] if table.rows else []
        if len(filled) == 1 and len(filled[0]) <= _PAGE_TITLE_MAX and table.width > 1:
            titles.append(Line(filled[0], table.rows[0].origin))
    return titles


def page_openings(lines: list[Line]) -> list[Line]:
    """The first line of every PDF page, when short: where a bundled part's title stands."""
    seen: set[int] = set()
    openings = []
    for line in lines:
        page = line.origin.page
        if page is not None and page not in seen:
            seen.add(page)
            if len(line.text) <= _PAGE_TITLE_MAX:
                openings.append(line)
    return openings


_MARK_CHARS = "\u0e31" + "".join(map(chr, range(0x0E34, 0x0E3B))) + "".join(map(chr, range(0x0E47, 0x0E4F)))
_MARKS = re.compile(f"[{_MARK_CHARS}]")  # vowel and tone marks above/below the line


def opens_with(text: str, phrase: str) -> bool:
    """The squashed text starts with the phrase; a long phrase may have lost its marks in OCR
    ('บนทกขอความ' for 'บันทึกข้อความ'), so its consonants and vowels on the line must still open
    the text: 'บันทึกข้อมูล' differs in letters, not marks, and is no memo."""
    if text.startswith(phrase):
        return True
    return len(phrase) >= OPENING_FUZZY_MIN_CHARS and _MARKS.sub("", text).startswith(_MARKS.sub("", phrase))


def _opens_any(texts: list[str], phrases: list[str], unmarked: list[str]) -> bool:
    """`opens_with(t, p)` for some text and phrase; `unmarked` is the texts without their marks."""
    if any(t.startswith(tuple(phrases)) for t in texts):
        return True
    long_phrases = tuple(_MARKS.sub("", p) for p in phrases if len(p) >= OPENING_FUZZY_MIN_CHARS)
    return bool(long_phrases) and any(t.startswith(long_phrases) for t in unmarked)


# The first letters of the order and memo phrases: only a heading whose first letter (marks
# aside) is one of them can open with such a phrase once marks are dropped.
_OPENING_LETTERS = frozenset(squash(p).lstrip(_MARK_CHARS)[:1] for kind in ("order", "memo") for p in DOCUMENT_KIND_PHRASES[kind])


def _unmarked_openings(headings: list[str]) -> list[str]:
    """The headings that may open with an order or memo phrase, without their marks."""
    return [_MARKS.sub("", h) for h in headings if h.lstrip(_MARK_CHARS)[:1] in _OPENING_LETTERS]


def _heading_kinds(headings: list[str]) -> list[str]:
    """Kinds whose title phrase stands in a heading-like line (squashed; short, or opening the line)."""
    kinds = []
    # One string for the substring tests (a phrase is squashed: it holds no newline), and the
    # headings without marks only when an opening phrase needs them: the tests were a Python
    # loop over every heading and phrase.
    joined = "\n".join(headings)
    unmarked: list[str] | None = None
    for kind, phrases in DOCUMENT_KIND_PHRASES.items():
        squashed = [squash(p) for p in phrases]
        if kind in ("order", "memo"):
            unmarked = _unmarked_openings(headings) if unmarked is None else unmarked
            hit = _opens_any(headings, squashed, unmarked)
        else:
            hit = any(p in joined for p in squashed)
        if hit:
            kinds.append(kind)
    return kinds


def _cutoff(phrase: str) -> float:
    """About one lost mark in the phrase, never less than TITLE_KIND_MATCH: 'ในการดำเนินงาน' is
    not 'แผนการดำเนินงาน'."""
    return max(TITLE_KIND_MATCH, 100 - 100 / len(phrase))


def _title_kinds(block: list[str], openings: list[str]) -> list[str]:
    """Kinds only a title reveals: a phrase anywhere in the title block, or opening a page."""
    kinds = []
    for kind, phrases in TITLE_KIND_PHRASES.items():
        squashed = [squash(p) for p in phrases]
        # with the cutoff rapidfuzz gives up early on a line that cannot reach it (the score is then 0)
        in_block = any(fuzz.partial_ratio(p, t, score_cutoff=_cutoff(p)) >= _cutoff(p) for t in block for p in squashed if len(t) >= len(p))
        if in_block or any(opens_with(t, p) for t in openings for p in squashed):
            kinds.append(kind)
    return kinds


def _is_announcement(titles: list[str], squashed_lines: list[str]) -> bool:
    """An announcement's letterhead opens its title ('ประกาศองค์การบริหารส่วนตำบล… เรื่อง …'), or
    its closing formula stands anywhere ('ประกาศ ณ วันที่ …'); the texts are squashed."""
    opened = any(t.startswith(ANNOUNCEMENT_OPENINGS) and not t.startswith(_NOT_AN_ANNOUNCEMENT) for t in titles)
    return opened or any(t.startswith(ANNOUNCEMENT_CLOSINGS) for t in squashed_lines)


_CLOSING_LETTERS = frozenset(closing[:1] for closing in ANNOUNCEMENT_CLOSINGS)
_LEADING_SPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]*")  # what thai.squash removes


def _first_visible(text: str) -> str:
    """The first character `squash` keeps ('' when none)."""
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    return text[start:start + 1]


def document_kinds(lines: list[Line], block: list[Line] | None = None, titled: list[Line] | None = None) -> tuple[list[str], list[str]]:
    """(the contract's kinds, the extra kinds) of a document; `titled` are tables' title rows, read
    as page openings."""
    block = title_lines(lines) if block is None else block
    kinds = _heading_kinds([squash(line.text) for line in lines if len(line.text) <= _HEADING_MAX])
    block_texts = [squash(line.text) for line in block]
    opening_texts = [squash(line.text) for line in page_openings(lines) + (titled or [])]
    titles = block_texts + opening_texts
    if "measures" not in kinds and any(s in t for t in titles for s in MEASURES_SUBJECTS):
        kinds.append("measures")   # 'ประกาศ… เรื่อง มาตรการป้องกันการทุจริต…': the document is a set of measures
    # a squashed line opens with a closing formula only if its first visible letter is the formula's
    closings = [squash(line.text) for line in lines if _first_visible(line.text) in _CLOSING_LETTERS]
    extra = ["announcement"] if _is_announcement(titles, closings) else []
    return kinds, extra + _title_kinds(block_texts, opening_texts)


def _add_organization(result: HeaderRecords, lines: list[Line], block: list[Line]) -> None:
    org = find_organization(lines, block)
    if org is None:
        return
    result.name, result.short_name = org.name, org.short_name
    result.org_type, result.agency_kind = org.org_type.code, org.org_type.kind
    result.district, result.province, result.org_origin = org.district, org.province, org.origin
    for leftover, where in org.leftovers:
        result.findings.append(Finding(
            "organization_name_leftover",
            f"'{leftover}' is named as an organisation here, but the document is about '{org.short_name}' (template leftover?)",
            where))


def extract_header(doc: Document) -> HeaderRecords:
    lines = list(doc.lines())
    block = title_lines(lines)
    result = HeaderRecords()
    _add_organization(result, lines, block)
    result.fiscal_years = list(fiscal_years_of(lines, block))
    result.fiscal_year = result.fiscal_years[0] if result.fiscal_years else None
    result.assessment_year = assessment_year_of(lines, result.fiscal_year)
    result.kinds, result.extra_kinds = document_kinds(lines, block, table_titles(doc))
    return result
