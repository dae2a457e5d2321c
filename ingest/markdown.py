"""`convert --markdown DIR`: one Markdown file per document, the text our readers read.

The repaired text in reading order (what the extractors saw: Thai repaired, digits Arabic),
a paragraph's lines kept as lines, tables as Markdown tables, and a marker before each page of
a paged document (`<!-- page 3 -->`, every page from 1 to page_count, empty ones too), so a
search, RAG or diff tool gets the text without parsing the PDF again. Written like the JSON:
DIR/<path relative to the input root>.md, atomically, never outside DIR.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from ingest.convert import ConversionError, write_atomically
from ingest.terminal import clean_for_terminal
from parsers.errors import ErrorKind
from parsers.extract.text_blocks import BlockKind, TextBlock

_MARKDOWN_START = re.compile(r"^(\s*)([#>+*=|`~]|-(?=\s|-))")  # would start a heading, quote, list or rule
# Document text and file names are text, never markup: HTML (tags, comments that hide what follows)
# as entities, link and image brackets escaped so `[x](javascript:…)` and `![](http://…)` stay text.
_AS_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]"})


def markdown_path(md_dir: Path, relative: str) -> Path:
    """DIR/<relative path>.md, refusing any path that would leave DIR."""
    target = (md_dir / f"{relative}.md").resolve()
    if not target.is_relative_to(md_dir.resolve()):
        raise ConversionError(f"markdown path for '{relative}' would leave the markdown folder", ErrorKind.UNSAFE_PATH)
    return target


def as_text(text: str) -> str:
    """Document text for Markdown: no control characters, no markup (see _AS_TEXT)."""
    return clean_for_terminal(text.replace("\\", "\\\\")).translate(_AS_TEXT)


def _prose(text: str) -> str:
    return _MARKDOWN_START.sub(r"\1\\\2", as_text(text))


def _cell(text: str) -> str:
    return "<br>".join(as_text(line).replace("|", "\\|") for line in text.split("\n"))


def _comment(text: str) -> str:
    """Text safe inside an HTML comment: no `--` (which may end it) and no markup."""
    return re.sub(r"-{2,}", "-", as_text(text))


def _table(rows: list[TextBlock]) -> str:
    width = max(len(row.cells) for row in rows)
    lines = []
    for index, row in enumerate(rows):
        cells = [_cell(c) for c in row.cells] + [""] * (width - len(row.cells))
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * width)  # the first row is the header (Markdown tables need one)
    return "\n".join(lines)


def _page_markers(start: int, up_to: int | None) -> Iterator[str]:
    if up_to is not None:
        yield from (f"<!-- page {page} -->" for page in range(start, up_to + 1))


def _runs_by_page(members: list[TextBlock]) -> Iterator[list[TextBlock]]:
    """A block's lines or rows split where the page changes (a table or paragraph across a page break)."""
    page = members[0].page
    run: list[TextBlock] = []
    for member in members:
        if run and member.page is not None and member.page != page:
            yield run
            run = []
        page = member.page if member.page is not None else page
        run.append(member)
    yield run


def to_markdown(blocks: list[TextBlock], page_count: int | None = None, title: str | None = None) -> str:
    """The document's blocks as Markdown (see the module docstring). A table that runs onto the next
    page is continued after that page's marker as a table of its own, under its first row again."""
    parts = [f"<!-- {_comment(title)} -->"] if title else []
    next_page = 1
    for _index, group in groupby(blocks, key=lambda b: b.block):
        members = list(group)
        for number, run in enumerate(_runs_by_page(members)):
            page = run[0].page
            if page is not None and page >= next_page:
                parts.extend(_page_markers(next_page, page))
                next_page = page + 1
            if run[0].kind is BlockKind.TABLE_ROW:
                parts.append(_table(run if number == 0 else [members[0], *run]))
            else:
                parts.append("  \n".join(_prose(b.text) for b in run))  # a hard break keeps each line a line
    parts.extend(_page_markers(next_page, page_count))
    return "\n\n".join(parts) + "\n"


def write_markdown(md_dir: Path, relative: str, blocks: list[TextBlock], page_count: int | None, sha256: str) -> Path:
    """Write one document's Markdown; returns its path."""
    target = markdown_path(md_dir, relative)
    write_atomically(target, to_markdown(blocks, page_count, f"ita-ingest: the text of {relative} (sha256 {sha256})"))
    return target
