"""Evidence documents: is this document itself an OIT item, in the catalog of the years it covers?

An archive that holds an organisation's แผนปฏิบัติการป้องกันการทุจริต or ประมวลจริยธรรม has published
that item, whether or not any text writes its code. A document is classified by its title (the
first lines of its title block and of its pages), compared with rapidfuzz against each catalog
title of each year it covers, and against the few other titles the same document is published
under (EVIDENCE_ALIASES). A title is the item's when the item's words open the line (within
TITLE_LEAD characters) at TITLE_EVIDENCE similarity or more; of several, the longest title wins
('รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรม…' is O43, not the O42 it contains).

The years: each fiscal year the document covers (a 4-year plan counts for each year), and an ITA
year the document says it is published for, when that is later than the years it covers
(`ita_year_stated`). A year whose O-items the catalog does not know (2568 on) gets no item.
Thresholds measured on the real documents of ../shared/real and the seeds (tests/test_audit_evidence.py):
the true titles (hangdong's plan, the pledge, the ethics rules, the seeds' measures) score 100; the
closest other title of a document that is no item's (nongyai's procurement measures against
'แผนป้องกันการทุจริต') 84.2, the strategy plan, procurement analyses and manuals 75 or less.

EvidenceExtractor runs `classify` on the document's title block and the header's fiscal years.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

from parsers.document import Document, Line, Origin
from parsers.extract.base import Extraction, ExtractionContext
from parsers.extract.header import HeaderRecords, title_lines
from parsers.extract.years import year_phrases
from parsers.knowledge.catalog import framework_of, oit_titles
from parsers.knowledge.vocab import ITA_YEAR_CUES
from parsers.thai.normalise import normalise_text, squash
from schema.codes import YearBasis

# Similarity of the item's words to the start of a title line; measured (see the docstring).
TITLE_EVIDENCE = 90.0
# Characters a title line may have before the item's words ('(ร่าง) ', 'ประกาศ…เรื่อง' is cut first).
TITLE_LEAD = 12
# Catalog titles shorter than this ('Q&A', 'โครงสร้าง') name a web page, not a document's title.
MIN_TITLE_CHARS = 12
# The other titles an item's document is published under (Thai knowledge: the ITA manuals' names,
# and what the real documents of ../shared/real are titled). Keys are catalog titles.
EVIDENCE_ALIASES: dict[str, tuple[str, ...]] = {
    "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ": ("ประมวลจริยธรรม", "ข้อกำหนดจริยธรรม"),
    "เจตจำนงสุจริตของผู้บริหาร": ("คำกล่าวแสดงเจตจำนง", "ประกาศเจตจำนงสุจริต", "แสดงเจตจำนงสุจริต"),
    "แผนปฏิบัติการป้องกันการทุจริต": ("แผนป้องกันการทุจริต",),
    "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": ("มาตรการส่งเสริมคุณธรรมและความโปร่งใส",),
    "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน": (
        "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส", "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม"),
    "การประเมินความเสี่ยงการทุจริตประจำปี": ("การประเมินความเสี่ยงการทุจริต",),
    "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี": ("การประเมินความเสี่ยงการทุจริต",),
}
# An announcement's title is what follows เรื่อง ('ประกาศ อบต.… เรื่อง ประมวลจริยธรรม…').
_SUBJECT = re.compile(r"^.{0,120}?เรื่อง")
_LEADING_MARKUP = re.compile(r"^[#*>\-\s(]+")


@dataclass(frozen=True)
class EvidenceRecord:
    code: str
    assessment_year: int
    catalog_title: str
    similarity: float
    year_basis: YearBasis
    origin: Origin


def title_text(line: str) -> str:
    """The part of a title line compared with the catalog: spacing gone, an announcement's subject."""
    text = squash(_LEADING_MARKUP.sub("", normalise_text(line)))
    return _SUBJECT.sub("", text, count=1)


def _opening_score(wanted: str, line: str, cutoff: float) -> float:
    """0–100: how well the squashed title `wanted` opens the line (the line's first
    len(wanted)+TITLE_LEAD characters); 0 when below `cutoff` (rapidfuzz then stops early)."""
    return fuzz.partial_ratio(wanted, line[: len(wanted) + TITLE_LEAD], score_cutoff=cutoff)


@cache
def wanted_titles(framework: str) -> tuple[tuple[str, str, str], ...]:
    """(code, catalog title, a title its document is published under, squashed) of the
    framework's items, the catalog title first, titles of web pages left out."""
    found = []
    for code, title in oit_titles(framework).items():
        for wanted in (title, *EVIDENCE_ALIASES.get(title, ())):
            if len(squash(wanted)) >= MIN_TITLE_CHARS:
                found.append((code, title, squash(wanted)))
    return tuple(found)


def best_item(lines: list[tuple[str, Origin]], framework: str) -> tuple[str, str, float, Origin] | None:
    """(code, catalog title, similarity, line) of the framework's item the title lines name best."""
    best: tuple[float, int, str, str, Origin] | None = None
    for code, title, wanted in wanted_titles(framework):
        for text, origin in lines:
            score = _opening_score(wanted, text, TITLE_EVIDENCE)
            candidate = (score, len(wanted), code, title, origin)
            if score >= TITLE_EVIDENCE and (best is None or candidate[:2] > best[:2]):
                best = candidate
    return (best[2], best[3], best[0], best[4]) if best else None


def evidence_years(fiscal_years: Iterable[int], lines: Iterable[Line]) -> list[tuple[int, str]]:
    """(year, basis) of every assessment year the document can be evidence for."""
    covered = sorted(set(fiscal_years))
    years = [(year, YearBasis.FISCAL_YEAR) for year in covered]
    # An ITA year's phrase starts with one of ITA_YEAR_CUES as written: other lines cannot hold one.
    stated = {p.year for line in lines if any(cue in line.text for cue in ITA_YEAR_CUES)
              for p in year_phrases(line.text) if p.kind == "ita"}
    later = sorted(y for y in stated if not covered or y > covered[-1])
    return years + [(year, YearBasis.ITA_YEAR_STATED) for year in later]


def classify(title_block: list[Line], fiscal_years: Iterable[int], lines: Iterable[Line]) -> list[EvidenceRecord]:
    """Every (item, year) the document is the evidence of, by its title and the years it covers."""
    texts = [(title_text(line.text), line.origin) for line in title_block]
    found = []
    for year, basis in evidence_years(fiscal_years, lines):
        framework = framework_of(year)
        match = best_item(texts, framework) if framework else None
        if match:
            code, title, score, origin = match
            found.append(EvidenceRecord(code, year, title, round(score, 1), basis, origin))
    return found


class EvidenceExtractor:
    """Which OIT items the document itself is, in the years it covers."""

    name = "evidence"

    def extract(self, doc: Document, context: ExtractionContext) -> Extraction:
        header: HeaderRecords = context.records("header")
        lines = list(doc.lines())
        return Extraction(classify(title_lines(lines), header.fiscal_years, lines))
