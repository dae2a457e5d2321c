"""The documents' text out of a batch: the Markdown files (`--markdown DIR`) and the store's text
index (`blocks`, `blocks_fts`), kept here so the batch only asks four questions of it.

The text costs the workers something only when one of them is on: a task asks for its blocks
(`Task.text_out`) and for their words (`Task.words`, pythainlp segmentation for the index) only
when a Markdown folder or the index wants them. An up-to-date report whose Markdown file is
missing, or that the store holds without its text (a store written before the index existed), is
parsed again for it. A report the store lost altogether (the last uncommitted second of a killed
run) is stored again from its JSON without parsing, as before the index existed (a resume never
parses a document twice; tests/test_batch.py), and its text is added by the run after.
"""

from __future__ import annotations

from pathlib import Path

from ingest.convert import remove_stale_temporaries, write_atomically
from ingest.hints import input_inside_markdown, markdown_inside_input, markdown_is_a_file
from ingest.markdown import markdown_path, write_markdown
from ingest.store import Store
from ingest.worker import TaskResult
from parsers.extract.text_blocks import TextBlock, segment_words
from parsers.pipeline import PARSER_VERSION


class TextOutputs:
    """What one batch writes of the documents' text, given its Markdown folder and whether the
    store (if there is one) gets the text index."""

    def __init__(self, markdown: Path | None, index: bool) -> None:
        self.markdown = markdown.resolve() if markdown is not None else None
        self.index = index

    def refusal(self, inputs: list[Path], out_dir: Path) -> str | None:
        """Why the run cannot start with this --markdown, or None: a file, not a folder, or a folder
        among the inputs (as an input inside --out is refused), where the next run would read our .md
        files as reports. Inside --out it is not among them: discovery leaves --out out."""
        if self.markdown is not None and self.markdown.exists() and not self.markdown.is_dir():
            return markdown_is_a_file(self.markdown)
        if self.markdown is None or self.markdown.is_relative_to(out_dir.resolve()):
            return None
        for path in inputs:
            if self.markdown.is_relative_to(path.resolve()):
                return markdown_inside_input(self.markdown, path)
            if path.resolve().is_relative_to(self.markdown):
                return input_inside_markdown(path, self.markdown)
        return None

    def open(self, store: Store | None) -> None:
        """Before the workers start: drop a killed run's temporaries under DIR, and load pythainlp's
        dictionary once here, so the forked workers share it (loading it in each worker took
        seconds, and good documents timed out under a short --timeout)."""
        self.index = self.index and store is not None
        if self.markdown is not None:
            remove_stale_temporaries(self.markdown)
        if self.index:
            segment_words("การประเมิน")

    @property
    def wanted(self) -> bool:
        """Whether tasks return their text blocks at all."""
        return self.index or self.markdown is not None

    def present(self, store: Store | None, relative: str, sha256: str) -> bool:
        """Whether an up-to-date report's text outputs are there too (else it is parsed again)."""
        if self.markdown is not None and not markdown_path(self.markdown, relative).is_file():
            return False
        return not self.index or store is None or not store.has(sha256, PARSER_VERSION) or store.has_text(sha256)

    def for_store(self, result: TaskResult) -> list[TextBlock] | None:
        """The blocks the store indexes with the report (None: the store's text is left as it is)."""
        return result.blocks if self.index else None

    def write(self, relative: str, sha256: str, result: TaskResult) -> None:
        """The document's Markdown file (raises OSError or ConversionError as writing its JSON does)."""
        if self.markdown is not None and result.blocks is not None:
            write_markdown(self.markdown, relative, result.blocks, result.pages, sha256)

    def copy(self, first: str, relative: str) -> None:
        """A duplicate's Markdown: the first's, its title naming the duplicate's own path."""
        if self.markdown is None:
            return
        source = markdown_path(self.markdown, first)
        if source.is_file():
            text = source.read_text(encoding="utf-8").replace(f"the text of {first} ", f"the text of {relative} ", 1)
            write_atomically(markdown_path(self.markdown, relative), text)
