"""ita-ingest orchestration: files, batches and the command line.

Python API::

    from ingest import convert_file
    report = convert_file("corpus/seeds/000_fa47d890761d547d.txt")   # -> schema.models.Report
"""

from ingest.convert import ConversionError, convert_file

__all__ = ["ConversionError", "convert_file"]
