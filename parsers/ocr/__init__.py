"""OCR of page images: a PIL image → lines and table rows with positions and confidence.

  engine          the OCR engine a reader is given (`OcrEngine`: dpi, availability, read_page)
  page            one page image → `OcrPage`: Tesseract's words, ruled cells, re-reads
  tesseract       Tesseract through its C API (`tesseract_capi`) or its program
  digits          the Thai-digit recogniser that re-reads numbers Tesseract misread
  rereads         words and cells read again (scripts, short cells)
  images          pixel primitives shared by the above (ink, runs, crops)

Imports `parsers.thai`, `parsers.knowledge`, `parsers.errors`; never PDF, readers or extract.
"""
