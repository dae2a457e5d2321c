"""Extraction: Document → records (extractors) → findings (checks) → Report (assemble).

  base        the Extractor contract: extract(doc, context) -> Extraction(records, findings)
  extractors  the extractors in the order they run (header, scores, items, measures, references)
  checks      what the records say together: arithmetic, grade bands, dates, other-year numbering
  hints       what the extractors tell readers about ITA tables (LayoutHints)
  assemble    records and findings → schema.models.Report
"""
