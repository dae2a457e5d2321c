"""Organisation identity across documents: which reports are about the same organisation.

One document's organisation is read by parsers/extract/header.py; across an archive the same
organisation is written in several ways: OCR drops tone marks (`โพธิ์ตาก` / `โพธิตาก`,
district `บ้านหมี่` / `บ้านหมี`), broken PDF fonts swap SARA AM and SARA AA (`นำกลาง` for
`นากลาง`), and a report may not say its district or province. Identity is the organisation's
type + name + province (+ district when both sides give one), each compared in its *OCR form*:
tone marks, thanthakhat and maitaikhu dropped, SARA AM read as SARA AA. Names are the same when
rapidfuzz's ratio of their OCR forms reaches IDENTITY_MATCH.

The threshold is measured (tests/test_audit_identity.py): among 1,027 real local-government names
(pythainlp's Wikipedia titles: 231 อบต., 578 เทศบาลตำบล, 218 เทศบาลเมือง), the closest two distinct
names of one type reach 93.3 (`เทพสถิต` / `เทพสถิติ`), and no two share an OCR form; every OCR and
font-defect variant of the bundled corpus is 100. Vowel marks are kept because real names differ
by them alone (`โนนสัง` / `โนนสูง`). A document without a province joins an organisation only when
exactly one organisation of that type and name is known; otherwise it stays on its own row.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# Above the closest two distinct real names (93.3), below the OCR variants (100): see the docstring.
IDENTITY_MATCH = 96.0
_OCR_DROPPED = re.compile("[\u0e47-\u0e4c]")   # maitaikhu, the four tone marks, thanthakhat
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_DIGITS = re.compile(r"\d+")
# What a template leaves where the name should be ('องค์การบริหารส่วนตำบล.........', 'xxx').
_PLACEHOLDER = re.compile(r"^[.\-_…xX*]*$")


def clean_name(text: str | None) -> str | None:
    """The written form compared and shown: NFC, no spaces, trailing dots of a template cut."""
    if text is None:
        return None
    cleaned = _SPACES.sub("", unicodedata.normalize("NFC", text)).replace("\u0e4d\u0e32", "\u0e33").strip(".-_…")
    return None if _PLACEHOLDER.match(cleaned) else cleaned


def ocr_form(text: str) -> str:
    """The form OCR and broken fonts cannot change: tone marks dropped, SARA AM as SARA AA."""
    return _OCR_DROPPED.sub("", text.replace("\u0e33", "\u0e32"))


def same_name(a: str | None, b: str | None) -> bool:
    """Two written names of one place, OCR variants included; a missing name matches nothing."""
    if not a or not b:
        return False
    if a == b:
        return True
    if _DIGITS.findall(a) != _DIGITS.findall(b):  # numbers in a name are never an OCR variant here
        return False
    return fuzz.ratio(ocr_form(a), ocr_form(b)) >= IDENTITY_MATCH


def compatible(a: str | None, b: str | None) -> bool:
    """A place given on one side only does not separate two records; two given places must agree."""
    return a is None or b is None or same_name(a, b)


@dataclass(frozen=True)
class OrgKey:
    """An organisation as one document writes it (names cleaned, short name without the type)."""

    name: str | None
    type: str | None
    district: str | None
    province: str | None

    @property
    def known(self) -> int:
        return sum(v is not None for v in (self.type, self.district, self.province))


@dataclass
class OrgIdentity:
    """One organisation: every way documents wrote it, and the spelling shown (the most common)."""

    keys: list[OrgKey] = field(default_factory=list)
    weights: Counter[OrgKey] = field(default_factory=Counter)

    def shown(self, attribute: str) -> str | None:
        votes: Counter[str] = Counter()
        for key, weight in self.weights.items():
            value = getattr(key, attribute)
            if value is not None:
                votes[value] += weight
        # Most written first; on a tie the longer spelling, since OCR drops marks and never adds them.
        return max(votes, key=lambda v: (votes[v], len(v), v)) if votes else None

    def shown_key(self) -> OrgKey:
        """The spelling to show: each field's most written value."""
        return OrgKey(self.shown("name"), self.shown("type"), self.shown("district"), self.shown("province"))

    def accepts(self, key: OrgKey) -> bool:
        return all(key.type == k.type and same_name(key.name, k.name) and compatible(key.province, k.province)
                   and compatible(key.district, k.district) for k in self.keys)


def org_key(name: str | None, org_type: str | None, district: str | None, province: str | None) -> OrgKey:
    return OrgKey(clean_name(name), org_type, clean_name(district), clean_name(province))


def identify(keys: Sequence[OrgKey]) -> tuple[dict[OrgKey, int], list[OrgIdentity]]:
    """Each distinct key → the index of its organisation, and the organisations. Keys that say most (province, district)
    are placed first; a key joins the one organisation that accepts it, and starts its own when
    none does or when two would (a name without a province, known in two provinces)."""
    counts = Counter(keys)
    order = sorted(counts, key=lambda k: (-k.known, -counts[k], k.name or "", k.type or "", k.district or "", k.province or ""))
    identities: list[OrgIdentity] = []
    by_form: dict[tuple[str | None, str], list[int]] = {}
    placed: dict[OrgKey, int] = {}
    for key in order:
        if not key.name:
            placed[key] = len(identities)
            identities.append(OrgIdentity([key], Counter({key: counts[key]})))
            continue
        form = (key.type, ocr_form(key.name))
        fitting = [i for i in by_form.get(form, []) if identities[i].accepts(key)] or \
            [i for i in _near(identities, key) if identities[i].accepts(key)]
        index = fitting[0] if len(fitting) == 1 else len(identities)
        if index == len(identities):
            identities.append(OrgIdentity())
            by_form.setdefault(form, []).append(index)
        identities[index].keys.append(key)
        identities[index].weights[key] += counts[key]
        placed[key] = index
    return placed, identities


def _near(identities: list[OrgIdentity], key: OrgKey) -> list[int]:
    """Organisations whose name is a fuzzy (not an exact OCR-form) match: only long names get here."""
    if len(ocr_form(key.name or "")) * (100 - IDENTITY_MATCH) < 100:  # too short for one edit to pass
        return []
    return [i for i, identity in enumerate(identities) if identity.keys and identity.keys[0].type == key.type
            and same_name(identity.keys[0].name, key.name)]
