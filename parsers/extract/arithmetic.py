"""The ITA arithmetic: a tool total is the mean of its indicators, the ITA score the weighted sum
of the tool totals (weights from the year's framework in the catalog).

  mean, ita_score     the two formulas
  reconcile           where a report states two values for an indicator, the one the stated tool
                      total or ITA score follows from becomes primary (`indicator_primary_by_arithmetic`)

The warnings for totals that do not add up are a check (`parsers.extract.checks.score_arithmetic`).
"""

from __future__ import annotations

import itertools
import math
from typing import TYPE_CHECKING

from parsers.extract.records import Finding, ScoreValue
from parsers.knowledge.catalog import Framework

if TYPE_CHECKING:
    from parsers.extract.scores import ScoreRecords

# Two stated figures "agree" within this; above it a warning gives both numbers. Reports
# print two decimals, so a correct mean or weighted sum is off by at most 0.005 each way.
ARITHMETIC_TOLERANCE = 0.015
MAX_COMBINATIONS = 4096


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def ita_score(tool_scores: dict[str, float], rules: Framework) -> float:
    return sum(weight * tool_scores[tool] for tool, weight in rules.tool_weights.items())


def _choose_by_target(numbers: list[int], indicators: dict[int, list[ScoreValue]],
                      target: float, compute) -> dict[int, int] | None:
    """Among the stated values of `numbers`, the choice (index per indicator) whose computed
    total matches `target`, preferring the default (index 0) when it already matches."""
    options = [range(len(indicators[n])) for n in numbers]
    if math.prod(len(o) for o in options) > MAX_COMBINATIONS:
        return None
    best: tuple[float, int, tuple[int, ...]] | None = None
    for combo in itertools.product(*options):
        chosen = {n: indicators[n][i].value for n, i in zip(numbers, combo, strict=True)}
        error = abs(compute(chosen) - target)
        key = (round(error, 6), sum(1 for i in combo if i), combo)
        if best is None or key < best:
            best = key
    if best is None or best[0] > ARITHMETIC_TOLERANCE or not any(best[2]):
        return None
    return dict(zip(numbers, best[2], strict=True))


def _promote(indicators: dict[int, list[ScoreValue]], choice: dict[int, int], why: str,
             findings: list[Finding]) -> None:
    for number, index in choice.items():
        if index:
            values = indicators[number]
            old = values[0]
            values.insert(0, values.pop(index))
            findings.append(Finding(
                "indicator_primary_by_arithmetic",
                f"indicator {number}: {values[0].value:g} chosen over {old.value:g} because {why}",
                values[0].origin))


def reconcile(result: ScoreRecords, rules: Framework) -> None:
    """Pick each indicator's primary value with the ITA arithmetic where it decides."""
    indicators, findings = result.indicators, result.findings
    for tool, stated in result.tools.items():
        numbers = [n for n in rules.tool_indicators(tool) if n in indicators]
        if len(numbers) != len(rules.tool_indicators(tool)) or all(len(indicators[n]) == 1 for n in numbers):
            continue
        choice = _choose_by_target(numbers, indicators, stated.value, lambda c: mean(list(c.values())))
        if choice:
            _promote(indicators, choice, f"the stated {tool} total {stated.value:g} is their mean", findings)
    if result.overall_score is None or len(indicators) != len(rules.indicator_tools):
        return
    open_numbers = [n for n in indicators if len(indicators[n]) > 1 and rules.indicator_tools[n] not in result.tools]
    if not open_numbers:
        return

    def ita_of(chosen: dict[int, float]) -> float:
        values = {n: chosen.get(n, indicators[n][0].value) for n in indicators}
        return ita_score({t: result.tools[t].value if t in result.tools else mean([values[n] for n in rules.tool_indicators(t)])
                          for t in rules.tool_weights}, rules)

    choice = _choose_by_target(open_numbers, indicators, result.overall_score.value, ita_of)
    if choice:
        _promote(indicators, choice, f"the stated ITA score {result.overall_score.value:g} follows from it", findings)
