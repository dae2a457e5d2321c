"""CPU seconds of converting PDFs with one checkout's code: the child process of `bench_pdf.py --baseline`.

    python bench/pdf_rounds.py --root CHECKOUT FILE...

Imports `ingest.worker` from CHECKOUT (not from the checkout this script lives in), converts every
file once to warm up (imports, the Thai word list) and prints the pages it read; then, for every
line read from stdin, converts every file again and prints the CPU seconds of that round (this
process only), until stdin ends. The parent so interleaves rounds of two checkouts closely. Only the names
every checkout since the PDF path began has (`ingest.worker.Task`, `convert_task`,
`parsers.options`) are used, so an older commit's code runs on the same files as the current one.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, required=True, help="checkout whose code converts")
    parser.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    from ingest.worker import Task, convert_task  # the checkout's own code
    from parsers.options import OcrMode, ParseOptions

    options = ParseOptions(ocr=OcrMode.NEVER)
    documents = [(path.name, path.read_bytes()) for path in args.files]

    def convert_all() -> int:
        pages = 0
        for name, data in documents:
            result = convert_task(Task(0, name, "pdf", hashlib.sha256(data).hexdigest(), data, options))
            assert result.ok, result.error
            pages += result.pages or 0
        return pages

    print(convert_all(), flush=True)  # warm-up
    for _request in sys.stdin:
        started = time.process_time()
        convert_all()
        print(time.process_time() - started, flush=True)


if __name__ == "__main__":
    main()
