"""Indicator, tool and overall scores from every form the seeds use, and the ITA arithmetic."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.extract.checks import score_arithmetic
from parsers.extract.extractors import HeaderExtractor, ScoresExtractor, run_extractors
from parsers.extract.scores import ScoreRecords, score_after, score_only_cell
from parsers.knowledge.catalog import framework
from parsers.knowledge.indicators import resolve_indicator
from parsers.knowledge.vocab import SCORE_FILLER_WORDS, SCORE_KEYWORDS
from parsers.readers.text import text_to_document


@pytest.mark.parametrize(("cell", "number"), [
    ("การปฏิบัติหน้าที่", 1),
    ("การใช้ทรัพยากรของราชการ", 4),                 # seed 000 table variant
    ("ตัวชี้วัดการใช้ทรัพย์สินของทางราชการ", 4),     # seed 003 name-only list
    ("ตัวชี้วัดประสิทธิผลการสื่อสาร", 7),
    ("๓. การปรับปรุงการทำงาน", 8),                  # seed 004: numbering restarts per tool
    ("๑. การเปิดเผยข้อมูล", 9),
    ("๕. การแก้ไขปัญหาทุจริต", 5),
    ("ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของทางราชการ", 4),
    ("ท่านรู้แนวปฏิบัติของหน่วยงานของท่าน เกี่ยวกับการใช้ทรัพย์สินของราชการที่ถูกต้อง มากน้อยเพียงใด", None),
    ("อายุ", None),
])
def test_resolve_indicator(cell, number):
    info = resolve_indicator(cell)
    assert (info.number if info else None) == number


@pytest.mark.parametrize(("tail", "value"), [
    (" มีผลคะแนน เท่ากับ 83.05 คะแนน", 83.05),
    (" โดยรวมได้เท่ากับร้อยละ 94.68 ซึ่งเป็นคะแนน", 94.68),
    (" ได้คะแนนเท่ากับร้อยละ 100", 100.0),
    (" โดยมีผลคะแนนการประเมิน 83.75 ซึ่งเป็น", 83.75),
    (" มีค่าคะแนนน้อยที่สุดในกลุ่ม เครื่องมือ", None),   # seed 002 l.19: no score
    (" ได้ 5 ตัวชี้วัด", None),                          # no score word before the number
    (" ได้คะแนน 250", None),                             # not a percentage
    (" ร้อยละ 90 ของผู้เข้าร่วมโครงการ", None),            # a project's target
    (" ได้คะแนนร้อยละ 80 ขึ้นไป", None),                    # a threshold
    (" ได้คะแนน 3 หน่วยงาน", None),                         # a count
])
def test_score_after(tail, value):
    assert score_after(tail) == value


@pytest.mark.parametrize(("score", "grade"), [(97.02, "AA"), (95.0, "AA"), (89.4, "A"), (84.6, "B"), (65.0, "C"), (49.9, "F")])
def test_grade_bands(score, grade):
    assert framework().grade_for(score) == grade


def scores_of(text: str) -> ScoreRecords:
    """The scores extraction of a text, with the findings of the score checks added to its own."""
    doc = text_to_document(text)
    context = run_extractors(doc, [HeaderExtractor(), ScoresExtractor()])
    result: ScoreRecords = context.records("scores")
    result.findings = context.done["scores"].findings + score_arithmetic(doc, context)
    return result


def test_prose_indicator_lines_seed_002():
    result = scores_of("ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ มีผลคะแนน เท่ากับ ๘๓.๐๕ คะแนน\n\n"
                       "ตัวชี้วัดที่ ๕ การแก้ไขปัญหาการทุจริต มีค่าคะแนนน้อยที่สุดในกลุ่ม เครื่องมือ\n")
    assert {n: [v.value for v in vs] for n, vs in result.indicators.items()} == {1: [83.05]}


def test_name_beats_wrong_number_and_is_warned_seed_000():
    result = scores_of("(2) ตัวชี้วัดที่ 9 การปรับปรุงการทำงาน โดยมีผลคะแนน 93.84 คะแนน\n")
    assert result.indicators[8][0].value == 93.84
    assert [f.code for f in result.findings] == ["indicator_misnumbered"]


def test_table_beats_prose_and_prose_is_a_conflict():
    result = scores_of("8\tการปรับปรุงการทำงาน\t83.40\n\n(2) **ตัวชี้วัดที่ 8 การปรับปรุงการทำงาน** โดยรวมได้เท่ากับร้อยละ 93.84\n")
    assert [v.value for v in result.indicators[8]] == [83.40, 93.84]
    assert "indicator_conflict" in [f.code for f in result.findings]


def test_overall_skips_the_target_figure_seed_002():
    line = ("ผลคะแนนการประเมินคุณธรรมและความโปร่งใส (ITA) ประจำปีงบประมาณ พ.ศ.๒๕๖๕ ของ องค์การบริหารส่วนตำบลโพธิ์ตาก "
            "เท่ากับ ๘๔.๖ คะแนน ต่ำกว่าค่า เป้าหมายที่กำหนดเกณฑ์ไว้คือ ๘๕ คะแนน อยู่ในระดับ B")
    result = scores_of(line)
    assert (result.overall_score.value, result.grade) == (84.6, "B")


def test_tool_totals_and_level_words_are_not_grades_seed_003():
    result = scores_of("๕.๑ ผลการประเมินตามแบบสำรวจความคิดเห็นผู้มีส่วนได้ส่วนเสียภายใน (IIT) ได้คะแนน เท่ากับร้อยละ ๙๖.๖๓ อยู่ในระดับดีมาก\n")
    assert result.tools["IIT"].value == 96.63
    assert result.overall_score is None


@pytest.mark.parametrize(("text", "tools"), [
    # a 200-dpi scan of seed 002: (IIT) read (IT); its paragraph's lines joined as the OCR reader joins them
    ("ผลคะแนนการประเมินเครื่องมือ แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IT) มีค่าคะแนน เท่ากับ ๘๐.๖๐ คะแนน\n",
     {"IIT": 80.6}),
    ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก มีผลคะแนน เท่ากับ ๗๓.๕๒ คะแนน\n", {"EIT": 73.52}),
    # the code wins over a name elsewhere; a count after the name is no score
    ("ผู้มีส่วนได้ส่วนเสียภายใน มีคะแนน 70.00\n\n(IIT) มีค่าคะแนน เท่ากับ 80.60 คะแนน\n", {"IIT": 80.6}),
    ("ผู้มีส่วนได้ส่วนเสียภายใน จำนวน 60 คน\n", {}),
])
def test_a_tool_named_in_thai_when_its_code_is_misread(text: str, tools: dict[str, float]):
    assert {tool: score.value for tool, score in scores_of(text).tools.items()} == tools


def test_respondents_need_a_respondent_sentence():
    result = scores_of("ร่วมตอบแบบวัดการเรียนรู้ของผู้มีส่วนได้เสียภายนอก (EIT) ผ่านระบบ ITAS จำนวน 115 คน ซึ่งจำแนกได้\n\n"
                       "ให้เก็บข้อมูลจากผู้มีส่วนได้ส่วนเสียภายในจำนวนไม่น้อยกว่า ๑๐๐ คน\n")
    assert result.respondents == {"EIT": 115}


SEED_003_LIST = "\n".join([
    "ตัวชี้วัดการปฏิบัติหน้าที่\tได้คะแนนเท่ากับร้อยละ ๙๘.๑๗",
    "ตัวชี้วัดการใช้งบประมาณ\tได้คะแนนเท่ากับร้อยละ ๙๘.๙๓",
    "ตัวชี้วัดการใช้อำนาจ\tได้คะแนนเท่ากับร้อยละ ๙๙.๑๑",
    "ตัวชี้วัดการใช้ทรัพย์สินของทางราชการ\tได้คะแนนเท่ากับร้อยละ ๙๒.๘๘",
    "ตัวชี้วัดการแก้ไขปัญหาการทุจริต\tได้คะแนนเท่ากับร้อยละ ๙๔.๐๖",
    "ตัวชี้วัดคุณภาพการดำเนินงาน\tได้คะแนนเท่ากับร้อยละ ๘๔.๔๕",
    "ตัวชี้วัดประสิทธิผลการสื่อสาร\tได้คะแนนเท่ากับร้อยละ ๙๓.๓๑",
    "ตัวชี้วัดการปรับปรุงการทำงาน\tได้คะแนนเท่ากับร้อยละ ๙๒.๕๙",
    "ตัวชี้วัดการเปิดเผยข้อมูล\tได้คะแนนเท่ากับร้อยละ ๑๐๐.๐๐",
    "ตัวชี้วัดการป้องกันการทุจริต\tได้คะแนนเท่ากับร้อยละ ๑๐๐.๐๐",
    "",
    "(๖) **ตัวชี้วัดที่ ๖ คุณภาพการดำเนินงาน** ได้คะแนนเท่ากับร้อยละ ๙๔.๔๕ เป็น คะแนนจากการประเมิน",
    "",
    "๕.๒ การประเมินผลตามแบบสำรวจความคิดเห็นผู้มีส่วนได้ส่วนเสียนอก (EIT) ได้คะแนน ๙๓.๔๕ คะแนน อยู่ในระดับดี",
])


def test_arithmetic_promotes_the_value_the_stated_total_supports():
    result = scores_of(SEED_003_LIST)
    assert [v.value for v in result.indicators[6]] == [94.45, 84.45]
    assert "indicator_primary_by_arithmetic" in [f.code for f in result.findings]


def test_without_a_total_the_table_value_stays_primary():
    result = scores_of(SEED_003_LIST.rsplit("\n", 2)[0])
    assert [v.value for v in result.indicators[6]] == [84.45, 94.45]


def test_stated_totals_that_do_not_add_up_are_warned_with_numbers():
    text = "\n\n".join([
        "ผลคะแนนการประเมิน (ITA) เท่ากับ ๘๔.๖ คะแนน อยู่ในระดับ A",
        "(IIT) มีค่าคะแนน เท่ากับ ๘๐.๖๐ คะแนน",
        *[f"ตัวชี้วัดที่ {n} {name} มีผลคะแนน เท่ากับ {v} คะแนน" for n, name, v in [
            (1, "การปฏิบัติหน้าที่", "83.05"), (2, "การใช้งบประมาณ", "89.25"), (3, "การใช้อำนาจ", "81.24"),
            (4, "การใช้ทรัพย์สินของราชการ", "80.55"), (5, "การแก้ไขปัญหาการทุจริต", "88.89")]],
    ])
    result = scores_of(text)
    codes = {f.code: f.message for f in result.findings}
    assert "84.60" in codes["tool_arithmetic"] and "80.6" in codes["tool_arithmetic"]
    assert "band B" in codes["grade_band"]
    assert result.tools["IIT"].value == 80.6            # stated values are never repaired


# The fillers overlap ('มี' + 'ค่า' = 'มีค่า'): the regex this replaced backtracked
# exponentially on a run of them. The walk must give the regex's answers, in linear time.
_FILLER_RE = "|".join(sorted(map(re.escape, SCORE_FILLER_WORDS), key=len, reverse=True))
_OLD_TAIL = re.compile(rf"^[\s:]*(?P<filler>(?:(?:{_FILLER_RE})\s*)+)(?P<num>\d{{1,3}}(?:\.\d+)?)(?![\d])")
_OLD_CELL = re.compile(rf"^\s*(?:(?:{_FILLER_RE})\s*)*(?P<num>\d{{1,3}}(?:\.\d+)?)(?![\d])\s*(?:คะแนน|%)?\s*$")


def _old_score_after(text: str) -> float | None:
    match = _OLD_TAIL.match(text)
    if match is None or not any(k in match.group("filler") for k in SCORE_KEYWORDS):
        return None
    value = float(match.group("num"))
    return value if 0 <= value <= 100 else None


def _old_score_only_cell(text: str) -> float | None:
    match = _OLD_CELL.match(text)
    value = None if match is None else float(match.group("num"))
    return value if value is not None and 0 <= value <= 100 else None


_PIECES = st.sampled_from([*SCORE_FILLER_WORDS, " ", ":", "83.05", "๙๖.๖๐", "1000", "คะแนน", "%", "น้อย", "x"])


@given(st.lists(_PIECES, max_size=8).map("".join))
def test_filler_walk_answers_as_the_regex_did(text):
    assert score_after(text) == _old_score_after(text)
    assert score_only_cell(text) == _old_score_only_cell(text)


@pytest.mark.parametrize("text", [" " + "มีค่า" * 4000 + "x", "IIT " + "มีค่า" * 40 + "x", "ค่า มี " * 5000])
def test_long_filler_runs_are_rejected(text):
    assert score_after(text) is None
    assert score_only_cell(text) is None


@pytest.mark.parametrize(("text", "score", "grade"), [
    # a statement wrapped mid-phrase across the lines of one paragraph
    ("ผลการประเมิน ITA ของเทศบาลเมืองพิชัย ประจำปี 2567 พบว่ามีผล\nคะแนน 96.22 คะแนน อยู่ในระดับ AA", 96.22, "AA"),
    ("ผลการประเมิน ITA ประจำปี 2567 พบว่ามีผล\nคะแนน 96.22 คะแนน", 96.22, None),
    ("หน่วยงานมีผลคะแนนเฉลี่ย 96.22", 96.22, None),
    # ITA 2568: rating words, not letters ('ผ่านเกณฑ์' is a criterion met, not a rating)
    ("ผลการประเมิน ITA ประจำปี 2568 ได้คะแนน 88.10 คะแนน อยู่ในระดับ ผ่านดี", 88.1, "ผ่านดี"),
    ("ผลการประเมินภาพรวม 91.50 คะแนน ผลการประเมิน ผ่านดีเยี่ยม", 91.5, "ผ่านดีเยี่ยม"),
    ("ผลการประเมิน 80 คะแนน ถือว่าผ่านเกณฑ์", None, None),
    # counts and targets are not scores
    ("ผลการประเมินของจังหวัดมี 3 หน่วยงาน อยู่ในระดับ AA", None, None),
    ("ผลคะแนนเฉลี่ย ร้อยละ 90 ของผู้ตอบ", None, None),
    # another level's figures are not the subject's
    ("ผลการประเมินค่าเฉลี่ยระดับประเทศ ได้คะแนน 90.5 คะแนน ระดับ A", None, None),
])
def test_overall_statements_in_real_phrasings(text, score, grade):
    result = scores_of(text + "\n")
    got = (result.overall_score.value if result.overall_score else None, result.grade)
    assert got == (score, grade)


def test_a_figure_outside_its_band_is_not_primary_when_one_fits():
    result = scores_of("ผลการประเมินมี 3.5 อยู่ในระดับ AA\n\nผลการประเมิน ITA ได้คะแนน 96.10 คะแนน อยู่ในระดับ AA\n")
    assert (result.overall_score.value, result.grade) == (96.1, "AA")


def test_tool_totals_from_an_unlabelled_tool_column():
    # one merged cell per tool: the value sits on the tool's first row, the tool is the indicator's
    table = "\n".join([
        "ตัวชี้วัด\tคะแนนรายตัวชี้วัด\tคะแนนรายเครื่องมือ",
        "1. การปฏิบัติหน้าที่\t90.00\t88.00",
        "2. การใช้งบประมาณ\t86.00\t",
        "6. คุณภาพการดำเนินงาน\t92.10\t91.20",
        "9. การเปิดเผยข้อมูล\t100.00\t97.50",
    ])
    result = scores_of(table + "\n")
    assert {tool: v.value for tool, v in result.tools.items()} == {"IIT": 88.0, "EIT": 91.2, "OIT": 97.5}
    assert result.indicators[2][0].value == 86.0


def test_national_averages_are_not_the_subjects_figures():
    result = scores_of("ค่าเฉลี่ยระดับประเทศ ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ มีผลคะแนน เท่ากับ ๙๐.๐๕ คะแนน\n\n"
                       "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่ มีผลคะแนน เท่ากับ ๘๓.๐๕ คะแนน\n\n"
                       "ภาพรวมของประเทศ (IIT) มีค่าคะแนน เท่ากับ ๘๙.๖๐ คะแนน\n")
    assert [v.value for v in result.indicators[1]] == [83.05]
    assert result.tools == {}


def test_a_kpi_target_after_a_bare_indicator_name_is_no_score():
    # a development plan's KPI cell (saiyoi devplan p.124): 'ร้อยละ' alone after a bare name
    result = scores_of("ภาพและประสิทธิผลการ พนักงานท้องถิ่นที่มีความดี (งบ อบต. ) การปฏิบัติหน้าที่ ร้อยละ 90\n")
    assert result.indicators == {}


def test_a_tone_mark_moved_onto_the_score_word_is_skipped():
    # AA-as-AM seed 000 PDF: the ้ of ขึ้น drifted onto คะแนน
    assert score_after(" โดยมีผลคะแนน้ 93.04 คะแนน") == 93.04
    assert score_after(" มีผลคะแนน เท่ากับ 75.41 คะแนนตัวชี้วัดที่ 7") == 75.41


def test_the_line_prefilters_are_implied_by_what_the_patterns_need():
    """The substring tests that let lines skip the regexes (a speed measure, bench/bench_convert.py)
    must hold for every cue and phrase the patterns look for, or a vocab change would lose scores."""
    from parsers.extract import scores
    from parsers.knowledge import indicators
    from parsers.knowledge.vocab import BARE_NAME_SCORE_KEYWORDS, OVERALL_SCORE_PHRASES

    assert set(BARE_NAME_SCORE_KEYWORDS) <= set(SCORE_KEYWORDS)
    for cue in (*scores._OVERALL_CUES, *OVERALL_SCORE_PHRASES):
        assert scores._may_state_overall(cue), cue
    for name in indicators._SPELLING_TEXTS:
        assert indicators._SHORTEST_NAME <= len(name) <= indicators._LONGEST_NAME
    # a name one letter short of the shortest spelling still reaches rapidfuzz
    assert resolve_indicator("การใช้อำนา") is not None
