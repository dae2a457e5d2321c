"""The SQLite store: normalised tables keyed by the input's content hash.

Written only by the batch process (one writer), in transactions, idempotently: a document
already stored with the same sha256 and parser version is left alone; one stored by another
parser version is deleted and written again, so a re-run never duplicates rows. The schema
is documented in docs/store.md; Datasette browses the file as is.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ingest.errors import UsageError
from ingest.hints import CONVERT_INTO_NEW_DB, NEW_DB_FILE
from parsers.extract.text_blocks import TextBlock
from schema.models import ItemRef, Measure, Organization, Provenance, Report

# 3: organizations keyed NULL-safely (one row per organisation, not per document when district or
# province is unknown), and the evidence_for table.
STORE_VERSION = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,            -- SHA-256 of the input bytes: the key of every table
    path TEXT NOT NULL,                 -- source.path of the first name this content was seen under
    format TEXT NOT NULL,               -- schema.codes.SourceFormat: text, pdf, docx, doc, image, odt, rtf, xlsx, xls, ods, html
    parser_version TEXT,
    page_count INTEGER,
    ocr_pages TEXT,                     -- JSON list of 1-based pages read by OCR
    document_kinds TEXT,                -- JSON list: measures, analysis, implementation_report, order, memo
    organization_id INTEGER REFERENCES organizations(id),
    fiscal_year INTEGER,                -- BE
    assessment_year INTEGER,            -- BE
    overall_score REAL,
    grade TEXT,
    overall_page INTEGER,               -- where the overall score was read
    overall_line INTEGER,
    overall_text TEXT,
    warning_count INTEGER NOT NULL,
    output TEXT                         -- the JSON file written for it, relative to the output folder
);
CREATE TABLE IF NOT EXISTS document_paths (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    path TEXT NOT NULL,                 -- every name the same content was found under
    PRIMARY KEY (sha256, path)
);
CREATE TABLE IF NOT EXISTS organizations (
    id INTEGER PRIMARY KEY,
    name TEXT, short_name TEXT, type TEXT, district TEXT, province TEXT,
    key TEXT NOT NULL UNIQUE            -- name, type, district, province with NULL as '': UNIQUE ignores NULLs
);
CREATE TABLE IF NOT EXISTS tool_scores (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    tool TEXT NOT NULL, score REAL NOT NULL, page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, tool)
);
CREATE TABLE IF NOT EXISTS indicator_scores (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    number INTEGER NOT NULL, name TEXT NOT NULL, name_as_written TEXT, tool TEXT NOT NULL,
    score REAL NOT NULL, page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, number)
);
CREATE TABLE IF NOT EXISTS conflicts (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    indicator INTEGER NOT NULL,         -- the indicator_scores.number whose value this contradicts
    seq INTEGER NOT NULL, score REAL NOT NULL, page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, indicator, seq)
);
CREATE TABLE IF NOT EXISTS item_scores (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, code TEXT NOT NULL, text TEXT, score REAL NOT NULL,
    page INTEGER, line INTEGER, source_text TEXT,
    PRIMARY KEY (sha256, seq)
);
CREATE TABLE IF NOT EXISTS measures (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- order in the document, from 0
    number TEXT, title TEXT NOT NULL, o_item TEXT, indicator INTEGER,
    period_text TEXT, period_start TEXT, period_end TEXT,   -- ISO dates (CE)
    follow_up TEXT, result TEXT, recommendation TEXT,
    page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, seq)
);
CREATE TABLE IF NOT EXISTS measure_steps (
    sha256 TEXT NOT NULL, measure_seq INTEGER NOT NULL, seq INTEGER NOT NULL, step TEXT NOT NULL,
    PRIMARY KEY (sha256, measure_seq, seq),
    FOREIGN KEY (sha256, measure_seq) REFERENCES measures(sha256, seq) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS measure_responsible (
    sha256 TEXT NOT NULL, measure_seq INTEGER NOT NULL, seq INTEGER NOT NULL, unit TEXT NOT NULL,
    PRIMARY KEY (sha256, measure_seq, seq),
    FOREIGN KEY (sha256, measure_seq) REFERENCES measures(sha256, seq) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS item_refs (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL, title TEXT,
    context TEXT NOT NULL,              -- deficiency | measure | score | mention
    page INTEGER, line INTEGER, text TEXT,   -- the first place
    catalog_title TEXT,                 -- the O-item's title in the catalog of the assessment year
    title_matches_catalog INTEGER,      -- 1/0: the written title is the catalog's; NULL: nothing to compare
    PRIMARY KEY (sha256, seq)
);
CREATE TABLE IF NOT EXISTS item_ref_places (
    sha256 TEXT NOT NULL, ref_seq INTEGER NOT NULL, seq INTEGER NOT NULL,
    page INTEGER, line INTEGER, text TEXT,   -- every further place of the same code and context (also_at)
    PRIMARY KEY (sha256, ref_seq, seq),
    FOREIGN KEY (sha256, ref_seq) REFERENCES item_refs(sha256, seq) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS evidence_for (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, code TEXT NOT NULL, assessment_year INTEGER NOT NULL,   -- the document is this O-item
    catalog_title TEXT NOT NULL, similarity REAL NOT NULL, year_basis TEXT NOT NULL, page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, seq)
);
CREATE TABLE IF NOT EXISTS warnings (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, seq)
);
CREATE TABLE IF NOT EXISTS blocks (
    id INTEGER PRIMARY KEY,             -- the rowid blocks_fts refers to (an alias: VACUUM keeps it)
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL,               -- order in the document, from 0
    block INTEGER NOT NULL,             -- the paragraph or table it belongs to, from 0, in reading order
    page INTEGER, line INTEGER,         -- provenance, as in the report's source fields
    kind TEXT NOT NULL,                 -- line | table_row
    text TEXT NOT NULL,                 -- the repaired text (a row's cells joined by ' | ')
    words TEXT NOT NULL,                -- the text segmented into words by pythainlp: what blocks_fts indexes
    UNIQUE (sha256, seq)
);
-- One row per document whose text is in blocks (blocks = 0: it has none), so a resumed run knows
-- which documents' text is missing without parsing any again.
CREATE TABLE IF NOT EXISTS texts (
    sha256 TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
    blocks INTEGER NOT NULL             -- how many of the document's blocks were indexed
);
-- Full-text index of blocks.words (external content: the text is stored once, in blocks). The
-- triggers keep it in step; content="blocks" is also how Datasette finds it for its search box.
-- Marks (M*) are token characters: unicode61's default (L* N* Co) cut Thai words at every vowel
-- and tone mark, so ตัวชี้วัด was indexed as ต ว ช ว ด and a search matched words it is not.
CREATE VIRTUAL TABLE IF NOT EXISTS blocks_fts USING fts5(words, content="blocks", content_rowid="id",
    tokenize="unicode61 categories 'L* N* Co M*'");
CREATE TRIGGER IF NOT EXISTS blocks_ai AFTER INSERT ON blocks BEGIN
    INSERT INTO blocks_fts(rowid, words) VALUES (new.id, new.words);
END;
CREATE TRIGGER IF NOT EXISTS blocks_ad AFTER DELETE ON blocks BEGIN
    INSERT INTO blocks_fts(blocks_fts, rowid, words) VALUES ('delete', old.id, old.words);
END;
CREATE INDEX IF NOT EXISTS documents_organization ON documents(organization_id, assessment_year);
CREATE INDEX IF NOT EXISTS documents_year ON documents(assessment_year);
CREATE INDEX IF NOT EXISTS organizations_province ON organizations(province, district);
CREATE INDEX IF NOT EXISTS indicator_scores_number ON indicator_scores(number, score);
CREATE INDEX IF NOT EXISTS item_refs_code ON item_refs(code, context);
CREATE INDEX IF NOT EXISTS measures_o_item ON measures(o_item);
CREATE INDEX IF NOT EXISTS warnings_code ON warnings(code);
"""

# Child tables, deleted before a document is written again (no reliance on PRAGMA foreign_keys).
_CHILD_TABLES = ("document_paths", "tool_scores", "indicator_scores", "conflicts", "item_scores", "measures",
                 "measure_steps", "measure_responsible", "item_refs", "item_ref_places", "warnings", "evidence_for",
                 "blocks", "texts")


class StoreFormatError(UsageError):
    """The file is a store written by an incompatible version (or not a store): a usage error."""


def is_sqlite_file(path: Path) -> bool:
    """Whether the file starts as every SQLite database does."""
    with path.open("rb") as stream:
        return stream.read(16) == b"SQLite format 3\x00"


def _where(source: Provenance | None, text_column: str = "text") -> dict[str, Any]:
    """The provenance columns of a row: page, line and the quoted text."""
    return {"page": source.page if source else None, "line": source.line if source else None,
            text_column: source.text if source else None}


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows given as column → value (named columns: a new column can never shift the others)."""
    if rows:
        columns = list(rows[0])
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)})", rows)


# How long a writer waits for another run's transaction on the same --db before giving up.
BUSY_TIMEOUT = 60.0
# A transaction is committed after this many seconds or `batch_size` documents, whichever comes
# first: a killed run loses at most a second of the store (the next run stores it again from the
# outputs), another run sharing the --db waits at most that long, and a commit per document
# (+40% store time, measured on 400 reports) is not paid.
COMMIT_SECONDS = 1.0


# How often a run retries turning a new store to WAL while another run holds it.
WAL_RETRY_SECONDS = 0.05


def _enter_wal(connection: sqlite3.Connection, busy_timeout: float) -> None:
    """PRAGMA journal_mode=WAL, waiting for another run as a write does: SQLite answers 'database
    is locked' at once, without its busy handler, when two runs open a new store together (1 in 16
    openings by 4 processes at once, measured), which refused the second run."""
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if ("locked" not in str(error) and "busy" not in str(error)) or time.monotonic() > deadline:
                raise
            time.sleep(WAL_RETRY_SECONDS)


class Store:
    """An open SQLite store. Use as a context manager; `add` inside. Commits every `batch_size`
    documents or COMMIT_SECONDS, and two runs sharing a --db take turns (each transaction takes the
    write lock at its start, and a writer waits for the other's) instead of failing 'database is locked'."""

    def __init__(self, path: Path, batch_size: int = 200, busy_timeout: float = BUSY_TIMEOUT,
                 commit_seconds: float = COMMIT_SECONDS) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path, isolation_level=None, timeout=busy_timeout)
        try:
            found = self._open(busy_timeout)
        except sqlite3.DatabaseError as error:
            self.connection.close()
            raise StoreFormatError(f"{path} cannot be used as an SQLite store ({error}): {NEW_DB_FILE}") from error
        if found not in (0, STORE_VERSION):
            self.connection.close()
            raise StoreFormatError(f"{path} is a store of format {found}; this version writes format {STORE_VERSION}: "
                                   f"{CONVERT_INTO_NEW_DB}")
        self.batch_size, self.commit_seconds, self._uncommitted, self._began = batch_size, commit_seconds, 0, 0.0

    def _open(self, busy_timeout: float) -> int:
        _enter_wal(self.connection, busy_timeout)
        self.connection.execute("PRAGMA synchronous=NORMAL")
        found = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if found in (0, STORE_VERSION):
            self.connection.executescript(SCHEMA)
            self.connection.execute(f"PRAGMA user_version={STORE_VERSION}")
        return found

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.abort() if exc_type else self.close()

    def close(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")
        self.connection.close()

    def abort(self) -> None:
        """Close after an interruption: the whole documents are kept, one interrupted halfway
        through `add` was rolled back to its savepoint there rather than stored halfway."""
        try:
            if self.connection.in_transaction:
                self.connection.execute("COMMIT")
        except sqlite3.Error:
            pass  # the transaction dies with the connection anyway
        finally:
            self.connection.close()

    def has(self, sha256: str, parser_version: str | None) -> bool:
        row = self.connection.execute("SELECT parser_version FROM documents WHERE sha256=?", (sha256,)).fetchone()
        return row is not None and row[0] == parser_version

    def has_text(self, sha256: str) -> bool:
        """Whether the document's text is in blocks (a store written before the index existed has none)."""
        return self.connection.execute("SELECT 1 FROM texts WHERE sha256=?", (sha256,)).fetchone() is not None

    def _add_blocks(self, sha256: str, blocks: list[TextBlock]) -> None:
        """A document's text blocks, replacing any it had; blocks_fts follows by its triggers."""
        for table in ("blocks", "texts"):
            self.connection.execute(f"DELETE FROM {table} WHERE sha256=?", (sha256,))
        _insert(self.connection, "blocks", [{"sha256": sha256, "seq": n, "block": b.block, "page": b.page, "line": b.line,
                                             "kind": b.kind.value, "text": b.text, "words": b.words} for n, b in enumerate(blocks)])
        _insert(self.connection, "texts", [{"sha256": sha256, "blocks": len(blocks)}])

    def add_path(self, sha256: str, path: str) -> None:
        self.connection.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?)", (sha256, path))

    def add(self, report: Report, output: str | None, blocks: list[TextBlock] | None = None) -> None:
        """Store one validated report; no-op if the same content and parser version are stored. Its
        text `blocks`, if given, replace the document's in the same transaction (a kill never leaves
        a document without the text it was stored with)."""
        sha = report.source.sha256
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")  # the write lock now: a read snapshot could not be upgraded
            self._began = time.monotonic()
        self.connection.execute("SAVEPOINT document")
        try:
            if not self.has(sha, report.parser_version):
                self._replace(report, output)
            if blocks is not None:
                self._add_blocks(sha, blocks)
            self.add_path(sha, report.source.path)
            self.connection.execute("RELEASE document")
        except BaseException:  # SIGTERM or an error halfway: none of this document, the others kept
            self.connection.execute("ROLLBACK TO document")
            self.connection.execute("RELEASE document")
            raise
        self._uncommitted += 1
        if self._uncommitted >= self.batch_size or time.monotonic() - self._began >= self.commit_seconds:
            self.commit()

    def remove(self, sha256: str) -> None:
        """Take a document out, in the run's transaction (one an earlier run stored that is now judged
        not a report: ingest.relevance); nothing to do for a document the store does not hold."""
        if self.connection.execute("SELECT 1 FROM documents WHERE sha256=?", (sha256,)).fetchone() is None:
            return
        if not self.connection.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")
            self._began = time.monotonic()
        self._delete(sha256)
        self._uncommitted += 1

    def _delete(self, sha256: str) -> None:
        for table in (*_CHILD_TABLES, "documents"):
            self.connection.execute(f"DELETE FROM {table} WHERE sha256=?", (sha256,))

    def commit(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")
        self._uncommitted = 0

    def _organization_id(self, org: Organization) -> int | None:
        fields = (org.name, org.type, org.district, org.province)
        if not any(fields):
            return None
        key = "\x1f".join(value or "" for value in fields)  # NULL-safe: a NULL district is '' here, so it is one row
        db = self.connection
        db.execute("INSERT OR IGNORE INTO organizations (name, short_name, type, district, province, key) VALUES (?, ?, ?, ?, ?, ?)",
                   (org.name, org.short_name, org.type, org.district, org.province, key))
        return db.execute("SELECT id FROM organizations WHERE key = ?", (key,)).fetchone()[0]

    def _replace(self, r: Report, output: str | None) -> None:
        db, sha = self.connection, r.source.sha256
        self._delete(sha)
        _insert(db, "documents", [{
            "sha256": sha, "path": r.source.path, "format": r.source.format, "parser_version": r.parser_version,
            "page_count": r.source.page_count, "ocr_pages": json.dumps(r.source.ocr_pages),
            "document_kinds": json.dumps(r.document_kinds, ensure_ascii=False),
            "organization_id": self._organization_id(r.organization), "fiscal_year": r.fiscal_year,
            "assessment_year": r.assessment_year, "overall_score": r.overall.score, "grade": r.overall.grade,
            "overall_page": r.overall.source.page if r.overall.source else None,
            "overall_line": r.overall.source.line if r.overall.source else None,
            "overall_text": r.overall.source.text if r.overall.source else None,
            "warning_count": len(r.warnings), "output": output}])
        _insert(db, "tool_scores", [{"sha256": sha, "tool": t.tool, "score": t.score, **_where(t.source)} for t in r.tools])
        _insert(db, "indicator_scores", [{"sha256": sha, "number": i.number, "name": i.name, "name_as_written": i.name_as_written,
                                          "tool": i.tool, "score": i.score, **_where(i.source)} for i in r.indicators])
        _insert(db, "conflicts", [{"sha256": sha, "indicator": i.number, "seq": n, "score": c.score, **_where(c.source)}
                                  for i in r.indicators for n, c in enumerate(i.conflicts)])
        _insert(db, "item_scores", [{"sha256": sha, "seq": n, "code": s.code, "text": s.text, "score": s.score,
                                     **_where(s.source, "source_text")} for n, s in enumerate(r.item_scores)])
        self._measures(sha, r.measures)
        self._item_refs(sha, r.item_refs)
        _insert(db, "warnings", [{"sha256": sha, "seq": n, "code": w.code.value, "message": w.message, **_where(w.source)}
                                 for n, w in enumerate(r.warnings)])
        _insert(db, "evidence_for", [{"sha256": sha, "seq": n, "code": e.code, "assessment_year": e.assessment_year,
                                      "catalog_title": e.catalog_title, "similarity": e.similarity, "year_basis": e.year_basis,
                                      **_where(e.source)} for n, e in enumerate(r.evidence_for)])

    def _item_refs(self, sha: str, refs: list[ItemRef]) -> None:
        _insert(self.connection, "item_refs", [
            {"sha256": sha, "seq": n, "code": i.code, "kind": i.kind, "title": i.title, "context": i.context, **_where(i.source),
             "catalog_title": i.catalog_title, "title_matches_catalog": i.title_matches_catalog} for n, i in enumerate(refs)])
        _insert(self.connection, "item_ref_places", [{"sha256": sha, "ref_seq": n, "seq": k, **_where(place)}
                                                     for n, i in enumerate(refs) for k, place in enumerate(i.also_at)])

    def _measures(self, sha: str, measures: Iterable[Measure]) -> None:
        db = self.connection
        for seq, m in enumerate(measures):
            _insert(db, "measures", [{
                "sha256": sha, "seq": seq, "number": m.number, "title": m.title, "o_item": m.o_item, "indicator": m.indicator,
                "period_text": m.period.text, "period_start": m.period.start.isoformat() if m.period.start else None,
                "period_end": m.period.end.isoformat() if m.period.end else None,
                "follow_up": m.follow_up, "result": m.result, "recommendation": m.recommendation, **_where(m.source)}])
            _insert(db, "measure_steps", [{"sha256": sha, "measure_seq": seq, "seq": n, "step": step} for n, step in enumerate(m.steps)])
            _insert(db, "measure_responsible", [{"sha256": sha, "measure_seq": seq, "seq": n, "unit": unit}
                                                for n, unit in enumerate(m.responsible)])
