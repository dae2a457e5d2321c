"""What every verb prints: text from documents and names from archives made safe for a terminal and
for one-line records. A document or a zip entry name can hold ESC sequences (a window title, a
cleared screen), C1 controls and bidi overrides (U+202E shows `fdp.exe` as `exe.pdf`)."""

from __future__ import annotations

import re

# Control characters (C0, C1, DEL) and bidi embeddings, overrides and isolates: never printed raw.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_for_terminal(text: str | None) -> str:
    """Text fit for every output and terminal: no control characters, tabs and newlines as spaces."""
    if not text or text.isprintable():   # the usual case, decided in C: nothing to strip
        return text or ""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))
