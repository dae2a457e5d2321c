"""Malformed PDFs made from a real one (truncated, bytes overwritten, the cross-reference table
garbled, slices cut out): each is read or refused with a reason and its kind, never an internal
error, and an unreadable page is that page's error, not the document's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from parsers.errors import ErrorKind, ParseError
from parsers.options import OcrMode, ParseOptions
from parsers.pipeline import read_document

SOURCE = (Path(__file__).resolve().parent.parent / "corpus" / "pdf" / "002_600daf04b282d892.pdf").read_bytes()


def truncated(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) // 4, len(data))]


def overwritten(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        damaged[rng.randrange(len(damaged))] = rng.randrange(256)
    return bytes(damaged)


def garbled_xref(data: bytes, rng: random.Random) -> bytes:
    damaged, start = bytearray(data), data.rfind(b"xref")
    for _ in range(20):
        damaged[start + rng.randrange(len(data) - start)] = rng.choice(b"0123456789 ")
    return bytes(damaged)


def cut(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randrange(100, 5000):]


@pytest.mark.parametrize("damage", [truncated, overwritten, garbled_xref, cut])
@pytest.mark.parametrize("seed", range(8))
def test_a_malformed_pdf_is_read_or_refused_with_its_kind(damage, seed: int):
    data = damage(SOURCE, random.Random(seed))
    try:
        document = read_document(data, "pdf", ParseOptions(ocr=OcrMode.NEVER))
    except ParseError as error:
        assert error.kind is not ErrorKind.INTERNAL and str(error)
        return
    assert document.page_count and len(document.pages) == document.page_count
    assert all(reason for _, reason in document.page_errors)
