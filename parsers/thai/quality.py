"""Text layers that are not text: a scanner's invisible OCR layer of Latin junk over a Thai page,
a font whose glyph-to-Unicode map is wrong (LibreOffice 5.1 with substituted fonts). Their
pages go to OCR. The defects of Thai Word exports (lost SARA AM, AA-as-AM, PUA marks, spaces
before marks) are still text: they are undone here only for the count, repair is elsewhere.

Thai letters count in words of pythainlp's list over newmm tokens (short words half: newmm
finds them in junk too), Latin letters in a table of common English/ITA words, acronyms and
capitalised names; a long Thai text without upper/lower marks has lost them in its font map.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from parsers.thai.repair import map_legacy_glyphs

# Fewer letters than this is too little to judge (a signature, a page number): never junk.
MIN_LETTERS = 40
# Below this text_quality a page's text layer is junk.
JUNK_QUALITY = 0.45
# A Thai word of this many letters is real evidence; shorter ones newmm finds in junk too.
LONG_WORD = 4
# With this many Thai consonants a text is expected to have marks: fewer than this share is none.
MARKS_EXPECTED_FROM = 100
MIN_MARK_SHARE = 0.05
# Only this many characters of a page are looked at: enough to judge, and newmm stays cheap.
SAMPLE_CHARS = 1600   # two slices of half this, the page's start and middle: newmm's cut of them
                      # was most of the repair-and-quality time at 4000 (12.8% of the PDF path)
# A page is judged on this much first; one that reads this well there is text (junk layers score
# 0.0-0.3 and real text 0.85-1.0), and the whole sample is cut only for the others: newmm's cut of
# the whole sample on every page was 10% of the PDF path on its own.
FIRST_SAMPLE_CHARS = 320
CLEARLY_TEXT = 0.8

# The Thai export defects that are still text, undone before words are looked up: legacy PUA
# marks (thai_repair's table), split SARA AM, AA-as-AM (every า written ำ: ำ → า gives back most
# words), spaces before marks.
_SPLIT_AM = ("\u0e4d\u0e32", "\u0e33")
_AM_TO_AA = str.maketrans({"\u0e33": "\u0e32"})
# A space a justified or broken export puts before an upper or lower mark.
_SPACE_BEFORE_MARK = re.compile(r"(?<=[\u0e01-\u0e4e]) +(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")
_THAI_RUN = re.compile(r"[\u0e01-\u0e4e]+")
_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
_THAI_MARK = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LETTER = re.compile(r"[\u0e01-\u0e4eA-Za-z]")
# Three of one consonant in a row: no Thai word has it, garbled font maps do (คคคำ, ผผผ).
_TRIPLED = re.compile(r"([\u0e01-\u0e2e])\1\1")
# Thai single-letter words and signs that stand alone.
_THAI_SINGLES = frozenset("ๆฯณธบ่")
# Common English words, and words of the ITA documents written in Latin letters.
_ENGLISH = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of",
    "on", "or", "the", "to", "with", "this", "that", "not", "no", "yes", "all", "new",
    "page", "total", "date", "year", "report", "plan", "assessment", "integrity", "transparency", "open", "data", "information",
    "online", "service", "services", "system", "public", "sector", "office", "government", "website", "web", "www", "http", "https", "com",
    "org", "go", "th", "email", "mail", "line", "facebook", "youtube", "download", "file", "pdf", "link", "google", "form", "qr", "code",
))


@dataclass(frozen=True, slots=True)
class LayerEvidence:
    """What text_quality counted on a page's text."""

    letters: int          # Thai and Latin letters looked at
    thai: int             # Thai letters
    thai_in_words: float  # … of them in words of pythainlp's list (a word of 2-3 letters counts half)
    latin: int            # Latin letters
    latin_in_words: int   # … of them in English/ITA words, acronyms, capitalised names
    consonants: int       # Thai consonants
    marks: int            # Thai upper and lower vowels and tone marks
    tripled: int          # runs of one consonant three times (คคค)

    @property
    def marks_lost(self) -> bool:
        """Thai text has about one mark for every three or four consonants; a long text with
        hardly any has lost them in a garbled font map (LibreOffice 5.1: every mark a consonant)."""
        return self.consonants >= MARKS_EXPECTED_FROM and self.marks < MIN_MARK_SHARE * self.consonants

    @property
    def quality(self) -> float:
        if not self.letters:
            return 1.0
        good = (0.0 if self.marks_lost else self.thai_in_words) + self.latin_in_words - 3 * self.tripled
        return max(0.0, min(1.0, good / self.letters))


def _undo_text_defects(text: str) -> str:
    text = map_legacy_glyphs(text).replace(*_SPLIT_AM)
    return _SPACE_BEFORE_MARK.sub("", text)


@functools.cache
def thai_dictionary() -> frozenset[str]:
    """pythainlp's Thai word list (loaded once)."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _word_weight(token: str, words: frozenset[str]) -> float:
    """A token's letters that count as found: newmm finds short words by chance in any string of
    Thai letters (ค, คำ, กล, ลง), so a word of two or three letters is half the evidence."""
    if token in _THAI_SINGLES:
        return 1.0
    if len(token) < 2 or token not in words:
        return 0.0
    return float(len(token)) if len(token) >= LONG_WORD else len(token) / 2


def in_dictionary_words(run: str) -> bool:
    """Whether every word newmm cuts a run of Thai letters into is in the dictionary
    ('หาง|ดง' is, OCR's 'หาง|ด่ง' is not)."""
    from pythainlp.tokenize import word_tokenize

    words = thai_dictionary()
    return all(t in words for t in word_tokenize(run, engine="newmm", keep_whitespace=False))


def _thai_in_words(run: str, words: frozenset[str]) -> float:
    """Letters of a Thai run in the words newmm cuts it into."""
    from pythainlp.tokenize import word_tokenize

    return sum(_word_weight(t, words) for t in word_tokenize(run, engine="newmm", keep_whitespace=False))


def _thai_score(text: str) -> tuple[int, float]:
    """(Thai letters, of them in words): the better of the text as it is and with ำ read as า
    (an AA-as-AM export)."""
    words = thai_dictionary()
    runs = _THAI_RUN.findall(text)
    letters = sum(len(r) for r in runs)
    if not letters:
        return 0, 0
    joined = " ".join(runs)
    found = _thai_in_words(joined, words)
    if "\u0e33" in joined and found < 0.8 * letters:
        found = max(found, _thai_in_words(joined.translate(_AM_TO_AA), words))
    return letters, found


def _latin_word(token: str) -> bool:
    return token.lower() in _ENGLISH or (len(token) > 1 and token.isupper()) or (len(token) > 2 and token.istitle())


def _latin_score(text: str) -> tuple[int, int]:
    tokens = _LATIN_WORD.findall(text)
    return sum(map(len, tokens)), sum(len(t) for t in tokens if _latin_word(t))


def sample_of(text: str, size: int = SAMPLE_CHARS) -> str:
    """The page's first size/2 characters and as many from its middle (all of a short page)."""
    half = size // 2
    if len(text) <= size:
        return text
    middle = len(text) // 2
    return text[:half] + "\n" + text[middle:middle + half]


def _evidence(sample: str) -> LayerEvidence:
    text = _undo_text_defects(sample)
    thai, thai_good = _thai_score(text)
    latin, latin_good = _latin_score(text)
    marks, consonants = len(_THAI_MARK.findall(text)), len(_THAI_CONSONANT.findall(text))
    return LayerEvidence(thai + latin, thai, thai_good, latin, latin_good, consonants, marks, len(_TRIPLED.findall(text)))


def layer_evidence(text: str) -> LayerEvidence:
    """Count the letters of a page's text that are in words: on a short sample first, and on the
    whole sample (SAMPLE_CHARS, from the page's start and its middle) unless that one is clearly text."""
    first = _evidence(sample_of(text, FIRST_SAMPLE_CHARS))
    if len(text) <= FIRST_SAMPLE_CHARS or (first.letters >= MIN_LETTERS and first.quality >= CLEARLY_TEXT):
        return first
    return _evidence(sample_of(text))


# A page with fewer characters than this (spaces aside) has no text layer: a page number, a stamp.
MIN_PAGE_TEXT = 20
# A text layer is garbage when this share of it is replacement characters, unmapped PUA or controls,
# or fewer than GARBAGE_LETTERS of its characters are letters or digits (broken font encodings).
GARBAGE_SHARE = 0.2
GARBAGE_LETTERS = 0.3
_GARBAGE_CHAR = re.compile(r"[\ufffd\ue000-\uf6ff\uf71b-\uf8ff\x00-\x08\x0b-\x1f]")
NO_TEXT_LAYER = "no text layer"
UNDECODABLE = "the text layer is mostly undecodable characters"


@dataclass(frozen=True)
class LayerVerdict:
    """What a page's text layer is worth: its quality, and why it is not usable text (None when it is)."""

    quality: float | None   # 0..1 share of its letters in words; None: too few letters to judge
    reason: str | None      # NO_TEXT_LAYER, UNDECODABLE or the word evidence against it; None: usable


def undecodable(text: str) -> bool:
    """Mostly replacement characters, unmapped PUA or controls, or hardly any letters."""
    letters = sum(ch.isalnum() for ch in text)
    return bool(text) and (len(_GARBAGE_CHAR.findall(text)) > GARBAGE_SHARE * len(text)
                           or letters < GARBAGE_LETTERS * len(text.replace(" ", "")))


def _junk_reason(evidence: LayerEvidence, quality: float) -> str:
    lost = ", Thai marks lost (a garbled font map)" if evidence.marks_lost else ""
    return (f"the text layer is not text: quality {quality:.2f} < {JUNK_QUALITY} ({evidence.thai_in_words:.0f} of "
            f"{evidence.thai} Thai and {evidence.latin_in_words} of {evidence.latin} Latin letters in words{lost})")


def judge_layer(lines: list[str]) -> LayerVerdict:
    """The one judge of a page's text layer (its visual lines, as the layer gives them): too little
    text, undecodable characters, or letters that are not in words each send the page to OCR."""
    text = "\r\n".join(lines)
    evidence = layer_evidence(text)
    quality = round(evidence.quality, 3) if evidence.letters >= MIN_LETTERS else None
    written = [line for line in lines if line.strip()]
    if sum(len(line.strip()) for line in written) < MIN_PAGE_TEXT:
        return LayerVerdict(quality, NO_TEXT_LAYER)
    if undecodable("".join(written)):
        return LayerVerdict(quality, UNDECODABLE)
    if quality is not None and quality < JUNK_QUALITY:
        return LayerVerdict(quality, _junk_reason(evidence, quality))
    return LayerVerdict(quality, None)
