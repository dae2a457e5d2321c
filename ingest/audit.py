"""The auditors' question: which organisations are missing which OIT items, and where does the
report say so?

SOURCE (an SQLite store or a folder of report JSON) → AuditDocument per report → one
OrgAudit per (organisation, assessment year) with each asked item's status and evidence.
A status comes from the contexts the reports refer to the item in, strongest first:

    reported_missing     a deficiency context: the report says the item lost points or was not shown
    remediation_planned  a measure row is for the item
    mentioned            any other reference (a score, a mention)
    not_mentioned        no report of the organisation and year refers to it
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from parsers.catalog import framework, framework_of, oit_codes, oit_titles
from schema.codes import WarningCode
from schema.models import Report

STATUSES = ("reported_missing", "remediation_planned", "mentioned", "not_mentioned")
STATUS_OF_CONTEXT = {"deficiency": "reported_missing", "measure": "remediation_planned", "score": "mentioned", "mention": "mentioned"}
# Warnings an auditor must see next to the statuses.
AUDITOR_WARNINGS: tuple[WarningCode, ...] = (
    WarningCode.INDICATOR_CONFLICT, WarningCode.GRADE_BAND, WarningCode.IMPOSSIBLE_DATE, WarningCode.O_NUMBERING_OTHER_YEAR,
    WarningCode.ORGANIZATION_NAME_LEFTOVER)
ALL_ITEMS = "all"


class AuditSourceError(Exception):
    """SOURCE is neither a store nor a folder of report JSON."""


@dataclass(frozen=True)
class Evidence:
    status: str
    file: str
    page: int | None
    line: int | None
    quote: str


class Reference(NamedTuple):
    """One place a report refers to an item (a NamedTuple: the store's rows become these as they are read)."""

    code: str
    context: str
    page: int | None
    line: int | None
    text: str


class AuditWarning(NamedTuple):
    code: str
    message: str
    page: int | None
    line: int | None


@dataclass
class AuditDocument:
    path: str
    organization: str | None
    province: str | None
    district: str | None
    assessment_year: int | None
    refs: list[Reference] = field(default_factory=list)
    warnings: list[AuditWarning] = field(default_factory=list)


@dataclass
class ItemStatus:
    code: str
    title: str | None
    status: str
    statuses: list[str]
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


# -- sources --------------------------------------------------------------------------------
def documents_from_folder(folder: Path) -> Iterator[AuditDocument]:
    """Every report JSON under folder, read as a typed Report (run files such as _manifest.jsonl and
    _summary.json, and JSON that is not a report, are left out)."""
    for path in sorted(folder.rglob("*.json")):
        if path.name.startswith("_"):
            continue
        try:
            report = Report.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):
            continue
        yield document_from_report(report)


def document_from_report(report: Report) -> AuditDocument:
    org = report.organization
    document = AuditDocument(report.source.path, org.name, org.province, org.district, report.assessment_year)
    for ref in report.item_refs:
        for place in [ref.source, *ref.also_at]:
            document.refs.append(Reference(ref.code, ref.context, place.page, place.line, place.text))
    for warning in report.warnings:
        if warning.code in AUDITOR_WARNINGS:
            where = warning.source
            document.warnings.append(AuditWarning(warning.code.value, warning.message, where.page if where else None,
                                                  where.line if where else None))
    return document


def documents_from_store(path: Path, codes: list[str] | None) -> list[AuditDocument]:
    """Documents of the store, with their refs to `codes` (all refs when None) and auditor warnings."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = db.execute("""SELECT d.sha256, d.path, o.name, o.province, o.district, d.assessment_year
                             FROM documents d LEFT JOIN organizations o ON o.id = d.organization_id""").fetchall()
    except sqlite3.DatabaseError as error:
        raise AuditSourceError(f"{path}: not an ita-ingest store ({error})") from error
    documents = {sha: AuditDocument(p, name, province, district, year) for sha, p, name, province, district, year in rows}
    only = f"AND r.code IN ({','.join('?' * len(codes))})" if codes else ""
    refs = db.execute(f"""SELECT r.sha256, r.code, r.context, r.page, r.line, r.text FROM item_refs r WHERE 1=1 {only}
                          UNION ALL
                          SELECT r.sha256, r.code, r.context, p.page, p.line, p.text FROM item_ref_places p
                          JOIN item_refs r ON r.sha256 = p.sha256 AND r.seq = p.ref_seq WHERE 1=1 {only}""",
                      (*(codes or []), *(codes or [])))
    for sha, code, context, page, line, text in refs:
        documents[sha].refs.append(Reference(code, context, page, line, text or ""))
    warnings = db.execute(f"SELECT sha256, code, message, page, line FROM warnings WHERE code IN ({','.join('?' * len(AUDITOR_WARNINGS))})",
                          [code.value for code in AUDITOR_WARNINGS])
    for sha, code, message, page, line in warnings:
        documents[sha].warnings.append(AuditWarning(code, message, page, line))
    db.close()
    return list(documents.values())


def load_documents(source: Path, codes: list[str] | None) -> list[AuditDocument]:
    if source.is_dir():
        return list(documents_from_folder(source))
    if source.is_file():
        with source.open("rb") as stream:
            if stream.read(16) == b"SQLite format 3\x00":
                return documents_from_store(source, codes)
    raise AuditSourceError(f"{source}: give an SQLite store written by 'convert' or a folder of report JSON")


# -- the audit ------------------------------------------------------------------------------
def parse_items(text: str) -> list[str] | None:
    """'O39,O40' → ['O39', 'O40']; 'all' → None (every item of each year's catalog)."""
    if text.strip().lower() == ALL_ITEMS:
        return None
    codes = [_canonical_code(c) for c in text.split(",") if c.strip()]
    limits = framework().item_limits  # the same I/E/O ranges as the parsers' unknown_item_code check
    bad = [c for c in codes if not (c[:1] in limits and c[1:].isdigit() and 0 < int(c[1:]) <= limits[c[:1]])]
    if bad or not codes:
        raise ValueError(f"not item codes: {', '.join(bad) or text!r} (expected e.g. O39,O40 or all)")
    return codes


def _canonical_code(text: str) -> str:
    code = text.strip().upper()
    return f"O{code[1:]}" if code.startswith("0") else code  # O typed as zero, as in the reports


def evidence_by_code(documents: Iterable[AuditDocument]) -> dict[str, list[Evidence]]:
    """Every reference of the documents as evidence, grouped by item code (one pass over the refs)."""
    grouped: dict[str, list[Evidence]] = defaultdict(list)
    for d in documents:
        for code, context, page, line, text in d.refs:
            grouped[code].append(Evidence(STATUS_OF_CONTEXT[context], d.path, page, line, text))
    return grouped


def item_status(code: str, title: str | None, evidence: list[Evidence]) -> ItemStatus:
    if not evidence:
        return ItemStatus(code, title, "not_mentioned", ["not_mentioned"], [])
    evidence = sorted(evidence, key=lambda e: (STATUSES.index(e.status), e.file, e.page or 0, e.line or 0))
    present = {e.status for e in evidence}
    statuses = [s for s in STATUSES if s in present]
    return ItemStatus(code, title, statuses[0], statuses, evidence)


def oit_titles_of(year: int | None) -> dict[str, str]:
    framework = framework_of(year)
    return oit_titles(framework) if framework else {}


def organization_key(document: AuditDocument) -> tuple[str, str | None, str | None, int | None]:
    name = document.organization or f"(organisation not found: {document.path})"
    return name, document.province, document.district, document.assessment_year


def audit(documents: Iterable[AuditDocument], codes: list[str] | None, year: int | None = None) -> list[OrgAudit]:
    """One OrgAudit per (organisation, assessment year); `codes` None means the year's whole catalog."""
    groups: dict[tuple[str, str | None, str | None, int | None], list[AuditDocument]] = defaultdict(list)
    for document in documents:
        if year is None or document.assessment_year == year:
            groups[organization_key(document)].append(document)
    audits = []
    for (name, province, district, group_year), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][3] or 0)):
        asked = codes or oit_codes(group_year)
        warnings = [{"code": code, "message": message, "file": d.path, "page": page, "line": line}
                    for d in members for code, message, page, line in d.warnings]
        evidence, titles = evidence_by_code(members), oit_titles_of(group_year)
        audits.append(OrgAudit(name, province, district, group_year, sorted(d.path for d in members),
                               [item_status(code, titles.get(code), evidence.get(code, [])) for code in asked], warnings))
    # Organisations whose reports say an item is missing come first: they are what an auditor opens the report for.
    return sorted(audits, key=lambda a: not any(i.status == "reported_missing" for i in a.items))


def summary_counts(audits: list[OrgAudit]) -> dict[str, dict[str, int]]:
    """item code → status → number of organisation-years the status applies to (an item both
    reported missing and planned for counts under both)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATUSES, 0))
    for org in audits:
        for item in org.items:
            for status in item.statuses:
                counts[item.code][status] += 1
    return dict(counts)
