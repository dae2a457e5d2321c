"""Synthetic archives built from the real seeds, for batch tests and the batch benchmark.

Each document is a seed with its organisation renamed, its decimal figures nudged and its
layout varied (Thai or Arabic digits, CRLF, TIS-620, pipe tables), filed under province/year
folders; a few are exact duplicates, a few are broken, a few are not reports at all, and a
few are PDFs. Deterministic for a given random seed.
"""

from __future__ import annotations

import json
import os
import random
import re
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
NEW_NAMES = ("ท่าข้าม", "บ้านใหม่", "หนองบัว", "คลองหลวง", "ดอนตูม", "นาดี", "โคกกลาง", "ห้วยยาง", "สามเงา", "ป่าแดง")
PROVINCES = ("ลำปาง", "ขอนแก่น", "ราชบุรี", "สงขลา")
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_DECIMAL = re.compile(r"(?<![\d.])(\d{2})\.(\d{2})(?![\d.])")


def seed_short_name(seed: Path) -> str | None:
    expected = json.loads(seed.with_name(f"{seed.stem}.expected.json").read_text(encoding="utf-8"))
    return expected["organization"]["short_name"]


def perturbed_text(text: str, short_name: str | None, rng: random.Random) -> str:
    if short_name:
        text = text.replace(short_name, rng.choice(NEW_NAMES))
    text = _DECIMAL.sub(lambda m: f"{m[1]}.{rng.randrange(100):02d}", text)
    layout = rng.randrange(4)
    if layout == 1:
        text = text.translate(_THAI_DIGITS if rng.random() < 0.5 else _ARABIC_DIGITS)
    elif layout == 2:
        text = "\n".join(f"| {line.replace(chr(9), ' | ')} |" if "\t" in line else line for line in text.splitlines())
    elif layout == 3:
        text = text.replace("\n", "\r\n")
    return text


def encoded(text: str, encoding: str) -> bytes:
    """The text in `encoding` (a legacy Thai code page), or UTF-8 where it has no such characters."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def latin_pdf(lines: list[str]) -> bytes:
    """A small valid PDF with a Helvetica text layer (Thai needs an embedded font; issue 3)."""
    body = b"".join(b"BT /F1 11 Tf 50 %d Td (%s) Tj ET\n" % (780 - 16 * n, line.encode("latin-1")) for n, line in enumerate(lines))
    return pdf_with_content(body)


def pdf_with_content(content: bytes) -> bytes:
    """A one-page PDF whose page draws `content` (compressed), with a correct xref table."""
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def slow_pdf(operators: int = 2_000_000) -> bytes:
    """A real pathological PDF: 90 kB that take pdfium seconds and ~700 MB to read."""
    return pdf_with_content(b"BT /F1 1 Tf " + b"(A) Tj 0.001 0 Td " * operators + b"ET")


def build_archive(dest: Path, documents: int, seed: int = 7, pdfs: bool = True) -> dict[str, int]:
    """Write `documents` inputs under dest; returns how many of each kind were written."""
    rng = random.Random(seed)
    sources = [(s.read_text(encoding="utf-8"), seed_short_name(s)) for s in SEEDS]
    kinds = {"report": 0, "duplicate": 0, "broken": 0, "other": 0, "pdf": 0}
    written: list[Path] = []
    for index in range(documents):
        folder = dest / rng.choice(PROVINCES) / str(2564 + index % 3)
        folder.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        if roll < 0.02 and written:
            path = folder / f"copy_{index:05d}.txt"
            path.write_bytes(rng.choice(written).read_bytes())
            kinds["duplicate"] += 1
        elif roll < 0.03:
            path = folder / f"broken_{index:05d}.txt"
            path.write_bytes(os.urandom(512).replace(b"\x00", b"\x01") + b"\x00" if rng.random() < 0.5 else b"")
            kinds["broken"] += 1
        elif roll < 0.04:
            path = folder / f"notes_{index:05d}.pages"  # a format no reader reads (Apple Pages; images are read since issue 28)
            path.write_bytes(b"PK\x03\x04 not really a document")
            kinds["other"] += 1
        elif roll < 0.06 and pdfs:
            path = folder / f"report_{index:05d}.pdf"
            path.write_bytes(latin_pdf([f"ITA report {index}", f"score {rng.uniform(60, 99):.2f}"]))
            kinds["pdf"] += 1
        else:
            text, short_name = rng.choice(sources)
            path = folder / f"report_{index:05d}.txt"
            body = f"ที่ {rng.choice(PROVINCES)} {index:04d}/{2564 + index % 3}\n" + perturbed_text(text, short_name, rng)
            path.write_bytes(encoded(body, "cp874" if rng.random() < 0.1 else "utf-8"))
            kinds["report"] += 1
            written.append(path)
    return kinds


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with next to no data (a decompression bomb's shape)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
