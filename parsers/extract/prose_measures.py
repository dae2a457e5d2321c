"""Numbered measures in prose → one MeasureRecord per item.

Two shapes real documents use:
  an announcement   'ประกาศ … เรื่อง มาตรการป้องกันการทุจริต … ดังต่อไปนี้ 1.จัดทำแผน … 2.มีการประกาศ …'
  guidelines        '5. แนวทางแก้ไขในการปรับปรุง … ในปีงบประมาณ พ.ศ.2563 ข้อเสนอแนะ 1. … 2. …'
                    or '5.แนวทางการแก้ไข … พ.ศ. 2568 5.1 … 5.2 …'
A list is a run of items numbered 1, 2, 3 … (or H.1, H.2 … under a heading numbered H) whose
introduction – the text just before its first item – names measures or guidelines (MEASURE_CUES).
Numbered lists introduced otherwise (ethics clauses, objectives, complaint channels, problems,
a table of contents) are no measures. An item runs until the next item, a stop phrase (the
announcement's closing 'จึงประกาศ…'), or the end of its paragraph block.

The period comes from the introduction only when it states a fiscal year ('ในปีงบประมาณ พ.ศ.
2563' → FY2563); it is never taken from the document's year or from an item's own text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from parsers.document import Document, Origin, Paragraph
from parsers.extract.measure_text import fiscal_period, has_cue, stated_fiscal_years
from parsers.extract.records import MeasureRecord
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
# '1.', '13.', '5.1', '5.4' (glued to its text) at the start of a line or after a space; a bare
# '5' (a page number in a table of contents) is no item number.
_ITEM_NUMBER = re.compile(r"(?:^|(?<=\s))(?:(?P<sub>\d{1,2}\.\d{1,2})\.?|(?P<top>\d{1,2})\.)(?![\d,])\s*")
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
        yield Piece(match.group("sub") or match.group("top"), text[match.end(): end].strip(), origin, block, match.start() == 0)


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


def _stop_at(text: str) -> int | None:
    positions = [text.find(p) for p in STOP_PHRASES if p in text]
    return min(positions) if positions else None


@dataclass
class ListReader:
    """Reads pieces in order and collects the lists introduced as measures."""

    intro: str = ""                 # the piece just before the current position
    intro_label: str | None = None  # the number the intro was written under ('5' of '5. แนวทาง…')
    items: list[Item] = field(default_factory=list)
    found: list[tuple[str, list[Item]]] = field(default_factory=list)
    heading: str = ""
    pending: list[str] = field(default_factory=list)   # unnumbered text in a later block than the last item

    def read(self, piece: Piece) -> None:
        if self.items and self._continues(piece):
            return
        if self.items:
            self.close()
        if piece.label is not None and self._starts_list(piece):
            self.heading = self.intro
            self.items = [Item(piece.label, piece.origin, piece.block, [piece.text])]
        else:   # a table (no text) leaves no introduction behind it
            self.intro, self.intro_label = piece.text, piece.label

    def _continues(self, piece: Piece) -> bool:
        """Add the piece to the open list if it is its next item or more of its last item."""
        last = self.items[-1]
        if piece.label is not None and piece.label in _next_labels(None, last.label):
            last.parts += self.pending      # the item ran on into the next paragraph block
            self.pending = []
            self.items.append(Item(piece.label, piece.origin, piece.block, [piece.text]))
            return True
        if piece.label is not None and not piece.starts_line:   # '1.49' in the text: a number, no item
            last.parts.append(f"{piece.label} {piece.text}")
            return True
        if piece.label is None and piece.text and _stop_at(piece.text) is None:
            # A reader may give each line a block of its own: text in a later block belongs to
            # the item only if another item follows it; after the last item it is not the list's.
            (last.parts if piece.block == last.block and not self.pending else self.pending).append(piece.text)
            return True
        return False

    def _starts_list(self, piece: Piece) -> bool:
        return piece.label in _next_labels(self.intro_label, None) and introduces_measures(self.intro, self.intro_label)

    def close(self) -> None:
        if len(self.items) >= MIN_ITEMS:
            self.found.append((self.heading, self.items))
        self.items, self.intro, self.intro_label, self.pending = [], "", None, []


def numbered_lists(doc: Document, skip: set[int]) -> list[tuple[str, list[Item]]]:
    """(introduction, items) of every list introduced as measures, in document order."""
    reader = ListReader()
    for piece in pieces(doc, skip):
        reader.read(piece)
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
