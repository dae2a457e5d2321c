"""Where the audit reads from: a store written by `convert`, a folder of report JSON, or one report
JSON → AuditDocument per distinct content (sha256), so store and folder give the same answer.

Anything read that cannot be used is one line naming the file: a damaged store raises
AuditSourceError, a JSON file that is not a report is listed in AuditSources.problems. A report
JSON of a document with no ITA content (ingest.relevance: a README, notes, a list of files, which
`convert` writes but never stores) is left out and named in AuditSources.not_reports.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from ingest.errors import UsageError
from ingest.hints import REBUILD_STORE
from ingest.identity import OrgKey, org_key
from ingest.relevance import not_a_report_reason
from ingest.store import is_sqlite_file
from ingest.terminal import clean_for_terminal
from schema.codes import WarningCode
from schema.models import Report

# Warnings an auditor must see next to the statuses.
AUDITOR_WARNINGS: tuple[WarningCode, ...] = (
    WarningCode.INDICATOR_CONFLICT, WarningCode.GRADE_BAND, WarningCode.IMPOSSIBLE_DATE, WarningCode.O_NUMBERING_OTHER_YEAR,
    WarningCode.ORGANIZATION_NAME_LEFTOVER)
# The store format that has evidence_for and deduplicated organisations (ingest/store.py STORE_VERSION 3).
EVIDENCE_STORE_VERSION = 3


class AuditSourceError(UsageError):
    """SOURCE is neither a store nor a folder of report JSON, or cannot be read."""


class Reference(NamedTuple):
    """One place a report refers to an item (a NamedTuple: the store's rows become these as they are read)."""

    code: str
    context: str
    page: int | None
    line: int | None
    text: str
    title: str | None = None


class EvidenceFor(NamedTuple):
    """The document itself is an item's evidence for an assessment year (Report.evidence_for)."""

    code: str
    assessment_year: int
    catalog_title: str
    similarity: float
    year_basis: str
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
    sha256: str = ""
    short_name: str | None = None
    org_type: str | None = None
    parser_version: str | None = None
    refs: list[Reference] = field(default_factory=list)
    warnings: list[AuditWarning] = field(default_factory=list)
    evidence_for: list[EvidenceFor] = field(default_factory=list)
    names: list[str] = field(default_factory=list)   # every name the same content was found under
    document_kinds: list[str] = field(default_factory=list)   # the report's document_kinds (analysis, measures…)
    ocr_pages: set[int] = field(default_factory=set)          # pages whose text OCR read: their quotes are suspect

    def key(self) -> OrgKey:
        return org_key(self.short_name or self.organization, self.org_type, self.district, self.province)


@dataclass
class AuditSources:
    """What the audit read: for the report's header (source, parser versions) and its messages."""

    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    parser_versions: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)   # one line per file that could not be read
    not_reports: list[str] = field(default_factory=list)   # report JSON of documents with no ITA content, left out

    def not_reports_line(self, named: int = 5) -> str | None:
        """One line naming the report JSON left out as no ITA report (the first `named`), or None."""
        count = len(self.not_reports)
        if not count:
            return None
        names = ", ".join(clean_for_terminal(p) for p in self.not_reports[:named]) + (f" and {count - named} more" if count > named else "")
        said = "document is not an ITA report" if count == 1 else "documents are not ITA reports"
        return f"{count} {said} (no ITA content), left out: {names}"


def documents_from_folder(folder: Path, problems: list[str], not_reports: list[str] | None = None) -> Iterator[AuditDocument]:
    """Every report JSON under folder, read as a typed Report (run files such as _manifest.jsonl and
    _summary.json are left out); a JSON file that is not a report is one line in `problems`, the JSON
    of a document that is not an ITA report is left out, its path in `not_reports`."""
    for path in sorted(folder.rglob("*.json")):
        if path.name.startswith("_") or path.name.endswith(".expected.json"):
            continue
        try:
            report = Report.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as error:
            problems.append(f"{path}: not a report JSON, left out ({_first_line(error)})")
            continue
        if not_a_report_reason(report):
            (not_reports if not_reports is not None else []).append(str(path))
            continue
        yield document_from_report(report)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return clean_for_terminal(" ".join(text[:2]))[:160] if text else type(error).__name__


def document_from_report(report: Report) -> AuditDocument:
    org = report.organization
    document = AuditDocument(report.source.path, org.name, org.province, org.district, report.assessment_year,
                             report.source.sha256, org.short_name, org.type, report.parser_version, names=[report.source.path],
                             document_kinds=[str(kind) for kind in report.document_kinds], ocr_pages=set(report.source.ocr_pages))
    for ref in report.item_refs:
        for place in [ref.source, *ref.also_at]:
            document.refs.append(Reference(ref.code, ref.context, place.page, place.line, place.text, ref.title))
    for warning in report.warnings:
        if warning.code in AUDITOR_WARNINGS:
            where = warning.source
            document.warnings.append(AuditWarning(warning.code.value, warning.message, where.page if where else None,
                                                  where.line if where else None))
    for e in report.evidence_for:
        document.evidence_for.append(EvidenceFor(e.code, e.assessment_year, e.catalog_title, e.similarity, e.year_basis,
                                                 e.source.page, e.source.line, e.source.text))
    return document


def merge_duplicates(documents: Iterable[AuditDocument]) -> list[AuditDocument]:
    """One document per content (sha256), shown under its first name in sorted order: a folder holds
    one JSON per name, a store one row per content, and both must give the same answer."""
    by_sha: dict[str, AuditDocument] = {}
    for d in documents:
        known = by_sha.get(d.sha256 or d.path)
        if known is None:
            by_sha[d.sha256 or d.path] = d
        else:
            known.names = sorted({*known.names, *d.names})
    for d in by_sha.values():
        d.names = sorted({d.path, *d.names})
        d.path = d.names[0]
    return sorted(by_sha.values(), key=lambda d: d.path)


def _store_rows(db: sqlite3.Connection, codes: list[str] | None) -> dict[str, AuditDocument]:
    version = db.execute("PRAGMA user_version").fetchone()[0]
    rows = db.execute("""SELECT d.sha256, d.path, o.name, o.short_name, o.type, o.province, o.district, d.assessment_year, d.parser_version,
                                 d.document_kinds, d.ocr_pages
                          FROM documents d LEFT JOIN organizations o ON o.id = d.organization_id""").fetchall()
    documents = {sha: AuditDocument(p, name, province, district, year, sha, short, kind, version_, names=[p],
                                    document_kinds=json.loads(kinds or "[]"), ocr_pages=set(json.loads(ocr or "[]")))
                 for sha, p, name, short, kind, province, district, year, version_, kinds, ocr in rows}
    for sha, name in db.execute("SELECT sha256, path FROM document_paths"):
        if sha in documents:
            documents[sha].names.append(name)
    only = f"AND r.code IN ({','.join('?' * len(codes))})" if codes else ""
    refs = db.execute(f"""SELECT r.sha256, r.code, r.context, r.page, r.line, r.text, r.title FROM item_refs r WHERE 1=1 {only}
                          UNION ALL
                          SELECT r.sha256, r.code, r.context, p.page, p.line, p.text, r.title FROM item_ref_places p
                          JOIN item_refs r ON r.sha256 = p.sha256 AND r.seq = p.ref_seq WHERE 1=1 {only}""",
                      (*(codes or []), *(codes or [])))
    # Rows of a document not in the snapshot (only a store edited by hand has them) are left out.
    for sha, code, context, page, line, text, title in refs:
        if sha in documents:
            documents[sha].refs.append(Reference(code, context, page, line, text or "", title))
    warnings = db.execute(f"SELECT sha256, code, message, page, line FROM warnings WHERE code IN ({','.join('?' * len(AUDITOR_WARNINGS))}) "
                          "ORDER BY sha256, seq",
                          [code.value for code in AUDITOR_WARNINGS])
    for sha, code, message, page, line in warnings:
        if sha in documents:
            documents[sha].warnings.append(AuditWarning(code, message, page, line))
    if version >= EVIDENCE_STORE_VERSION:
        for sha, *values in db.execute("""SELECT sha256, code, assessment_year, catalog_title, similarity, year_basis, page, line, text
                                          FROM evidence_for ORDER BY sha256, seq"""):
            if sha in documents:
                documents[sha].evidence_for.append(EvidenceFor(*values))
    return documents


def documents_from_store(path: Path, codes: list[str] | None, problems: list[str] | None = None) -> list[AuditDocument]:
    """Documents of the store, with their refs to `codes` (all refs when None), auditor warnings and
    evidence documents; a store older than the evidence_for table is read, with a line saying so."""
    try:
        # One read transaction: every SELECT sees the same snapshot (WAL), so documents a running
        # convert commits meanwhile are either wholly in it or not at all.
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        try:
            db.execute("BEGIN")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            documents = _store_rows(db, codes)
        finally:
            db.close()
    except sqlite3.Error as error:
        raise AuditSourceError(f"{path}: not an ita-ingest store, or a damaged one ({clean_for_terminal(str(error))})") from error
    if version < EVIDENCE_STORE_VERSION and problems is not None:
        problems.append(f"{path}: a store of format {version}, written before evidence documents and organisation "
                        f"deduplication were stored: no item can show 'published'. Rebuild it: "
                        f"{REBUILD_STORE}")
    return list(documents.values())


def load_documents(source: Path, codes: list[str] | None, problems: list[str] | None = None,
                   not_reports: list[str] | None = None) -> list[AuditDocument]:
    problems, not_reports = [] if problems is None else problems, [] if not_reports is None else not_reports
    if source.is_dir():
        return list(documents_from_folder(source, problems, not_reports))
    if source.is_file():
        if is_sqlite_file(source):
            return documents_from_store(source, codes, problems)
        if source.suffix == ".json":
            try:
                report = Report.model_validate_json(source.read_bytes())
            except ValidationError as error:
                raise AuditSourceError(f"{source}: not a report JSON ({_first_line(error)})") from error
            if not_a_report_reason(report):
                not_reports.append(str(source))
                return []
            return [document_from_report(report)]
    if not source.exists():
        raise AuditSourceError(f"{source}: no such file or folder")
    raise AuditSourceError(f"{source}: give an SQLite store written by 'convert', a folder of report JSON or a report JSON")


def load_all(sources: list[Path], codes: list[str] | None) -> tuple[list[AuditDocument], AuditSources]:
    """Every source's documents, one per content; reports kept aside (a second folder) are read alike."""
    read = AuditSources()
    documents: list[AuditDocument] = []
    for source in sources:
        documents += load_documents(source, codes, read.problems, read.not_reports)
        read.sources.append(str(source))
        read.kinds.append("folder" if source.is_dir() else "store" if source.suffix != ".json" else "report")
    merged = merge_duplicates(documents)
    read.parser_versions = sorted({d.parser_version for d in merged if d.parser_version})
    return merged, read
