"""ita-ingest orchestration: files, batches and the command line.

Python API::

    from ingest import convert_file
    report = convert_file("corpus/seeds/000_fa47d890761d547d.txt")   # -> schema.models.Report
"""

from importlib.metadata import PackageNotFoundError, version

from ingest.convert import ConversionError, convert_file
from ingest.errors import IngestError

try:
    __version__ = version("ita-ingest")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"

__all__ = ["ConversionError", "IngestError", "__version__", "convert_file"]
