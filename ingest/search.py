"""`ita-ingest search STORE QUERY`: full-text search over the documents' text in the store.

The store's `blocks` table holds every line and table row with its provenance; `blocks_fts`
(FTS5) indexes the same text segmented into Thai words (`parsers.extract.text_blocks`). A query is
segmented the same way and matched as a phrase (its words in order, adjacent); when no row has
the phrase, rows with all of its words are returned instead. Results are ranked by FTS5's bm25,
then by file and position. The store is opened read-only.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from pathlib import Path

from ingest.errors import UsageError
from ingest.terminal import clean_for_terminal
from parsers.extract.text_blocks import QueryTooLong, check_query, fts_query, fts_terms
from parsers.thai.normalise import normalise_text

SNIPPET_WIDTH = 120
SEARCH_SQL = """
SELECT d.path, b.page, b.line, b.kind, b.text, b.sha256
FROM blocks_fts JOIN blocks b ON b.id = blocks_fts.rowid JOIN documents d ON d.sha256 = b.sha256
WHERE blocks_fts MATCH ? ORDER BY blocks_fts.rank, d.path, b.seq LIMIT ?
"""


COUNT_SQL = """
SELECT count(*)
FROM blocks_fts JOIN blocks b ON b.id = blocks_fts.rowid JOIN documents d ON d.sha256 = b.sha256
WHERE blocks_fts MATCH ?
"""


class SearchError(UsageError):
    """The store cannot be searched (missing, not a store, no text index); the message says why."""


@dataclass(frozen=True)
class Hit:
    path: str           # the document's source.path (the first name its content was found under)
    page: int | None
    line: int | None
    kind: str           # line | table_row
    snippet: str        # the text cut around the first match
    text: str           # the whole line or row
    sha256: str


def snippet(text: str, query: str, width: int = SNIPPET_WIDTH) -> str:
    """`text` cut to about `width` characters around the query (or its first word found)."""
    if len(text) <= width:
        return text
    needles = [normalise_text(query), *fts_terms(query)]
    at = next((text.find(n) for n in needles if n and text.find(n) >= 0), 0)
    start = max(0, min(at - width // 3, len(text) - width))
    cut = text[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(text) else "")


def _connect(store: Path) -> sqlite3.Connection:
    if not store.is_file():
        raise SearchError(f"{store}: no such store")
    try:
        db = sqlite3.connect(f"file:{store.resolve()}?mode=ro", uri=True)
        found = db.execute("SELECT name FROM sqlite_master WHERE name='blocks_fts'").fetchone()
    except sqlite3.DatabaseError as error:
        raise SearchError(f"{store}: not an SQLite store ({error})") from error
    if found is None:
        db.close()
        raise SearchError(f"{store}: the store has no text index (blocks_fts); convert again with this version to write it")
    return db


def _expression(db: sqlite3.Connection, query: str) -> str:
    """The FTS5 expression the query is searched with: its phrase, else (no row has it) all of its words."""
    phrase = fts_query(query)
    if len(fts_terms(query)) > 1 and db.execute(COUNT_SQL, (phrase,)).fetchone()[0] == 0:
        return fts_query(query, phrase=False)
    return phrase


def search_all(store: Path, query: str, limit: int = 20) -> tuple[list[Hit], int]:
    """The best `limit` rows of the store's text that match `query` (see the module docstring), and
    how many rows match in all (what `search` says when the limit cut the list)."""
    try:
        check_query(query)
    except QueryTooLong as error:
        raise SearchError(str(error)) from error
    db = _connect(store)
    try:
        expression = _expression(db, query)
        rows = db.execute(SEARCH_SQL, (expression, limit)).fetchall()
        total = len(rows) if len(rows) < limit else db.execute(COUNT_SQL, (expression,)).fetchone()[0]
    finally:
        db.close()
    return [Hit(path, page, line, kind, snippet(text, query), text, sha) for path, page, line, kind, text, sha in rows], total


def search(store: Path, query: str, limit: int = 20) -> list[Hit]:
    """The best `limit` rows of the store's text that match `query` (see the module docstring)."""
    return search_all(store, query, limit)[0]


def to_table(hits: list[Hit]) -> str:
    """One hit a line: file, page (- for none), line, snippet; names and text without terminal controls."""
    return "".join(f"{clean_for_terminal(h.path)}\tpage {h.page if h.page is not None else '-'}\tline {h.line}\t"
                   f"{clean_for_terminal(h.snippet)}\n" for h in hits)


def to_json(hits: list[Hit], query: str) -> str:
    return json.dumps({"query": query, "terms": fts_terms(query), "hits": [asdict(h) for h in hits]},
                      ensure_ascii=False, indent=1) + "\n"
