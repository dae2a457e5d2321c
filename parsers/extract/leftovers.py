"""Whether a name written after an organisation type word is another organisation's (a template
leftover, warned as `organization_name_leftover`), or only the words of a sentence, a unit of the
subject, or the subject's own name misread. The evidence is in named tables (parsers.knowledge.vocab)
and pythainlp's place names and dictionary."""

from __future__ import annotations

from rapidfuzz import fuzz

from parsers.knowledge.places import district_names, province_names
from parsers.knowledge.vocab import NOT_A_PLACE_OPENING, PHRASE_WORDS, UNIT_WORDS
from parsers.thai.quality import thai_dictionary

# A name whose opening letters are this like the subject's name (rapidfuzz ratio) is the subject's
# name misread or run into the next word ('หางดกองสวัสดิการสังคม', 'หางต่องสวัสดิการสังคม' for หางดง).
OWN_NAME_LIKENESS = 60


def is_another_organisation(name: str, own: str) -> bool:
    """Whether a name written after a type word is evidence of another organisation (a template
    leftover), not the words of a sentence, a unit, or the subject's own name misread: see
    NOT_A_PLACE_OPENING, UNIT_WORDS and PHRASE_WORDS. Known districts and provinces always are."""
    if name in district_names() or name in province_names():
        return True
    if name.startswith(NOT_A_PLACE_OPENING) or fuzz.ratio(name[:len(own)], own) >= OWN_NAME_LIKENESS:
        return False
    if any(unit in name[2:] for unit in UNIT_WORDS):
        return False
    return len(_dictionary_words(name)) < PHRASE_WORDS


def _dictionary_words(name: str) -> list[str]:
    """newmm's words of the name when every one is in the dictionary (a common phrase), else []:
    the name cut once (`in_dictionary_words` would cut it again)."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(name, engine="newmm", keep_whitespace=False)
    dictionary = thai_dictionary()
    return words if all(word in dictionary for word in words) else []
