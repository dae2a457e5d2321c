"""docs/store.md's tables, made from the DDL itself (`ingest.store.SCHEMA`): each table's key and
columns, with the comment a column has in the DDL as its meaning, and the indexes. SQLite reads
the DDL (an in-memory database) for the columns and keys, so the docs cannot list a column the
store lacks (the hand-kept table had lost `evidence_for`, `item_ref_places`, `blocks` and `texts`).
What a row of each table is, the one thing the DDL does not say, is ROW_MEANINGS: a new table
without one stops `python -m ingest.reference`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from ingest.store import SCHEMA, STORE_VERSION

ROW_MEANINGS = {
    "documents": "distinct input content",
    "document_paths": "name a content was found under",
    "organizations": "distinct (name, type, district, province), NULL-safe",
    "tool_scores": "IIT/EIT/OIT total stated",
    "indicator_scores": "indicator 1–10 with a score (the primary value)",
    "conflicts": "other value a report gives for an indicator",
    "item_scores": "per-question score (I23, E11)",
    "measures": "measure",
    "measure_steps": "step of a measure",
    "measure_responsible": "responsible unit of a measure",
    "item_refs": "(code, context) an O/E/I item is referred to in",
    "item_ref_places": "further place of the same (code, context) (`also_at` in the JSON)",
    "evidence_for": "OIT item the document itself is, per assessment year",
    "warnings": "warning",
    "blocks": "line of prose or table row of a document, in reading order",
    "texts": "document whose text is in `blocks`",
    "blocks_fts": "FTS5 index of `blocks.words` (external content: the text is stored once, in `blocks`)",
}

_CREATE = re.compile(r"^CREATE (VIRTUAL )?TABLE IF NOT EXISTS (\w+) ?(?:USING (\w+)\((.*?)\);|\((.*?)^\);)", re.M | re.S)
_COLUMN = re.compile(r"(?:^|,)\s*(\w+)\s+(?:TEXT|INTEGER|REAL|BLOB)\b")


@dataclass(frozen=True)
class Table:
    name: str
    key: str                                    # key columns, each with its comment if it is alone on its line
    columns: list[str]                          # the other columns, grouped by their DDL line, with its comment


def _code(name: str) -> str:
    return f"`{name}`"


def _said(names: list[str], comment: str) -> str:
    text = ", ".join(_code(n) for n in names)
    return f"{text}: {comment}" if comment else text


def _lines(body: str) -> list[tuple[list[str], str]]:
    """Each DDL line's column names and its comment."""
    found = []
    for line in body.splitlines():
        code, _, comment = line.partition("--")
        names = _COLUMN.findall(code.strip())
        if names:
            found.append((names, comment.strip().replace("|", "\\|")))
    return found


def _keys(db: sqlite3.Connection, name: str) -> list[list[str]]:
    """The primary key's columns, in order, then those of each UNIQUE constraint."""
    info = db.execute(f"PRAGMA table_info({name})").fetchall()
    keys = [[row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]]
    for index in db.execute(f"PRAGMA index_list({name})").fetchall():
        if index[3] == "u":   # a UNIQUE constraint (not the primary key's own index, "pk")
            keys.append([row[2] for row in db.execute(f"PRAGMA index_info({index[1]})").fetchall()])
    return keys


def _key_said(keys: list[list[str]], comments: dict[str, str]) -> str:
    """`id`; unique `sha256`, `seq`: the primary key, then each UNIQUE constraint."""
    said = [", ".join(_said([n], comments.get(n, "")) for n in key) for key in keys]
    return "; ".join([said[0], *(f"unique {s}" for s in said[1:])])


def _table(db: sqlite3.Connection, match: re.Match[str]) -> Table:
    name = match.group(2)
    if match.group(1):   # a virtual table: its module's arguments say what it is
        return Table(name, "`rowid`", [f"`USING {match.group(3)}({' '.join(match.group(4).split())})`"])
    keys = _keys(db, name)
    key_names = {n for key in keys for n in key}
    comments, columns = {}, []
    for names, comment in _lines(match.group(5)):
        others = [n for n in names if n not in key_names]
        if others:
            columns.append(_said(others, comment))
        elif len(names) == 1:   # a key column's comment, when the line is its own
            comments[names[0]] = comment
    return Table(name, _key_said(keys, comments), columns)


def store_tables() -> list[Table]:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(SCHEMA)
        return [_table(db, match) for match in _CREATE.finditer(SCHEMA)]
    finally:
        db.close()


def _indexes() -> list[str]:
    return [f"`{m.group(1)}`" for m in re.finditer(r"^CREATE INDEX IF NOT EXISTS \w+ ON (\w+\([^)]*\))", SCHEMA, re.M)]


def _triggers() -> list[str]:
    return [f"`{m.group(1)}` ({m.group(2).lower()} {m.group(3)})"
            for m in re.finditer(r"^CREATE TRIGGER IF NOT EXISTS (\w+) AFTER (\w+) ON (\w+)", SCHEMA, re.M)]


def store_tables_markdown() -> str:
    """The generated region of docs/store.md: the format version, the tables, the indexes."""
    rows = [f"| `{t.name}` | {ROW_MEANINGS[t.name]} | {t.key} | {'; '.join(t.columns)} |" for t in store_tables()]
    return "\n".join([f"Store format {STORE_VERSION} (`PRAGMA user_version`).", "",
                      "| table | one row per | key | other columns: their meaning (the comments in `SCHEMA`) |", "|---|---|---|---|",
                      *rows, "", f"Indexes: {', '.join(_indexes())}. Triggers keeping `blocks_fts` in step: {', '.join(_triggers())}."])
