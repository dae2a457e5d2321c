"""PDFs of other producers: Chromium/Skia text layers (pypdfium2 repeats clusters), seeds written
with the SARA AM defects of Thai Word/PowerPoint exports, and text layers that are not text.

- parsers/pdf/glyphs.py on synthetic characters (repeated ActualText, false spaces, lines),
  on corpus/chromium (clean text) and on every clean PDF of the corpus (nothing changed).
- corpus/defects/<defect>: the text layer carries the defect (it is a test input); converted, the
  report scores on the gold within 0.02 of the clean PDF's (one known gap, xfail with its cause)
  and the repaired text keeps at most 3% of the defect words written into it. Chromium's PDFs
  score as the clean ones too.
- judge_layer (the one judge of a text layer): table-driven from lines of the real files in ../shared/real, and
  every page of the corpus and of the real Word PDFs is text.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pypdfium2 as pdfium
import pytest

from ingest.convert import convert_file
from parsers.pdf.glyphs import (
    Glyph,
    GlyphIndex,
    bounded_text,
    clean_glyphs,
    drop_false_spaces,
    drop_repeated_spans,
    glyph_lines,
    has_actual_text,
    read_glyphs,
    text_lines,
)
from parsers.pdf.rules import find_table_grids
from parsers.thai.normalise import squash
from parsers.thai.quality import NO_TEXT_LAYER, LayerVerdict, judge_layer, layer_evidence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "corpus"))
from make_producer_pdfs import aa_as_am, doubled_first_glyph, lost_sara_am, mai_tho_aa  # noqa: E402

CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "real"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SEEDS = sorted(p.stem for p in (CORPUS / "seeds").glob("*.txt"))
CLEAN_PDFS = sorted([*(CORPUS / "pdf").glob("*.pdf"), *(CORPUS / "legacy").glob("*.pdf")])
needs_real = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the repo")


def box(left: float, right: float, bottom: float = 0.0, top: float = 10.0) -> tuple[float, float, float, float]:
    return left, bottom, right, top


def glyphs_of(pdf: Path) -> list[list[Glyph]]:
    document = pdfium.PdfDocument(pdf)
    return [clean_glyphs(document[i].get_textpage()) for i in range(len(document))]


# --- pdf_text_layer on synthetic characters ----------------------------------------------------

# ตัวชี้วัด as pdfium gives it from Chromium: the span ชี้ (objects 3, 4) given again by its mark
# object after วั, with pdfium's own spaces either side.
REPEATED = [
    Glyph("ต", box(0, 3), obj=1, span=11), Glyph("ั", box(3, 6), obj=1, span=11),
    Glyph("ว", box(6, 10), obj=2),
    Glyph("ช", box(10, 12), obj=3, span=13), Glyph("ี", box(12, 14), obj=3, span=13), Glyph("้", box(14, 16), obj=3, span=13),
    Glyph("ว", box(17, 19), obj=5, span=15), Glyph("ั", box(19, 21), obj=5, span=15),
    Glyph(" ", box(16, 16, 0, 0), generated=True),
    Glyph("ช", box(14, 15), obj=4, span=13), Glyph("ี", box(15, 16), obj=4, span=13), Glyph("้", box(16, 17), obj=4, span=13),
    Glyph(" ", box(17, 17, 0, 0), generated=True),
    Glyph("ด", box(22, 27), obj=6),
]


def test_repeated_span_is_given_once() -> None:
    assert "".join(g.char for g in REPEATED) == "ตัวชี้วั ชี้ ด"
    assert "".join(g.char for g in drop_repeated_spans(REPEATED)) == "ตัวชี้วัด"


def test_same_text_in_two_spans_is_kept() -> None:
    """สถานที่ที่: two spans with the same ActualText are two clusters, not a repeat."""
    glyphs = [Glyph("ท", box(0, 2), obj=1, span=1), Glyph("ี่", box(2, 4), obj=1, span=1),
              Glyph("ท", box(5, 7), obj=2, span=2), Glyph("ี่", box(7, 9), obj=2, span=2)]
    assert drop_repeated_spans(glyphs) == glyphs


def test_span_object_with_its_own_text_is_kept() -> None:
    """pdfium fell back to the glyphs' own text for one object of the span: not a repeat."""
    glyphs = [Glyph("ช", box(0, 2), obj=1, span=1), Glyph("้", box(2, 3), obj=2, span=1)]
    assert drop_repeated_spans(glyphs) == glyphs


def test_false_space_after_sara_am_is_dropped() -> None:
    """นำไป: the NIKHAHIT and SARA AA objects of นำ give no text, pdfium puts a space in their gap."""
    glyphs = [Glyph("น", box(0, 3), obj=1, span=1), Glyph("ำ", box(3, 6), obj=1, span=1),
              Glyph(" ", box(6, 6, 0, 0), generated=True), Glyph("ไ", box(12.5, 15), obj=4)]
    extents = {1: box(0, 12)}
    assert "".join(g.char for g in drop_false_spaces(glyphs, extents)) == "นำไ"


@pytest.mark.parametrize(("gap", "kept"), [(0.5, False), (4.0, True)])
def test_false_space_only_where_glyphs_touch(gap: float, kept: bool) -> None:
    glyphs = [Glyph("ก", box(0, 5), obj=1, span=1), Glyph(" ", box(5, 5, 0, 0), generated=True),
              Glyph("ข", box(5 + gap, 10 + gap), obj=2)]
    assert (len(drop_false_spaces(glyphs, {})) == 3) is kept


def test_real_space_and_spaces_away_from_spans_are_kept() -> None:
    glyphs = [Glyph("ก", box(0, 5), obj=1, span=1), Glyph(" ", box(5, 5.5), obj=1, span=1), Glyph("ข", box(5.5, 10), obj=2),
              Glyph(" ", box(10, 10, 0, 0), generated=True), Glyph("ค", box(10.2, 15), obj=3)]
    assert drop_false_spaces(glyphs, {}) == glyphs


def test_glyph_lines_split_on_pdfium_line_breaks() -> None:
    glyphs = [Glyph("ก", box(0, 5)), Glyph("\r", box(5, 5), True), Glyph("\n", box(5, 5), True), Glyph("ข", box(0, 5, 20, 30))]
    lines = glyph_lines(glyphs)
    assert [line.text for line in lines] == ["ก", "ข"]
    assert lines[1].boxes == (box(0, 5, 20, 30),)


# --- pdf_text_layer on PDFs ------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def _prose_lines(stem: str) -> list[str]:
    """The seed's prose lines (not table rows) of more than ten letters, whitespace removed."""
    lines = (CORPUS / "seeds" / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    return [squeezed for line in lines if "\t" not in line and "|" not in line and len(squeezed := _SPACES.sub("", line)) > 10]


def _share_found(prose: list[str], pages: list[str]) -> float:
    """Share of the prose lines found as they are in the PDF's text (whitespace removed): a
    repeated cluster or a dropped mark breaks the line."""
    text = _SPACES.sub("", "".join(pages))
    return sum(line in text for line in prose) / len(prose)


@pytest.mark.parametrize("stem", SEEDS)
def test_chromium_seed_reads_as_its_seed(stem: str) -> None:
    prose = _prose_lines(stem)
    document = pdfium.PdfDocument(CORPUS / "chromium" / f"{stem}.pdf")
    pages = [document[i].get_textpage() for i in range(len(document))]
    before = _share_found(prose, [page.get_text_range() for page in pages])
    after = _share_found(prose, ["".join(line.text for line in text_lines(page)) for page in pages])
    assert after > 0.98
    assert before < after


def test_chromium_words_that_pdfium_breaks() -> None:
    text = "\n".join(line.text for page in glyphs_of(CORPUS / "chromium" / "000_fa47d890761d547d.pdf") for line in glyph_lines(page))
    for word in ("ตัวชี้วัด", "ซึ่งเปรียบ", "นำไปสู่การ", "ดียิ่งขึ้น"):
        assert word in text
    for broken in ("ชี้วั ชี้", "ซึ่งเป ซึ่", "นำ ไป", "ขึ้น ขึ้"):
        assert broken not in text


@pytest.mark.parametrize("pdf", CLEAN_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_clean_pdf_lines_unchanged(pdf: Path) -> None:
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        page = document[index].get_textpage()
        assert [line.text for line in text_lines(page)] == page.get_text_range().split("\r\n")


def test_bounded_text_is_pdfiums_on_a_clean_pdf() -> None:
    """The cells of a LibreOffice table PDF: the same text as get_text_bounded gives."""
    import pdfplumber

    pdf = CORPUS / "pdf" / "001_c58affa22fe99b85.pdf"
    document = pdfium.PdfDocument(pdf)
    compared = 0
    with pdfplumber.open(pdf) as plumber:
        for index, page in enumerate(plumber.pages[:3]):
            text_page, height = document[index].get_textpage(), page.height
            glyphs = read_glyphs(text_page)
            for table in page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"}):
                for x0, top, x1, bottom in table.cells:
                    rect = {"left": x0 + 0.5, "bottom": height - bottom + 0.5, "right": x1 - 0.5, "top": height - top - 0.5}
                    assert bounded_text(glyphs, **rect) == text_page.get_text_bounded(**rect)
                    compared += 1
    assert compared > 50


def test_actual_text_is_found_where_skia_writes_it() -> None:
    chromium = pdfium.PdfDocument(CORPUS / "chromium" / "002_600daf04b282d892.pdf")
    assert has_actual_text(chromium[0].get_textpage())


@needs_real
def test_word_pdf_has_no_actual_text() -> None:
    word = pdfium.PdfDocument(REAL / "hangdong_anticorruption_plan2561-2564.pdf")
    assert not has_actual_text(word[0].get_textpage())


# --- seeds written with SARA AM defects ------------------------------------------------------

@pytest.mark.parametrize(("defect", "text", "expected"), [
    (lost_sara_am, "ดำเนินการประจำปี", "ดาเนินการประจาปี"),
    (aa_as_am, "การประเมินความโปร่งใส", "กำรประเมินควำมโปร่งใส"),
    (mai_tho_aa, "ตำบล", "ต้าบล"),
    (mai_tho_aa, "น้ำ", "น้้า"),
    (doubled_first_glyph, "กลุ่มงาน\tผู้รับผิดชอบ\n| ลำดับ | งาน |", "กกลุ่มงาน\tผผู้รับผิดชอบ\n| ลลำดับ | งงาน |"),
    (doubled_first_glyph, "# รายงาน 1 ครั้ง", "# รายงาน 1 ครั้ง"),
])
def test_defect_written_into_text(defect, text: str, expected: str) -> None:
    assert defect(text) == expected


def _pdf_text(pdf: Path) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


@pytest.mark.parametrize("stem", SEEDS)
def test_defect_pdfs_carry_their_defect(stem: str) -> None:
    defects = CORPUS / "defects"
    assert "\u0e33" not in _pdf_text(defects / "lost_sara_am" / f"{stem}.pdf")
    assert "\u0e32" not in _pdf_text(defects / "aa_as_am" / f"{stem}.pdf")
    mai_tho = _pdf_text(defects / "mai_tho_aa" / f"{stem}.pdf")
    assert "\u0e33" not in mai_tho and "\u0e49\u0e32" in mai_tho
    assert re.search(r"(?:^|\s)([ก-ฮ])\1", _pdf_text(defects / "doubled_first_glyph" / f"{stem}.pdf"), re.MULTILINE)


# What converting a defect PDF gives, beside the clean LibreOffice PDF of the same seed: each folder
# of corpus/ converted by a Batch with its Markdown (the repaired text), scored on the gold by
# ../shared/eval/score.py's own functions.
PRODUCERS = ("chromium", "defects/aa_as_am", "defects/lost_sara_am", "defects/mai_tho_aa", "defects/doubled_first_glyph")
# How far below the clean PDF's gold score a producer's PDF may score (per document and per folder).
GOLD_MARGIN = 0.02
# Producer PDFs whose report misses more than GOLD_MARGIN, and why (measured, not hoped for).
KNOWN_GOLD_GAPS: dict[tuple[str, str], str] = {}  # aa_as_am/003's (0.929, indicator 6 named `ตัวชีวัดคุณภ้ำพ`)
# went with parsers/pdf/marks.py: its MAI THO was a mark LibreOffice wrote astray, now back on ช
# The defect's words (thai_defects' forms of dictionary words) written into a seed that its repaired
# text may still hold, as a share of those written (measured at most 0.021: lost SARA AM in 004,
# 4 of 191 in a table cell `สานักงานปลัด`).
MAX_DEFECT_WORDS_LEFT = 0.03
# A defect folder -> the thai_defects substitution it writes (None: PowerPoint's doubled first glyph).
DEFECT_SUBSTITUTION = {"lost_sara_am": "lost_sara_am", "aa_as_am": "aa_as_am", "mai_tho_aa": "mai_tho_aa_for_am",
                       "doubled_first_glyph": None}
_DOUBLED_START = re.compile(r"(?:^|\s)([ก-ฮ])\1", re.MULTILINE)
needs_gold = pytest.mark.skipif(not (SHARED_EVAL / "score.py").is_file(), reason="../shared/eval is not beside the repo")


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus/pdf and every producer folder converted: OUT/<folder>/<seed>.pdf.json, Markdown in OUT/md/<folder>."""
    from ingest.batch import Batch, BatchOptions

    out = tmp_path_factory.mktemp("producers")
    for folder in ("pdf", "chromium", "defects"):
        outcomes = Batch(BatchOptions(out / folder, workers=2, markdown=out / "md" / folder)).run([CORPUS / folder])
        assert {o.status for o in outcomes} == {"converted"}, [(o.item.relative, o.error) for o in outcomes]
    return out


@cache
def _score_module() -> ModuleType:
    import importlib.util

    spec = importlib.util.spec_from_file_location("gold_score", SHARED_EVAL / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_score(converted: Path, folder: str, stem: str) -> float:
    import json

    report = json.loads((converted / folder / f"{stem}.pdf.json").read_text(encoding="utf-8"))
    gold = json.loads((SHARED_EVAL.parent / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    return _score_module().score_one(report, gold).score()


def _gold_case(folder: str, stem: str):
    gap = KNOWN_GOLD_GAPS.get((folder, stem))
    return pytest.param(folder, stem, id=f"{folder}/{stem[:3]}",
                        marks=[pytest.mark.xfail(strict=True, reason=gap)] if gap else [])


@needs_gold
@pytest.mark.parametrize(("folder", "stem"), [_gold_case(folder, stem) for folder in PRODUCERS for stem in SEEDS])
def test_producer_pdf_scores_as_the_clean_pdf(converted: Path, folder: str, stem: str) -> None:
    clean = _gold_score(converted, "pdf", stem)
    assert _gold_score(converted, folder, stem) >= clean - GOLD_MARGIN


@needs_gold
@pytest.mark.parametrize("folder", PRODUCERS)
def test_producer_folder_scores_as_the_clean_folder(converted: Path, folder: str) -> None:
    """Over the five seeds (aa_as_am's 003 included): measured 1.000, 1.000, 0.998, 1.000, 1.000."""
    clean = sum(_gold_score(converted, "pdf", stem) for stem in SEEDS) / len(SEEDS)
    assert sum(_gold_score(converted, folder, stem) for stem in SEEDS) / len(SEEDS) >= clean - GOLD_MARGIN


def _defect_words(defect: str, text: str) -> Counter[str]:
    """The defect's words in `text`: forms of dictionary words as the defect writes them, or words
    starting with a doubled consonant."""
    from parsers.thai.defects import defect_forms

    substitution = DEFECT_SUBSTITUTION[defect]
    if substitution is None:
        return Counter(match.group(0).strip() for match in _DOUBLED_START.finditer(text))
    return Counter(match.group(1) for match in defect_forms(substitution)[1].finditer(text))


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("defect", sorted(DEFECT_SUBSTITUTION))
def test_repair_leaves_few_defect_words(converted: Path, defect: str, stem: str) -> None:
    """Counted beyond what the clean PDF's text has (clean Thai holds some of the forms inside words)."""
    written = _defect_words(defect, _pdf_text(CORPUS / "defects" / defect / f"{stem}.pdf"))
    written -= _defect_words(defect, _pdf_text(CORPUS / "pdf" / f"{stem}.pdf"))
    markdown = f"{stem}.pdf.md"
    left = _defect_words(defect, (converted / "md" / "defects" / defect / markdown).read_text(encoding="utf-8"))
    left -= _defect_words(defect, (converted / "md" / "pdf" / markdown).read_text(encoding="utf-8"))
    assert written.total() > 30  # the defect PDF carries the defect
    assert left.total() <= MAX_DEFECT_WORDS_LEFT * written.total(), left


# --- text layers that are not text -----------------------------------------------------------

JUNK_LINES = [
    # scanner's invisible OCR layer over a Thai page (hangdong_scan_with_garbage_ocr_layer.pdf p.1)
    "r3a r il :c tr du r{u ri r u rJ : v ur ru:r u qi r t,r il : vdrij { u rJ : s u r ru ?rr. Ft.b db o",
    "wtJ:vurru:rusiruil:vlirflrur]:vur6u fl.fi.tedbo t{lusirurutiu:uvr'rdu od,dde,J,ooo u'ryr rfioru6'r",
    # the same in a Word file's scanned page (phichai_moit2-5_ethics_rules_pua.pdf p.6)
    "b. 6', 91 1 :{ fl U LU U LIU U O tJ'l{yl O UA U 5 nul rl 1 fl A- n UrUt 0 {yt 1 { :1 t n 1 :\r\nY v A u e o d, ' i4 u u 6",
    # LibreOffice 5.1 garbled font maps (hangdong_o28_integrity_pledge_libreoffice.pdf, _calc.pdf p.1)
    "ประชคำชนทรลวไปวลคำขผคำพเจผคำจะปฏรบรตรหนผคำทลร และบรรหคำรงคำนของ",
    "หนลวยงคำน ภคำยใตผอคคำนคำจหนผคำทลรของเทศบคำลตคำบลหคำงดง ด ค ผคำนกคำร",
    "บบญชชสรรปจจนวนโครงกจรพ จ บฒนจททองถถถน กถจกรรมและงบประมจณ",
    "ทชถดจเนจ ถนกจร ของโครงกจรทบทงหมด งบประมจณ งบประมจณทบทงหมด รบบผถดชอบหลบก",
]

TEXT_LINES = [
    # Word 2010, lost SARA AM (hangdong_anticorruption_plan2561-2564.pdf p.30)
    "ด้วยยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริต ระยะที่ 3 (พ.ศ. 2560 – 2564) มุ่งสู่การเป็น",
    "ร่วมมือจากฝ่ายการเมือง หน่วยงานของรัฐ ตลอดจนประชาชน ในการพิทักษ์รักษาผลประโยชน์ของชาติและประชาชนเพื่อให้",
    # Word 2016, AA-as-AM (hangdong_o28_integrity_pledge_word2016.pdf)
    "ข้ำพเจ้ำ นำยจ ำรูญ เร่งถนอมทรัพย์ นำยกเทศมนตรีต ำบลหำงดง ขอแสดงเจตจ ำนง ",
    "ต่อเจ้ำหน้ำที่ในหน่วยงำนต่อสำธำรณชน และประชำชนทั่วไปว่ำข้ำพเจ้ำจะปฏิบัติหน้ำที่ ",
    # PowerPoint, AA-as-AM and doubled first glyphs (phichai_moit2-1_orgchart_saraaa_as_am.pdf)
    "กกลุ่มงำนบริกำรด้ำนปฐมภูมิและองค์รวม กลุ่มงำนกำรแพทย์แผนไทยและแพทย์ทำงเลือก",
    # Acrobat PDFMaker, PUA marks (phichai_moit2-5_ethics_rules_pua.pdf p.1)
    "หน\uf70aวยงานของรัฐอาจจัดทําข\uf70bอกําหนดจริยธรรมเพื่อใช\uf70bบังคับกับเจ\uf70bาหน\uf70bาที่ของรัฐในหน\uf70aวยงานนั้นเพิ่มเติม",
    "ด\uf70bานการแพทย\uf70eและสาธารณสุขแก\uf70aประชาชน เพื่อให\uf70bประชาชนมีสุขภาพที่ดี และสามารถเข\uf70bาถึงบริการ",
    # Word 2007, MAI THO + AA and lost SARA AM (saiyoi_nacc_median_price_form.pdf)
    "หน่วยงานเจ้าของโครงการ องค์การบริหารส่วนต าบลไทรย้อย อ าเภอเด่นชัย จังหวัดแพร่ ",
    # English in a Thai report
    "(Integrity and Transparency Assessment) หรือการประเมิน ITA นั้น ในปัจจุบันถือเป็น",
]

LITTLE_TEXT = ["- 1 -", "๑๒", "(ดร.จารุญ เร่งถนอมทรัพย์)", "ลงชื่อ", "", "   \r\n  "]


def judged(text: str) -> tuple[bool, LayerVerdict]:
    """(the layer is not text, the verdict): what judge_layer says of a page's text, a page too
    short to hold a text layer aside (that is no judgement of its letters)."""
    verdict = judge_layer(text.split("\r\n"))
    return verdict.reason not in (None, NO_TEXT_LAYER), verdict


@pytest.mark.parametrize("line", JUNK_LINES)
def test_junk_layer_lines(line: str) -> None:
    junk, verdict = judged(line)
    assert junk, verdict
    assert verdict.quality is not None and verdict.quality < 0.45


@pytest.mark.parametrize("line", TEXT_LINES)
def test_text_lines_are_text(line: str) -> None:
    junk, verdict = judged(line)
    assert not junk, verdict


@pytest.mark.parametrize("text", LITTLE_TEXT)
def test_little_text_is_never_junk(text: str) -> None:
    junk, verdict = judged(text)
    assert not junk and verdict.quality is None


def test_quality_bounds() -> None:
    assert layer_evidence("").quality == 1.0
    assert 0.0 <= layer_evidence(JUNK_LINES[0]).quality <= layer_evidence(TEXT_LINES[0]).quality <= 1.0


def test_marks_lost_is_the_reason_on_a_garbled_page() -> None:
    page = "\n".join(JUNK_LINES[3:] * 2)
    junk, verdict = judged(page)
    assert junk and "marks lost" in str(verdict.reason)


@pytest.mark.parametrize("pdf", sorted([*CLEAN_PDFS, *(CORPUS / "chromium").glob("*.pdf"), *(CORPUS / "defects").glob("*/*.pdf")]),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_pages_are_text(pdf: Path) -> None:
    document = pdfium.PdfDocument(pdf)
    for index in range(len(document)):
        junk, verdict = judged(document[index].get_textpage().get_text_range())
        assert not junk, f"page {index + 1}: {verdict}"


# Real files: pages whose text layer is junk (1-based); every other page is text.
REAL_JUNK_PAGES = {
    "hangdong_scan_with_garbage_ocr_layer.pdf": {1, 2, 3},
    "hangdong_o28_integrity_pledge_libreoffice.pdf": {1},
    "hangdong_devproject_list_libreoffice_calc.pdf": set(range(1, 77)),
    "phichai_moit2-5_ethics_rules_pua.pdf": {6},  # a scanned page with an OCR layer inside the Word file
    "phichai_moit2-12_complaint_manual2568.pdf": {19},  # mostly undecodable characters (a font without a map)
}


@needs_real
@pytest.mark.parametrize("name", ["hangdong_scan_with_garbage_ocr_layer.pdf", "hangdong_o28_integrity_pledge_libreoffice.pdf",
                                  "hangdong_o28_integrity_pledge_word2016.pdf", "phichai_moit2-5_ethics_rules_pua.pdf",
                                  "phichai_moit2-1_orgchart_saraaa_as_am.pdf", "saiyoi_nacc_median_price_form.pdf",
                                  "nongyai_sso_procurement_analysis2562.pdf", "phichai_moit2-12_complaint_manual2568.pdf",
                                  "hangdong_devproject_list_libreoffice_calc.pdf"])
def test_real_junk_pages(name: str) -> None:
    document = pdfium.PdfDocument(REAL / name)
    found = set()
    for index in range(len(document)):
        junk, _ = judged(document[index].get_textpage().get_text_range())
        if junk:
            found.add(index + 1)
    expected = REAL_JUNK_PAGES.get(name, set())
    if name == "hangdong_devproject_list_libreoffice_calc.pdf":
        assert len(found) >= 74 and found <= expected  # a page with only a heading is too little to judge
    else:
        assert found == expected


@pytest.mark.parametrize("stem", ["001_c58affa22fe99b85", "003_34ad3820800958cf"])
def test_chromium_measure_tables_read_as_libreoffices(stem: str) -> None:
    # Chromium repeats the header on each page, starts a row under it with a bare '๓', and leaves
    # the border under a row cut by the page break undrawn: the rows must still come out one by one
    def measures(folder: str) -> list[tuple[str | None, str, list[str]]]:
        report = convert_file(CORPUS / folder / f"{stem}.pdf")
        return [(m.number, squash(m.title), m.responsible) for m in report.measures]

    assert measures("chromium") == measures("pdf")


@pytest.mark.parametrize("pdf", sorted([*(CORPUS / "chromium").glob("*.pdf"), *CLEAN_PDFS]), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_indexed_bounded_text_is_the_walk_over_every_glyph(pdf: Path) -> None:
    # every table cell of the page, and a grid of rectangles over the whole page
    document = pdfium.PdfDocument(pdf)
    for page in document:
        glyphs = clean_glyphs(page.get_textpage())
        index = GlyphIndex(glyphs)
        width, height = page.get_size()
        rects = [(x0 + 0.5, height - bottom + 0.5, x1 - 0.5, height - top - 0.5)
                 for _, grid in find_table_grids(page) for row in grid for cell in row if cell
                 for x0, top, x1, bottom in [cell]]
        rects += [(x, y, x + width / 3, y + 60) for x in (0, width / 3) for y in range(0, int(height), 50)]
        for rect in rects:
            assert index.bounded(*rect) == bounded_text(glyphs, *rect), (pdf.name, rect)
