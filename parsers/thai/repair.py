"""Repair of Thai text damaged by PDF text extraction, defect by defect.

Contents (`repair_thai` runs the repairs in this order; `diagnose` says which ones a text needs):

  map_legacy_glyphs      legacy Thai fonts' Private Use Area glyphs (U+F700–U+F71A: shifted tone
                         marks and vowels) → the standard code points
  join_sara_am           NIKHAHIT + SARA AA (`ํา`) → SARA AM; `ำา` (SARA AM then a stray SARA AA) → `ำ`
  (mai_tho_aa_for_am)    SARA AM written MAI THO + SARA AA (`ต้าบล`, `น้้า`) → `ตำบล`, `น้ำ`
  drop_duplicate_marks   the same mark twice in a row → once
  reattach_marks         a space before a mark (`ถ ึง`), a mark emitted before its base consonant
                         (`ัตว ้ีชวัด`), SARA AM whose NIKHAHIT became a space (`ค าน า`)
  order_marks            a consonant's marks in Unicode's order: vowel, tone mark, then ์
  (shifted_marks)        Word 2007's marks written after the next letter (`ผา่น`, `พฒั นา`, `ตา บล`) →
                         back on their consonant, judged by the word list (`thai_shifted_marks`)
  move_stacked_tones     a second tone mark on one consonant moved to the earlier letter it belongs
                         to (`ตัวชีวัดที้่` → `ตัวชี้วัดที่`)
  (aa_as_am)             SARA AA written as SARA AM (`กำร`, `ควำม`) → `การ`, `ความ`
  (lost_sara_am)         SARA AM written as SARA AA (`ดาเนิน`, `สานัก`) → `ดำเนิน`, `สำนัก`
  (doubled_start)        PowerPoint's doubled first glyph (`กกลุ่ม`, `ผู้ผู้อำนวย`) → once
  diagnose               which of these defects a text (a page, a document) shows, with counts
  repair_thai            every repair of one string, optionally only those a profile evidenced

The repairs in brackets are in `thai_defects`: they turn letters into other letters, so only the
Thai word list can tell them from correct text (`ทา` and `ทำ` are both words).

Where a defect has two readings (is the mark of the consonant before the space or after it?
is `ท า` ทำ or ทา?), every reading of the chunk is scored against pythainlp's Thai word list
and the one that reads as the most dictionary words wins. Correct Thai has none of these
patterns (a mark never follows a space, SARA AA never starts a word), so correct text passes
through unchanged; the property tests check that on every line of the seeds.

Real files mix defects (one Word 2013 file has lost SARA AM, SARA AA as SARA AM and correct SARA AM
side by side), so a caller diagnoses a whole page once, `profile = diagnose(page_text)`, and
repairs each of its strings with `repair_thai(cell, profile)`: only the letter-swapping defects the
page evidenced are attempted. `repair_thai(text)` alone lets the string be its own evidence.

pythainlp.util.normalize was measured for this and not used whole: it deletes a mark that
follows a space (so `ัตว ้ีชวัด` loses letters) and strips tabs that our table reader needs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial

from parsers.thai.defects import (
    BY_NAME,
    DOUBLED_START,
    LETTER_DEFECTS,
    MIN_EVIDENCE,
    STRONG_MARGIN,
    TextLayerProfile,
    defect_forms,
    dictionary_score,
    fix_doubled_start,
    fix_substitution,
    reading_cost,
)
from parsers.thai.letters import CONSONANTS, MARK_ORDER, MARKS, NIKHAHIT, SARA_AA, SARA_AM
from parsers.thai.shifted_marks import MIN_SHIFT_EVIDENCE, SHIFTED_MARKS, ShiftedSpots, has_impossible_spot, undo_shifted_marks

# Legacy Thai fonts (Windows/Mac) put positional variants of marks in the Private Use Area.
LEGACY_GLYPHS = {
    0xF700: "\u0e10", 0xF701: "\u0e34", 0xF702: "\u0e35", 0xF703: "\u0e36", 0xF704: "\u0e37",
    0xF705: "\u0e48", 0xF706: "\u0e49", 0xF707: "\u0e4a", 0xF708: "\u0e4b", 0xF709: "\u0e4c",
    0xF70A: "\u0e48", 0xF70B: "\u0e49", 0xF70C: "\u0e4a", 0xF70D: "\u0e4b", 0xF70E: "\u0e4c",
    0xF70F: "\u0e0d", 0xF710: "\u0e31", 0xF711: "\u0e4d", 0xF712: "\u0e47", 0xF713: "\u0e48",
    0xF714: "\u0e49", 0xF715: "\u0e4a", 0xF716: "\u0e4b", 0xF717: "\u0e4c", 0xF718: "\u0e38",
    0xF719: "\u0e39", 0xF71A: "\u0e3a",
}
# Readings of one chunk tried exhaustively up to this many defect spots; past it, spot by spot.
MAX_EXHAUSTIVE_SPOTS = 8

_DEFECT = re.compile(rf"(?:^|\s)[{MARKS}]|(?<=[{CONSONANTS}{MARKS}])\s+[{SARA_AA}{SARA_AM}]|[\uf700-\uf71a]|{NIKHAHIT}\s*{SARA_AA}|"
                     rf"{SARA_AM}{SARA_AA}|([{MARKS}])\1")
# What diagnose counts for the mechanical defects.
_PUA = re.compile("[\uf700-\uf71a]")
_SPLIT_AM = re.compile(rf"{NIKHAHIT}[ \t]*{SARA_AA}|{SARA_AM}{SARA_AA}")
_DUPLICATE = re.compile(rf"([{MARKS}])\1+")
# Pieces that cannot start a word: a defect space or a lost NIKHAHIT stands before them.
_NOT_WORD_START = MARKS + SARA_AA + SARA_AM
# A space that separates chunks: one not followed by such a piece.
_CHUNK_SPACE = re.compile(rf"(\s+)(?![{_NOT_WORD_START}])")
_PIECE_SPACE = re.compile(r"\s+")
_CLUSTER = re.compile(rf"(?<=[{CONSONANTS}])[{MARKS}]{{2,}}")


def map_legacy_glyphs(text: str) -> str:
    return text.translate(LEGACY_GLYPHS)


def join_sara_am(text: str) -> str:
    text = re.sub(rf"{NIKHAHIT}[ \t]*{SARA_AA}", SARA_AM, text)
    return text.replace(SARA_AM + SARA_AA, SARA_AM)


def drop_duplicate_marks(text: str) -> str:
    return re.sub(rf"([{MARKS}])\1+", r"\1", text)


def order_marks(text: str) -> str:
    return _CLUSTER.sub(lambda m: "".join(sorted(m.group(), key=MARK_ORDER.__getitem__)), text)


def _readings(left: str, piece: str) -> list[str]:
    """The ways `piece` (which starts with marks or SARA AA) can join the text `left` of it."""
    if piece.startswith(SARA_AA):
        return [left + SARA_AM + piece[1:], left + piece] if left else [piece]
    if piece.startswith(SARA_AM):
        return [left + piece]
    marks = len(piece) - len(piece.lstrip(MARKS))
    moved = piece[marks] + piece[:marks] + piece[marks + 1:] if marks < len(piece) and piece[marks] in CONSONANTS else None
    readings = [left + piece] if left and left[-1] in CONSONANTS + MARKS else []
    if moved is not None:
        readings.append(left + moved)
    return readings or [left + piece]


def _repair_chunk(chunk: str) -> str:
    """A run of Thai without real word spaces, whose inner spaces and leading marks are defects."""
    pieces = _PIECE_SPACE.split(chunk)
    spots = sum(1 for p in pieces if p[:1] in _NOT_WORD_START and p)
    if spots == 0:
        return chunk
    if spots > MAX_EXHAUSTIVE_SPOTS:  # spot by spot, each scored with what is repaired so far
        text = ""
        for piece in pieces:
            options = _readings(text, piece) if piece[:1] in _NOT_WORD_START and piece else [text + piece]
            text = _best([order_marks(t) for t in options])
        return text
    candidates = [""]
    for piece in pieces:
        starts_defect = bool(piece) and piece[:1] in _NOT_WORD_START
        candidates = [r for c in candidates for r in (_readings(c, piece) if starts_defect else [c + piece])]
    return _best([order_marks(c) for c in candidates])


def _best(readings: list[str]) -> str:
    """The reading with the most dictionary text; a tie goes to the likeliest by word frequency
    (`ท า`: ทำ over ทา), and an exact tie to the first one (attaching to the left)."""
    scores = [dictionary_score(r) for r in readings]
    top = max(scores)
    tied = [r for r, s in zip(readings, scores, strict=True) if s == top]
    return tied[0] if len(tied) == 1 else min(tied, key=reading_cost)


def reattach_marks(text: str) -> str:
    parts = _CHUNK_SPACE.split(text)  # chunks at even indexes, the real spaces between them at odd
    return "".join(part if index % 2 else _repair_chunk(part) for index, part in enumerate(parts))


_SPACES = re.compile(r"(\s+)")
_FIRST_CHUNK = re.compile(r"^(\s*)(\S+)")
# A line whose first chunk may start with a doubled glyph (one to three letters, then the same again).
_DOUBLED_CANDIDATE = re.compile(r"^\s*([\u0e01-\u0e2e][\u0e01-\u0e4e]{0,2})\1", re.M)
# The letter-swapping defects after each mechanical step: (defect, run before this step).
_BEFORE_DUPLICATES = ("mai_tho_aa_for_am",)  # `น้้า` must reach it with its two MAI THO
_AFTER_REATTACH = ("aa_as_am", "lost_sara_am")  # `อ ำนวยกำร` must be one chunk first


# The defects the word list judges, and the strong spots a text needs before its weaker look-alikes
# are repaired too.
JUDGED_DEFECTS = (*LETTER_DEFECTS, SHIFTED_MARKS)
EVIDENCE_NEEDED = {**dict.fromkeys(LETTER_DEFECTS, MIN_EVIDENCE), SHIFTED_MARKS: MIN_SHIFT_EVIDENCE}
# Margin thresholds per judged defect: while diagnosing, only strong evidence repairs.
_DIAGNOSING = dict.fromkeys(JUDGED_DEFECTS, STRONG_MARGIN - 1e-9)


_CHUNK = re.compile(r"\S+")


def _substitutions(text: str, names: tuple[str, ...], thresholds: dict[str, float], counts: Counter[str]) -> str:
    """Each letter-swapping defect with a threshold undone in the chunks where its word list finds
    a form of it: one search of the whole text finds them (chunk by chunk, a clean page cost more
    than all its other repairs)."""
    for name in names:
        if name not in thresholds or BY_NAME[name].written not in text:
            continue
        hits = [m.start() for m in defect_forms(name)[1].finditer(text)]
        if not hits:
            continue
        pieces, done, next_hit = [], 0, 0
        for chunk in _CHUNK.finditer(text):
            while next_hit < len(hits) and hits[next_hit] < chunk.start():
                next_hit += 1
            if next_hit < len(hits) and hits[next_hit] < chunk.end():
                fixed, found = fix_substitution(chunk.group(), name, thresholds[name])
                counts[name] += found
                pieces += [text[done:chunk.start()], fixed]
                done = chunk.end()
        text = "".join(pieces) + text[done:]
    return text


def _repair(text: str, thresholds: dict[str, float], counts: Counter[str], shifted_spots: ShiftedSpots) -> str:
    """Every repair in order, a letter-swapping one only if it has a threshold, shifted marks at
    `shifted_spots`; evidence counted."""
    counts["pua"] += len(_PUA.findall(text))
    text = map_legacy_glyphs(text)
    counts["split_sara_am"] += len(_SPLIT_AM.findall(text))
    text = join_sara_am(text)
    text = _substitutions(text, _BEFORE_DUPLICATES, thresholds, counts)
    counts["duplicate_marks"] += len(_DUPLICATE.findall(text))
    text = drop_duplicate_marks(text)
    if _DEFECT.search(text):
        lines = text.split("\n")
        repaired = [reattach_marks(line) for line in lines]
        counts["space_or_order"] += sum(a != b for a, b in zip(lines, repaired, strict=True))
        text = drop_duplicate_marks("\n".join(repaired))  # joining `ผูผ ้ ู้` can double a mark again
    if SHIFTED_MARKS in thresholds and (shifted_spots is ShiftedSpots.ALL or has_impossible_spot(text)):
        # once spaces before marks are judged (`น้ า` is น้ำ), marks in order (`พ้ืน`)
        text, found = undo_shifted_marks(order_marks(text), thresholds[SHIFTED_MARKS], shifted_spots)
        counts[SHIFTED_MARKS] += found
    counts["stacked_tones"] += len(_STACKED_TONES.findall(text))
    text = move_stacked_tones(text)
    text = _substitutions(text, _AFTER_REATTACH, thresholds, counts)
    if DOUBLED_START in thresholds:
        text = _first_chunks(text, partial(fix_doubled_start, threshold=thresholds[DOUBLED_START]), counts)
    return text


def drop_doubled_starts(line: str, profile: TextLayerProfile | None) -> str:
    """A visual line with PowerPoint's doubled first glyph dropped, when the page has evidence of
    that defect. Only this repair runs per visual line: others judge a wrapped fragment (`สำนั`)
    as a word of its own and must see the joined text."""
    if profile is None or profile.count(DOUBLED_START) < MIN_EVIDENCE:
        return line
    return _first_chunks(line, partial(fix_doubled_start, threshold=0.0), Counter())


def _first_chunks(text: str, fix: Callable[[str], tuple[str, int]], counts: Counter[str]) -> str:
    """`fix` applied to the first chunk of every line only: PowerPoint doubles the first glyph of a
    text box, and inside a line a doubled letter after a stray space is a real word (`ปั จจุบัน`)."""
    if not _DOUBLED_CANDIDATE.search(text):  # no line starts with a glyph twice: nothing to judge
        return text

    def first(match: re.Match[str]) -> str:
        fixed, found = fix(match.group(2))
        counts[DOUBLED_START] += found
        return match.group(1) + fixed

    return "\n".join(_FIRST_CHUNK.sub(first, line, count=1) for line in text.split("\n"))


# A consonant with two tone marks cannot be written: one of them belongs to an earlier letter of
# the word ('ตัวชีวัดที้่' for 'ตัวชี้วัดที่', a shaping engine's misplaced mark).
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
# (bounded runs of marks: a real cluster has at most three, and unbounded ones backtrack quadratically)
_STACKED_TONES = re.compile(rf"[{CONSONANTS}][{MARKS}]{{0,3}}[{TONE_MARKS}][{MARKS}]{{0,3}}[{TONE_MARKS}]")
_UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47"
# How many letters back a misplaced tone mark is looked for, and how many are moved per chunk (each
# move scores its readings with the word list: a hostile chunk of thousands must stay cheap).
TONE_REACH = 6
MAX_STACKED_FIXES = 8


def _tone_homes(chunk: str, before: int) -> list[int]:
    """Where a tone mark can go in `chunk[:before]`: after a consonant (and its vowel) with no tone."""
    homes = []
    for index in range(max(0, before - TONE_REACH), before):
        if chunk[index] not in CONSONANTS:
            continue
        end = index + 1
        while end < len(chunk) and chunk[end] in _UPPER_VOWELS:
            end += 1
        if end < before and chunk[end] not in TONE_MARKS:
            homes.append(end)
    return homes


def _stacked_readings(chunk: str, match: re.Match[str]) -> list[str]:
    cluster = match.group()
    readings = []
    for position, mark in enumerate(cluster):
        if mark not in TONE_MARKS:
            continue
        rest = chunk[:match.start()] + cluster[:position] + cluster[position + 1:] + chunk[match.end():]
        readings += [rest[:home] + mark + rest[home:] for home in _tone_homes(rest, match.start())]
    return readings


def move_stacked_tones(text: str) -> str:
    """Each second tone mark on one consonant moved to the earlier letter where the word list reads
    it best; text with no such cluster is returned as it is."""
    if not _STACKED_TONES.search(text):
        return text

    def fix(chunk: str) -> str:
        for _ in range(MAX_STACKED_FIXES):
            match = _STACKED_TONES.search(chunk)
            readings = _stacked_readings(chunk, match) if match else []
            if not readings:
                return chunk
            chunk = _best(readings)
        return chunk

    return "".join(fix(part) if index % 2 == 0 else part for index, part in enumerate(_SPACES.split(text)))


def _diagnosed(text: str) -> tuple[TextLayerProfile, str]:
    counts: Counter[str] = Counter()
    repaired = _repair(text, _DIAGNOSING, counts, ShiftedSpots.IMPOSSIBLE)  # only spots correct Thai cannot have
    return TextLayerProfile(tuple(sorted((name, n) for name, n in counts.items() if n))), repaired


def diagnose(text: str) -> TextLayerProfile:
    """Which defects `text` (best a whole page or document) shows, and at how many spots."""
    return _diagnosed(text)[0]


# The profile of text OCR read. OCR reads glyphs, so its text has none of a font's wrong code
# points; but Tesseract's Thai model confuses SARA AM with SARA AA and with MAI THO + SARA AA, the
# very forms of `lost_sara_am` and `mai_tho_aa_for_am` (สม่าเสมอ, กาหนด, จ้านวน, ตาบล, ห้องน้า on the
# seed and real scans). Those two are repaired wherever the word list backs the repair strongly, and
# only those: OCR junk is no evidence for weaker look-alikes, and the other judged defects (AA
# written as AM, doubled first glyphs, shifted marks) are a PDF producer's, never OCR's.
OCR_PROFILE = TextLayerProfile(strong_only=("mai_tho_aa_for_am", "lost_sara_am"))


def repair_thai(text: str, profile: TextLayerProfile | None = None) -> str:
    """Every repair, in order; the letter-swapping ones only if `profile` (of the page) has
    evidence of them, and then wherever the word list prefers the repaired reading.

    Without a profile the text is its own evidence: `repair_thai(text, diagnose(text))`.
    Correct text is returned as it is.
    """
    if profile is None:
        profile, repaired = _diagnosed(text)
        if not any(profile.count(name) >= EVIDENCE_NEEDED[name] for name in JUDGED_DEFECTS):
            return repaired  # no judged defect evidenced: the diagnosis pass is the repair
    thresholds = {**{name: _DIAGNOSING[name] for name in profile.strong_only},
                  **{name: 0.0 for name in JUDGED_DEFECTS if profile.count(name) >= EVIDENCE_NEEDED[name]}}
    return _repair(text, thresholds, Counter(), ShiftedSpots.ALL)
