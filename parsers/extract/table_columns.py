"""A table's header row → which column holds which field, from a table of synonyms.

Generic: it knows nothing about measures. A caller gives the header cells and a synonyms
table `{field: (header text, …)}`; each cell is matched fuzzily (rapidfuzz, spacing ignored),
so a header written `ระยะเวลา ดำเนินการ`, with a lost, doubled or misplaced tone mark, SARA AA
written as SARA AM (`มำตรกำร`), or with a slash in
another place still finds its field. When two cells claim one field the leftmost keeps it (a
table reads left to right; callers that need a weaker fallback give it a field of its own).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from parsers.thai.normalise import skeleton

SynonymTable = Mapping[str, Sequence[str]]
DEFAULT_CUTOFF = 80.0
_ANSWERS_KEPT = 20_000   # a bound on the memo, so a long batch does not grow it without end
_MATCHERS: list[ColumnMatcher] = []  # every matcher made (module-level tables, a few), for forget_answers


@dataclass(frozen=True)
class CellMatch:
    field: str
    score: float


@dataclass(frozen=True)
class ColumnMatcher:
    """A synonyms table compiled once for fuzzy lookups of header cells."""

    synonyms: SynonymTable
    cutoff: float = DEFAULT_CUTOFF
    _texts: list[str] = field(init=False, repr=False)
    _fields: list[str] = field(init=False, repr=False)
    # header cells repeat (every row of every table is tried as a header): answer each once
    _answers: dict[str, CellMatch | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_answers", {})
        _MATCHERS.append(self)
        pairs = [(skeleton(text), name) for name, texts in self.synonyms.items() for text in texts]
        object.__setattr__(self, "_texts", [t for t, _ in pairs])
        object.__setattr__(self, "_fields", [f for _, f in pairs])

    def match(self, text: str) -> CellMatch | None:
        """The field a header cell names, or None when no synonym is close enough."""
        if not text or not self._texts:
            return None
        if text not in self._answers:
            if len(self._answers) > _ANSWERS_KEPT:
                self._answers.clear()
            found = process.extractOne(skeleton(text), self._texts, scorer=fuzz.ratio, score_cutoff=self.cutoff)
            self._answers[text] = CellMatch(self._fields[found[2]], found[1]) if found else None
        return self._answers[text]


def forget_answers() -> None:
    """Empty every matcher's memo: a benchmark that repeats documents measures the cold path."""
    for matcher in _MATCHERS:
        matcher._answers.clear()


def column_fields(cells: Sequence[str], matcher: ColumnMatcher) -> dict[int, str]:
    """Header cells → {column index: field}; a field already claimed by a cell to the left is kept."""
    fields: dict[int, str] = {}
    for column, text in enumerate(cells):
        found = matcher.match(text)
        if found is not None and found.field not in fields.values():
            fields[column] = found.field
    return fields
