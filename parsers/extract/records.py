"""Intermediate records the extractors produce, before the pipeline builds the Report.

Extractors return these plain dataclasses (values + the Origin they were read from); the
pipeline turns them into schema models. Keeping them apart means an extractor never needs
to know the output schema's layout, and the schema never leaks parsing state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.document import Origin
from parsers.extract.dates import ParsedPeriod
from schema.codes import RefContext, WarningCode


@dataclass
class Finding:
    """A warning raised while extracting: machine code, human message, where. The code is
    validated here, once: an extractor that raises an unknown code fails its tests, not a user."""

    code: WarningCode
    message: str
    origin: Origin | None = None

    def __post_init__(self) -> None:
        self.code = WarningCode(self.code)


@dataclass
class ScoreValue:
    value: float
    origin: Origin
    from_table: bool = False
    name_as_written: str | None = None


@dataclass
class MeasureRecord:
    title: str
    origin: Origin
    number: str | None = None
    o_item: str | None = None
    indicator: int | None = None
    item: str | None = None          # the O/E/I item the row is for (its topic's or title's code)
    score: float | None = None       # the row's ผลการประเมิน
    finding: str | None = None       # ข้อค้นพบ
    steps: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    period: ParsedPeriod | None = None
    follow_up: str | None = None
    result: str | None = None
    recommendation: str | None = None
    has_result_column: bool = False


@dataclass
class ItemRefRecord:
    code: str
    context: RefContext
    origin: Origin
    title: str | None = None


@dataclass
class ItemScoreRecord:
    code: str
    score: float
    origin: Origin
    text: str | None = None
