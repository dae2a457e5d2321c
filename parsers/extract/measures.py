"""Measure tables → one MeasureRecord per measure; other shapes from their own modules.

The table chain, each step a small function:
  row_to_column_map   a header row → which column feeds which Measure field (table_columns'
                      fuzzy synonyms lookup over MEASURE_COLUMNS), or None if it is no measure header
  tables_to_row_runs  tables → (column map, rows) runs, joining tables continued after a page
                      break with or without a repeated header
  row_to_measure      a row → MeasureRecord (title/O-item/number, steps, units, period …)
  rows_to_measures    merging continuation rows (empty title cell) into the row above
  dedupe_measures     the same measure repeated later (an attached memo) kept once
Score tables, committee lists and menus have no measure header, so they yield nothing.
extract_measures adds the measures of per-project sheets (project_sheets) and of numbered
prose (prose_measures), then dedupes across shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from parsers.document import Cell, Document, Row, Table
from parsers.extract.dates import parse_period
from parsers.extract.items import codes_in
from parsers.extract.lists import split_items, split_responsible
from parsers.extract.project_sheets import extract_project_sheets, sheet_block_indexes
from parsers.extract.prose_measures import extract_prose_measures
from parsers.extract.records import MeasureRecord
from parsers.extract.scores import score_only_cell
from parsers.extract.table_columns import ColumnMatcher, column_fields
from parsers.knowledge.indicators import indicator_named_in
from parsers.knowledge.vocab import (
    INDICATOR_BY_NUMBER,
    MEASURE_COLUMN_SYNONYMS,
    MEASURE_CONTEXT_COLUMN_SYNONYMS,
    MEASURE_TABLE_MIN_COLUMNS,
)
from parsers.thai.normalise import normalise_text, skeleton, squash

# Header names real plans use beside the shared vocabulary. 'ประเด็น' (the topic a row is
# about) only stands for the title when no column names the measure itself: a municipality's
# plan heads its measure column 'วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ' next to 'ประเด็น'.
# The context columns (topic, assessment, finding) do not count towards a measure header.
_EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("วิธีการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", "โครงการ/กิจกรรม/มาตรการ", "มาตรการ/โครงการ/กิจกรรม"),
    "steps": ("ขั้นตอน/วิธีการ", "วิธีการ/ขั้นตอน"),
    **MEASURE_CONTEXT_COLUMN_SYNONYMS,
}
_TOPIC_ONLY = {"ประเด็น"}
MEASURE_COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(t for t in MEASURE_COLUMN_SYNONYMS.get(name, ()) if t not in _TOPIC_ONLY) + _EXTRA_COLUMNS.get(name, ())
    for name in dict.fromkeys([*MEASURE_COLUMN_SYNONYMS, *_EXTRA_COLUMNS])
}
_HEADER_SCORE_CUTOFF = 80.0
_MATCHER = ColumnMatcher(MEASURE_COLUMNS, _HEADER_SCORE_CUTOFF)
# 'ตัวชี้วัดที่ 9' heading a column, compared in skeleton form: real layers misplace its tone mark
# ('ตัวชีวัดที่้ 9').
_INDICATOR_COLUMN = re.compile(rf"^{re.escape(skeleton('ตัวชี้วัดที่'))}(?P<number>\d{{1,2}})$")
_TITLE_NUMBERING = re.compile(r"^\s*(?P<number>\d{1,2})\s*[.)]\s*(?!\d)")
_O_ITEM_LEAD = re.compile(r"^\s*O\s?(?P<number>\d{1,2})(?!\d)\s*")
_INDICATOR_IN_TITLE = re.compile(r"ตัวชี้วัดที่\s*(?P<number>\d{1,2})(?![\d.])")
_TEXT_FIELDS = ("follow_up", "result", "recommendation", "finding")
# An item code opens a topic cell within this many characters, after nothing or 'ข้อ'.
_CODE_LEAD = 12
_CODE_OPENERS = ("", "ข้อ")


@dataclass(frozen=True)
class ColumnMap:
    fields: dict[int, str]          # column index → Measure field
    width: int
    indicator: int | None = None    # from a header such as 'ตัวชี้วัดที่ 9'

    def cell(self, row: Row, name: str) -> str | None:
        """Raw text of the row's cell for a field; None if the table has no such column."""
        index = next((i for i, f in self.fields.items() if f == name), None)
        if index is None:
            return None
        return row.cells[index].raw if index < len(row.cells) else ""


def _is_indicator_column(text: str) -> bool:
    """'ตัวชี้วัดที่ 9' heading a column. Its skeleton keeps ช and ด as written, so a cell without
    them (most rows: every row of a measure table is tried as a header) skips the skeleton."""
    return "ช" in text and "ด" in text and _INDICATOR_COLUMN.match(skeleton(text)) is not None


def _header_indicator(texts: list[str], fields: dict[int, str]) -> int | None:
    """'ตัวชี้วัดที่ 9' heading the title column: the indicator every row of the table targets."""
    index = next((i for i, f in fields.items() if f == "title"), None)
    column = _INDICATOR_COLUMN.match(skeleton(texts[index])) if index is not None else None
    return int(column.group("number")) if column else None


def row_to_column_map(row: Row) -> ColumnMap | None:
    texts = row.texts
    # a header 'ตัวชี้วัดที่ 9' names the indicator and heads the column of measure titles
    cells = ["มาตรการ" if _is_indicator_column(t) else t for t in texts]
    fields = column_fields(cells, _MATCHER)
    indicator = _header_indicator(texts, fields)
    names = set(fields.values())
    if "title" not in names and "topic" in names:
        fields = {i: "title" if f == "topic" else f for i, f in fields.items()}
        names = set(fields.values())
    measure_fields = names & set(MEASURE_COLUMN_SYNONYMS)
    is_measure_header = (len(measure_fields) >= MEASURE_TABLE_MIN_COLUMNS and bool(names & {"title", "steps"})
                         and bool(names & {"responsible", "period"}))
    return ColumnMap(fields, len(row.cells), indicator) if is_measure_header else None


def columns_to_column_map(table: Table) -> ColumnMap | None:
    """A header of several rows (merged cells, `Table.columns`): each column named by the lowest
    header text over it that names a field (its own name under the spanning group; the group's
    when its columns have no names of their own), then read as a header row."""
    if not table.header_rows or not table.columns or not table.rows:
        return None
    names = [next((text for text in reversed(path) if _MATCHER.match(normalise_text(text))), "") for path in table.columns]
    return row_to_column_map(Row(tuple(Cell(name) for name in names), table.rows[0].origin))


def table_header(table: Table) -> tuple[ColumnMap | None, int]:
    """The measure header of a table and how many rows it takes: its named columns, else its first
    row, else its second under a title row (one filled cell across the table: Word's merged title
    row, which the grid keeps in the table since merged cells no longer split it)."""
    named = columns_to_column_map(table)
    if named is not None:
        return named, table.header_rows
    first = row_to_column_map(table.rows[0])
    if first is None and len(table.rows) > 1 and sum(1 for text in table.rows[0].texts if text) == 1:
        second = row_to_column_map(table.rows[1])
        if second is not None:
            return second, 2
    return first, 1


def is_header_row(row: Row) -> bool:
    """Whether a row heads a measure table (the PDF reader's hint: such a row starts a new table)."""
    return row_to_column_map(row) is not None


def tables_to_row_runs(doc: Document) -> Iterator[tuple[ColumnMap, list[Row]]]:
    """Measure rows grouped by the header that governs them. A table with no header continues
    the previous measure table when it follows it directly and has its width (a page break)."""
    active: ColumnMap | None = None
    previous_was_table = False
    for block in doc.blocks:
        if not isinstance(block, Table):
            previous_was_table = False
            active = None
            continue
        rows = list(block.rows)
        header, taken = table_header(block)
        if header is not None:
            active, rows = header, rows[taken:]
        elif not (active and previous_was_table and block.width == active.width):
            active = None
        previous_was_table = True
        if active is not None:
            yield active, [r for r in rows if row_to_column_map(r) is None]


def split_title(raw: str) -> tuple[str, str | None, str | None]:
    """'๒. มาตรการ…' → ('มาตรการ…', '2', None); '<p>O12</p> <p>รายงาน…</p>' → ('รายงาน…', None, 'O12')."""
    text = normalise_text(raw)
    o_item = _O_ITEM_LEAD.match(text)
    if o_item:
        return text[o_item.end():].strip(), None, f"O{int(o_item.group('number'))}"
    numbering = _TITLE_NUMBERING.match(text)
    if numbering:
        return text[numbering.end():].strip(), str(int(numbering.group("number"))), None
    return text, None, None


def measure_indicator(title: str, header_indicator: int | None, by_name: bool = True) -> int | None:
    """The indicator a measure targets: its table's header, else a number or (`by_name`) name in its title."""
    if header_indicator in INDICATOR_BY_NUMBER:
        return header_indicator
    named = _INDICATOR_IN_TITLE.search(title)
    if named and int(named.group("number")) in INDICATOR_BY_NUMBER:
        return int(named.group("number"))
    info = indicator_named_in(title) if by_name else None
    return info.number if info else None


def _text_or_none(raw: str | None) -> str | None:
    text = normalise_text(raw) if raw is not None else ""
    return text if text.strip("-– ") else None


def leading_code(raw: str | None) -> str | None:
    """The item code a cell opens with ('E๑๑ เจ้าหน้าที่…', 'ข้อ I23 …', 'O12 รายงาน…'), else None."""
    text = normalise_text(raw or "")
    mentions = codes_in(text[:_CODE_LEAD])
    if not mentions or text[:mentions[0].start].strip() not in _CODE_OPENERS:
        return None
    return mentions[0].code


def row_item(row: Row, columns: ColumnMap, o_item: str | None) -> str | None:
    """The questionnaire item a row is for: the code opening its topic cell, else its title's."""
    return leading_code(columns.cell(row, "topic")) or o_item or leading_code(columns.cell(row, "title"))


def row_score(row: Row, columns: ColumnMap) -> float | None:
    cell = columns.cell(row, "assessment")
    return score_only_cell(normalise_text(cell)) if cell else None


def row_to_measure(row: Row, columns: ColumnMap, fiscal_year: int | None) -> MeasureRecord:
    title, number, o_item = split_title(columns.cell(row, "title") or "")
    number_cell = _text_or_none(columns.cell(row, "number"))
    if number_cell and number_cell.rstrip(".").isdigit():
        number = str(int(number_cell.rstrip(".")))
    item = row_item(row, columns, o_item)
    return MeasureRecord(
        title=title,
        origin=row.origin,
        number=number,
        o_item=o_item or (item if item and item.startswith("O") else None),
        # a survey item's row names indicators in passing ('…คุณภาพการดำเนินงาน' in a measure for E11)
        indicator=measure_indicator(title, columns.indicator, by_name=not (item and item[0] in "EI")),
        item=item,
        score=row_score(row, columns),
        finding=_text_or_none(columns.cell(row, "finding")),
        steps=split_items(columns.cell(row, "steps") or ""),
        responsible=split_responsible(columns.cell(row, "responsible") or ""),
        period=parse_period(columns.cell(row, "period"), fiscal_year),
        follow_up=_text_or_none(columns.cell(row, "follow_up")),
        result=_text_or_none(columns.cell(row, "result")),
        recommendation=_text_or_none(columns.cell(row, "recommendation")),
        has_result_column="result" in columns.fields.values(),
    )


def merge_continuation(into: MeasureRecord, more: MeasureRecord) -> None:
    """A row whose title cell is empty continues the measure above it (page break, split cell)."""
    into.steps += more.steps
    into.responsible += [u for u in more.responsible if u not in into.responsible]
    period_empty = into.period is None or (into.period.start is None and into.period.end is None)
    if period_empty and more.period is not None and (more.period.start or more.period.end):
        into.period = more.period
    for name in _TEXT_FIELDS:
        extra = getattr(more, name)
        if extra:
            current = getattr(into, name)
            setattr(into, name, f"{current} {extra}" if current else extra)


def rows_to_measures(runs: Iterator[tuple[ColumnMap, list[Row]]], fiscal_year: int | None) -> list[MeasureRecord]:
    measures: list[MeasureRecord] = []
    for columns, rows in runs:
        for row in rows:
            record = row_to_measure(row, columns, fiscal_year)
            if record.title or record.o_item:
                measures.append(record)
            elif measures and (record.steps or record.responsible or record.result or record.follow_up):
                merge_continuation(measures[-1], record)
    return measures


def dedupe_measures(measures: list[MeasureRecord]) -> list[MeasureRecord]:
    """Keep the first of measures with the same O-item and title (spacing ignored)."""
    seen: set[tuple[str | None, str]] = set()
    kept = []
    for measure in measures:
        key = (measure.o_item, squash(measure.title))
        if key not in seen:
            seen.add(key)
            kept.append(measure)
    return kept


def extract_table_measures(doc: Document, fiscal_year: int | None) -> list[MeasureRecord]:
    return rows_to_measures(tables_to_row_runs(doc), fiscal_year)


def extract_measures(doc: Document, fiscal_year: int | None) -> list[MeasureRecord]:
    """Measures of every shape: tables, project sheets, numbered prose; each measure once.
    Prose inside a project sheet (its numbered objectives and steps) is the sheet's, not a list."""
    tables = extract_table_measures(doc, fiscal_year)
    sheets = extract_project_sheets(doc, fiscal_year)
    prose = extract_prose_measures(doc, skip=sheet_block_indexes(doc) if sheets else set())
    return dedupe_measures(tables + sheets + prose)
