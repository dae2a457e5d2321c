"""The SQLite store: normalised tables keyed by the input's content hash.

Written only by the batch process (one writer), in transactions, idempotently: a document
already stored with the same sha256 and parser version is left alone; one stored by another
parser version is deleted and written again, so a re-run never duplicates rows. The schema
is documented in docs/store.md; Datasette browses the file as is.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STORE_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,            -- SHA-256 of the input bytes: the key of every table
    path TEXT NOT NULL,                 -- source.path of the first name this content was seen under
    format TEXT NOT NULL,               -- text | pdf
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
    UNIQUE (name, type, district, province)
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
CREATE TABLE IF NOT EXISTS warnings (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    seq INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, page INTEGER, line INTEGER, text TEXT,
    PRIMARY KEY (sha256, seq)
);
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
                 "measure_steps", "measure_responsible", "item_refs", "item_ref_places", "warnings")


class StoreFormatError(Exception):
    """The file is a store written by an incompatible version."""


def _where(source: dict[str, Any] | None) -> tuple[Any, Any, Any]:
    source = source or {}
    return source.get("page"), source.get("line"), source.get("text")


class Store:
    """An open SQLite store. Use as a context manager; `add` inside, commits every `batch_size` docs."""

    def __init__(self, path: Path, batch_size: int = 200) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        found = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if found not in (0, STORE_VERSION):
            self.connection.close()
            raise StoreFormatError(f"{path} is a store of format {found}; this version writes format {STORE_VERSION}: "
                                   "convert into a new --db file")
        self.connection.executescript(SCHEMA)
        self.connection.execute(f"PRAGMA user_version={STORE_VERSION}")
        self.batch_size, self._uncommitted = batch_size, 0
        self.connection.execute("BEGIN")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("COMMIT")
        self.connection.close()

    def has(self, sha256: str, parser_version: str | None) -> bool:
        row = self.connection.execute("SELECT parser_version FROM documents WHERE sha256=?", (sha256,)).fetchone()
        return row is not None and row[0] == parser_version

    def add_path(self, sha256: str, path: str) -> None:
        self.connection.execute("INSERT OR IGNORE INTO document_paths VALUES (?, ?)", (sha256, path))

    def add(self, report: dict[str, Any], output: str | None) -> None:
        """Store one report (a dict as in the JSON); no-op if the same content and parser are stored."""
        sha = report["source"]["sha256"]
        if not self.has(sha, report.get("parser_version")):
            self._replace(sha, report, output)
        self.add_path(sha, report["source"]["path"])
        self._uncommitted += 1
        if self._uncommitted >= self.batch_size:
            self.commit()

    def commit(self) -> None:
        self.connection.execute("COMMIT")
        self.connection.execute("BEGIN")
        self._uncommitted = 0

    def _organization_id(self, org: dict[str, Any]) -> int | None:
        key = (org.get("name"), org.get("type"), org.get("district"), org.get("province"))
        if not any(key):
            return None
        db = self.connection
        db.execute("INSERT OR IGNORE INTO organizations (name, short_name, type, district, province) VALUES (?, ?, ?, ?, ?)",
                   (key[0], org.get("short_name"), *key[1:]))
        row = db.execute("SELECT id FROM organizations WHERE name IS ? AND type IS ? AND district IS ? AND province IS ?", key).fetchone()
        return row[0]

    def _replace(self, sha: str, r: dict[str, Any], output: str | None) -> None:
        db = self.connection
        for table in _CHILD_TABLES:
            db.execute(f"DELETE FROM {table} WHERE sha256=?", (sha,))
        db.execute("DELETE FROM documents WHERE sha256=?", (sha,))
        overall, source = r["overall"], r["source"]
        db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
            sha, source["path"], source["format"], r.get("parser_version"), source.get("page_count"),
            json.dumps(source.get("ocr_pages", [])), json.dumps(r["document_kinds"], ensure_ascii=False),
            self._organization_id(r["organization"]), r.get("fiscal_year"), r.get("assessment_year"),
            overall.get("score"), overall.get("grade"), *_where(overall.get("source")), len(r["warnings"]), output))
        db.executemany("INSERT INTO tool_scores VALUES (?,?,?,?,?,?)",
                       [(sha, t["tool"], t["score"], *_where(t["source"])) for t in r["tools"]])
        db.executemany("INSERT INTO indicator_scores VALUES (?,?,?,?,?,?,?,?,?)",
                       [(sha, i["number"], i["name"], i.get("name_as_written"), i["tool"], i["score"], *_where(i["source"]))
                        for i in r["indicators"]])
        db.executemany("INSERT INTO conflicts VALUES (?,?,?,?,?,?,?)",
                       [(sha, i["number"], n, c["score"], *_where(c["source"]))
                        for i in r["indicators"] for n, c in enumerate(i["conflicts"])])
        db.executemany("INSERT INTO item_scores VALUES (?,?,?,?,?,?,?,?)",
                       [(sha, n, s["code"], s.get("text"), s["score"], *_where(s["source"])) for n, s in enumerate(r["item_scores"])])
        self._measures(sha, r["measures"])
        db.executemany("INSERT INTO item_refs VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       [(sha, n, i["code"], i["kind"], i.get("title"), i["context"], *_where(i["source"]),
                         i.get("catalog_title"), i.get("title_matches_catalog")) for n, i in enumerate(r["item_refs"])])
        db.executemany("INSERT INTO item_ref_places VALUES (?,?,?,?,?,?)",
                       [(sha, n, k, *_where(place)) for n, i in enumerate(r["item_refs"]) for k, place in enumerate(i.get("also_at", []))])
        db.executemany("INSERT INTO warnings VALUES (?,?,?,?,?,?,?)",
                       [(sha, n, w["code"], w["message"], *_where(w.get("source"))) for n, w in enumerate(r["warnings"])])

    def _measures(self, sha: str, measures: Iterable[dict[str, Any]]) -> None:
        db = self.connection
        for seq, m in enumerate(measures):
            period = m.get("period") or {}
            db.execute("INSERT INTO measures VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (
                sha, seq, m.get("number"), m["title"], m.get("o_item"), m.get("indicator"),
                period.get("text"), period.get("start"), period.get("end"),
                m.get("follow_up"), m.get("result"), m.get("recommendation"), *_where(m["source"])))
            db.executemany("INSERT INTO measure_steps VALUES (?,?,?,?)", [(sha, seq, n, s) for n, s in enumerate(m["steps"])])
            db.executemany("INSERT INTO measure_responsible VALUES (?,?,?,?)",
                           [(sha, seq, n, u) for n, u in enumerate(m["responsible"])])
