"""Datasette plugin (registered by pyproject's `datasette` entry point, so `datasette out/ita.sqlite`
loads it whenever both are installed in one environment): Thai full-text search of the store.

Datasette's own full-text search works on the store as it is: `blocks_fts` is an FTS5 table with
content="blocks", so the blocks table page has a search box (`?_search=`). But Datasette passes
the words as typed, and Thai is typed without spaces, while the index holds pythainlp's words.
This plugin adds what segments the query the way the index was segmented:

- the SQL function `thai_fts_query(q)`: the FTS5 MATCH expression for q (`parsers.extract.text_blocks.fts_query`);
  a q over MAX_QUERY_CHARS (1,000) fails the SQL at once (Datasette cannot interrupt the segmenter);
- a canned query `search` on every database that has `blocks_fts`: `/ita/search?q=ประมวลจริยธรรม`
  lists file, page, line and text, as `ita-ingest search` does;
- `?_thai=…` on the blocks table page: the table's rows filtered to those that match.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.filters import FilterArguments

from parsers.extract.text_blocks import fts_query

SEARCH_QUERY = {
    "title": "Search the documents' text",
    "description": "Thai full-text search: the query is segmented into words as the text was (pythainlp), then "
                   "matched as a phrase. Each row is a line or table row with its file, page and line.",
    "sql": """select d.path, b.page, b.line, b.kind, b.text
from blocks_fts join blocks b on b.id = blocks_fts.rowid join documents d on d.sha256 = b.sha256
where blocks_fts match thai_fts_query(:q)
order by blocks_fts.rank, d.path, b.seq
limit 200""",
}


@hookimpl
def prepare_connection(conn: Any) -> None:
    conn.create_function("thai_fts_query", 1, lambda q: fts_query(q or ""), deterministic=True)


@hookimpl
def canned_queries(datasette: Any, database: str) -> Any:
    async def queries() -> dict[str, Any]:
        names = await datasette.get_database(database).table_names()
        return {"search": SEARCH_QUERY} if "blocks_fts" in names else {}
    return queries


@hookimpl
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> FilterArguments | None:
    query = request.args.get("_thai")
    if table != "blocks" or not query:
        return None
    return FilterArguments(["id in (select rowid from blocks_fts where blocks_fts match thai_fts_query(:thai_query))"],
                           {"thai_query": query}, [f'text has the words of "{query}"'])
