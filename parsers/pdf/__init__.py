"""PDF pages, born-digital: one pdfium page → its lines with positions, its ruled tables and its
text-layer verdict (`parsers.pdf.page.PageReading`).

  frame       the page put into one frame before it is read: cut to its CropBox, at the origin,
              its text upright (/Rotate, printer drivers' turned pages); put back afterwards
  glyphs      glyph-level text where a page has ActualText spans (Chromium, Skia)
  text_layer  one page's text layer, read once: lines, boxes, quality, Thai defect profile
  rules       ruling lines → table grids (pdfplumber's table algorithm over pdfium's paths)
  layout      a page → lines and tables; pages → paragraphs and tables in reading order
  page        `PageReading`, the one shape of a read page, whoever read it (text layer or OCR)

Imports `parsers.thai`, `parsers.knowledge`, `parsers.document`; never OCR, readers or extract.
"""
