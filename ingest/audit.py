"""The auditors' question: which organisations are missing which OIT items, and where does the
archive say so?

SOURCE (an SQLite store or a folder of report JSON; several may be given) → AuditDocument per
distinct content → one OrgAudit per (organisation, assessment year) with each asked item's status
and evidence. Organisations are identified across documents by ingest/identity.py (OCR variants
are one organisation, real neighbours are not). A status comes from the evidence, strongest first:

    published            the archive holds the item's document itself (a report's `evidence_for`)
    reported_missing     a deficiency context: the report says the item lost points or was not shown
    remediation_planned  a measure row is for the item
    mentioned            any other reference (a score, a mention)
    not_mentioned        the organisation's ITA report for the year (an analysis, measures, an
                         implementation report, or one stating the ITA year it reports) is silent on it
    no_ita_report        the organisation-year has no ITA report, so its silence says nothing
                         (a development or manpower plan alone is not a report that could mention it)

A reference is audited by its meaning: when the title printed after a code is another item's
title in that year's catalog (seed 000 writes `O๓๙ … แผนปฏิบัติการป้องกันการทุจริต`, O36 in 2566),
it counts for the item its title names, and stays listed, not counted, under the code as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import fuzz

from ingest.audit_sources import (  # re-exported: the audit's callers read sources through this module
    AUDITOR_WARNINGS,
    AuditDocument,
    AuditSourceError,
    AuditSources,
    Reference,
    load_all,
    load_documents,
)
from ingest.identity import OrgKey, clean_name, identify
from ingest.terminal import clean_for_terminal
from parsers.knowledge.catalog import TITLE_MATCH, catalog, framework_for_year, framework_of, oit_codes, oit_titles
from parsers.thai.normalise import collapse_whitespace, normalise_text, squash, strip_html

__all__ = ["AUDITOR_WARNINGS", "AuditSourceError", "AuditSources", "audit", "load_all", "load_documents",
           "parse_items", "summary_counts"]


class AuditStatus(StrEnum):
    """An item's status for an organisation-year, strongest first (the module's docstring says each)."""

    PUBLISHED = "published"
    REPORTED_MISSING = "reported_missing"
    REMEDIATION_PLANNED = "remediation_planned"
    MENTIONED = "mentioned"
    NOT_MENTIONED = "not_mentioned"
    NO_ITA_REPORT = "no_ita_report"


STATUSES = tuple(AuditStatus)
STATUS_OF_CONTEXT = {"deficiency": AuditStatus.REPORTED_MISSING, "measure": AuditStatus.REMEDIATION_PLANNED,
                     "score": AuditStatus.MENTIONED, "mention": AuditStatus.MENTIONED}
ALL_ITEMS = "all"
# A printed title is compared with the catalog titles over its first characters only: a title
# follows its code, and a short title (`โครงสร้าง`) matched deep in a sentence says nothing.
TITLE_WINDOW_SLACK = 30
# How much better the other item's title must fit than the code's own (as catalog.OTHER_YEAR_MARGIN).
OTHER_ITEM_MARGIN = 20.0
# A tag cut by the 200-character quote limit ('<ul style="list-style-t…'): markup without its '>'.
_CUT_TAG = re.compile(r"<[A-Za-z/][^<>]*$")


def clean_quote(text: str | None) -> str:
    """A quote as an auditor reads it: markup a converter left (`<ul style=…>`) gone, spacing collapsed,
    the digits and code as written kept."""
    return collapse_whitespace(_CUT_TAG.sub(" …", strip_html(clean_for_terminal(text))))


@dataclass(frozen=True)
class Evidence:
    status: AuditStatus
    file: str
    page: int | None
    line: int | None
    quote: str
    code_as_written: str | None = None    # the code the text writes, when it is not the item's
    counted_as: str | None = None         # listed under the code as written, counted under this item
    note: str | None = None               # the numbering mismatch, or warnings at the same place
    read_by_ocr: bool = False             # the quote is from a page OCR read: check it on the page


@dataclass
class ItemStatus:
    code: str
    title: str | None
    status: AuditStatus
    statuses: list[AuditStatus]
    evidence: list[Evidence]


@dataclass
class OrgAudit:
    organization: str
    province: str | None
    district: str | None
    assessment_year: int | None
    documents: list[str]
    items: list[ItemStatus]
    warnings: list[dict[str, Any]]
    numbering: str = ""                  # how sure the year's O-numbering is (catalog confidence)
    spellings: list[str] = field(default_factory=list)   # other spellings merged into this organisation


# -- items -----------------------------------------------------------------------------------
def parse_items(text: str, years: Iterable[int | None] = (None,)) -> list[str] | None:
    """'O39,O40' → ['O39', 'O40']; 'all' → None (every item of each year's catalog). Codes are checked
    against the catalogs of the audited years."""
    if text.strip().lower() == ALL_ITEMS:
        return None
    codes = [_canonical_code(c) for c in text.split(",") if c.strip()]
    limits = item_limits(years)
    bad = [c for c in codes if not (c[:1] in limits and c[1:].isdigit() and 0 < int(c[1:]) <= limits[c[:1]])]
    if bad or not codes:
        valid = ", ".join(f"{tool}1–{tool}{last}" for tool, last in sorted(limits.items(), key=lambda kv: "OIE".index(kv[0])))
        raise ValueError(f"not item codes of the catalog: {', '.join(bad) or repr(text)} (valid: {valid}, or all)")
    return codes


def item_limits(years: Iterable[int | None]) -> dict[str, int]:
    """The highest I/E/O number in any audited year's catalog (O from the year's OIT items)."""
    limits: dict[str, int] = {}
    for year in years:
        for tool, last in {**framework_for_year(year).item_limits, "O": len(oit_codes(year))}.items():
            limits[tool] = max(limits.get(tool, 0), last)
    return limits


def _canonical_code(text: str) -> str:
    code = text.strip().upper()
    return f"O{code[1:]}" if code.startswith("0") else code  # O typed as zero, as in the reports


def oit_titles_of(year: int | None) -> dict[str, str]:
    framework = framework_of(year)
    return oit_titles(framework) if framework else {}


def numbering_of(year: int | None) -> str:
    """How sure the catalog is of the year's O-numbering, in words for every output."""
    entry = catalog()["years"].get(str(year)) if year else None
    if entry is None:
        return f"{year} is not in the catalog: item titles not checked" if year else "assessment year unknown: titles not checked"
    if entry["framework"] is None:
        return f"{year}: numbering unknown (restructured; no catalog titles)"
    if entry["confidence"] != "C":
        return f"{year}: numbering unconfirmed ({entry.get('note', 'assumed')}; {entry['framework']} titles used)"
    return f"{year}: numbering confirmed ({entry['framework']} catalog)"


@cache
def _comparable_titles(year: int | None) -> tuple[tuple[str, str, str], ...]:
    """(code, title, the title squashed and lower-cased) of the year's O-items long enough to compare."""
    return tuple((c, t, squash(t).lower()) for c, t in oit_titles_of(year).items() if len(t) >= 8)


@lru_cache(maxsize=65536)  # an archive repeats its templates' lines: the same quote is judged once
def meaning_of(code: str, written: str, year: int | None) -> tuple[str, str] | None:
    """(code, title) of the other item of the year's catalog whose title the printed title is, or None."""
    titles = _comparable_titles(year)
    if not code.startswith("O") or not written or all(c != code for c, _, _ in titles):
        return None
    text = squash(normalise_text(written)).lower()
    own = next(fuzz.partial_ratio(s, text[: len(s) + TITLE_WINDOW_SLACK]) for c, _, s in titles if c == code)
    if own >= 100 - OTHER_ITEM_MARGIN:   # it is its own item's title: no other can beat it by the margin
        return None
    best: tuple[float, int, str, str] | None = None
    for other, title, squashed in titles:
        score = fuzz.partial_ratio(squashed, text[: len(squashed) + TITLE_WINDOW_SLACK], score_cutoff=TITLE_MATCH)
        if other != code and score and (best is None or (score, len(squashed)) > best[:2]):
            best = (score, len(squashed), other, title)
    if best is None or best[0] - own < OTHER_ITEM_MARGIN:
        return None
    return best[2], best[3]


def written_title(ref: Reference) -> str:
    """The title printed after the code: the one the parser read, else the words after the code."""
    if ref.title:
        return ref.title
    from parsers.knowledge.catalog import text_after_code  # the same cut the o_numbering_other_year check uses
    return text_after_code(ref.text, ref.code)


# -- the audit ------------------------------------------------------------------------------
def _notes_at(document: AuditDocument) -> dict[tuple[int | None, int | None], list[str]]:
    notes: dict[tuple[int | None, int | None], list[str]] = defaultdict(list)
    for w in document.warnings:
        if w.line is not None:
            notes[(w.page, w.line)].append(f"{w.code}: {clean_for_terminal(w.message)}")
    return notes


def evidence_by_code(documents: Iterable[AuditDocument], year: int | None) -> dict[str, list[Evidence]]:
    """Every reference of the documents as evidence, grouped by the item it means (one pass over the refs)."""
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    titles = oit_titles_of(year)
    for d in documents:
        notes = _notes_at(d)
        meanings: dict[tuple[str, str], tuple[str, str] | None] = {}
        for ref in d.refs:
            status, quote = STATUS_OF_CONTEXT[ref.context], clean_quote(ref.text)
            at = "; ".join(notes.get((ref.page, ref.line), [])) or None
            written = written_title(ref)
            if (ref.code, written) not in meanings:
                meanings[(ref.code, written)] = meaning_of(ref.code, written, year)
            meaning = meanings[(ref.code, written)]
            if meaning is None:
                grouped[ref.code].append(Evidence(status, d.path, ref.page, ref.line, quote, note=at, read_by_ocr=ref.page in d.ocr_pages))
                continue
            other, title = meaning
            note = (f"written {ref.code}, but its title is {other} '{title}' in {year}'s catalog "
                    f"({ref.code} is '{titles.get(ref.code, '?')}'): counted under {other}") + (f"; {at}" if at else "")
            ocr = ref.page in d.ocr_pages
            grouped[other].append(Evidence(status, d.path, ref.page, ref.line, quote, ref.code, None, note, ocr))
            grouped[ref.code].append(Evidence(status, d.path, ref.page, ref.line, quote, ref.code, other, note, ocr))
    return grouped


def published_by_code(documents: Iterable[AuditDocument], year: int | None) -> dict[str, list[Evidence]]:
    """The documents that are themselves an item's evidence for `year`."""
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for d in documents:
        for e in d.evidence_for:
            if e.assessment_year == year:
                basis = "" if e.year_basis == "fiscal_year" else f"; {e.year_basis.replace('_', ' ')}"
                note = f"the document is '{e.catalog_title}' (title similarity {e.similarity:.0f}{basis})"
                grouped[e.code].append(Evidence(AuditStatus.PUBLISHED, d.path, e.page, e.line, clean_quote(e.text), note=note,
                                                read_by_ocr=e.page in d.ocr_pages))
    return grouped


# The kinds of document whose silence on an item means something: an ITA report of the year.
ITA_REPORT_KINDS = frozenset({"analysis", "measures", "implementation_report"})


def is_ita_report(document: AuditDocument) -> bool:
    """A document that reports on the ITA: of an ITA report kind, or stating the ITA year whose results
    it reports. Not its refs: a store is read with the asked items' refs only, a folder with all, and
    both must give one answer."""
    return bool(ITA_REPORT_KINDS.intersection(document.document_kinds)) or document.assessment_year is not None


def item_status(code: str, title: str | None, evidence: list[Evidence], silent: AuditStatus = AuditStatus.NOT_MENTIONED) -> ItemStatus:
    """The item's status from its evidence; `silent` when nothing counts (NOT_MENTIONED, or
    NO_ITA_REPORT for an organisation-year without an ITA report)."""
    counted = [e for e in evidence if e.counted_as is None]
    if not counted:
        return ItemStatus(code, title, silent, [silent], sorted(evidence, key=_evidence_order))
    present = {e.status for e in counted}
    statuses = [s for s in STATUSES if s in present]
    return ItemStatus(code, title, statuses[0], statuses, sorted(evidence, key=_evidence_order))


def _evidence_order(e: Evidence) -> tuple[int, int, str, int, int, str]:
    return (e.counted_as is not None, STATUSES.index(e.status), e.file, e.page or 0, e.line or 0, e.quote)


def _row_years(document: AuditDocument, codes: list[str] | None) -> set[int | None]:
    """The organisation-years a document belongs to: its assessment year, and every year it is the
    evidence of an asked item for (a 4-year plan is evidence for each year it covers)."""
    years: set[int | None] = {document.assessment_year} if document.assessment_year or not document.evidence_for else set()
    years |= {e.assessment_year for e in document.evidence_for if codes is None or e.code in codes}
    return years or {document.assessment_year}


def organization_groups(documents: list[AuditDocument]) -> tuple[list[int], list[OrgKey], list[list[str]]]:
    """Each document's organisation index, each organisation's shown spelling, and its other spellings."""
    named = [d for d in documents if d.organization]
    placed, identities = identify([d.key() for d in named])
    index_of: list[int] = []
    shown = [identity.shown_key() for identity in identities]
    spellings = [sorted({k.name for k in identity.keys if k.name} - {shown[i].name}) for i, identity in enumerate(identities)]
    for d in documents:
        if d.organization:
            index_of.append(placed[d.key()])
        else:
            index_of.append(len(shown))
            shown.append(OrgKey(None, None, None, None))
            spellings.append([])
    return index_of, shown, spellings


def audit(documents: Iterable[AuditDocument], codes: list[str] | None, year: int | None = None) -> list[OrgAudit]:
    """One OrgAudit per (organisation, assessment year); `codes` None means the year's whole catalog."""
    documents = list(documents)
    index_of, shown, spellings = organization_groups(documents)
    groups: dict[tuple[int, int | None], list[AuditDocument]] = defaultdict(list)
    for index, document in zip(index_of, documents, strict=True):
        for row_year in _row_years(document, codes):
            if year is None or row_year == year:
                groups[(index, row_year)].append(document)
    audits = [_org_audit(documents_, shown[index], spellings[index], row_year, codes)
              for (index, row_year), documents_ in groups.items()]
    audits.sort(key=lambda a: (a.organization, a.assessment_year or 0, a.province or "", a.district or ""))
    # Organisations whose reports say an item is missing come first: they are what an auditor opens the report for.
    return sorted(audits, key=lambda a: not any(i.status == AuditStatus.REPORTED_MISSING for i in a.items))


def _org_audit(members: list[AuditDocument], key: OrgKey, spellings: list[str], year: int | None,
               codes: list[str] | None) -> OrgAudit:
    reports = [d for d in members if d.assessment_year == year]
    name = _full_name(members, key)
    asked = codes or oit_codes(year)
    warnings = [{"code": code, "message": clean_for_terminal(message), "file": d.path, "page": page, "line": line}
                for d in reports for code, message, page, line in d.warnings]
    evidence, published, titles = evidence_by_code(reports, year), published_by_code(members, year), oit_titles_of(year)
    silent = AuditStatus.NOT_MENTIONED if any(is_ita_report(d) for d in reports) else AuditStatus.NO_ITA_REPORT
    items = [item_status(code, titles.get(code), published.get(code, []) + evidence.get(code, []), silent) for code in asked]
    return OrgAudit(clean_for_terminal(name), clean_for_terminal(key.province) or None, clean_for_terminal(key.district) or None, year,
                    sorted({d.path for d in members}), items, warnings, numbering_of(year), spellings)


def _full_name(members: list[AuditDocument], key: OrgKey) -> str:
    """The organisation's full name in the shown spelling (the type written out, as documents write it)."""
    if key.name is None:
        return f"(organisation not found: {members[0].path})"
    full = [d.organization for d in members if d.organization and clean_name(d.short_name or d.organization) == key.name]
    return full[0] if full else next(d.organization for d in members if d.organization)


def summary_counts(audits: list[OrgAudit]) -> dict[str, dict[str, int]]:
    """item code → status → number of organisation-years the status applies to (an item both
    reported missing and planned for counts under both)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for org in audits:
        for item in org.items:
            for status in item.statuses:
                counts[item.code][status] += 1
    return dict(counts)


def audited_years(documents: Iterable[AuditDocument], year: int | None) -> list[int | None]:
    """The assessment years an audit of these documents covers (for checking --items)."""
    if year is not None:
        return [year]
    years = {d.assessment_year for d in documents} | {e.assessment_year for d in documents for e in d.evidence_for}
    return sorted(years, key=lambda y: y or 0) or [None]

