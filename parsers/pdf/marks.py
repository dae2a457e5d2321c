"""Thai marks put back on the consonant they are drawn on.

A Thai upper or lower vowel or tone mark is drawn over or under its consonant. LibreOffice (with
fonts whose marks the font positions, Garuda, Kinnari, Loma) writes such a mark as a text object
of its own, raised or lowered by the font's offset, after the run it belongs to. pdfium orders a
line's text objects as the content stream gives them, so the mark lands after a later word, with
spaces of pdfium's own either side (`ประจ ์ ำปี` for `ประจำปี`, the ์ of `โพธิ์` two words
before), or starts a line of its own where its raised baseline looks like a new line
(`ผ\\r\\nู้มีส่วนได้เสีย`). Where the mark is drawn is right; where pdfium put it is not.

  has_stray_marks  a page's text → whether a mark follows something it cannot sit on (a space, a
                   line break, a digit): only then are the page's glyphs read to place them
  stray_marks      glyphs → indices of the marks that follow no consonant or mark
  host_of          glyphs, a stray mark → the consonant it is drawn on (the nearest by horizontal
                   centre among those of its line), or None
  place_marks      glyphs → the same, each stray mark moved after its consonant, and the spaces
                   and line break pdfium made only because the mark jumped dropped

Correct text has no stray mark (a mark never follows a space), so it passes unchanged.
"""

from __future__ import annotations

import bisect
import re

from parsers.pdf.glyphs import FALSE_SPACE_GAP, Glyph
from parsers.thai.letters import CONSONANTS, MARK_ORDER, MARKS

# Legacy Thai fonts' marks in the Private Use Area (`thai.repair.LEGACY_GLYPHS`): marks too, a
# mark after one is in place (`ต\uf70aํา` is ต่ำ).
LEGACY_MARKS = "\uf700-\uf71a"
# A mark after anything but a consonant or another mark (the start of the text included).
_STRAY_MARK = re.compile(rf"(?:^|[^{CONSONANTS}{MARKS}{LEGACY_MARKS}])[{MARKS}]", re.MULTILINE)
_CARRIER = re.compile(rf"[{CONSONANTS}{MARKS}{LEGACY_MARKS}]")
# A mark sits on a consonant whose box, widened by this share of its width either side, holds the
# mark's horizontal centre (a tone mark is drawn at the consonant's right edge, past it on narrow ones).
HOST_REACH = 0.35
# A mark is drawn on a consonant within this many of its heights above or below it (a tone mark
# over an upper vowel is more than one consonant height above the baseline).
LINE_REACH = 1.5
# A mark's origin is this many consonant heights from its consonant's baseline at most (the font's
# offset; a line's pitch is well over one height, so a mark of the next line is not taken).
BASELINE_REACH = 0.6
# pdfium's own characters, dropped where a moved mark leaves glyphs that touch.
_MADE_UP = frozenset(" \r\n")


def has_stray_marks(text: str) -> bool:
    return _STRAY_MARK.search(text) is not None


def _carries_marks(glyph: Glyph) -> bool:
    return _CARRIER.fullmatch(glyph.char) is not None


def stray_marks(glyphs: list[Glyph]) -> list[int]:
    """Marks that follow no consonant in pdfium's order, directly or after other marks (the marks
    after a stray one went astray with it: `ผ ➤ ู้`)."""
    stray, after_stray = [], False
    for i, glyph in enumerate(glyphs):
        if glyph.char in MARKS and not glyph.generated and (i == 0 or after_stray or not _carries_marks(glyphs[i - 1])):
            stray.append(i)
            after_stray = True
        else:
            after_stray = False
    return stray


def _centre(box: tuple[float, float, float, float]) -> float:
    return (box[0] + box[2]) / 2


def _on_line(mark: Glyph, base: Glyph) -> bool:
    """The mark is drawn on the consonant's line: its origin is on the consonant's baseline, give or
    take the font's offset (BASELINE_REACH of the consonant's height), and its box within
    LINE_REACH of the consonant's height above or below the consonant's."""
    height = base.box[3] - base.box[1]
    reach = LINE_REACH * height
    return (abs(mark.y - base.y) <= BASELINE_REACH * height
            and base.box[1] - reach <= mark.box[1] and mark.box[3] <= base.box[3] + reach)


class ConsonantIndex:
    """A page's consonants sorted by their left edge, so a mark's candidate hosts are found by
    bisection: a page of LibreOffice Thai has hundreds of stray marks and thousands of glyphs, and
    testing every glyph for every mark cost seconds a page."""

    def __init__(self, glyphs: list[Glyph]) -> None:
        entries = sorted((g.box[0], i) for i, g in enumerate(glyphs) if g.char in CONSONANTS and not g.generated)
        self.lefts = [left for left, _ in entries]
        self.indices = [i for _, i in entries]
        self.widest = max((abs(glyphs[i].box[2] - glyphs[i].box[0]) for i in self.indices), default=0.0)

    def near(self, centre: float) -> list[int]:
        """Consonants (in text order) whose box widened by HOST_REACH may hold `centre`: a superset
        of those that do (a small margin for float rounding)."""
        low = bisect.bisect_left(self.lefts, centre - (1 + HOST_REACH) * self.widest - 1e-3)
        high = bisect.bisect_right(self.lefts, centre + HOST_REACH * self.widest + 1e-3)
        return sorted(self.indices[low:high])


def host_of(glyphs: list[Glyph], index: int, consonants: ConsonantIndex | None = None) -> int | None:
    """The consonant the mark at `index` is drawn on: its box (widened by HOST_REACH) holds the
    mark's centre, on the mark's line; the nearest by centre when several do (the first in text
    order on a tie). `consonants`: the page's index, built once for all its marks."""
    mark = glyphs[index]
    centre = _centre(mark.box)
    best, distance = None, float("inf")
    for i in (consonants or ConsonantIndex(glyphs)).near(centre):
        base = glyphs[i]
        reach = HOST_REACH * (base.box[2] - base.box[0])
        if base.box[0] - reach <= centre <= base.box[2] + reach and _on_line(mark, base):
            gap = abs(_centre(base.box) - centre)
            if gap < distance:
                best, distance = i, gap
    return best


def _touching(left: Glyph, right: Glyph) -> bool:
    """Two glyphs of one line with no word gap between them."""
    height = max(left.box[3], right.box[3]) - min(left.box[1], right.box[1])
    same_line = abs(left.y - right.y) < 0.5 * height
    return same_line and right.box[0] - left.box[2] < FALSE_SPACE_GAP * height


def _made_up_run(glyphs: list[Glyph], index: int, step: int, removed: set[int]) -> list[int]:
    """pdfium's spaces and line breaks next to `index`, looking `step` (-1, +1) away."""
    run, i = [], index + step
    while 0 <= i < len(glyphs) and (i in removed or (glyphs[i].generated and glyphs[i].char in _MADE_UP)):
        if i not in removed:
            run.append(i)
        i += step
    return run


def _gaps_closed(glyphs: list[Glyph], moved: set[int]) -> set[int]:
    """pdfium's spaces and line breaks either side of the moved marks, where the glyphs left on
    either side touch (the gap was only the mark's jump)."""
    dropped: set[int] = set()
    for index in sorted(moved):
        before, after = _made_up_run(glyphs, index, -1, moved), _made_up_run(glyphs, index, 1, moved)
        left = min(before, default=index) - 1
        right = max(after, default=index) + 1
        while left in moved:
            left -= 1
        while right in moved:
            right += 1
        if left >= 0 and right < len(glyphs) and _touching(glyphs[left], glyphs[right]):
            dropped.update(before + after)
    return dropped


def _with_marks(glyphs: list[Glyph], host: int, marks: list[Glyph], moved: set[int]) -> tuple[list[Glyph], int]:
    """The host, the marks already on it and the moved ones (in Unicode's order, on the host's
    baseline); and the index after the marks that were already there."""
    end = host + 1
    while end < len(glyphs) and glyphs[end].char in MARKS and end not in moved:
        end += 1
    cluster = glyphs[host + 1:end] + [m._replace(y=glyphs[host].y) for m in marks]
    return [glyphs[host], *sorted(cluster, key=lambda g: MARK_ORDER[g.char])], end


def place_marks(glyphs: list[Glyph]) -> list[Glyph]:
    """Each stray mark moved after the consonant it is drawn on; pdfium's spaces and line breaks
    around where it was dropped where the glyphs either side touch. A mark with no consonant
    under it stays where it is."""
    hosts: dict[int, list[Glyph]] = {}
    moved: set[int] = set()
    consonants = ConsonantIndex(glyphs)
    for index in stray_marks(glyphs):
        host = host_of(glyphs, index, consonants)
        if host is not None:
            hosts.setdefault(host, []).append(glyphs[index])
            moved.add(index)
    if not moved:
        return glyphs
    skip = moved | _gaps_closed(glyphs, moved)
    placed, index = [], 0
    while index < len(glyphs):
        if index in hosts:
            cluster, index = _with_marks(glyphs, index, hosts[index], moved)
            placed += cluster
            continue
        if index not in skip:
            placed.append(glyphs[index])
        index += 1
    return placed


def drop_spaces_after_marks(glyphs: list[Glyph]) -> list[Glyph]:
    """pdfium's own space after a mark where the mark's consonant touches the next glyph: pdfium
    measures the gap from the mark, which a font draws left of its consonant's right edge
    (`หน้ าที่`, `เป้ าหมาย`)."""
    dropped = set()
    for index, glyph in enumerate(glyphs[1:-1], start=1):
        if not (glyph.generated and glyph.char == " " and glyphs[index - 1].char in MARKS):
            continue
        host = index - 1
        while host > 0 and glyphs[host].char in MARKS:
            host -= 1
        after = glyphs[index + 1]  # a glyph of the page: pdfium's line break after its space is no neighbour
        if glyphs[host].char in CONSONANTS and not after.generated and not after.char.isspace() and _touching(glyphs[host], after):
            dropped.add(index)
    return [g for i, g in enumerate(glyphs) if i not in dropped] if dropped else glyphs
