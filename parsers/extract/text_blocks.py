"""The document's own text, out: every line and table row of a Document with its provenance, and
the same text segmented into Thai words for full-text search.

Thai is written without spaces between words, and SQLite's FTS5 tokenizers split on spaces and
punctuation only, so a Thai line would be one token. `segment_words` puts pythainlp's word
boundaries in as spaces; the store indexes that form and `fts_query` segments a query the same
way, so `ประมวลจริยธรรม` finds `…ตามประมวลจริยธรรมสำหรับ…`. The text kept is what the extractors
read: repaired, digits Arabic, whitespace collapsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from parsers.document import Document, Paragraph
from parsers.thai.normalise import normalise_text

CELL_SEPARATOR = " | "  # between a table row's cells in its one-line text


class BlockKind(StrEnum):
    """What a text block is (the store's blocks.kind)."""

    LINE = "line"             # a line of prose (a paragraph's line)
    TABLE_ROW = "table_row"   # one row of a table, its cells in column order


@dataclass(frozen=True)
class TextBlock:
    """One line or table row of a document, as the store's blocks table and the Markdown export hold it."""

    block: int                  # 0-based index of its paragraph or table in reading order
    kind: BlockKind
    page: int | None            # as in provenance: 1-based page of a PDF, null for text and Word files
    line: int | None            # 1-based line (of the file; of the page for PDFs; paragraph index for Word)
    text: str                   # the line, or the row's cells joined by CELL_SEPARATOR
    cells: tuple[str, ...] = ()  # a table row's cells
    words: str = ""             # `text` segmented into words by pythainlp, boundaries as spaces


@lru_cache(maxsize=1)
def _tokenize():  # -> pythainlp's word_tokenize, imported on first use (it loads a dictionary)
    from pythainlp.tokenize import word_tokenize
    return word_tokenize


# newmm's cost grows faster than the length of a run without spaces (256,000 characters: 3.3x the
# time of 128,000): a longer run is segmented in windows of this many characters (a word cut at a
# window's edge once in 4,096 characters of unspaced text), so indexing stays linear.
SEGMENT_WINDOW = 4096
# Only chunks up to this length are cached (words, names, headings recur; a long run does not), so
# the cache's memory is bounded: 2**17 entries of at most 256 characters.
CACHED_CHUNK = 256
# A search query longer than this is refused: segmenting it would hold a server (Datasette cannot
# interrupt a Python function) for seconds to minutes; no real query is a page long.
MAX_QUERY_CHARS = 1000


class QueryTooLong(ValueError):
    """A search query over MAX_QUERY_CHARS; the message says so."""


@lru_cache(maxsize=2**17)
def _segment_cached(chunk: str) -> str:
    return _segment_window(chunk)


def _segment_window(chunk: str) -> str:
    tokens = _tokenize()(chunk, engine="newmm", keep_whitespace=False)
    return " ".join(token for token in (t.strip() for t in tokens) if token)


def _segment_chunk(chunk: str) -> str:
    if len(chunk) <= CACHED_CHUNK:
        return _segment_cached(chunk)
    return " ".join(_segment_window(chunk[start:start + SEGMENT_WINDOW]) for start in range(0, len(chunk), SEGMENT_WINDOW))


def segment_words(text: str) -> str:
    """The text with a space at every word boundary (pythainlp newmm), runs of spaces collapsed.
    Each whitespace-separated chunk is segmented alone and cached: a space is a word boundary for
    newmm anyway, and chunks recur far more than whole lines (templates, headings, ชื่อหน่วยงาน),
    so an archive's text costs about a third less than segmenting every distinct line."""
    return " ".join(filter(None, map(_segment_chunk, text.split())))


def check_query(query: str) -> None:
    """Raise QueryTooLong past MAX_QUERY_CHARS, before anything segments the query."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLong(f"the search query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,} are searched")


def fts_terms(query: str) -> list[str]:
    """The words of a search query, normalised and segmented as the indexed text is (check_query first)."""
    check_query(query)
    return [term for term in segment_words(normalise_text(query)).split(" ") if term]


def fts_query(query: str, phrase: bool = True) -> str:
    """An FTS5 MATCH expression for the query: its words as one phrase (in order, adjacent), or with
    phrase=False every word anywhere in the row. Each word is quoted, so FTS5 syntax in a query is
    text. A query with no words gives '""', which matches nothing."""
    terms = [term.replace('"', '""') for term in fts_terms(query or "")]
    if not terms:
        return '""'
    return f'"{" ".join(terms)}"' if phrase else " AND ".join(f'"{term}"' for term in terms)


def document_blocks(document: Document, segment: bool = True) -> list[TextBlock]:
    """Every line and table row of the document in reading order, with its provenance."""
    out: list[TextBlock] = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            for line in block.lines:
                out.append(TextBlock(index, BlockKind.LINE, line.origin.page, line.origin.line, line.text))
            continue
        for row in block.rows:
            cells = tuple(row.texts)
            text = CELL_SEPARATOR.join(cell for cell in cells if cell)
            out.append(TextBlock(index, BlockKind.TABLE_ROW, row.origin.page, row.origin.line, text, cells))
    if segment:
        out = [TextBlock(b.block, b.kind, b.page, b.line, b.text, b.cells, segment_words(b.text)) for b in out]
    return out
