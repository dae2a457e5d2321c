"""libtesseract's C API through ctypes: one TessBaseAPI per language set, loaded once per process.

  load_library       libtesseract (the one Debian's tesseract-ocr installs), its functions typed;
                     None when it is not there (the caller then runs the tesseract program)
  TesseractApi       an initialised TessBaseAPI: image → Tesseract's TSV rows and plain text
  api_for            the process's TesseractApi for a language set (a forked worker makes its own)

Tesseract is built with OpenMP; the batch's workers are the parallelism, so OMP_THREAD_LIMIT=1 is
set before the library is loaded (libgomp reads it once, when it starts), as the tesseract program
is run with it.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import os
from dataclasses import dataclass
from functools import cache

from PIL import Image

from parsers.errors import MissingDependency, ToolFailed

LIBRARY_NAMES = ("libtesseract.so.5", "libtesseract.so", "libtesseract.5.dylib")
LEPTONICA_NAMES = ("liblept.so.5", "libleptonica.so.6", "liblept.so", "libleptonica.so")
LEPTONICA_QUIET = 6             # L_SEVERITY_NONE: Leptonica prints nothing ("Error in boxClipToRectangle")
QUIET = {
    # Tesseract's messages ("Empty page!!", "Detected 37 diacritics") would reach the batch's
    # terminal from every worker; the program's were kept in its stderr pipe, unread unless it failed.
    # A global setting, so it is made before Init and its messages are quiet too.
    "debug_file": "/dev/null",
}
VARIABLES = {
    # no second recognition of doubtful lines as white-on-black (scans of reports have none);
    # 8% less CPU per page for the same text. Made after Init, which resets the recogniser's settings.
    "tessedit_do_invert": "0",
}

_P, _S, _I = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
_SIGNATURES: dict[str, tuple[list, type | None]] = {
    "TessBaseAPICreate": ([], _P),
    "TessBaseAPIInit3": ([_P, _S, _S], _I),
    "TessBaseAPISetVariable": ([_P, _S, _S], _I),
    "TessBaseAPISetPageSegMode": ([_P, _I], None),
    "TessBaseAPISetImage": ([_P, _S, _I, _I, _I, _I], None),
    "TessBaseAPISetSourceResolution": ([_P, _I], None),
    "TessBaseAPIRecognize": ([_P, _P], _I),
    "TessBaseAPIGetTsvText": ([_P, _I], _P),
    "TessBaseAPIGetUTF8Text": ([_P], _P),
    "TessBaseAPIClear": ([_P], None),
    "TessBaseAPIEnd": ([_P], None),
    "TessBaseAPIDelete": ([_P], None),
    "TessDeleteText": ([_P], None),
    "TessBaseAPIDetectOrientationScript": ([_P, ctypes.POINTER(_I), ctypes.POINTER(ctypes.c_float), ctypes.POINTER(_S),
                                            ctypes.POINTER(ctypes.c_float)], _I),
}


def _open(names: tuple[str, ...], short: str) -> ctypes.CDLL | None:
    found = ctypes.util.find_library(short)
    for name in (*names, *([found] if found else [])):
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


@cache
def load_library() -> ctypes.CDLL | None:
    """libtesseract with its C functions typed, or None if it cannot be loaded."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    library = _open(LIBRARY_NAMES, "tesseract")
    if library is None:
        return None
    try:
        for name, (arguments, result) in _SIGNATURES.items():
            function = getattr(library, name)
            function.argtypes, function.restype = arguments, result
    except AttributeError:  # a library without the C API
        return None
    _quiet_leptonica()
    return library


def _quiet_leptonica() -> None:
    """Leptonica (which Tesseract links, so the same loaded copy) told to print nothing."""
    leptonica = _open(LEPTONICA_NAMES, "lept")
    with contextlib.suppress(AttributeError):
        if leptonica is not None:
            leptonica.setMsgSeverity.argtypes, leptonica.setMsgSeverity.restype = [ctypes.c_int], ctypes.c_int
            leptonica.setMsgSeverity(LEPTONICA_QUIET)


@dataclass
class TesseractApi:
    library: ctypes.CDLL
    handle: int
    languages: str

    def read(self, image: Image.Image, psm: int, dpi: int, page_number: int = 0) -> tuple[str, str]:
        """One image → Tesseract's TSV rows (`page_num` is page_number + 1) and its plain text."""
        grey = image if image.mode == "L" else image.convert("L")
        data = grey.tobytes()
        call = self.library
        call.TessBaseAPISetPageSegMode(self.handle, psm)
        call.TessBaseAPISetImage(self.handle, data, grey.width, grey.height, 1, grey.width)
        call.TessBaseAPISetSourceResolution(self.handle, dpi)
        if call.TessBaseAPIRecognize(self.handle, None) != 0:
            call.TessBaseAPIClear(self.handle)
            raise ToolFailed(f"tesseract ({self.languages}) could not recognise a {grey.width}x{grey.height} image")
        tsv, text = self._take(call.TessBaseAPIGetTsvText(self.handle, page_number)), self._take(call.TessBaseAPIGetUTF8Text(self.handle))
        call.TessBaseAPIClear(self.handle)
        return tsv, text

    def orientation(self, image: Image.Image, dpi: int) -> tuple[int, float] | None:
        """Tesseract's OSD of one image (an API made for the `osd` model): the clockwise turn the
        page's text is at (0, 90, 180, 270) and its confidence; None when OSD finds too little text."""
        grey = image if image.mode == "L" else image.convert("L")
        data = grey.tobytes()
        call = self.library
        call.TessBaseAPISetPageSegMode(self.handle, 0)  # PSM_OSD_ONLY
        call.TessBaseAPISetImage(self.handle, data, grey.width, grey.height, 1, grey.width)
        call.TessBaseAPISetSourceResolution(self.handle, dpi)
        degrees, confidence, script, script_confidence = ctypes.c_int(), ctypes.c_float(), ctypes.c_char_p(), ctypes.c_float()
        found = call.TessBaseAPIDetectOrientationScript(self.handle, ctypes.byref(degrees), ctypes.byref(confidence),
                                                        ctypes.byref(script), ctypes.byref(script_confidence))
        call.TessBaseAPIClear(self.handle)
        return (degrees.value % 360, confidence.value) if found else None

    def _take(self, pointer: int | None) -> str:
        if not pointer:
            return ""
        try:
            return ctypes.string_at(pointer).decode("utf-8", "replace")
        finally:
            self.library.TessDeleteText(pointer)

    def close(self) -> None:
        self.library.TessBaseAPIEnd(self.handle)
        self.library.TessBaseAPIDelete(self.handle)


@cache
def _api(languages: str, process: int) -> TesseractApi | None:
    library = load_library()
    if library is None:
        return None
    handle = library.TessBaseAPICreate()
    _set(library, handle, QUIET)
    if library.TessBaseAPIInit3(handle, None, languages.encode()) != 0:
        library.TessBaseAPIDelete(handle)
        raise MissingDependency(f"Tesseract has no model for {languages}: apt-get install tesseract-ocr-tha",
                                "tesseract-ocr tesseract-ocr-tha")
    _set(library, handle, VARIABLES)
    api = TesseractApi(library, handle, languages)
    atexit.register(_close_in, process, api)  # else Tesseract's caches print LEAK warnings at exit
    return api


def _set(library: ctypes.CDLL, handle: int, variables: dict[str, str]) -> None:
    for name, value in variables.items():
        if not library.TessBaseAPISetVariable(handle, name.encode(), value.encode()):
            raise ToolFailed(f"this Tesseract has no setting {name}")


def _close_in(process: int, api: TesseractApi) -> None:
    if os.getpid() == process:  # a forked worker inherits the handler, not the right to free
        api.close()


def api_for(languages: str) -> TesseractApi | None:
    """This process's TessBaseAPI for `languages`, made on first use; None without the library.
    Keyed by process id: a forked worker does not share its parent's (Tesseract keeps state per
    recognition, and the parent may be using it)."""
    return _api(languages, os.getpid())
