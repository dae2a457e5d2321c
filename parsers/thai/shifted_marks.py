"""Word 2007's shifted marks: a consonant's marks written after the next letter, found and undone
by the Thai word list.

Some Word 2007–2016 exports (Cordia, Angsana and TH Sarabun in older Office builds) write a mark
into the text layer after the letter that follows its consonant, as the glyphs sit on the page:
`ผา่น` for ผ่าน, `ไทรยอ้ย` for ไทรย้อย, `เด่นชยั` for เด่นชัย, `ศูนยก์ีฬา` for ศูนย์กีฬา, often with
a space after the moved mark (`พฒั นา` for พัฒนา, `ทวั่ ไป` for ทั่วไป), and a SARA AM whose
NIKHAHIT moved that way comes out SARA AA and a space (`ตา บล`, `อา เภอ` for ตำบล, อำเภอ).

Correct Thai has almost every such arrangement too (`กว่า`, `แก้ว จำนวน`), so each spot is judged
like the letter-swapping defects of `thai_defects`: the readings with the mark moved back (and the
space after it dropped) are compared with the text as it is on a window of words around the spot,
and the likelier one by word frequencies wins. While a page is diagnosed only the spots correct
Thai cannot have are judged (a mark on SARA AA, MAI HAN-AKAT before no consonant: `ผา่`, `ชยั `);
a page with enough strong ones has every spot judged.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache
from itertools import combinations

from parsers.thai.defects import reading_cost, word_spans
from parsers.thai.letters import CONSONANTS, MARK_ORDER, MARKS, SARA_AA, SARA_AM

SHIFTED_MARKS = "shifted_marks"


class ShiftedSpots(Enum):
    """Which spots a pass judges."""

    IMPOSSIBLE = "impossible"  # diagnosing a page: only spots correct Thai cannot have (`ผา่`, `ชยั `)
    ALL = "all"                # repairing a page with evidence: every spot not inside a word, and `ตา บล`


# Letters either side of a spot that its readings are compared on (a few words: a spot is one syllable).
COST_WINDOW = 12
# How much likelier a moved reading must be to count as evidence on its own (as STRONG_MARGIN for
# the letter-swapping defects: `ผา่น` → ผ่าน gains 43, `ภอเด่นชยั` → เด่นชัย 24).
MIN_STRONG_GAIN = 5.0
# How much likelier a move must be at a spot correct Thai can have (`ทอ้งถิ่น` → ท้องถิ่น gains 33,
# `ศูนยก์ีฬา` 71): next to other damage a correct mark can read a little better moved (`ทิศ` 4.3).
POSSIBLE_SPOT_MARGIN = 10.0
# What a dropped space must earn on top: `พฒั นา` → พัฒนา gains 14, `องคก์ าร` → องค์การ 3.7, while
# a space between two words gains 0 (`ป้องกนั และ`).
SPACE_MARGIN = 3.0
# Strong spots a page needs before every spot on it is judged (a Word 2007 page has dozens; a clean
# page's look-alikes are single typos).
MIN_SHIFT_EVIDENCE = 2
MAI_HAN_AKAT = "\u0e31"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
# The letter a shifted mark lands on: the consonant or vowel after the mark's own consonant.
_LANDING = CONSONANTS + SARA_AA + "\u0e30"
# A consonant (with at most two marks of its own: `อย่อู` for อยู่อ), the letter after it, and the
# marks written after that one (runs bounded: a real cluster has at most three, and a bounded run
# cannot backtrack).
_SPOT = re.compile(rf"([{CONSONANTS}][{MARKS}]{{0,2}})([{_LANDING}])([{MARKS}]{{1,3}})")
# The space after a moved mark is dropped only before a letter that starts a syllable, or SARA AA
# (`อยทู่ าง` for อยู่ทาง); before a mark it is the space-before-mark defect of `reattach_marks`.
_WORD_STARTS = CONSONANTS + SARA_AA + "\u0e40\u0e41\u0e42\u0e43\u0e44"
# SARA AM written as SARA AA then a space (its NIKHAHIT moved on and was written as a space).
_AM_AS_AA_SPACE = re.compile(rf"(?<=[{CONSONANTS}]){SARA_AA} (?=[\u0e01-\u0e2e\u0e40-\u0e44])")


def _impossible(text: str, match: re.Match[str]) -> bool:
    """A spot correct Thai cannot have: marks on SARA AA/SARA A, or MAI HAN-AKAT before no consonant."""
    after = text[match.end():match.end() + 2]
    if match.group(2) in SARA_AA + "\u0e30":
        return True
    # (a space then a mark is the space-before-mark defect, `ทั ้ง`, which `reattach_marks` judges)
    space_then_mark = len(after) == 2 and after[0].isspace() and after[1] in MARKS
    return MAI_HAN_AKAT in match.group(3) and after[:1] not in CONSONANTS and not space_then_mark


def _cluster(base: str, marks: str) -> str:
    """A consonant with its marks and more marks, in Unicode's order; None-like '' if two collide."""
    own = base[1:] + marks
    if len(set(own)) < len(own) or sum(m in TONE_MARKS for m in own) > 1:
        return ""
    return base[0] + "".join(sorted(own, key=MARK_ORDER.__getitem__))


@lru_cache(maxsize=4)
def _subsets(size: int) -> tuple[tuple[int, ...], ...]:
    """Every non-empty set of positions in a run of `size` marks, the whole run first."""
    return tuple(c for n in range(size, 0, -1) for c in combinations(range(size), n))


def _tails(tail: str) -> list[tuple[str, bool]]:
    """What may follow the moved marks: the text as it is, without the one space the marks left
    (True: a space dropped), and a SARA AM there read as SARA AA: a space after a moved mark
    before SARA AA (`องคก์ าร`) was taken for SARA AM's lost NIKHAHIT (`องคก์ำร`) before this."""
    tails = [(tail, False)]
    if tail.startswith(" ") and tail[1:2] and tail[1] in _WORD_STARTS:
        tails.append((tail[1:], True))
    if tail.startswith(SARA_AM):
        tails.append((SARA_AA + tail[1:], False))
    return tails


def _readings(text: str, match: re.Match[str]) -> list[tuple[str, bool]]:
    """The text with some of the spot's marks moved back onto the consonant before it (any of
    them: the marks are in Unicode's order by now, so `ศูนยก์ีฬา` reads `ศูนยกี์ฬา`), with each of
    `_tails` after them (True: a space dropped)."""
    base, landing, marks = match.groups()
    head, tail = text[:match.start()], text[match.end():]
    # a stray space after MAI HAN-AKAT itself (`เป็นปั จจุบัน`, a justified line's gap)
    readings = [(head + base + landing + marks + tail[1:], True)] if tail[:1] == " " and MAI_HAN_AKAT in marks else []
    for chosen in _subsets(len(marks)):
        cluster = _cluster(base, "".join(marks[i] for i in chosen))
        if cluster:
            moved = head + cluster + landing + "".join(m for i, m in enumerate(marks) if i not in chosen)
            readings += [(moved + rest, dropped) for rest, dropped in _tails(tail)]
    return readings


def _gain(text: str, reading: str, start: int) -> float:
    """How much likelier `reading` is than `text`, judged on the words around `start`."""
    left = max(0, start - COST_WINDOW)
    return reading_cost(text[left:start + COST_WINDOW]) - reading_cost(reading[left:start + COST_WINDOW + len(reading) - len(text)])


def _best_move(text: str, match: re.Match[str]) -> tuple[str, float]:
    """The likeliest reading of a spot and its gain; a dropped space must earn `SPACE_MARGIN`
    (a word space after a moved mark is real as often as not: `แกว้ จำนวน`)."""
    best, best_gain = text, 0.0
    for reading, drops_space in _readings(text, match):
        gain = _gain(text, reading, match.start()) - (SPACE_MARGIN if drops_space else 0.0)
        if gain > best_gain:
            best, best_gain = reading, gain
    return best, best_gain


def _join_am(text: str, threshold: float) -> tuple[str, int]:
    strong = 0
    for match in reversed(list(_AM_AS_AA_SPACE.finditer(text))):
        reading = text[:match.start()] + SARA_AM + text[match.end():]
        gain = _gain(text, reading, match.start())
        if gain > threshold:
            text, strong = reading, strong + (gain >= MIN_STRONG_GAIN)
    return text, strong


def _inside_a_word(text: str, match: re.Match[str]) -> bool:
    """Whether the likeliest split of the spot's window puts the whole spot inside one word of the
    word list (`กว่า`): such a spot reads as written, and most spots in any text are like it."""
    left = max(0, match.start() - COST_WINDOW)
    start, stop = match.start() - left, match.end() - left
    return any(a <= start and stop <= b for a, b in word_spans(text[left:match.end() + COST_WINDOW]))


@lru_cache(maxsize=65536)
def fix_shifted_marks(line: str, threshold: float, spots: ShiftedSpots) -> tuple[str, int]:
    """`line` with shifted marks moved back wherever that reads better by more than `threshold`
    (by `POSSIBLE_SPOT_MARGIN` at spots correct Thai can have), and how many moves were strong
    evidence. `spots` says which are tried: the impossible ones, or all but those inside a word
    (and then SARA AM written as SARA AA and a space is joined too). Spots are judged left to
    right, so each is read with the words before it already repaired."""
    strong, position = 0, 0
    while match := _SPOT.search(line, position):
        position = match.end(1)  # the landing letter may be the next spot's consonant
        impossible = _impossible(line, match)
        if not impossible and (spots is ShiftedSpots.IMPOSSIBLE or _inside_a_word(line, match)):
            continue
        reading, gain = _best_move(line, match)
        if gain > (threshold if impossible else max(threshold, POSSIBLE_SPOT_MARGIN)):
            line, strong = reading, strong + (gain >= MIN_STRONG_GAIN)
    if spots is ShiftedSpots.ALL and SARA_AA + " " in line:
        line, joined = _join_am(line, threshold)
        strong += joined
    return line, strong


# Where a text is cut into the pieces judged on their own: a space no moved mark can have left (not
# after a mark, not after SARA AA). Pieces repeat across a document (`การพฒั นา`), so each is
# judged once; the words either side of a spot are nearly always in its piece.
_PIECE_BREAK = re.compile(rf"((?<![{MARKS}{SARA_AA}])\s+)")


# A superset of the impossible spots, for one search of a whole page before it is cut into pieces:
# most pages have none, and then diagnosing them costs this search only.
_IMPOSSIBLE_HINT = re.compile(rf"[{SARA_AA}\u0e30][{MARKS}]|{MAI_HAN_AKAT}[{MARKS}]{{0,3}}(?![{CONSONANTS}{MARKS}])")


def has_impossible_spot(text: str) -> bool:
    """Whether `text` may hold a spot correct Thai cannot have (a false yes costs only time)."""
    return _IMPOSSIBLE_HINT.search(text) is not None


def undo_shifted_marks(text: str, threshold: float, spots: ShiftedSpots) -> tuple[str, int]:
    """`text` repaired by `fix_shifted_marks`, piece by piece; the strong moves counted."""
    parts, strong = _PIECE_BREAK.split(text), 0
    for index in range(0, len(parts), 2):
        if _SPOT.search(parts[index]) or (spots is ShiftedSpots.ALL and SARA_AA + " " in parts[index]):
            parts[index], found = fix_shifted_marks(parts[index], threshold, spots)
            strong += found
    return "".join(parts), strong
