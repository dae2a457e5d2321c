"""Numbered measures in prose → one MeasureRecord per item.

Three shapes real documents use:
  an announcement   'ประกาศ … เรื่อง มาตรการป้องกันการทุจริต … ดังต่อไปนี้ 1.จัดทำแผน … 2.มีการประกาศ …'
  guidelines        '5. แนวทางแก้ไขในการปรับปรุง … ในปีงบประมาณ พ.ศ.2563 ข้อเสนอแนะ 1. … 2. …'
                    or '5.แนวทางการแก้ไข … พ.ศ. 2568 5.1 … 5.2 …'
  obligations       'แนวทางปฏิบัติเพื่อป้องกันการทุจริตในการจัดซื้อจัดจ้าง / <office> / ประจำปีงบประมาณ พ.ศ. 2566
                    ๑. บุคลากรในหน่วยงานต้อง… ๒. ผู้บังคับบัญชาต้อง…'
A list is a run of items numbered 1, 2, 3 … (or H.1, H.2 … under a heading numbered H), in one
numbering style ('1.', '(1)', '1)', 'ข้อ 1'; numbers of another style inside an item are its
sub-items). It is a set of measures when its introduction – the text just before its first item –
names measures or guidelines (MEASURE_CUES), or when one of the few lines before it is a
guideline's heading (GUIDELINE_HEADINGS, a heading is often followed by the office's name and the
year) and its items are obligations, who must (not) do what (measure_text.is_obligation): the
heading words alone also head tables of contents and lists of laws. Numbered lists introduced
otherwise (ethics clauses, objectives, complaint channels, problems, an order's duties) are no
measures. An item runs until the next item, a stop phrase (the announcement's closing
'จึงประกาศ…'), or the end of its paragraph block.

The period comes from the introduction (or the guideline's heading lines) only when it states a
fiscal year ('ในปีงบประมาณ พ.ศ. 2563' → FY2563); never from the document's year or an item's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers.document import Document, Origin, Paragraph
from parsers.extract.measure_text import fiscal_period, has_cue, is_obligation, stated_fiscal_years
from parsers.extract.records import MeasureRecord
from parsers.knowledge.vocab import GUIDELINE_HEADINGS, SUBJECT_WORD
from parsers.thai.normalise import normalise_text

# What an introduction says when the list after it is a set of measures.
# ('ข้อเสนอแนะ' is no cue: manuals list "complaints, suggestions, opinions" before any list.)
MEASURE_CUES: tuple[str, ...] = ("มาตรการ", "แนวทางแก้ไข", "แนวทางการแก้ไข", "แนวทางการปรับปรุง")
# A single numbered paragraph after such words is a report's section, not a list of measures.
MIN_ITEMS = 2
# Text after the last item that closes the list rather than continuing the item.
STOP_PHRASES: tuple[str, ...] = ("จึงประกาศ", "ประกาศ ณ วันที่", "สั่ง ณ วันที่", "จึงเรียนมาเพื่อ")
# An introduction names measures when it opens with a cue (a heading: '5. แนวทางแก้ไข…',
# within its first HEADING_CHARS characters), or is a sentence ending in a lead-in phrase with a
# cue in it ('… กำหนดมาตรการป้องกันการทุจริต … ดังต่อไปนี้'). An order's duty 'ดำเนินการ … ตาม
# มาตรการ/แผนงาน' with sub-items, or a web page's menu after a word 'มาตรการ', introduce nothing.
HEADING_CHARS = 30
LEAD_INS: tuple[str, ...] = ("ดังต่อไปนี้", "ดังนี้", ":")
# A guideline's heading stands a few lines above its list: heading, office, year (sso guidelines).
HEADING_LINES = 4
# Share of a list's items that must be obligations when only a guideline's heading names it.
OBLIGATION_SHARE = 0.6
# '1.', '13.', '5.1', '5.4' (glued to its text), '(1)', '1)', 'ข้อ 1' at the start of a line or after
# a space; a bare '5' (a page number in a table of contents) is no item number.
_ITEM_NUMBER = re.compile(r"(?:^|(?<=\s))(?:(?P<sub>\d{1,2}\.\d{1,2})\.?|(?P<top>\d{1,2})\.|\((?P<paren>\d{1,2})\)"
                          r"|(?P<close>\d{1,2})\)|ข้อ\s*(?P<kho>\d{1,2})(?:\.(?!\d))?)(?![\d,])\s*")
# The numbering style of each group: '5.1' continues a list numbered '5.'.
_STYLES = {"sub": "dot", "top": "dot", "paren": "paren", "close": "close", "kho": "kho"}
# A catch-word at a page foot repeats the next page's first words: '/13.ให้ทำรายงาน...'
_DIGIT = re.compile(r"\d")
_CATCH_WORD = re.compile(r"^\s*/\s*\d")
_PAGE_MARK = re.compile(r"^[\s\-–\d.]*$")


@dataclass
class Piece:
    """A stretch of one line's text: before its first number (label None) or after one.
    A piece with no text and no label stands for a table between paragraphs."""

    label: str | None
    text: str
    origin: Origin
    block: int
    starts_line: bool = True
    style: str = ""     # numbering style (_STYLES) of a numbered piece
    marker: str = ""    # its number as written: '(1)'


@dataclass
class Item:
    label: str
    origin: Origin
    block: int
    parts: list[str] = field(default_factory=list)


def _is_noise(text: str) -> bool:
    return bool(_CATCH_WORD.match(text) or _PAGE_MARK.match(text))


def line_pieces(text: str, origin: Origin, block: int) -> Iterator[Piece]:
    """One line → its unnumbered head and one piece per number in it."""
    # a number needs a digit: a character-class scan in C first, the pattern's lookbehind only then
    matches = list(_ITEM_NUMBER.finditer(text)) if _DIGIT.search(text) else []
    head = text[: matches[0].start()] if matches else text
    if head.strip():
        yield Piece(None, head.strip(), origin, block)
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        group = match.lastgroup or "top"
        yield Piece(match.group(group), text[match.end(): end].strip(), origin, block, match.start() == 0,
                    _STYLES[group], match.group().strip())


def pieces(doc: Document, skip: set[int]) -> Iterator[Piece]:
    for index, block in enumerate(doc.blocks):
        if index in skip:
            continue
        if not isinstance(block, Paragraph):
            yield Piece(None, "", Origin(None, None, ""), index)
            continue
        for line in block.lines:
            if not _is_noise(line.text):
                yield from line_pieces(normalise_text(line.text), line.origin, index)


def _next_labels(heading: str | None, previous: str | None) -> set[str]:
    """Labels that may continue a list: after '3' comes '4'; the first item is '1' or 'H.1'."""
    if previous is None:
        return {"1"} | ({f"{heading}.1"} if heading and "." not in heading else set())
    *prefix, last = previous.split(".")
    return {".".join([*prefix, str(int(last) + 1)])}


def introduces_measures(intro: str, label: str | None) -> bool:
    """Whether the text before a numbered list says the list is measures (see HEADING_CHARS)."""
    if has_cue(intro[:HEADING_CHARS], MEASURE_CUES):
        return True
    return label is None and intro.rstrip().endswith(LEAD_INS) and has_cue(intro, MEASURE_CUES)


def heads_guideline(line: str) -> bool:
    """A line that opens with a guideline's word, or whose subject does ('ประกาศ… เรื่อง แนวทางปฏิบัติ…')."""
    openings = [line, *(subject.lstrip() for subject in line.split(SUBJECT_WORD)[1:])]
    return any(has_cue(text[:HEADING_CHARS], GUIDELINE_HEADINGS) for text in openings)


def guideline_heading(window: list[str], intro: str) -> str | None:
    """The heading lines of a guideline above a list – from the last line opening with a guideline's
    word to the list ('แนวทางปฏิบัติ… / <office> / ประจำปีงบประมาณ…') – or an introduction naming one
    before a lead-in ('… จึงกำหนดแนวทางปฏิบัติ ดังนี้'); None when neither is there."""
    starts = [i for i, text in enumerate(window) if heads_guideline(text)]
    if starts:
        return " ".join(window[starts[-1]:])
    if intro.rstrip().endswith(LEAD_INS) and has_cue(intro, GUIDELINE_HEADINGS):
        return intro
    return None


def mostly_obligations(items: list[Item]) -> bool:
    return sum(is_obligation(" ".join(item.parts)) for item in items) >= OBLIGATION_SHARE * len(items)


def _stop_at(text: str) -> int | None:
    positions = [text.find(p) for p in STOP_PHRASES if p in text]
    return min(positions) if positions else None


@dataclass
class ListReader:
    """Reads pieces in order and collects the lists introduced as measures."""

    intro: str = ""                 # the piece just before the current position
    intro_label: str | None = None  # the number the intro was written under ('5' of '5. แนวทาง…')
    window: list[str] = field(default_factory=list)     # the last HEADING_LINES texts, a guideline's heading among them
    items: list[Item] = field(default_factory=list)
    found: list[tuple[str, list[Item]]] = field(default_factory=list)
    heading: str = ""
    style: str = ""                 # the open list's numbering style
    guideline: bool = False         # opened under a guideline's heading: kept only if its items are obligations
    taken: list[Piece] = field(default_factory=list)   # the pieces the open list took, read again if it is not kept
    pending: list[str] = field(default_factory=list)   # unnumbered text in a later block than the last item

    def read(self, piece: Piece) -> None:
        if self.items and self._continues(piece):
            self.taken.append(piece)
            return
        if self.items:
            self.close()
            self.read(piece)    # a list not kept is read again, and may have opened another
            return
        if piece.label is not None and self._starts_list(piece):
            self.items, self.style, self.taken = [Item(piece.label, piece.origin, piece.block, [piece.text])], piece.style, [piece]
        else:
            self._pass(piece)

    def _pass(self, piece: Piece) -> None:
        """A piece outside any list: the introduction of what follows."""
        self.intro, self.intro_label = piece.text, piece.label if piece.style == "dot" else None
        # a table (no text) leaves no introduction and no heading behind it
        self.window = [*self.window, piece.text][-HEADING_LINES:] if piece.text else []

    def _continues(self, piece: Piece) -> bool:
        """Add the piece to the open list if it is its next item or more of its last item."""
        last = self.items[-1]
        if piece.label is not None and piece.style == self.style and piece.label in _next_labels(None, last.label):
            last.parts += self.pending      # the item ran on into the next paragraph block
            self.pending = []
            self.items.append(Item(piece.label, piece.origin, piece.block, [piece.text]))
            return True
        text = self._item_text(piece, last)
        if text is None:
            return False
        if piece.label is not None and not piece.starts_line:   # '1.49' in the text: a number, no item
            last.parts.append(text)
            return True
        # A reader may give each line a block of its own: text in a later block belongs to
        # the item only if another item follows it; after the last item it is not the list's.
        (last.parts if piece.block == last.block and not self.pending else self.pending).append(text)
        return True

    def _item_text(self, piece: Piece, last: Item) -> str | None:
        """What a piece that is no next item adds to the last item; None when it ends the list."""
        if piece.label is None:
            return piece.text if piece.text and _stop_at(piece.text) is None else None
        if piece.style != self.style:           # '(1)' in an item of a '1.' list: a sub-item
            return f"{piece.marker} {piece.text}"
        if not piece.starts_line or piece.label.startswith(f"{last.label}."):   # '1.49' in the text, sub-item '5.1'
            return f"{piece.label} {piece.text}"
        return None

    def _starts_list(self, piece: Piece) -> bool:
        if piece.label not in _next_labels(self.intro_label if piece.style == "dot" else None, None):
            return False
        if introduces_measures(self.intro, self.intro_label):
            self.heading, self.guideline = self.intro, False
            return True
        heading = guideline_heading(self.window, self.intro)
        if heading is None or not is_obligation(piece.text):
            return False
        self.heading, self.guideline = heading, True
        return True

    def close(self) -> None:
        kept = len(self.items) >= MIN_ITEMS and (not self.guideline or mostly_obligations(self.items))
        if kept:
            self.found.append((self.heading, self.items))
        again = self.taken if self.guideline and not kept else []
        self.items, self.intro, self.intro_label, self.pending, self.window, self.taken = [], "", None, [], [], []
        self.guideline = False
        if again:       # no guideline after all: its pieces are read again as text and other lists
            self._pass(again[0])
            for piece in again[1:]:
                self.read(piece)


def numbered_lists(doc: Document, skip: set[int]) -> list[tuple[str, list[Item]]]:
    """(introduction, items) of every list introduced as measures, in document order."""
    reader = ListReader()
    for piece in pieces(doc, skip):
        reader.read(piece)
    while reader.items:     # closing a list that is not kept may open another
        reader.close()
    return reader.found


def item_to_measure(item: Item, heading: str) -> MeasureRecord:
    text = normalise_text(" ".join(item.parts))
    stop = _stop_at(text)
    years = stated_fiscal_years(heading)
    return MeasureRecord(
        title=text[:stop].strip() if stop is not None else text,
        origin=item.origin,
        number=item.label,
        period=fiscal_period(heading, years) if years else None,
    )


def extract_prose_measures(doc: Document, skip: set[int] | None = None) -> list[MeasureRecord]:
    """Measures of every numbered list introduced as measures; blocks in `skip` are not read."""
    return [item_to_measure(item, heading) for heading, items in numbered_lists(doc, skip or set())
            for item in items]
