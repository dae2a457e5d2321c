"""Which organisation a document is about, and where it is.

Every 'องค์การบริหารส่วนตำบลX' / 'อบต.X' / 'โรงพยาบาลX' / signer title ('นายกเทศมนตรีตำบลX') is a
mention. Among local governments the name most mentions start with wins (a name left over from
another organisation's template appears once and is reported). Local governments and other
agencies then compete on where they are named: the letterhead, the title block and the
signature outweigh mentions in passing, so a hospital's report that names its municipality, or a
municipality's plan that lists its schools, keeps its own organisation.

District and province are taken only when they are real ones: provinces from pythainlp's list,
districts from the อำเภอ entries of pythainlp's Volubilis word list (both shipped with the
package, nothing is downloaded).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from parsers.document import Line, Origin
from parsers.extract.leftovers import is_another_organisation
from parsers.knowledge.places import district_names, province_names
from parsers.knowledge.vocab import (
    AGENCY_TYPES,
    DISTRICT_PREFIXES,
    DISTRICT_TERMINATORS,
    ISSUER_OPENINGS,
    NOT_A_NAME_PREFIXES,
    NOT_AN_AGENCY_NAME_PREFIXES,
    ORG_NAME_TERMINATORS,
    ORG_TITLES,
    ORG_TYPES,
    PROVINCE_PREFIXES,
    OrgType,
)
from parsers.thai.letters import MARKS
from parsers.thai.normalise import skeleton
from parsers.thai.quality import in_dictionary_words

_THAI = "\u0e00-\u0e7f"
_THAI_NAME = rf"[{_THAI}]+(?:-[{_THAI}]+)*"   # 'ท่าเดื่อ-มืดกา' is one name
_NAME_CHARS = re.compile(r"[\u0e00-\u0e2e\u0e30-\u0e4e]")  # Thai letters and marks, not ฯ/digits
_LONGEST_NAME = 30  # a 'whole token' longer than this is words run together, not a name
_PLACE_MATCH = 90   # rapidfuzz ratio for a province/district name with a letter misread
_PROVINCE_MIN_MENTIONS = 2  # a province named only away from the organisation must recur
_SPELLING_RECURS = 2     # times a spelling is written to count as recurring (a speck read as a mark is a one-off)
_SIGNATURE_LINE_MAX = 100   # a signature line: '(นายวิโรจน์ มุมานะจิตต์) สาธารณสุขอำเภอหนองใหญ่'


@dataclass
class OrgMention:
    org_type: OrgType
    continuation: str   # the Thai text after the type, up to the next space
    whole: bool         # followed by a space or the end: the continuation is a whole name
    origin: Origin
    issuer: bool = False  # in the letterhead, the title block or a signer's title


@dataclass
class Organization:
    name: str
    short_name: str
    org_type: OrgType
    origin: Origin
    leftovers: list[tuple[str, Origin]]
    district: str | None = None
    province: str | None = None


def _flexible(text: str) -> str:
    """Spaces may fall anywhere inside a prefix in PDF text ('สำนักงานสาธารณสุข อำเภอ')."""
    return r"\s*".join(re.escape(ch) for ch in text)


# Each form's regex opens with its first letter as a plain literal, before any group or
# assertion: the regex engine then skips a branch whose first letter does not match without
# entering it, so a line is scanned at the cost of a character test per form. A word-start
# assertion is checked right after that letter, on the character before it.
_WORD_START_AFTER_FIRST = f"(?<![{_THAI}].)"


def _form_regex(text: str, flexible: bool, word_start: bool, thai_after: bool = False) -> tuple[str, str]:
    """(first letter, the rest's regex) of one way a type is written."""
    rest = text[1:]
    body = (r"\s*" + _flexible(rest)) if flexible and rest else re.escape(rest)
    return re.escape(text[0]), (_WORD_START_AFTER_FIRST if word_start else "") + body + (f"(?=[{_THAI}])" if thai_after else "")


def _forms() -> list[tuple[tuple[str, str], OrgType, bool]]:
    """((first letter, rest regex), type, is a signer title) for every way a type is written, longest first."""
    by_full = {t.full: t for t in ORG_TYPES + AGENCY_TYPES}
    forms: list[tuple[str, tuple[str, str], OrgType, bool]] = []
    for t in ORG_TYPES + AGENCY_TYPES:
        forms.append((t.full, _form_regex(t.full, True, t.word_start), t, False))
        forms += [(a, _form_regex(a, False, True, thai_after=True), t, False) for a in t.abbreviations]
    forms += [(title, _form_regex(title, True, False), by_full[full], True) for title, full in ORG_TITLES.items()]
    forms.sort(key=lambda f: len(f[0]), reverse=True)
    return [(regex, t, signer) for _, regex, t, signer in forms]


_FORMS = _forms()
# A local government's name may stand after a space ('องค์การบริหารส่วนตำบล โนนเมือง'); another
# agency's only when it is a place checked against the lists ('โรงพยาบาล สาธารณสุขอำเภอ' is a list).
# Group f<i> holds the form after its first letter (the match starts at the first letter), n<i>
# the name. The forms are grouped by their first letter (longest first inside a group, as in
# _FORMS): only forms of one letter can match at a position, so each letter is tested once, not
# once per form.
def _mention_pattern() -> str:
    by_letter: dict[str, list[str]] = {}
    for i, ((first, rest), t, _) in enumerate(_FORMS):
        space = r"\s*" if t.kind == "local_government" or t.locality else ""
        by_letter.setdefault(first, []).append(f"(?P<f{i}>{rest}){space}(?P<n{i}>{_THAI_NAME})")
    return "|".join(f"{first}(?:{'|'.join(forms)})" for first, forms in by_letter.items())


_ORG_MENTION = re.compile(_mention_pattern())


def cut_at_terminator(continuation: str, terminators: tuple[str, ...] = ORG_NAME_TERMINATORS) -> str:
    """'โนนเมืองประจำปีงบประมาณ' → 'โนนเมือง': for names that run into the next word."""
    cut = len(continuation)
    for word in terminators:
        index = continuation.find(word, 2)
        if index != -1:
            cut = min(cut, index)
    return continuation[:cut]


@lru_cache(maxsize=4)
def _skeletons(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((name, skeleton(name)) for name in names)


def place_in(text: str, names: tuple[str, ...], terminators: tuple[str, ...] = ORG_NAME_TERMINATORS) -> str | None:
    """The real place a continuation starts with ('หนองใหญ่สารบัญ' → 'หนองใหญ่'), longest name
    first, else the closest name to the continuation cut at its terminators."""
    for name in names:
        if text.startswith(name):
            return name
    # a broken layer's SARA AA/AM swap or misplaced tone mark ('อำเภอนำกลาง'): the same place in skeleton form
    written = skeleton(text)
    for name, form in _skeletons(names):
        if written.startswith(form):
            return name
    match = process.extractOne(cut_at_terminator(text, terminators), names, scorer=fuzz.ratio, score_cutoff=_PLACE_MATCH)
    return match[0] if match else None


def province_in(text: str) -> str | None:
    """The province a 'จังหวัดX…' continuation names, checked against pythainlp's list."""
    return place_in(text, province_names())


def district_in(text: str) -> str | None:
    """The district an 'อำเภอX…' continuation names, checked against the district list."""
    return place_in(text, district_names(), DISTRICT_TERMINATORS)


def _is_signature(line: Line, start: int) -> bool:
    """A signer's title under the signature: on a short line, or after '(นาย…)'. The same title
    in a paragraph ('…ถึงนายแพทย์สาธารณสุขจังหวัด…') is only a mention."""
    return len(line.text) <= _SIGNATURE_LINE_MAX or line.text[:start].rstrip().endswith(")")


def _is_letterhead(line: Line, start: int) -> bool:
    """The mention opens the line after an issuer word ('ประกาศองค์การ…', 'ส่วนราชการ โรงพยาบาล…')."""
    return any(line.text.startswith(w) and start <= len(w) + 2 for w in ISSUER_OPENINGS)


def _mention(m: re.Match[str], line: Line, in_title: bool) -> OrgMention | None:
    index = int(str(m.lastgroup)[1:])  # n<i>, the name: the last group of its form
    _, org_type, signer = _FORMS[index]
    issuer = in_title or _is_letterhead(line, m.start()) or (signer and _is_signature(line, m.start()))
    name = m.group(f"n{index}")
    if org_type.locality:  # the name is a place: keep only the real place, drop what follows
        place = (district_in if org_type.locality == "district" else province_in)(name)
        if place is None:
            return None
        name = place
    elif org_type.kind != "local_government" and name.startswith(NOT_AN_AGENCY_NAME_PREFIXES):
        return None
    end = m.start(f"n{index}") + len(name)
    whole = end == len(line.text) or not _NAME_CHARS.match(line.text[end])
    return OrgMention(org_type, name, whole, line.origin, issuer)


def org_mentions(lines: list[Line], title_block: Iterable[Line] = ()) -> list[OrgMention]:
    titles = {id(line) for line in title_block}
    mentions = []
    for line in lines:
        for m in _ORG_MENTION.finditer(line.text):
            mention = _mention(m, line, id(line) in titles)
            if mention:
                mentions.append(mention)
    return mentions


def _is_name(text: str) -> bool:
    return 2 <= len(text) <= _LONGEST_NAME and not text.startswith(NOT_A_NAME_PREFIXES)


def _mention_name(mention: OrgMention) -> str:
    return mention.continuation if mention.whole else cut_at_terminator(mention.continuation)


_NO_MARKS = str.maketrans("", "", MARKS)


def _without_marks(text: str) -> str:
    return text.translate(_NO_MARKS)


def _spelling_preference(name: str, written: Counter[str], most_written: int) -> tuple[bool, bool, bool, int]:
    """How far a spelling is taken for the name: a real district's name, then all dictionary
    words, then written more than once (a speck read as a mark is a one-off), then most marks."""
    recurs = written[name] >= min(_SPELLING_RECURS, most_written)
    return name in district_names(), in_dictionary_words(name), recurs, len(name)


def one_spelling_per_name(mentions: list[OrgMention]) -> list[OrgMention]:
    """Mentions whose names are the same letters with other marks name one organisation,
    written in its best spelling (`_spelling_preference`): OCR drops marks (a scan of seed 002
    reads 'โพธิตาก' 7 times and 'โพธิ์ตาก' 5) and, more rarely, adds them (a real list reads
    'หางด่ง' twice beside 'หางดง'). A leftover from another organisation's template is a
    different name, not the same one with a mark more or less, and stays a leftover."""
    written = Counter(_mention_name(m) for m in mentions)
    spellings: dict[str, list[str]] = {}
    for name in written:
        spellings.setdefault(_without_marks(name), []).append(name)
    fullest = {}
    for key, names in spellings.items():  # one spelling needs no choosing (nor its words tokenised)
        most = max(written[n] for n in names)
        fullest[key] = max(names, key=lambda n: _spelling_preference(n, written, most)) if len(names) > 1 else names[0]
    merged = []
    for mention in mentions:
        name = _mention_name(mention)
        spelling = fullest.get(_without_marks(name), name)
        if spelling != name:
            mention = replace(mention, continuation=spelling + mention.continuation[len(name):])
        merged.append(mention)
    return merged


def choose_organization(mentions: list[OrgMention]) -> tuple[str, OrgType, list[str]] | None:
    """(short name, type, leftover names): the name most mentions start with wins; ties go to
    the name written most often as a whole word (so 'นาใน' is not cut to 'นา')."""
    whole = Counter(m.continuation for m in mentions if m.whole and _is_name(m.continuation))
    candidates = set(whole) | {c for c in (cut_at_terminator(m.continuation) for m in mentions) if _is_name(c)}
    if not candidates:
        return None

    def support(name: str) -> tuple[int, int, int]:
        return (sum(1 for m in mentions if m.continuation.startswith(name)), whole[name], len(name))

    best = max(candidates, key=support)
    # A prefix has at least the support of the name it starts: a name written whole more often
    # than its clipped form ('หางดง' 40 times, a clipped cell's 'หางด' 9) is the name.
    longer = [c for c in candidates if c.startswith(best) and whole[c] > whole[best]]
    if longer:
        extension = max(longer, key=lambda c: (whole[c], len(c)))
        if 2 * support(extension)[0] >= support(best)[0]:
            best = extension
    types = Counter(m.org_type for m in mentions if m.continuation.startswith(best))
    others = {cut_at_terminator(c) for c in candidates if not c.startswith(best) and not best.startswith(c)}
    return best, types.most_common(1)[0][0], sorted(o for o in others if _is_name(o))


def _candidates(mentions: list[OrgMention]) -> list[tuple[str, OrgType, list[str], list[OrgMention]]]:
    """The best local government (leftovers reported), then the best agency of each other type
    (no leftovers: a hospital's report names other hospitals as a matter of course)."""
    groups = [[m for m in mentions if m.org_type in ORG_TYPES]]
    groups += [[m for m in mentions if m.org_type is t] for t in AGENCY_TYPES]
    found = []
    for group in groups:
        chosen = choose_organization(group) if group else None
        if chosen:
            short, org_type, leftovers = chosen
            own = [m for m in group if m.continuation.startswith(short)]
            found.append((short, org_type, leftovers if org_type in ORG_TYPES else [], own))
    return found


def _weight(own: list[OrgMention]) -> tuple[int, int]:
    """Letterhead, title-block and signature mentions first, then all mentions: a municipality
    names its supervising department (กรมส่งเสริมการปกครองท้องถิ่น) more often than itself."""
    return (sum(m.issuer for m in own), len(own))


def find_organization(lines: list[Line], title_block: list[Line]) -> Organization | None:
    as_written = org_mentions(lines, title_block)
    mentions = one_spelling_per_name(as_written)
    candidates = _candidates(mentions)
    if not candidates:
        return None
    short, org_type, leftovers, own = max(candidates, key=lambda c: _weight(c[3]))  # ties: local first
    leftovers = [name for name in leftovers if is_another_organisation(name, short)]
    where = [(name, next(m.origin for m in mentions if m.continuation.startswith(name))) for name in leftovers]
    org = Organization(org_type.full + short, short, org_type, own[0].origin, where)
    spellings = {_mention_name(m) for m in as_written if _without_marks(_mention_name(m)) == _without_marks(short)}
    org.district, org.province, origin = locate(lines, (short, *sorted(spellings - {short})))
    if org_type.locality == "district":
        org.district = short
    elif org_type.locality == "province":
        org.province = short
    org.origin = origin or org.origin
    return org


def _after_prefix(text: str, prefix: str) -> list[str]:
    """Names after a place prefix. A full prefix may be glued to the word before ('ของอำเภอดอยเต่า',
    'สำนักงานสาธารณสุขจังหวัดชลบุรี'): what follows is checked against the lists anyway. An
    abbreviation ('อ.', 'จ.') must start a word."""
    if prefix not in text:
        return []  # the pattern opens with the prefix as written: a substring test skips the regex
    return [m.group(1) for m in re.finditer(rf"{_prefix_pattern(prefix)}\s*({_THAI_NAME})", text)]


def _prefix_pattern(prefix: str) -> str:
    return (f"(?<![{_THAI}])" if prefix.endswith(".") else "") + re.escape(prefix)


def _province_follows(text: str) -> bool:
    """' จังหวัดแพร่…': a space, then a real province, the way an address is written (not
    'อำเภอรอบในของจังหวัดเชียงใหม่', which runs on into it)."""
    m = re.match(rf"\s+(?:{'|'.join(re.escape(p) for p in PROVINCE_PREFIXES)})\s*({_THAI_NAME})", text)
    return bool(m and province_in(m.group(1)))


def _districts_in(text: str) -> list[str]:
    """Real districts in a text; a district missing from the list counts when a province follows
    it ('อำเภอX จังหวัดY')."""
    found = []
    for prefix in (p for p in DISTRICT_PREFIXES if p in text):
        for m in re.finditer(_prefix_pattern(prefix), text):
            rest = text[m.end():].lstrip()
            name = re.match(_THAI_NAME, rest)
            if not name:
                continue
            district = district_in(name.group())
            cut = cut_at_terminator(name.group(), DISTRICT_TERMINATORS)
            if district is None and _is_name(cut) and _province_follows(rest[len(cut):]):
                district = cut
            if district:
                found.append(district)
    return found


def _provinces_in(text: str) -> list[str]:
    found = [province_in(t) for prefix in PROVINCE_PREFIXES for t in _after_prefix(text, prefix)]
    return [p for p in found if p]


def locate(lines: list[Line], spellings: tuple[str, ...]) -> tuple[str | None, str | None, Origin | None]:
    """District and province from lines that name the organisation in any of its spellings (or
    the line after); a province named only elsewhere counts when it recurs (a plan's 'จังหวัดเชียงใหม่')."""
    districts: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    origin = None
    for i, line in enumerate(lines):
        if not any(name in line.text for name in spellings):
            continue
        window = " ".join(x.text for x in lines[i:i + 2])
        districts.update(_districts_in(window))
        near = _provinces_in(window)
        provinces.update(near)
        if near and origin is None:
            origin = line.origin
    if not provinces:
        anywhere = Counter(p for line in lines for p in _provinces_in(line.text))
        provinces = Counter({p: n for p, n in anywhere.items() if n >= _PROVINCE_MIN_MENTIONS})
    district = districts.most_common(1)[0][0] if districts else None
    province = provinces.most_common(1)[0][0] if provinces else None
    return district, province, origin
