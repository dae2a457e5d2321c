"""Word 2007's shifted marks (a consonant's mark written after the next letter): real lines from
the text layers of ../shared/real as pypdfium2 reads them, repaired on a page that evidences the
defect; correct Thai left alone even when a page does; evidence found only where the defect is."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from parsers.thai.defects import TextLayerProfile
from parsers.thai.repair import _DEFECT, diagnose, repair_thai
from parsers.thai.shifted_marks import MIN_SHIFT_EVIDENCE, SHIFTED_MARKS

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
SHIFTED_PAGE = TextLayerProfile(((SHIFTED_MARKS, MIN_SHIFT_EVIDENCE),))
SEED_LINES = [line for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))
              for line in path.read_text(encoding="utf-8-sig").splitlines() if not _DEFECT.search(line)]


@pytest.mark.parametrize(("layer", "repaired"), [
    # saiyoi_devplan2556-2558_word2007.pdf p. 11 (Word 2007, Cordia/Angsana)
    ("ไหลผา่ น ม.7 ตา บลไทรยอ้ย อา เภอเด่นชยั", "ไหลผ่าน ม.7 ตำบลไทรย้อย อำเภอเด่นชัย"),  # mark on SARA AA, NIKHAHIT as a space
    ("ศูนยก์ีฬาตา บล จำนวน 1 แห่ง", "ศูนย์กีฬาตำบล จำนวน 1 แห่ง"),  # THANTHAKHAT onto the next consonant's vowel
    ("สภาพโดยทวั่ ไปเป็นดินลูกรัง", "สภาพโดยทั่วไปเป็นดินลูกรัง"),  # two marks moved, a space after them
    ("ยม อยทู่ างทิศตะวนัออก", "ยม อยู่ทางทิศตะวันออก"),  # the space after them before SARA AA
    ("โรงพยาบาลส่งเสริมสุขภาพบา้นบ่อแกว้ จำนวนบุคลากร", "โรงพยาบาลส่งเสริมสุขภาพบ้านบ่อแก้ว จำนวนบุคลากร"),  # a real space kept
    ("องคก์ ารบริหารส่วนตา บลไทรยอ้ย", "องค์การบริหารส่วนตำบลไทรย้อย"),
    # hangdong_strategy2560-2564_word2016.pdf pp. 3-5, 27
    ("พนั ธกิจหลกั ที่ 1 การพฒั นาเทศบาล", "พันธกิจหลัก ที่ 1 การพัฒนาเทศบาล"),
    ("๒. ยทุ ธศาสตรก์ ารพฒั นาด้านเศรษฐกิจและการท่องเที่ยว", "๒. ยุทธศาสตร์การพัฒนาด้านเศรษฐกิจและการท่องเที่ยว"),
    ("ความปลอดภยัในชีวิตและทรพั ยส์ิน", "ความปลอดภัยในชีวิตและทรัพย์สิน"),
    ("จงัหวดัเชียงใหม่", "จังหวัดเชียงใหม่"),
])
def test_shifted_marks_go_back_to_their_consonant(layer: str, repaired: str):
    assert repair_thai(layer, SHIFTED_PAGE) == repaired


def test_a_line_is_its_own_evidence():
    line = "ไหลผา่ น ม.7 ตา บลไทรยอ้ย อา เภอเด่นชยั มีลา หว้ยแม่สูงไหลผา่ นหมู่ที่"
    assert diagnose(line).count(SHIFTED_MARKS) >= MIN_SHIFT_EVIDENCE
    assert repair_thai(line) == "ไหลผ่าน ม.7 ตำบลไทรย้อย อำเภอเด่นชัย มีลำห้วยแม่สูงไหลผ่านหมู่ที่"


def test_without_the_pages_evidence_only_impossible_spots_move():
    # `ทอ้งถิ่น` could be written so; `ผา่น` (a mark on SARA AA) cannot
    assert repair_thai("สมาชิกสภาทอ้งถิ่น ไหลผา่น", TextLayerProfile()) == "สมาชิกสภาทอ้งถิ่น ไหลผา่น"
    assert repair_thai("สมาชิกสภาทอ้งถิ่น ไหลผา่น") == "สมาชิกสภาทอ้งถิ่น ไหลผ่าน"
    assert repair_thai("สมาชิกสภาทอ้งถิ่น ไหลผา่น", SHIFTED_PAGE) == "สมาชิกสภาท้องถิ่น ไหลผ่าน"


def test_a_stray_space_after_mai_han_akat_is_dropped():
    assert repair_thai("ปรับปรุงข้อมูลให้เป็นปั จจุบัน") == "ปรับปรุงข้อมูลให้เป็นปัจจุบัน"


def test_correct_thai_is_left_alone_on_a_page_with_the_defect():
    assert len(SEED_LINES) > 800
    assert [line for line in SEED_LINES if repair_thai(line, SHIFTED_PAGE) != line] == []
    for words in ("กว่า แก้ว จำนวน", "ป้องกัน และบรรเทา", "ความสำคัญ กับการ", "ห้วยหว้า"):
        assert repair_thai(words, SHIFTED_PAGE) == words


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real is not beside the repo")
def test_only_the_word_2007_and_2016_layers_evidence_the_defect():
    evidenced = {}
    for path in sorted(REAL.glob("*.pdf")):
        document = pdfium.PdfDocument(str(path))
        pages = [document[i].get_textpage().get_text_range() for i in range(min(len(document), 30))]
        document.close()
        evidenced[path.name] = sum(diagnose(page).count(SHIFTED_MARKS) >= MIN_SHIFT_EVIDENCE for page in pages)
    assert evidenced.pop("saiyoi_devplan2556-2558_word2007.pdf") >= 20
    assert evidenced.pop("hangdong_strategy2560-2564_word2016.pdf") >= 5
    assert {name: n for name, n in evidenced.items() if n} == {}
