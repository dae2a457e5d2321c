"""Thai text normalisation: digits, whitespace, markup leftovers and item-code typos.

Each function takes a string and returns a string (or a value), so they compose in the
order that helps and each is tested on its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from parsers.thai.letters import ARABIC_DIGITS, BULLET_GLYPHS, THAI_DIGITS

_THAI_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)
_WHITESPACE = re.compile(r"[\s\u00a0\u200b\u200c\u200d\ufeff]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff]")
# A tag as converters leave them: `<` then a name, `/`, `!` (comments) or `?`, up to the next `>`;
# a PDF's line break may fall inside it (`<` at a line's end, `p>` on the next).
# Unbounded yet linear: no match attempt runs past the next `<`, so nothing backtracks; a bare `<`
# (`คะแนน < 50`) is not a tag, so text between two comparison signs is kept.
_HTML_TAG = re.compile(r"<\s*[A-Za-z/!?][^<>]*>")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
_MARKDOWN_LINK = re.compile(r"<(https?://[^>\s]+)>")
_BULLET = re.compile("|".join(re.escape(g) for g in sorted(BULLET_GLYPHS, key=len, reverse=True)))

# "0๓๙" – the letter O typed as a zero in front of Thai digits (a zero never leads a
# Thai-digit number in these reports, so the reading is safe).
_O_AS_ZERO_BEFORE_THAI = re.compile(r"(?<![0-9๐-๙A-Za-z.,/])0(?=[๐-๙]{1,2}(?![0-9๐-๙]))")
# "ข้อ 023" – after ข้อ a leading zero can only be the letter O.
_O_AS_ZERO_AFTER_KHO = re.compile(r"(ข้อ\s*)0(?=[0-9๐-๙]{1,2}(?![0-9๐-๙]))")
# "ข้อ 1๒๓" – the letter I typed as the digit 1 in front of a two-digit Thai number.
_I_AS_ONE_AFTER_KHO = re.compile(r"(ข้อ\s*)1(?=[๐-๙]{2}(?![0-9๐-๙]))")

_MARKUP_TRIGGER = re.compile("[<*_]")
_BULLET_TRIGGER = re.compile("[" + re.escape("".join({glyph[0] for glyph in BULLET_GLYPHS})) + "]")
_CODE_TYPO_TRIGGER = re.compile("[01]")
_THAI_DIGIT = re.compile("[๐-๙]")


def thai_digits_to_arabic(text: str) -> str:
    """'๒๕๖6' → '2566': every Thai digit becomes its Arabic digit, mixed forms included."""
    # str.translate with a mapping looks up every character; most text has no Thai digit
    return text.translate(_THAI_TO_ARABIC) if _THAI_DIGIT.search(text) else text


def collapse_whitespace(text: str) -> str:
    """Runs of spaces, tabs, NBSP and zero-width marks become one space; ends trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


def squash(text: str) -> str:
    """Remove all whitespace: the form used to compare Thai strings whose spacing varies."""
    return _WHITESPACE.sub("", text)


# Tone marks, and SARA AM folded into SARA AA: what broken text layers most often get wrong in a
# fixed phrase (a tone mark after the next letter, 'ทัง้'; SARA AA written as SARA AM, 'มำตรกำร').
_SKELETON = str.maketrans({"\u0e48": None, "\u0e49": None, "\u0e4a": None, "\u0e4b": None, "\u0e33": "\u0e32"})


def skeleton(text: str) -> str:
    """The form fixed phrases (column headers, period phrases) are compared in: no whitespace, no
    tone marks, SARA AM as SARA AA. 'ตลอดทัง้ งบประมาณ' and 'ตลอดทั้งงบประมาณ' have one skeleton."""
    return squash(text).translate(_SKELETON)


def strip_html(text: str) -> str:
    """Drop HTML tags left by converters; block tags become a space so words do not merge."""
    return _HTML_TAG.sub(" ", text)


def strip_markdown(text: str) -> str:
    """Drop **bold** markers and unwrap <https://…> autolinks."""
    return _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_EMPHASIS.sub("", text))


def strip_bullets(text: str) -> str:
    """Remove bullet glyphs (➤, >>, », •) wherever they stand."""
    return _BULLET.sub(" ", text)


def repair_item_code_typos(text: str) -> str:
    """Restore letters typed as digits in item codes: '0๓๙' → 'O๓๙', 'ข้อ 023' → 'ข้อ O23',
    'ข้อ 1๒๓' → 'ข้อ I๒๓'. Run before digits are converted, while the mix is still visible."""
    text = _O_AS_ZERO_AFTER_KHO.sub(r"\1O", text)
    text = _I_AS_ONE_AFTER_KHO.sub(r"\1I", text)
    return _O_AS_ZERO_BEFORE_THAI.sub("O", text)


@lru_cache(maxsize=65536)  # pure, and the same cell text is normalised by several extractors
def normalise_text(raw: str) -> str:
    """The clean form of a piece of report text: markup and bullets gone, code typos repaired,
    digits Arabic, whitespace collapsed. Thai words are kept as written."""
    # Each step runs only when its trigger characters are present (a C-level scan): most cells
    # have no markup, bullets or code typos, and the substitutions were most of the text
    # reader's time.
    text = _ZERO_WIDTH.sub("", raw) if _ZERO_WIDTH.search(raw) else raw
    if _MARKUP_TRIGGER.search(text):
        text = strip_html(strip_markdown(text))
    if _BULLET_TRIGGER.search(text):
        text = strip_bullets(text)
    if _CODE_TYPO_TRIGGER.search(text):
        text = repair_item_code_typos(text)
    return collapse_whitespace(thai_digits_to_arabic(text))


def _thai_letter(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"  # letters, vowels and marks; not Thai digits


def join_wrapped(lines: list[str]) -> str:
    """Wrapped lines of one paragraph or cell → one string. Thai wraps inside a run of words
    with no space, so Thai meets Thai with nothing between; PDF writers sometimes drop the space
    they wrapped at, so anything else (a number, a list item '๓.', Latin) gets a space back."""
    text = ""
    for line in (raw.rstrip("\r") for raw in lines):
        if text and line and not text[-1].isspace() and not line[0].isspace() and not (_thai_letter(text[-1]) and _thai_letter(line[0])):
            text += " "
        text += line
    return text
