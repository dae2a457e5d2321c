"""`python -m ingest`: the same command line as `ita-ingest`."""

import sys

from ingest.cli import main

sys.exit(main())
