"""Periods as the seeds write them, and properties every parsed period must keep."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.extract.dates import fiscal_year_bounds, impossible_dates, parse_period
from parsers.knowledge.vocab import THAI_MONTHS

D = dt.date


@pytest.mark.parametrize(("text", "fiscal_year", "start", "end"), [
    ("2 ก.พ.66 – 15 เม.ย.66", 2566, D(2023, 2, 2), D(2023, 4, 15)),          # seed 000 OIT rows
    ("<p>ภายใน 15 เม.ย.66</p>", 2566, None, D(2023, 4, 15)),                # a deadline has no start
    ("ตลอด ปีงบประมาณ", 2566, D(2022, 10, 1), D(2023, 9, 30)),              # no year: the document's
    ("ดำเนินการ ตลอดทั้ง งบประมาณ", 2566, D(2022, 10, 1), D(2023, 9, 30)),
    ("มี.ค.65 – เม.ย.65", 2566, D(2022, 3, 1), D(2022, 4, 30)),              # months without days
    ("1 มี.ค.65 – 31 พ.ค.65", 2566, D(2022, 3, 1), D(2022, 5, 31)),
    ("ตุลาคม ๒๕๖๕- ๓๐ กันยายน ๒๕๖๖", 2566, D(2022, 10, 1), D(2023, 9, 30)),  # seed 001
    ("ม.ค.๖๕- มี.ค.๖๕", 2565, D(2022, 1, 1), D(2022, 3, 31)),                # seed 002
    ("ตลอดปีงบประมาณ ๒๕๖๖", 2565, D(2022, 10, 1), D(2023, 9, 30)),           # seed 003: its own year wins
    ("ปีงบประมาณ ๒๕๖๔", 2564, D(2020, 10, 1), D(2021, 9, 30)),               # seed 004
    ("1 ม.ค. - 31 มี.ค. 2566", 2566, D(2023, 1, 1), D(2023, 3, 31)),          # year given once, at the end
    ("พ.ย. - ธ.ค.", 2566, D(2022, 11, 1), D(2022, 12, 31)),                   # no year at all: fiscal year
    ("-", 2566, None, None),
    ("", 2566, None, None),
])
def test_seed_periods(text, fiscal_year, start, end):
    period = parse_period(text, fiscal_year)
    assert (period.start, period.end) == (start, end)
    assert not period.warnings


def test_impossible_date_gives_null_and_a_warning():
    period = parse_period("30 กุมภาพันธ์ 2566", 2566)
    assert period.start is None and period.end is None
    assert [code for code, _ in period.warnings] == ["impossible_date"]


def test_implausible_printed_year_is_not_replaced_by_the_fiscal_year():
    period = parse_period("15 มี.ค. 2650", 2566)
    assert (period.start, period.end) == (None, None)
    assert "impossible_date" in [code for code, _ in period.warnings]


def test_impossible_dates_in_free_text_seed_000():
    text = "นิติกร ติดตามและ รายงาน ผลการ กำกับติดตาม 2 ครั้ง ภายในวันที่ 31 มีนาคม 2566 และภายใน 30 กุมภาพันธ์ 2566"
    assert impossible_dates(text) == ["30 กุมภาพันธ์ 2566"]
    assert impossible_dates("ภายในวันที่ 31 มีนาคม 2566") == []


def test_reversed_period_is_nulled_with_a_warning():
    period = parse_period("1 มี.ค. 2566 - 1 ม.ค. 2566", 2566)
    assert (period.start, period.end) == (None, None)
    assert ("period_reversed" in [code for code, _ in period.warnings])


def test_fiscal_year_phrase_without_known_year_warns():
    period = parse_period("ตลอดปีงบประมาณ", None)
    assert (period.start, period.end) == (None, None)
    assert period.warnings


MONTH_NAMES = sorted(THAI_MONTHS)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31)), st.sampled_from(MONTH_NAMES))
def test_any_real_date_round_trips(date, _unused):
    name = next(n for n, m in THAI_MONTHS.items() if m == date.month)
    period = parse_period(f"{date.day} {name} {date.year + 543}", 2566)
    assert period.start == period.end == date


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31)),
       st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31)),
       st.sampled_from(["-", "–", "ถึง"]), st.booleans())
def test_every_parsed_period_has_start_before_end(a, b, dash, short_year):
    def thai(d: dt.date) -> str:
        name = next(n for n, m in THAI_MONTHS.items() if m == d.month)
        year = str(d.year + 543)
        return f"{d.day} {name} {year[2:] if short_year else year}"
    period = parse_period(f"{thai(a)} {dash} {thai(b)}", 2566)
    if period.start and period.end:
        assert period.start <= period.end
    else:
        assert period.warnings


@given(st.sampled_from([0, 32, 35, 99]), st.sampled_from(MONTH_NAMES), st.integers(min_value=2540, max_value=2599))
def test_impossible_days_never_raise_and_always_warn(day, month, year):
    period = parse_period(f"{day} {month} {year}", 2566)
    assert (period.start, period.end) == (None, None)
    assert "impossible_date" in [code for code, _ in period.warnings]


@given(st.text(max_size=60))
def test_any_text_never_raises(text):
    period = parse_period(text, 2566)
    if period.start and period.end:
        assert period.start <= period.end


@given(st.integers(min_value=2540, max_value=2599))
def test_fiscal_year_runs_october_to_september(year):
    start, end = fiscal_year_bounds(year)
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert end.year - start.year == 1 and end.year == year - 543
