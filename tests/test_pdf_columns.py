"""Two-column pages read column by column (parsers/pdf/columns.py), table-driven on line extents
(top, bottom, x0, x1 in points from the page's top-left, as PageLine has them)."""

from __future__ import annotations

import pytest

from parsers.pdf.columns import ColumnLayout, find_columns

PITCH = 18.0


def column(x0: float, x1: float, first: float, count: int, short_last: bool = True) -> list[tuple[float, float, float, float]]:
    """`count` wrapped lines of prose between x0 and x1, the last one short."""
    lines = [(first + k * PITCH, first + k * PITCH + 12, x0, x1 - (k % 3)) for k in range(count)]
    if short_last:
        top, bottom, left, _ = lines[-1]
        lines[-1] = (top, bottom, left, left + 0.3 * (x1 - x0))
    return lines


NEWSLETTER = column(60, 290, 60, 10) + column(310, 535, 60, 10)
ORDINARY = column(60, 535, 60, 20)
# A borderless two-column table: labels on the left, values on the right, side by side.
LABELS_AND_VALUES = [(60 + k * PITCH, 72 + k * PITCH, 60, 60 + 40 + 5 * (k % 4)) for k in range(10)] + \
                    [(60 + k * PITCH, 72 + k * PITCH, 310, 535 - (k % 3)) for k in range(10)]
# A heading across both columns over two columns of prose.
HEADED = [(40, 52, 60, 535), *column(60, 290, 60, 10), *column(310, 535, 60, 10)]


@pytest.mark.parametrize(("lines", "gutter"), [
    (NEWSLETTER, 307.0), (HEADED, 307.0), (ORDINARY, None), (LABELS_AND_VALUES, None), (NEWSLETTER[:6], None),
], ids=["newsletter", "spanning-heading", "ordinary", "labels-and-values", "too-few-lines"])
def test_find_columns(lines: list[tuple[float, float, float, float]], gutter: float | None) -> None:
    layout = find_columns(lines, [])
    assert (layout.gutter if layout else None) == gutter


def test_reading_order_by_sections() -> None:
    """A spanning table cuts the page: the left column above it, the right above it, the table, then
    the columns below it."""
    table = (300.0, 400.0, 60.0, 535.0)
    layout = ColumnLayout(307.0, ((300.0, 400.0),), (table,))
    blocks = {"left above": (60, 60, 280), "right above": (60, 320, 530), "table": None,
              "left below": (420, 60, 280), "right below": (410, 320, 530)}
    keys = {name: layout.table_key(300.0) if at is None else layout.key(*at) for name, at in blocks.items()}
    assert sorted(keys, key=keys.__getitem__) == list(blocks)
