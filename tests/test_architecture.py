"""The architecture as tests: one registry of readers, closed sets validated once, layers that
import one way, modules small enough to read."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from ingest.convert import ConversionError, convert_file
from ingest.sources import InputItem
from parsers.errors import ErrorKind, UnreadableInput
from parsers.extract.records import Finding
from parsers.options import OcrMode, ParseOptions
from parsers.pipeline import read_document
from parsers.readers import FORMATS, READERS, SUFFIXES, reader_for_format, reader_for_path
from schema.codes import WARNING_MEANINGS, SourceFormat, WarningCode
from schema.models import Report

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "000_fa47d890761d547d.txt"
MAX_MODULE_LINES = 400


def modules(*packages: str) -> list[Path]:
    return [path for package in packages for path in sorted((ROOT / package).rglob("*.py"))]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    return names | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}


@pytest.mark.parametrize("path", modules("parsers", "schema"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_parsers_and_schema_never_import_ingest(path: Path):
    assert not {name for name in imported_modules(path) if name == "ingest" or name.startswith("ingest.")}


# The parsers' stages, lowest first: a module may import its own stage and the stages below it,
# never a stage of its rank or above (readers and extract never see each other; pdf never sees ocr).
STAGE_RANKS = {
    "parsers.errors": 0, "parsers.options": 0, "parsers.processes": 0,
    "parsers.thai": 1,
    "parsers.knowledge": 2, "parsers.document": 2,
    "parsers.layout_hints": 3,
    "parsers.pdf": 4, "parsers.ocr": 4,
    "parsers.readers": 5, "parsers.extract": 5,
    "parsers.pipeline": 6,
}


def stage_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_every_parsers_module_belongs_to_a_stage():
    stages = {stage_of(module_name(path)) for path in modules("parsers")} - {"parsers"}
    assert stages == set(STAGE_RANKS)


def test_at_most_8_modules_at_the_top_of_parsers():
    assert len(list((ROOT / "parsers").glob("*.py"))) <= 8


@pytest.mark.parametrize("path", [p for p in modules("parsers") if p.name != "__init__.py" or p.parent.name != "parsers"],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_parsers_stages_import_one_way(path: Path):
    own = stage_of(module_name(path))
    upward = [name for name in imported_modules(path) if name.startswith("parsers.")
              and stage_of(name) != own and STAGE_RANKS[stage_of(name)] >= STAGE_RANKS[own]]
    assert upward == [], f"{own} (rank {STAGE_RANKS[own]}) imports a stage of its rank or above"


_NAMED_PATH = re.compile(r"(?<![\w/.])((?:parsers|ingest|schema|tests|bench|corpus)/[\w/]*\.(?:py|json))")
_NAMED_MODULE = re.compile(r"`((?:parsers|ingest|schema)(?:\.\w+)+)")


DOC_FILES = ["README.md", "CONTRIBUTING.md", *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOC_FILES)
def test_every_module_the_docs_name_exists(doc: str):
    """The architecture map is only useful while it is the tree: a moved or renamed module fails here."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    missing = sorted({path for path in _NAMED_PATH.findall(text) if not (ROOT / path).exists()})
    modules_named = {name for name in _NAMED_MODULE.findall(text)}
    missing += sorted(name for name in modules_named if not _module_exists(name))
    assert missing == []


def _module_exists(dotted: str) -> bool:
    """A module or package, or a name defined at the top of one (`parsers.extract.layout_hints.ITA_HINTS`)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:cut])
        if base.with_suffix(".py").exists() or (base / "__init__.py").exists():
            return cut >= len(parts) - 1
    return False


def test_the_architecture_map_names_every_stage():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert all(stage.removeprefix("parsers.") in text for stage in STAGE_RANKS)


@pytest.mark.parametrize("path", modules("parsers", "ingest", "schema"), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_is_over_400_lines(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


HEAVY_LIBRARIES = ("pypdfium2", "pdfplumber", "pdfminer", "PIL", "rapidfuzz", "pythainlp", "docx", "numpy", "parsers.readers")


def _import_cpu(modules: str) -> tuple[float, list[str]]:
    """CPU seconds a fresh interpreter spends importing `modules`, and every module it then has."""
    code = (f"import sys, time; t = time.process_time(); import {modules}; "
            "print(time.process_time() - t); print(' '.join(sorted(sys.modules)))")
    seconds, loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                     cwd=ROOT).stdout.splitlines()
    return float(seconds), loaded.split()


def test_the_schema_loads_no_pdf_image_fuzzy_or_thai_library():
    """A tool that only validates our JSON must not pay for the PDF stack: importing the schema
    with it cost 0.53-0.59 s CPU, without it 0.25-0.28 s (a quiet machine). CPU on a busy machine
    is not a fixed figure, so the cost is compared with the reader stack's in the same run."""
    schema_alone = [_import_cpu("schema.models") for _ in range(3)]
    with_readers = [_import_cpu("schema.models, parsers.readers")[0] for _ in range(3)]
    assert [name for name in schema_alone[0][1] if name.startswith(HEAVY_LIBRARIES)] == []
    assert min(seconds for seconds, _ in schema_alone) < 0.7 * min(with_readers)


def test_an_unknown_ocr_mode_is_an_error_naming_the_valid_modes():
    with pytest.raises(ValidationError, match="'auto', 'always' or 'never'"):
        convert_file(SEED, ocr="Auto")
    with pytest.raises(ValidationError):
        ParseOptions(ocr="off")
    assert ParseOptions(ocr="never").ocr is OcrMode.NEVER


def test_options_are_frozen():
    with pytest.raises(ValidationError):
        ParseOptions().ocr = OcrMode.ALWAYS  # type: ignore[misc]


def test_the_schema_lists_every_warning_code_as_an_enum():
    schema = Report.model_json_schema()
    assert schema["$defs"]["WarningCode"]["enum"] == [code.value for code in WarningCode]
    assert set(WARNING_MEANINGS) == set(WarningCode)


def test_an_unknown_warning_code_fails_where_it_is_raised():
    with pytest.raises(ValueError, match="not_a_code"):
        Finding("not_a_code", "message")


def test_formats_come_from_the_reader_registry():
    schema = Report.model_json_schema()
    assert tuple(schema["$defs"]["SourceFormat"]["enum"]) == FORMATS == tuple(SourceFormat)
    for reader in READERS:
        assert reader_for_format(reader.format) is reader
        for suffix in reader.suffixes:
            assert reader_for_path(f"a/b{suffix.upper()}") is reader
            assert InputItem(f"x{suffix}", "x", Path("x")).format == reader.format
    assert set(SUFFIXES) == {s for r in READERS for s in r.suffixes}
    assert InputItem("x.pptx", "x", Path("x")).format is None


@pytest.mark.parametrize(("data", "format_name", "kind"), [
    (b"", "text", ErrorKind.EMPTY),
    (b"\x00\x01binary", "text", ErrorKind.BINARY),
    (b"hello, not a pdf", "pdf", ErrorKind.NOT_PDF),
    (b"%PDF-1.4\n1 0 obj <<", "pdf", ErrorKind.CORRUPT),
])
def test_unreadable_inputs_say_their_kind(data: bytes, format_name: str, kind: ErrorKind):
    with pytest.raises(UnreadableInput) as raised:
        read_document(data, format_name)
    assert raised.value.kind is kind


def test_the_python_api_error_carries_its_kind(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(ConversionError) as raised:
        convert_file(empty)
    assert raised.value.kind is ErrorKind.EMPTY


def test_text_and_pdf_documents_mean_the_same_by_paragraph():
    """Seed 002 is 20 one-line paragraphs in its text form; its PDF form reads the same way."""
    from parsers.document import Paragraph
    text = read_document((ROOT / "corpus" / "seeds" / "002_600daf04b282d892.txt").read_bytes(), "text")
    pdf = read_document((ROOT / "corpus" / "pdf" / "002_600daf04b282d892.pdf").read_bytes(), "pdf")
    shape = [[len(b.lines) for b in doc.blocks if isinstance(b, Paragraph)] for doc in (text, pdf)]
    assert all(n == 1 for n in shape[0]) and all(n == 1 for n in shape[1])
    assert abs(len(shape[0]) - len(shape[1])) <= 2, shape


def test_the_header_vocabulary_is_the_schema_closed_sets():
    from typing import get_args

    from parsers.knowledge import vocab
    from schema.models import AgencyKind, DocumentKind
    assert set(vocab.AGENCY_KINDS) == set(get_args(AgencyKind))
    assert set(vocab.DOCUMENT_KIND_PHRASES) | set(vocab.EXTRA_DOCUMENT_KINDS) <= set(get_args(DocumentKind))
