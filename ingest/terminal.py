"""What every verb prints: text from documents and names from archives made safe for a terminal and
for one-line records. A document or a zip entry name can hold ESC sequences (a window title, a
cleared screen), C1 controls and bidi overrides (U+202E shows `fdp.exe` as `exe.pdf`)."""

from __future__ import annotations

import re
import unicodedata

# Control characters (C0, C1, DEL) and bidi embeddings, overrides and isolates: never printed raw.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_for_terminal(text: str | None) -> str:
    """Text fit for every output and terminal: no control characters, tabs and newlines as spaces."""
    if not text or text.isprintable():   # the usual case, decided in C: nothing to strip
        return text or ""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))


def display_width(text: str) -> int:
    """Columns `text` takes on a terminal: Thai vowel and tone marks (combining) take none, wide
    (CJK) characters two; what `len` gets wrong for every Thai name."""
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _fit_left(text: str, room: int) -> str:
    """The longest start of `text` within `room` columns."""
    while text and display_width(text) > room:
        text = text[:-1]
    return text


def _fit_right(text: str, room: int) -> str:
    """The longest end of `text` within `room` columns (never starting on a combining mark)."""
    while text and (display_width(text) > room or unicodedata.combining(text[0]) or unicodedata.category(text[0]) == "Mn"):
        text = text[1:]
    return text


def cut_middle(name: str, room: int) -> str:
    """A path within `room` columns, cut in the middle so that its file name stays whole: the
    folders give way first (`batch2566.zip/…/measures.pdf`), then the middle of the file name."""
    if display_width(name) <= room:
        return name
    if room <= 1:
        return _fit_left(name, room)
    folder, _, file_name = name.rpartition("/")
    head_room = room - display_width(file_name) - 1
    if folder and head_room >= 4:
        return f"{_fit_left(folder, head_room)}…{file_name}"
    if display_width(file_name) < room:
        return f"…{file_name}"
    half = (room - 1) // 2
    return f"{_fit_left(file_name, room - 1 - half)}…{_fit_right(file_name, half)}"
