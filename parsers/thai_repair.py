"""Repair of Thai text damaged by PDF text extraction, defect by defect.

Each defect has its own small function, and `repair_thai` runs them in order:

  map_legacy_glyphs      legacy Thai fonts' Private Use Area glyphs (U+F700–U+F71A: shifted tone
                         marks and vowels) → the standard code points
  join_sara_am           NIKHAHIT + SARA AA (`ํา`) → SARA AM; `ำา` (SARA AM then a stray SARA AA) → `ำ`
  drop_duplicate_marks   the same mark twice in a row → once
  reattach_marks         a space before a mark (`ถ ึง`), a mark emitted before its base consonant
                         (`ัตว ้ีชวัด`), SARA AM whose NIKHAHIT became a space (`ค าน า`)
  order_marks            a consonant's marks in Unicode's order: vowel, tone mark, then ์

Where a defect has two readings (is the mark of the consonant before the space or after it?
is `ท า` ทำ or ทา?), every reading of the chunk is scored against pythainlp's Thai word list
and the one that reads as the most dictionary words wins. Correct Thai has none of these
patterns (a mark never follows a space, SARA AA never starts a word), so correct text passes
through unchanged; the property tests check that on every line of the seeds.

pythainlp.util.normalize was measured for this and not used whole: it deletes a mark that
follows a space (so `ัตว ้ีชวัด` loses letters) and strips tabs that our table reader needs.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

# Thai combining marks: above/below vowels, tone marks, THANTHAKHAT, NIKHAHIT, YAMAKKAN.
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
CONSONANTS = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรฤลฦวศษสหฬอฮ"
SARA_AA, SARA_AM, NIKHAHIT = "\u0e32", "\u0e33", "\u0e4d"
# Where a mark sits in a cluster: vowels first, then tone marks, then THANTHAKHAT/NIKHAHIT/YAMAKKAN.
MARK_ORDER = {**dict.fromkeys("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47", 0),
              **dict.fromkeys("\u0e48\u0e49\u0e4a\u0e4b", 1), **dict.fromkeys("\u0e4c\u0e4d\u0e4e", 2)}
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


@cache
def _words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=4096)
def dictionary_score(text: str) -> tuple[int, int]:
    """(characters covered by dictionary words, minus the number of words): higher reads better."""
    from pythainlp.tokenize import word_tokenize

    words = [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip()]
    return sum(len(w) for w in words if w in _words()), -len(words)


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
            text = max(options, key=lambda t: dictionary_score(order_marks(t)))
        return order_marks(text)
    candidates = [""]
    for piece in pieces:
        starts_defect = bool(piece) and piece[:1] in _NOT_WORD_START
        candidates = [r for c in candidates for r in (_readings(c, piece) if starts_defect else [c + piece])]
    # Ties keep the first reading: attaching to the left, the smallest change.
    return max((order_marks(c) for c in candidates), key=dictionary_score)


def reattach_marks(text: str) -> str:
    parts = _CHUNK_SPACE.split(text)  # chunks at even indexes, the real spaces between them at odd
    return "".join(part if index % 2 else _repair_chunk(part) for index, part in enumerate(parts))


def repair_thai(text: str) -> str:
    """Every repair, in order. Text without any of the defects is returned as it is."""
    if not _DEFECT.search(text):
        return text
    text = drop_duplicate_marks(join_sara_am(map_legacy_glyphs(text)))
    return "\n".join(reattach_marks(line) for line in text.split("\n"))

