"""A project sheet's steps and responsible fields → lists.

Steps: 'วิธีดำเนินการจัดให้มีการดำเนินกิจกรรม … แบ่งเป็น 3 แนวทางคือ 6.1 … 6.2 … 6.3 …' is
three steps: the sentence before the first numbered item introduces them and is no step, and
numbering one level deeper ('1.1' under '1.') or a '-' bullet stays inside its item. A field
with no numbering is one step per bullet (one step if it is a single paragraph).

Responsible: 'สำนักปลัดเทศบาล เทศบาลตำบลหางดง อำเภอหางดง จังหวัดเชียงใหม่' is the unit
'สำนักปลัดเทศบาล': the organisation's own name and address that sheets append are dropped
(only where they stand as words of their own, so 'คณะกรรมการพัฒนาการศึกษาเทศบาลตำบลหางดง'
and 'โรงเรียนเทศบาลหางดง' stay whole). Partners joined by 'ร่วมกับ' or a spaced 'และ' are
separate units; a section and its bureau ('งานการเจ้าหน้าที่ สำนักปลัดเทศบาล') is one role, and
'ทุกสำนัก/กอง' (all bureaus and divisions) is one role, not two.
"""

from __future__ import annotations

import re

from parsers.extract.lists import is_known_unit, split_items
from parsers.thai.normalise import collapse_whitespace, normalise_text

# '1.' / '6.1' / '(1)' / '1)' at the start or after a space; not '0.15 เมตร' (checked by sequence)
_STEP_NUMBER = re.compile(r"(?:^|(?<=\s))(?:\((?P<paren>\d{1,2})\)|(?P<sub>\d{1,2}\.\d{1,2})\.?(?![\d,])|(?P<top>\d{1,2})[.)](?![\d,]))\s*")
_ORG_TYPES = r"(?:เทศบาล(?:ตำบล|เมือง|นคร)|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|อบต\.|อบจ\.)"
# The organisation's name as a word of its own (or after 'สังกัด'), up to a space or the next unit
_OWN_ORGANISATION = re.compile(rf"(?:(?:^|\s)(?:ใน|ของ)?(?:สังกัด)?|สังกัด){_ORG_TYPES}\S*?(?=\s|$|กอง|สำนัก)")
_ADDRESS = re.compile(r"(?:^|\s)(?:อำเภอ|จังหวัด|ตำบล)\S*")
_PARTNERS = re.compile(r"\s*ร่วมกับ\s*|\s+และ\s*")
_SECTION = re.compile(r"^งาน")
_BUREAU = re.compile(r"^(?:สำนัก|กอง)")


def _numbering(match: re.Match[str]) -> tuple[int, ...]:
    label = match.group("paren") or match.group("sub") or match.group("top")
    return tuple(int(p) for p in label.split("."))


def _follows(previous: tuple[int, ...] | None, label: tuple[int, ...]) -> bool:
    """Whether `label` is the next item after `previous` at the same depth (1 → 2, 6.1 → 6.2)."""
    if previous is None:
        return label[-1] == 1
    return len(label) == len(previous) and label[:-1] == previous[:-1] and label[-1] == previous[-1] + 1


def numbered_items(text: str) -> list[str] | None:
    """The top-level numbered items of a text, its intro dropped; None if it has no numbering."""
    starts: list[tuple[int, int]] = []
    previous: tuple[int, ...] | None = None
    for match in _STEP_NUMBER.finditer(text):
        label = _numbering(match)
        if _follows(previous, label):
            starts.append((match.start(), match.end()))
            previous = label
    if not starts:
        return None
    ends = [s for s, _ in starts[1:]] + [len(text)]
    items = [normalise_text(text[content:end]).strip(" -–,;") for (_, content), end in zip(starts, ends, strict=True)]
    return [i for i in items if i]


def sheet_steps(raw: str) -> list[str]:
    text = normalise_text(raw)
    items = numbered_items(text)
    return items if items is not None else split_items(text)


def _roles(part: str) -> list[str]:
    """'สำนักปลัดเทศบาล กองคลัง' → two units; 'งานพัสดุ กองคลัง' or any other phrase → one role."""
    groups: list[str] = []
    for word in part.split(" "):
        if groups and _SECTION.match(groups[-1]) and " " not in groups[-1] and _BUREAU.match(word):
            groups[-1] = f"{groups[-1]} {word}"
        else:
            groups.append(word)
    if len(groups) > 1 and all(is_known_unit(g) or " " in g for g in groups):
        return groups
    return [part]


def sheet_responsible(raw: str) -> list[str]:
    text = _ADDRESS.sub(" ", _OWN_ORGANISATION.sub(" ", normalise_text(raw)))
    units: list[str] = []
    for part in _PARTNERS.split(text):
        for unit in _roles(collapse_whitespace(part).strip(" -–,;")):
            if unit and unit not in units:
                units.append(unit)
    return units
