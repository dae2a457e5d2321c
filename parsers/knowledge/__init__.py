"""What the parsers know of ITA and of Thai agencies, as named tables: no parsing here.

  vocab       column synonyms, indicator names, month names, unit and agency kinds, cue phrases
  catalog     the ITA framework by year (data/ita_catalog.json): O-item titles, tools, grade bands
  indicators  an indicator's number from any of its spellings

Imports `parsers.thai` (to compare names) and nothing above it.
"""
