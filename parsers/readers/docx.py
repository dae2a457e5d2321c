"""Word reader: bytes of a .docx → Document (python-docx for the package, its XML for the body).

The body is read in order — paragraphs, tables, content controls — the way a reader of the page
sees it:
- a paragraph's runs are joined (Word splits a word or a year across runs: `255` + `6`), tabs
  and line breaks kept; deleted revisions and the fallback copies of drawings are left out;
- Word's automatic numbering is written in front of the text (`docx_numbering`), so `1.` and
  `๒)` are there as on the page;
- text boxes (drawings, VML shapes) become lines after the paragraph that anchors them;
- a table cell spanning columns is one cell followed by empty ones (the grid stays aligned with
  the header), a vertically merged cell is one cell: its text in the first row, empty below;
- hidden text (`w:vanish`) is left out, as Word does not show it;
- content Word imports on opening (`w:altChunk`: a DOCX body, HTML or plain text) is read where it
  stands; an RTF chunk is not (it would need a LibreOffice run, `parsers.readers.rtf`, inside this reader);
- headers, footers, footnotes and comments are left out (they are not in the body).

Consecutive non-empty paragraphs form one Paragraph block, an empty one ends it, as a blank
line does in a text report. Provenance: `page` is null (a DOCX has no pages until a word
processor lays it out); `line` is the 1-based index of the body's paragraph or table row, every
paragraph counted, empty ones too, so it is stable for the file.

A DOCX is a zip: the same zip-slip and zip-bomb limits as the batch's archives
(`parsers.readers.zip_limits`) are checked before python-docx opens it, and python-docx parses XML
without resolving entities.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import parse_xml

from parsers.document import Block, Cell, Document, Line, Origin, Paragraph, Row, Table
from parsers.errors import ErrorKind, MissingDependency, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.docx_numbering import Numbering, paragraph_numbering
from parsers.readers.zip_limits import package_names
from parsers.thai.normalise import normalise_text
from schema.codes import SourceFormat

# A DOCX is loaded whole by python-docx (media too): past this much XML and media it is not a report.
MAX_EXPANDED_BYTES = 1 * 2**30
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
# Elements whose text is not the paragraph's own: other paragraphs inside drawings, deleted text,
# the VML copy of a drawing that mc:Choice already holds.
_NOT_OWN = {f"{_W}txbxContent", f"{_W}del", _MC_FALLBACK}
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
# What an altChunk (content Word imports when it opens the file) can be, by its part's content type:
# another DOCX body, an HTML page, plain text. An RTF chunk is not read (only LibreOffice reads RTF).
CHUNK_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CHUNK_HTML = ("text/html", "application/xhtml+xml")
CHUNK_TEXT = "text/plain"
# HTML elements that end a line of a chunk's text, as a browser lays them out.
_HTML_LINE_TAGS = ("p", "div", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol")


def open_package(data: bytes) -> Any:
    """The python-docx Document of the bytes, after the zip limits; UnreadableInput when it is not one."""
    names = package_names(data, MAX_EXPANDED_BYTES, "a DOCX")
    if "word/document.xml" not in names and "[Content_Types].xml" not in names:
        raise UnreadableInput("not a DOCX (a zip without word/document.xml)", ErrorKind.CORRUPT)
    try:
        import docx  # loaded by the first DOCX: text and PDF batches never pay for it
    except ImportError as error:
        raise MissingDependency("python-docx is not installed: install it (pip install python-docx)", "python-docx") from error
    try:
        return docx.Document(io.BytesIO(data))
    except MemoryError:
        raise
    except Exception as error:  # python-docx has no error type of its own for a broken package: any is "corrupt"
        raise UnreadableInput(f"not a readable DOCX: {type(error).__name__}: {error}", ErrorKind.CORRUPT) from error


def own_text(element: Any) -> str:
    """The text of a w:p (or any element) without the text of what is nested in it (see _NOT_OWN)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag in _NOT_OWN or (tag == f"{_W}r" and hidden_run(child)):
                continue
            if tag in _TEXT_TAGS:
                parts.append(child.text or "" if _TEXT_TAGS[tag] is None else _TEXT_TAGS[tag])
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def hidden_run(run: Any) -> bool:
    """A w:r Word does not show: hidden text (`w:vanish`, not switched off by w:val 0/false), which
    a reader of the page never sees and which must not become evidence."""
    vanish = run.find(f"{_W}rPr/{_W}vanish")
    return vanish is not None and vanish.get(f"{_W}val") not in ("0", "false", "off")


def html_chunk_lines(blob: bytes) -> list[str]:
    """The lines of an HTML altChunk as a browser shows them: scripts and styles left out, a line
    ended at each paragraph, list item, row or break, cells of a row apart by a tab."""
    import lxml.html  # python-docx's own XML library; only documents with HTML chunks need its HTML parser

    try:   # Word writes its chunks in UTF-8; a Thai page saved by older tools is Windows-874
        text = blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = blob.decode("cp874", "replace")
    root = lxml.html.fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    for unseen in root.xpath("//script|//style|//head"):
        unseen.drop_tree()
    for element in root.iter(*_HTML_LINE_TAGS):
        element.tail = "\n" + (element.tail or "")
    for cell in root.iter("td", "th"):
        cell.tail = "\t" + (cell.tail or "")
    return root.text_content().splitlines()


@dataclass
class _Reader:
    numbering: Numbering
    styles: dict[str, Any]
    parts: dict[str, Any] = field(default_factory=dict)   # the body's related parts by relationship id
    line: int = 0
    blocks: list[Block] = field(default_factory=list)
    current: Paragraph | None = None

    def paragraph_text(self, p: Any) -> str:
        numbered = paragraph_numbering(p, self.styles)
        label = self.numbering.label(*numbered) if numbered else ""
        text = own_text(p)
        return f"{label} {text}" if label and text.strip() else text

    def add_line(self, raw: str, line: int) -> None:
        clean = normalise_text(raw)
        if not clean:
            self.current = None
            return
        if self.current is None:
            self.current = Paragraph()
            self.blocks.append(self.current)
        self.current.lines.append(Line(clean, Origin(page=None, line=line, raw=raw)))

    def paragraph(self, p: Any) -> None:
        self.line += 1
        self.add_line(self.paragraph_text(p), self.line)
        for box in text_boxes(p):
            for inner in box.iter(f"{_W}p"):
                self.add_line(own_text(inner), self.line)

    def table(self, tbl: Any) -> None:
        self.current = None
        grid_rows = []
        for tr in tbl.iter(f"{_W}tr"):
            if tr.getparent() is tbl:  # a nested table's rows are read as its cell's text
                self.line += 1
                grid_rows.append((self.line, self.row_cells(tr)))
        for segment in column_segments(grid_rows):
            columns = sorted({start for _line, cells in segment for start, _span, _text in cells})
            table = Table()
            for line, grid_cells in segment:
                cells = logical_cells(grid_cells, columns)
                if any(normalise_text(c) for c in cells):
                    table.rows.append(Row(tuple(Cell(c) for c in cells), Origin(page=None, line=line, raw="\t".join(cells))))
            if table.rows:
                self.blocks.append(table)

    def row_cells(self, tr: Any) -> list[tuple[int, int, str]]:
        """(first grid column, grid columns spanned, text) of each cell of a w:tr."""
        trpr = tr.find(f"{_W}trPr")
        start = _int_val(trpr, "gridBefore") if trpr is not None else 0
        cells = []
        for tc in tr.findall(f"{_W}tc"):
            tcpr = tc.find(f"{_W}tcPr")
            span = max(_int_val(tcpr, "gridSpan"), 1) if tcpr is not None else 1
            merge = tcpr.find(f"{_W}vMerge") if tcpr is not None else None
            continued = merge is not None and merge.get(f"{_W}val") in (None, "continue")
            cells.append((start, span, "" if continued else self.cell_text(tc)))
            start += span
        return cells

    def cell_text(self, tc: Any) -> str:
        lines = []
        for child in tc:
            if child.tag == f"{_W}p":
                lines.append(self.paragraph_text(child))
                lines.extend(own_text(inner) for box in text_boxes(child) for inner in box.iter(f"{_W}p"))
            elif child.tag == f"{_W}tbl":
                lines.extend(" ".join(self.cell_text(inner) for inner in tr.findall(f"{_W}tc")) for tr in child.iter(f"{_W}tr"))
        return "\n".join(line for line in lines if line.strip())

    def body(self, element: Any) -> None:
        for child in element:
            if child.tag == f"{_W}p":
                self.paragraph(child)
            elif child.tag == f"{_W}tbl":
                self.table(child)
            elif child.tag == f"{_W}sdt":
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    self.body(content)
            elif child.tag == f"{_W}altChunk":
                self.alt_chunk(self.parts.get(child.get(_R_ID)))

    def alt_chunk(self, part: Any) -> None:
        """Content Word imports on opening (`w:altChunk`): its lines where it stands, each at this line."""
        self.line += 1
        self.current = None
        kind = getattr(part, "content_type", "")
        if kind == CHUNK_DOCX:
            lines = [own_text(p) for p in parse_xml(part.blob).iter(f"{_W}p")]
        elif kind in CHUNK_HTML:
            lines = html_chunk_lines(part.blob)
        elif kind == CHUNK_TEXT:
            lines = part.blob.decode("utf-8", "replace").splitlines()
        else:
            lines = []
        for raw in lines:
            self.add_line(raw, self.line)


GridRow = tuple[int, list[tuple[int, int, str]]]  # (line, cells as (first grid column, span, text))


def column_segments(rows: list[GridRow]) -> list[list[GridRow]]:
    """The rows of one w:tbl split where the columns change: Word 97-2003 files store two tables with
    nothing between them as one, and LibreOffice writes them back as one w:tbl. A row whose column
    starts are neither a subset (cells merged across) nor a superset (a header over sub-columns) of
    the rows before it begins another table."""
    segments: list[list[GridRow]] = []
    union: set[int] = set()
    for row in rows:
        starts = {start for start, _span, _text in row[1]}
        if segments and (starts <= union or starts >= union):
            segments[-1].append(row)
            union |= starts
        else:
            segments.append([row])
            union = set(starts)
    return segments


def logical_cells(grid_cells: list[tuple[int, int, str]], columns: list[int]) -> list[str]:
    """A row's cells on the table's own columns: grid columns at which no cell of the table starts
    are not columns (Word splits its grid wherever any row's widths differ), so a cell spanning
    them is one cell; a cell spanning real columns is followed by empty ones, to stay aligned."""
    out = [""] * len(columns)
    index = {start: n for n, start in enumerate(columns)}
    for start, _span, text in grid_cells:
        out[index[start]] = text
    return out


def _int_val(parent: Any, name: str) -> int:
    child = parent.find(f"{_W}{name}")
    value = child.get(f"{_W}val") if child is not None else None
    return int(value) if value and value.isdigit() else 0


def text_boxes(p: Any) -> Iterator[Any]:
    """The outermost text boxes anchored in a paragraph, each once (not their VML fallback copies)."""
    for box in p.iter(f"{_W}txbxContent"):
        ancestors = {a.tag for a in box.iterancestors()}
        if _MC_FALLBACK not in ancestors and f"{_W}txbxContent" not in ancestors:
            yield box


def docx_to_document(data: bytes, format_name: str = "docx") -> Document:
    """Bytes of a DOCX → Document (see the module's docstring for what is read and how)."""
    package = open_package(data)
    try:
        numbering_element = package.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering_element = None  # a document without lists has no numbering part
    styles = {s.get(f"{_W}styleId"): s for s in package.styles.element.findall(f"{_W}style")}
    reader = _Reader(Numbering.of(numbering_element), styles, parts=dict(package.part.related_parts))
    reader.body(package.element.body)
    return Document(blocks=reader.blocks, format=format_name)


class DocxReader:
    """Word 2007+ documents (.docx): paragraphs, tables, lists and text boxes of the body."""

    format = SourceFormat.DOCX
    suffixes = (".docx",)
    max_bytes = 256 * 2**20  # as for a PDF: scanned pages pasted into Word make large files

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        return docx_to_document(data, self.format)
