"""`ita-ingest`: convert ITA reports to JSON, print the schema, validate JSON files."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pydantic import ValidationError

from ingest.convert import MANIFEST_NAME, convert_paths
from schema.export import schema_json
from schema.models import Report

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def cmd_convert(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"error: {path}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    progress = not args.quiet and sys.stderr.isatty()
    outcomes = convert_paths(args.paths, args.out, progress=progress)
    failed = sum(o.status == "failed" for o in outcomes)
    warnings = sum(o.warnings for o in outcomes)
    print(f"converted {len(outcomes) - failed}, failed {failed} ({warnings} warnings) in "
          f"{time.perf_counter() - started:.2f} s → {args.out} (manifest: {args.out / MANIFEST_NAME})",
          file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_schema(_args: argparse.Namespace) -> int:
    sys.stdout.write(schema_json())
    return EXIT_OK


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(top level)"
    more = f" (+{error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.files:
        try:
            Report.model_validate_json(path.read_bytes())
        except OSError as error:
            bad += 1
            print(f"INVALID {path}: cannot read: {error.strerror or error}")
        except ValidationError as error:
            bad += 1
            print(f"INVALID {path}: {_first_error(error)}")
        else:
            print(f"ok      {path}")
    print(f"{len(args.files) - bad} valid, {bad} invalid", file=sys.stderr)
    return EXIT_FAILED if bad else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-ingest",
        description="Turn Thai ITA reports (scores, analyses, measure plans) into validated JSON.")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    convert = verbs.add_parser(
        "convert", help="convert report files or folders to one JSON per document",
        description="Convert .txt/.md reports (folders are searched recursively) to DIR/<relative path>.json. "
                    "Each output is validated before it is written; failures are listed on stderr and in "
                    f"DIR/{MANIFEST_NAME}. Exit 0: all converted; 1: some failed; 2: usage error.")
    convert.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="report files or folders")
    convert.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")
    convert.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    convert.set_defaults(run=cmd_convert)

    schema = verbs.add_parser("schema", help="print the JSON Schema of the output")
    schema.set_defaults(run=cmd_schema)

    validate = verbs.add_parser("validate", help="check JSON files against the schema",
                                description="Check report JSON files against the schema; exit 1 if any is invalid.")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE")
    validate.set_defaults(run=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

