"""The ITA framework catalog by assessment year, loaded from `parsers/knowledge/data/ita_catalog.json`.

The catalog is data (edit the JSON, not this file): for each BE year the indicators and tools,
the OIT items (code → title, indicator), the IIT/EIT question ranges and the grade bands, each
with a confidence mark (C confirmed, 1 one source, U unconfirmed). This module answers the
questions the pipeline and the audit ask of it: an O-code's title in a year, whether a title
written in a report is that title, and which year's numbering a written title fits best.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from parsers.thai.normalise import normalise_text, squash

CATALOG_FILE = Path(__file__).with_name("data") / "ita_catalog.json"
# A written title "is" the catalog's when the catalog title appears in it at this similarity.
TITLE_MATCH = 80.0
# To say a title fits another year, it must fit that year this much better than its own.
OTHER_YEAR_MARGIN = 20.0
# Characters after a code that are compared with titles when no title cell was read.
TEXT_AFTER_CODE = 160


@dataclass(frozen=True)
class Fit:
    framework: str      # e.g. "2563-2565"
    title: str
    score: float


@cache
def catalog() -> dict[str, Any]:
    return json.loads(CATALOG_FILE.read_text(encoding="utf-8"))


def framework_of(year: int | None) -> str | None:
    """The framework name a BE assessment year uses, or None if the catalog does not know it."""
    entry = catalog()["years"].get(str(year)) if year else None
    return entry["framework"] if entry else None


@cache
def oit_titles(framework: str) -> dict[str, str]:
    return {item["code"]: item["title"] for item in catalog()["frameworks"][framework]["oit_items"]}


def oit_codes(year: int | None) -> list[str]:
    """Every O-code of the year's catalog (O1–O43 when the year is unknown)."""
    name = framework_of(year)
    return list(oit_titles(name)) if name else [f"O{n}" for n in range(1, 44)]


def oit_title(year: int | None, code: str) -> str | None:
    name = framework_of(year)
    return oit_titles(name).get(code) if name else None


def title_similarity(catalog_title: str, written: str) -> float:
    """0–100: how well the catalog title is found in the written text, spacing ignored."""
    return fuzz.partial_ratio(squash(catalog_title).lower(), squash(written).lower())


def text_after_code(line: str, code: str) -> str:
    """The words that follow `code` on a line (normalised), where a report writes an item's title."""
    text = normalise_text(line)
    match = re.search(rf"{code}(?!\d)", text)
    return text[match.end(): match.end() + TEXT_AFTER_CODE] if match else text[:TEXT_AFTER_CODE]


def fits(code: str, written: str) -> list[Fit]:
    """Every framework's title for `code`, best fit to the written text first."""
    found = [Fit(name, titles[code], title_similarity(titles[code], written))
             for name in catalog()["frameworks"] for titles in [oit_titles(name)] if code in titles]
    return sorted(found, key=lambda f: -f.score)


def other_year_fit(code: str, written: str, year: int | None) -> tuple[Fit, Fit] | None:
    """(better fit, own year's fit) when the written text is another framework's item `code`."""
    own = framework_of(year)
    if own is None or not written:
        return None
    ranked = fits(code, written)
    best = ranked[0] if ranked else None
    mine = next((f for f in ranked if f.framework == own), None)
    if best is None or mine is None or best.framework == own:
        return None
    if best.score >= TITLE_MATCH and best.score - mine.score >= OTHER_YEAR_MARGIN:
        return best, mine
    return None


# -- framework numbers ---------------------------------------------------------------------------
# A report whose assessment year the catalog does not know is checked against the newest known
# framework (every known framework has the same weights and bands; only the O-items differ).
DEFAULT_FRAMEWORK = "2566"
_CODE_RANGE = re.compile(r"^(?P<tool>[IEO])1-[IEO](?P<last>\d+)$")


@dataclass(frozen=True)
class Framework:
    """The numbers of one ITA framework: what the arithmetic, grade-band and code checks use."""

    name: str
    tool_weights: dict[str, float]               # IIT/EIT/OIT → weight in the ITA score
    grade_bands: tuple[tuple[str, float], ...]   # (grade, lowest score), highest grade first
    item_limits: dict[str, int]                  # I/E/O → the highest question or item number
    indicator_tools: dict[int, str]              # indicator number → its tool

    def tool_indicators(self, tool: str) -> list[int]:
        return [number for number, owner in self.indicator_tools.items() if owner == tool]

    def grade_for(self, score: float) -> str:
        return next(grade for grade, floor in self.grade_bands if score >= floor)

    def weighted_sum(self) -> str:
        """The ITA formula as written in messages, e.g. '0.3·IIT + 0.3·EIT + 0.4·OIT'."""
        return " + ".join(f"{weight:g}·{tool}" for tool, weight in self.tool_weights.items())


@cache
def framework(name: str = DEFAULT_FRAMEWORK) -> Framework:
    data = catalog()["frameworks"][name]
    limits = {}
    for ranges in data["question_ranges"].values():
        match = _CODE_RANGE.match(ranges["questions"])
        if match:
            limits[match.group("tool")] = int(match.group("last"))
    return Framework(
        name=name,
        tool_weights={tool: float(w) for tool, w in data["tool_weights"].items() if tool != "confidence"},
        grade_bands=tuple((band["grade"], float(band["min"])) for band in data["grade_bands"]),
        item_limits=limits,
        indicator_tools={item["number"]: item["tool"] for item in data["indicators"]},
    )


def framework_for_year(year: int | None) -> Framework:
    """The framework of a BE assessment year, or the default one when the year is unknown."""
    return framework(framework_of(year) or DEFAULT_FRAMEWORK)
