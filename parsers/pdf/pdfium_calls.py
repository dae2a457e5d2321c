"""pdfium's per-character and per-object calls with plain C prototypes (addresses as ints), for the
glyph path (parsers/pdf/glyphs.py): pypdfium2's bindings convert each argument through its argtypes and
return pointer objects, which cost several times the call. A page needs four calls per character, and
pdfium has no call for many characters."""

from __future__ import annotations

import ctypes

import pypdfium2.raw as pdfium_c


def address(handle: object) -> int:
    """A pypdfium2 handle as the plain int the prototypes take (0 for none)."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0 if handle else 0


ADDRESS = ctypes.c_void_p  # the text page, page objects, marks and the outputs, passed as plain ints
TEXT_OBJECT_ADDRESS = ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ADDRESS, ctypes.c_int))
IS_GENERATED = ctypes.cast(pdfium_c.FPDFText_IsGenerated, ctypes.CFUNCTYPE(ctypes.c_int, ADDRESS, ctypes.c_int))
CHAR_BOX = ctypes.cast(pdfium_c.FPDFText_GetCharBox, ctypes.CFUNCTYPE(
    ctypes.c_int, ADDRESS, ctypes.c_int, ADDRESS, ADDRESS, ADDRESS, ADDRESS))
CHAR_ORIGIN = ctypes.cast(pdfium_c.FPDFText_GetCharOrigin, ctypes.CFUNCTYPE(ctypes.c_int, ADDRESS, ctypes.c_int, ADDRESS, ADDRESS))
COUNT_OBJECTS = ctypes.cast(pdfium_c.FPDFPage_CountObjects, ctypes.CFUNCTYPE(ctypes.c_int, ADDRESS))
GET_OBJECT = ctypes.cast(pdfium_c.FPDFPage_GetObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ADDRESS, ctypes.c_int))
OBJECT_TYPE = ctypes.cast(pdfium_c.FPDFPageObj_GetType, ctypes.CFUNCTYPE(ctypes.c_int, ADDRESS))
OBJECT_BOUNDS = ctypes.cast(pdfium_c.FPDFPageObj_GetBounds, ctypes.CFUNCTYPE(
    ctypes.c_int, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS))
COUNT_MARKS = ctypes.cast(pdfium_c.FPDFPageObj_CountMarks, ctypes.CFUNCTYPE(ctypes.c_int, ADDRESS))
GET_MARK = ctypes.cast(pdfium_c.FPDFPageObj_GetMark, ctypes.CFUNCTYPE(ctypes.c_void_p, ADDRESS, ctypes.c_ulong))
MARK_STRING_PARAM = ctypes.cast(pdfium_c.FPDFPageObjMark_GetParamStringValue, ctypes.CFUNCTYPE(
    ctypes.c_int, ADDRESS, ctypes.c_char_p, ADDRESS, ctypes.c_ulong, ADDRESS))
