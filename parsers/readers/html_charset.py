"""Bytes of a saved web page → its text, in the charset a browser would read it in.

The order is the WHATWG encoding sniffing, cut to what a saved page carries (no HTTP header is
saved with it):

1. a byte-order mark: UTF-8, UTF-16, UTF-32;
2. the page's own declaration in its first 8 KiB: `<meta charset>`, `<meta http-equiv=
   "Content-Type" content="…; charset=…">`, or an XHTML page's `<?xml … encoding=…?>`;
3. detection: UTF-8 when the bytes are UTF-8; else Windows-874 (TIS-620's superset, the code page
   of older Thai government sites) when they decode as it with Thai letters; else Windows-1252, a
   browser's default for a page that says nothing.

A declared charset Python does not know, one that is not a text encoding, UTF-7 (browsers refuse
it: it can hide markup), or one the bytes are not in goes to detection; so does a Western charset
(ISO-8859-1, Windows-1252, ASCII) on bytes that are not ASCII, as a Thai report is never written in
one: such a label comes from a server or editor default, not from the author.
"""

from __future__ import annotations

import codecs

from parsers.errors import ErrorKind, UnreadableInput

PRESCAN_BYTES = 8192   # saved pages put long <head>s (styles, scripts) before their meta tags
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))   # UTF-32 LE's BOM begins with UTF-16 LE's
# Every label of the Thai code pages: Windows-874 holds TIS-620 and ISO-8859-11 and adds the
# quotes, dash and ellipsis Word pastes (0x80-0x9F), as browsers read all of them (WHATWG).
THAI_LABELS = frozenset({"tis-620", "tis620", "tis_620", "iso-8859-11", "iso8859-11", "iso885911", "iso_8859-11", "dos-874",
                         "windows-874", "x-windows-874", "cp874", "ms874", "x-mac-thai"})
_WESTERN = frozenset({"cp1252", "latin_1", "ascii", "iso8859_15"})
_MIN_THAI_SHARE = 0.3   # of the non-ASCII characters of a page read as Windows-874
_MAX_STRAY_MARKS = 0.05  # Thai marks not on a Thai letter, of its Thai characters (typos, a mark after a space)
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_SAMPLE = 65536          # characters judged: a page's language shows in its first pages
# Document.encoding in the words the text reader uses for the same code page.
_NAMES = {"cp874": "tis-620/cp874", "cp1252": "windows-1252"}


def declared_charset(data: bytes) -> str | None:
    """The charset label the page declares in its first bytes (lower-case), else None."""
    head = data[:PRESCAN_BYTES]
    if head.startswith(b"<?xml"):
        declaration = head[: head.find(b"?>")].decode("latin-1")
        for quote in ('"', "'"):
            start = declaration.find(f"encoding={quote}")
            if start >= 0:
                value = declaration[start + len("encoding=") + 1:]
                return value[: value.find(quote)].strip().lower() or None
    import lxml.html  # the page's own parser, on the first bytes as Latin-1 (every byte is a character there)

    try:
        root = lxml.html.document_fromstring(head, parser=lxml.html.HTMLParser(encoding="latin-1", remove_comments=True,
                                                                             no_network=True))
    except Exception:  # lxml's ParserError for a head with no elements: nothing declared
        return None
    for meta in root.iter("meta"):
        label = meta.get("charset") or _content_charset(meta)
        if label and label.strip():
            return label.strip().strip("\"'").lower()
    return None


def _content_charset(meta: object) -> str | None:
    """`charset=` of a `<meta http-equiv="Content-Type" content="text/html; charset=…">`."""
    if (meta.get("http-equiv") or "").strip().lower() != "content-type":  # type: ignore[attr-defined]
        return None
    for part in (meta.get("content") or "").split(";"):  # type: ignore[attr-defined]
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset":
            return value
    return None


def codec_of(label: str) -> str | None:
    """Python's codec for a charset label a page may use, else None (unknown, not text, UTF-7)."""
    if label in THAI_LABELS:
        return "cp874"
    try:
        name = codecs.lookup(label).name
        b"".decode(name)   # LookupError for codecs that are not text encodings (rot13, zlib, base64)
    except (LookupError, ValueError):
        return None
    if name == "utf-7":
        return None
    # A label in a page's own ASCII bytes cannot be UTF-16/32 (they would have a BOM): WHATWG reads UTF-8.
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def reads_as_thai(text: str) -> bool:
    """Whether text decoded as Windows-874 is Thai: most of its non-ASCII characters Thai, and its
    vowel and tone marks on Thai letters (Latin-1 `é` is a Thai tone mark in Windows-874, after an `f`)."""
    high = thai = stray = 0
    previous = ""
    for char in text:
        if not char.isascii():
            high += 1
            if "\u0e01" <= char <= "\u0e5b":
                thai += 1
                stray += char in _MARKS and not "\u0e01" <= previous <= "\u0e4e"
        previous = char
    return thai > 0 and thai >= _MIN_THAI_SHARE * high and stray <= _MAX_STRAY_MARKS * thai


def detected(data: bytes) -> tuple[str, str]:
    """(text, codec) by the bytes alone: UTF-8, else Thai Windows-874, else Windows-1252."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = ""
    if reads_as_thai(text[:_SAMPLE]):
        return text, "cp874"
    return data.decode("cp1252", "replace"), "cp1252"


def decode_page(data: bytes) -> tuple[str, str]:
    """(text, the charset it was read in) of a saved page's bytes; UnreadableInput when empty or binary."""
    bom = next((name for mark, name in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        try:
            return _checked(data.decode(bom)), bom.removesuffix("-sig")
        except UnicodeDecodeError as error:
            raise UnreadableInput(f"the page starts with a {bom.upper()} byte-order mark but is not {bom.upper()} "
                                  f"({error.reason} at byte {error.start})", ErrorKind.BAD_ENCODING) from error
    if not data.strip():
        raise UnreadableInput("the file is empty", ErrorKind.EMPTY)
    if b"\x00" in data[:PRESCAN_BYTES]:
        raise UnreadableInput("the file is binary (contains NUL bytes), not a web page", ErrorKind.BINARY)
    label = declared_charset(data)
    codec = codec_of(label) if label else None
    if codec is not None and not (codec in _WESTERN and not data.isascii()):
        try:
            return _checked(data.decode(codec)), _NAMES.get(codec, codec)
        except UnicodeDecodeError:
            pass   # the label is wrong about these bytes: read them by what they are
    text, codec = detected(data)
    return _checked(text), _NAMES.get(codec, codec)


def _checked(text: str) -> str:
    # A few NULs past the probe would reach the JSON and the store; lxml also stops at one.
    return text.replace("\x00", "")
