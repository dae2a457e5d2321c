"""Text-layer defects that swap one letter for another, found and undone by the Thai word list.

Contents:

  SUBSTITUTIONS          the defects, one row each: what a word's letter becomes in the text layer
  DOUBLED_START          PowerPoint's doubled first glyphs of a text box (`กกลุ่ม`, `ผู้ผู้อำนวย`)
  TextLayerProfile       which defects a text shows, and how often (the result of `diagnose`)
  words, dictionary_score   pythainlp's Thai word list, and how much of a reading it covers
  reading_cost           how unlikely a reading is as Thai, from word frequencies (lower is better)
  defect_forms           every dictionary word written with one defect → the word (`ดาเนิน` → `ดำเนิน`)
  fix_substitution       undo one defect in a chunk where the word list says the repair reads better
  fix_doubled_start      drop a doubled first glyph where the word list says so

These defects leave text that is still made of Thai letters (`ดาเนินงาน`, `กำร`, `ต้าบล`), so no
character pattern can tell them apart from correct text: `ทำ` and `ทา` are both words. Each is
found through the word list instead: a word written with the defect is looked up in a table of
such forms (built once from the list; forms that are themselves words, like `ทา`, are left out),
and the chunk is repaired only if the repaired reading scores strictly better against the list
than the text as it is. Correct text has no such forms, or reads worse repaired, so it is left as
it is; the property tests check that on every line of the seeds.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

SARA_AA, SARA_AM, MAI_THO = "\u0e32", "\u0e33", "\u0e49"


@dataclass(frozen=True)
class Substitution:
    """A defect that writes `written` where the word has `letter`, everywhere in the word."""

    name: str
    letter: str
    written: str


# Which defects, and how each writes a word; the order is the order they are undone in.
SUBSTITUTIONS = (
    # Word 2007/2013 with TH Sarabun: น้ำ → น้้า, ตำบล → ต้าบล (undone before doubled marks are dropped)
    Substitution("mai_tho_aa_for_am", SARA_AM, MAI_THO + SARA_AA),
    # Word 2013/2016, PowerPoint: การ → กำร, ความ → ควำม (their real ำ comes out split: `อ ำนวย`)
    Substitution("aa_as_am", SARA_AA, SARA_AM),
    # Word 2007/2010 with TH Sarabun: ดำเนิน → ดาเนิน, สำนัก → สานัก
    Substitution("lost_sara_am", SARA_AM, SARA_AA),
)
BY_NAME = {s.name: s for s in SUBSTITUTIONS}
# A doubled first glyph is at most a consonant with two marks (`ผู้`) or a two-consonant cluster.
DOUBLED_START = "doubled_start"
MAX_DOUBLED_GLYPH = 3
# A glyph PowerPoint doubles: a consonant, then consonants or marks (never `**`, never digits).
_THAI_GLYPH = re.compile("[\u0e01-\u0e2e][\u0e01-\u0e2e\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*")
# Words longer than this are left to be read as their parts (the word list has few).
MAX_WORD = 20
# A word of the word list that the corpus counts never saw counts as seen this often (×1/total).
UNSEEN_WORD_RATE = 10
# How much likelier (in -log P) a repaired reading must be to count as evidence of its defect on
# its own. Real defects gain 10-30 (`ดาเนินงาน` 17, `ต้าบล` 13); look-alikes in correct text gain
# under 4 (`อำเภอนากลาง` → นำกลาง 1.3, a typo `สำนวจ` → สานวจ 3.9, `ก้าวหน้า` → กำวหน้า 0.1).
STRONG_MARGIN = 5.0
# Strong spots a text needs before its weaker look-alikes are repaired too.
MIN_EVIDENCE = 1
# Passes over a chunk: a form skipped because it overlapped another is looked at again.
MAX_PASSES = 3
# Letters either side of a candidate repair that the two readings are compared on (two long words).
COST_WINDOW = 2 * MAX_WORD
# Forms shorter than this are not looked for (one letter and SARA AM or AA is never a form).
MIN_FORM_LENGTH = 2


@dataclass(frozen=True)
class TextLayerProfile:
    """How often each defect was evidenced in a text: name → number of spots.

    For the letter-swapping defects (`LETTER_DEFECTS`) a spot counts only if the word list backs
    its repair strongly (`STRONG_MARGIN`); with that evidence, repairing with the profile also
    makes the weaker repairs of the same defect (`กำร` → การ gains only 1.7), and without it none.
    The mechanical defects (PUA glyphs, split SARA AM, spaces, doubled marks) are always repaired.

    `strong_only` names defects repaired wherever the word list backs the repair strongly, with or
    without evidence elsewhere: how OCR text is repaired (`parsers.thai.repair.OCR_PROFILE`).
    """

    counts: tuple[tuple[str, int], ...] = field(default=())
    strong_only: tuple[str, ...] = field(default=())

    def count(self, name: str) -> int:
        return dict(self.counts).get(name, 0)

    def has(self, name: str) -> bool:
        return self.count(name) > 0

    @property
    def defects(self) -> tuple[str, ...]:
        return tuple(name for name, n in self.counts if n > 0)


LETTER_DEFECTS = (*BY_NAME, DOUBLED_START)


@cache
def words() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


@lru_cache(maxsize=65536)
def dictionary_score(text: str) -> tuple[int, int]:
    """(characters covered by dictionary words, minus the number of words): higher reads better."""
    from pythainlp.tokenize import word_tokenize

    tokens = [w for w in word_tokenize(text, engine="newmm", keep_whitespace=False) if w.strip()]
    return sum(len(w) for w in tokens if w in words()), -len(tokens)


@cache
def _word_costs() -> tuple[dict[str, float], float]:
    """-log P(word) for every word: the Thai National Corpus's counts, the word list's other
    words as if seen a tenth of a time; and the cost of one letter that is in no word."""
    from pythainlp.corpus import tnc

    counts = dict(tnc.word_freqs())
    total = sum(counts.values())
    costs = dict.fromkeys(words(), math.log(total * UNSEEN_WORD_RATE))
    costs.update((w, math.log(total / n)) for w, n in counts.items() if n > 0 and len(w) <= MAX_WORD)
    return costs, math.log(total * UNSEEN_WORD_RATE)


@lru_cache(maxsize=65536)
def reading_cost(text: str) -> float:
    """How unlikely `text` is as Thai: -log P of its likeliest split into words; lower is better.

    A unigram model over word frequencies, split by dynamic programming (not by newmm, whose
    split of `กระบวนการทำงาน` and of `กระบวนการทางาน` differ and would decide the comparison).
    Counting dictionary words alone would not do: `ดา|เนิน|งาน` is three words and so is the
    correct `กา|รอ|นาม`; their frequencies tell them apart.
    """
    costs, letter = _word_costs()
    best = [0.0] + [math.inf] * len(text)
    for start in range(len(text)):
        base = best[start]
        if text[start].isspace():
            best[start + 1] = min(best[start + 1], base)
            continue
        best[start + 1] = min(best[start + 1], base + letter)  # a letter in no word
        for stop in range(start + 2, min(len(text), start + MAX_WORD) + 1):
            cost = costs.get(text[start:stop])
            if cost is not None and base + cost < best[stop]:
                best[stop] = base + cost
    return best[-1]


def _best_split(text: str) -> tuple[list[float], list[int]]:
    """The cost of the likeliest split of each prefix of `text`, and where its last word starts
    (`reading_cost`'s split with its path kept; that one stays lean, it is the hot loop)."""
    costs, letter = _word_costs()
    best = [0.0] + [math.inf] * len(text)
    start_of = list(range(-1, len(text)))
    for start in range(len(text)):
        base = best[start]
        if text[start].isspace():
            if base < best[start + 1]:
                best[start + 1], start_of[start + 1] = base, start
            continue
        if base + letter < best[start + 1]:  # a letter in no word
            best[start + 1], start_of[start + 1] = base + letter, start
        for stop in range(start + 2, min(len(text), start + MAX_WORD) + 1):
            cost = costs.get(text[start:stop])
            if cost is not None and base + cost < best[stop]:
                best[stop], start_of[stop] = base + cost, start
    return best, start_of


@lru_cache(maxsize=65536)
def word_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the words of the word list are in the likeliest split of `text` (start, stop)."""
    _, start_of = _best_split(text)
    spans, stop = [], len(text)
    while stop > 0:
        start = start_of[stop]
        if stop - start >= 2:
            spans.append((start, stop))
        stop = start
    return tuple(spans[::-1])


def _trie_pattern(forms: list[str]) -> str:
    """One regex alternation for many literal strings, shared prefixes factored (fast in `re`)."""
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longest form wins

    return emit(trie)


@cache
def defect_forms(name: str) -> tuple[dict[str, str], re.Pattern[str]]:
    """Every dictionary word as the defect writes it → the word, and a regex finding those forms."""
    sub = BY_NAME[name]
    vocabulary = words()
    table = {}
    for word in vocabulary:
        if sub.letter in word:
            form = word.replace(sub.letter, sub.written)
            if len(form) >= MIN_FORM_LENGTH and form not in vocabulary:
                table[form] = word
    # Overlapping search (a lookahead at every position): a short form must not hide a longer one.
    return table, re.compile(f"(?=({_trie_pattern(sorted(table))}))")


def fix_substitution(chunk: str, name: str, threshold: float) -> tuple[str, int]:
    """`chunk` with the defect `name` undone wherever the repair reads better by more than
    `threshold`, and how many of those repairs were strong evidence (by `STRONG_MARGIN` or more)."""
    if BY_NAME[name].written not in chunk:
        return chunk, 0
    return _fix_substitution(chunk, name, threshold)


@lru_cache(maxsize=65536)
def _fix_substitution(chunk: str, name: str, threshold: float) -> tuple[str, int]:
    strong = 0
    for _ in range(MAX_PASSES):  # a form passed over for an overlapping one is tried again
        chunk, found, changed = _one_pass(chunk, name, threshold)
        strong += found
        if not changed:
            break
    return chunk, strong


def _one_pass(chunk: str, name: str, threshold: float) -> tuple[str, int, bool]:
    table, finder = defect_forms(name)
    spans, end = [], -1
    for match in finder.finditer(chunk):  # leftmost-longest, not overlapping what is kept
        if match.start() >= end:
            end = match.start() + len(match.group(1))
            spans.append((match.start(), end))
    strong, changed = 0, False
    for start, stop in reversed(spans):  # from the right, so earlier offsets stay valid
        candidate = chunk[:start] + table[chunk[start:stop]] + chunk[stop:]
        # the readings differ only around the span: judge them on a window of a few words either
        # side (the whole chunk's split cost made this quadratic in a long unspaced sentence)
        left, right = max(0, start - COST_WINDOW), stop + COST_WINDOW
        gain = reading_cost(chunk[left:right]) - reading_cost(candidate[left:right + len(candidate) - len(chunk)])
        if gain > threshold:
            chunk, strong, changed = candidate, strong + (gain >= STRONG_MARGIN), True
    return chunk, strong, changed


@lru_cache(maxsize=16384)
def fix_doubled_start(chunk: str, threshold: float) -> tuple[str, int]:
    """Drop a first glyph PowerPoint wrote twice (`กกลุ่ม` → `กลุ่ม`, `ผู้ผู้อำนวย` → `ผู้อำนวย`)
    if that reads better by more than `threshold`; 1 if it was strong evidence."""
    for size in range(1, MAX_DOUBLED_GLYPH + 1):
        head = chunk[:size]
        if _THAI_GLYPH.fullmatch(head) and len(chunk) > 2 * size and chunk[size:].startswith(head):
            gain = reading_cost(chunk) - reading_cost(chunk[size:])
            if gain > threshold:
                return chunk[size:], int(gain >= STRONG_MARGIN)
    return chunk, 0
