"""HTML reader: bytes of a saved web page (.html, .htm, .xhtml) → Document.

What a reader of the page sees, in reading order (the ITA results agencies post on their sites,
saved from a browser or exported by Word):
- the charset of `parsers.readers.html_charset` (BOM, the page's declaration, then detection:
  UTF-8, Thai Windows-874/TIS-620);
- headings, paragraphs, list items and cells as lines; `<br>` ends a line; an ordered list's
  numbers written in front of its items as a browser draws them (`1.`, `a.`, `iv.`, Thai digits
  for `list-style-type: thai`), since the measure extractors read numbered lines; bullets as `•`;
- tables as tables (`parsers.readers.html_tables`: rowspan and colspan on a grid, a header of
  several rows naming its columns); a table holding tables, or marked `role="presentation"`, or of
  one cell is page layout (old sites lay whole pages out in tables): its cells are read as blocks;
- left out, as the page does not show them or they are the site's, not the report's: scripts,
  styles, `<noscript>`, `<template>`, navigation (`<nav>`, role navigation/banner/menu/search),
  the site's `<header>`/`<footer>`/`<aside>` (not those of an `<article>` or `<section>`), form
  controls and forms that hold no text of their own, dialogs and cookie/PDPA consent banners, comments, and
  hidden elements (`hidden`, `aria-hidden="true"`, inline `display:none`/`visibility:hidden`, the
  hiding classes of common CSS frameworks); stylesheets are not evaluated.

Whitespace is collapsed as a browser does, except that a source line break between two Thai
letters is dropped: an editor wraps its source lines anywhere, and a space inside a Thai word
would split it. Consecutive lines form one Paragraph; a table, a rule or an empty paragraph ends it,
as a blank line does in a text report.

Provenance: `page` is null, `line` the line in the decoded page where the text starts (lxml's
`sourceline`, which libxml2 counts only to 65534: past that the line is null).

Hostile pages: at most `max_bytes`; lxml with `huge_tree` off (libxml2 stops nesting at 256
levels, text nodes at 10 MB), no network, no DTD or entities of the page's own expanded (HTML has
only its fixed named entities), nothing the page links to (`<base>`, images, styles) fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from parsers.document import Block, Document, Line, Origin, Paragraph
from parsers.errors import ErrorKind, UnreadableInput
from parsers.layout_hints import NO_HINTS, LayoutHints
from parsers.options import ParseOptions
from parsers.readers.html_charset import decode_page
from parsers.readers.html_tables import HtmlCell, HtmlRow, build_table, span
from parsers.thai.normalise import normalise_text
from schema.codes import SourceFormat

BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "div", "dl", "dt",
                        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
                        "hr", "html", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "ul", "menu", "dir"})
UNSEEN_TAGS = frozenset({"head", "title", "meta", "link", "base", "script", "style", "noscript", "template", "nav", "button", "select",
                         "option", "datalist", "input", "textarea", "label", "output", "iframe", "frame", "frameset", "object",
                         "embed", "applet", "svg", "canvas", "audio", "video", "map", "dialog"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menu", "menubar", "toolbar", "dialog", "alertdialog"})
# A header, footer or aside inside these is its section's (a report's title may be there), not the
# site's banner, address or sidebar (news, calendars, visitor counters: numbers that are not the report's).
SECTIONING = frozenset({"article", "aside", "main", "section"})
CONSENT_NAMES = ("cookie", "consent", "pdpa", "gdpr")   # in an id or class: the site's consent banner
HIDING_CLASSES = frozenset({"hidden", "d-none", "hide", "invisible", "sr-only", "visually-hidden"})
# An ASP.NET WebForms page wraps its whole body in one <form>: a form holding these is the page.
PAGE_CONTENT = ("table", "p", "h1", "h2", "h3", "article", "main")
MAX_DEPTH = 300            # libxml2 stops at 256 already; a guard for the recursion if it ever does not
LAST_LINE = 65534          # libxml2's sourceline saturates at 65535
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_THAI_WRAP = re.compile(r"(?<=[\u0e01-\u0e4e])[ \t\r\f]*\n[ \t\n\r\f]*(?=[\u0e01-\u0e4e])")
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def hides(style: str | None) -> bool:
    """Whether an inline style hides the element (`display: none`, `visibility: hidden/collapse`)."""
    for declaration in (style or "").lower().split(";"):
        name, _, value = declaration.partition(":")
        value = value.replace("!important", "").strip()
        if (name.strip(), value) in (("display", "none"), ("visibility", "hidden"), ("visibility", "collapse")):
            return True
    return False


def unseen(element: Any) -> bool:
    """Whether an element is left out: not shown, or the site's chrome rather than the report."""
    tag = element.tag
    if tag in UNSEEN_TAGS:
        return True
    if tag == "form":
        return not any(True for _ in element.iter(*PAGE_CONTENT))
    if tag in ("header", "footer", "aside") and not any(a.tag in SECTIONING for a in element.iterancestors()):
        return True
    get = element.get
    if get("hidden") is not None or (get("aria-hidden") or "").strip().lower() == "true" or hides(get("style")):
        return True
    if (get("role") or "").strip().lower() in CHROME_ROLES:
        return True
    classes = (get("class") or "").lower()
    return bool(HIDING_CLASSES.intersection(classes.split())) or any(name in f"{get('id') or ''} {classes}".lower()
                                                                    for name in CONSENT_NAMES)


def line_of(element: Any, text: str | None = None) -> int | None:
    """The page line of an element's start tag, moved down by the line breaks before `text` (its text
    or tail); None past the lines libxml2 counts."""
    line = element.sourceline
    if line is None or line > LAST_LINE:
        return None
    return line + (text[: len(text) - len(text.lstrip())].count("\n") if text else 0)


def list_label(number: int, style: str) -> str:
    """An ordered list item's number as the browser draws it (HTML `type`, or Thai digits)."""
    if style in ("a", "A") and number > 0:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return (letters.upper() if style == "A" else letters) + "."
    if style in ("i", "I") and 0 < number < 4000:
        roman = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
                               (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, number = divmod(number, value)
            roman += numeral * count
        return (roman.upper() if style == "I" else roman) + "."
    return (str(number).translate(_THAI_DIGITS) if style == "thai" else str(number)) + "."


@dataclass
class ListState:
    """The next number of an <ol> (or None for a bulleted list) and how its numbers are drawn."""

    number: int | None
    step: int = 1
    style: str = "1"

    @classmethod
    def of(cls, element: Any) -> ListState:
        if element.tag != "ol":
            return cls(None)
        items = sum(1 for child in element if child.tag == "li")
        reversed_ = element.get("reversed") is not None
        start = element.get("start", "").strip()
        number = int(start) if start.lstrip("-").isdigit() and len(start) < 10 else items if reversed_ else 1
        style = "thai" if "thai" in (element.get("style") or "").lower() else element.get("type", "1").strip() or "1"
        return cls(number, -1 if reversed_ else 1, style)

    def label(self, item: Any) -> str:
        if self.number is None:
            return "•"
        value = item.get("value", "").strip()
        if value.lstrip("-").isdigit() and len(value) < 10:
            self.number = int(value)
        label, self.number = list_label(self.number, self.style), self.number + self.step
        return label


@dataclass(frozen=True)
class Context:
    """What a descendant inherits: the list its <li>s number from, whether whitespace is kept, depth."""

    items: ListState | None = None
    pre: bool = False
    depth: int = 0


@dataclass
class Flow:
    """Lines as a browser lays them out: inline text joins the line being built, a block or <br>
    ends it; a table, a rule or an empty paragraph ends the Paragraph."""

    blocks: list[Block] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    line: int | None = None
    current: Paragraph | None = None

    def add(self, text: str | None, line: int | None, pre: bool = False) -> None:
        if not text:
            return
        if pre:   # a <pre>'s line breaks are lines
            first, *more = text.split("\n")
            self.add(first, line)
            for offset, piece in enumerate(more, start=1):
                self.end_line()
                self.add(piece, line + offset if line is not None else None)
            return
        if self.line is None and text.strip():
            self.line = line
        self.parts.append(_THAI_WRAP.sub("", text) if "\n" in text else text)

    def end_line(self) -> None:
        raw = _HTML_SPACE.sub(" ", "".join(self.parts)).strip(" ")   # not str.strip(): a &nbsp; line is a blank line
        line, self.parts, self.line = self.line, [], None
        if not raw:
            return
        if not normalise_text(raw):   # `<p>&nbsp;</p>`, Word's blank line: the paragraph ends
            self.current = None
            return
        if self.current is None:
            self.current = Paragraph()
            self.blocks.append(self.current)
        self.current.lines.append(Line(normalise_text(raw), Origin(page=None, line=line, raw=raw)))

    def end_paragraph(self) -> None:
        self.end_line()
        self.current = None


class PageReader:
    """One page's body → blocks (a cell's content is read by a PageReader of its own)."""

    def __init__(self) -> None:
        self.flow = Flow()

    def walk(self, element: Any, context: Context) -> None:
        tag = element.tag
        if not isinstance(tag, str) or unseen(element):
            return
        if context.depth > MAX_DEPTH:
            self.flow.add(element.text_content(), line_of(element))
            return
        if tag == "br":
            self.flow.end_line()
            return
        if tag == "table":
            self.table(element, context)
            return
        context = replace(context, depth=context.depth + 1, pre=context.pre or tag in ("pre", "textarea", "listing", "plaintext"),
                          items=ListState.of(element) if tag in ("ol", "ul", "menu", "dir") else context.items)
        block = tag in BLOCK_TAGS
        if block:
            self.flow.end_line()
        if tag == "hr":
            self.flow.end_paragraph()
        if tag == "li" and context.items is not None:
            self.flow.add(context.items.label(element) + " ", line_of(element, element.text))
        self.children(element, context)
        if block:
            self.flow.end_line()

    def children(self, element: Any, context: Context) -> None:
        """An element's own text, then each child followed by its tail (the parent's text after it)."""
        self.flow.add(element.text, line_of(element, element.text), context.pre)
        for child in element:
            self.walk(child, context)
            self.flow.add(child.tail, line_of(child, child.tail) if isinstance(child.tag, str) else None, context.pre)

    def table(self, element: Any, context: Context) -> None:
        self.flow.end_paragraph()
        rows, head_rows = table_rows(element)
        context = replace(context, depth=context.depth + 1, items=None)
        if is_layout(element, rows):
            for tr in rows:
                for cell in row_cells(tr):   # a layout cell is a block of the page
                    self.flow.end_line()
                    self.children(cell, context)
                    self.flow.end_line()
            self.flow.end_paragraph()
            return
        caption = element.find("caption")
        if caption is not None:
            self.walk(caption, context)
            self.flow.end_paragraph()
        table = build_table([HtmlRow(line_of(tr), tuple(self.cell(cell, context) for cell in row_cells(tr))) for tr in rows], head_rows)
        if table is not None:
            self.flow.blocks.append(table)

    def cell(self, element: Any, context: Context) -> HtmlCell:
        """A data cell's text, its lines (paragraphs, <br>, list items) joined by a line break."""
        inner = PageReader()
        inner.children(element, context)
        inner.flow.end_line()
        text = "\n".join(line.origin.raw for block in inner.flow.blocks if isinstance(block, Paragraph) for line in block.lines)
        return HtmlCell(text, span(element.get("rowspan"), zero_allowed=True), span(element.get("colspan")))


def table_rows(table: Any) -> tuple[list[Any], int]:
    """A table's own rows in the order a browser draws them (<thead> first, <tfoot> last), and how
    many are the <thead>'s."""
    head: list[Any] = []
    body: list[Any] = []
    foot: list[Any] = []
    for child in table:
        if child.tag == "tr":
            body.append(child)
        elif child.tag in ("thead", "tbody", "tfoot") and not unseen(child):
            section = head if child.tag == "thead" and not head else foot if child.tag == "tfoot" else body
            section.extend(tr for tr in child if tr.tag == "tr")
    rows = [tr for tr in head + body + foot if not unseen(tr)]
    return rows, sum(1 for tr in head if not unseen(tr))


def row_cells(tr: Any) -> list[Any]:
    return [cell for cell in tr if cell.tag in ("td", "th") and not unseen(cell)]


def is_layout(table: Any, rows: list[Any]) -> bool:
    """A table that lays the page out rather than holding data: one holding tables, one marked
    presentational, one of a single cell (a box around text)."""
    if (table.get("role") or "").strip().lower() in ("presentation", "none"):
        return True
    if any(inner is not table for inner in table.iter("table")):
        return True
    return len(rows) == 1 and len(row_cells(rows[0])) == 1


def html_to_document(data: bytes) -> Document:
    """Bytes of a saved page → Document (see the module's docstring for what is read and how)."""
    import lxml.etree
    import lxml.html  # python-docx's own XML library; loaded by the first page, so other batches never pay for it

    text, encoding = decode_page(data)
    # Parsed from UTF-8 with the encoding forced: the page's own <meta> must not make libxml2 decode it again.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError) as error:   # "Document is empty": no element at all
        raise UnreadableInput(f"the page has no content ({error})", ErrorKind.EMPTY) from error
    reader = PageReader()
    body = root.find("body")
    reader.walk(body if body is not None else root, Context())
    reader.flow.end_paragraph()
    if not reader.flow.blocks:
        if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):   # libxml2 stopped at 256 levels
            raise UnreadableInput("the page nests its elements deeper than 256 levels and shows no text above that",
                                  ErrorKind.TOO_LARGE)
        raise UnreadableInput("the page shows no text (scripts, navigation and hidden parts are left out)", ErrorKind.EMPTY)
    return Document(blocks=reader.flow.blocks, format=SourceFormat.HTML, encoding=encoding)


class HtmlReader:
    """Saved web pages (.html, .htm, .xhtml): the page's visible text, lists and tables."""

    format = SourceFormat.HTML
    suffixes = (".html", ".htm", ".xhtml")
    max_bytes = 16 * 2**20   # as for a text report: a saved report page is tens of kilobytes

    def read(self, data: bytes, options: ParseOptions, hints: LayoutHints = NO_HINTS) -> Document:
        if len(data) > self.max_bytes:
            raise UnreadableInput(f"the page is {len(data) / 2**20:.0f} MiB, over the {self.max_bytes // 2**20} MiB limit",
                                  ErrorKind.TOO_LARGE)
        return html_to_document(data)
