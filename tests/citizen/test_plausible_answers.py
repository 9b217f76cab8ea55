"""Plausible answers to questions the standard does not know: derived from the control alone."""

import datetime as dt
import re

import pytest

from portalqa.citizen.plausible_answers import (
    Question,
    date_format_of,
    example_for_pattern,
    format_date,
    is_yes,
    plausible_answers,
    yes_no_options,
)

TODAY = dt.date(2026, 12, 1)  # a Tuesday


def answers(**facts) -> list[str]:
    return plausible_answers(Question(**facts), today=TODAY)


@pytest.mark.parametrize(
    ("facts", "fmt"),
    [
        ({"label": "Ngày mua xe (dd/mm/yyyy)", "type": "text"}, "%d/%m/%Y"),
        (
            {"label": "Date of birth", "type": "text", "hint": "For example 31-01-1990 (dd-mm-yyyy)"},
            "%d-%m-%Y",
        ),
        ({"label": "Lưu trú từ ngày", "type": "text", "placeholder": "ngày/tháng/năm"}, "%d/%m/%Y"),
        ({"label": "Ngày hẹn", "type": "date"}, "%Y-%m-%d"),
        ({"label": "Họ và tên", "type": "text"}, None),
    ],
)
def test_the_date_format_comes_from_the_control(facts, fmt):
    assert date_format_of(Question(**facts)) == fmt


def test_a_profile_format_applies_only_to_date_questions_that_say_nothing():
    assert date_format_of(Question(label="Ngày cấp", type="text"), "%d/%m/%Y") == "%d/%m/%Y"
    assert date_format_of(Question(label="Nghề nghiệp", type="text"), "%d/%m/%Y") is None


def test_feature_dates_are_reformatted_and_other_text_is_not():
    assert format_date("1990-04-12", "%d/%m/%Y") == "12/04/1990"
    assert format_date("Hà Nội", "%d/%m/%Y") == "Hà Nội"


@pytest.mark.parametrize(("text", "side"), [("Có", True), ("Không", False), ("yes", True), ("No", False),
                                            ("khong", False), ("Xe nhập khẩu", None)])  # fmt: skip
def test_yes_and_no_in_either_language(text, side):
    assert is_yes(text) is side


def test_a_yes_no_group_is_answered_no_first():
    options = (("Có", "co", False), ("Không", "khong", False))
    assert yes_no_options(options) == {True: "Có", False: "Không"}
    assert answers(label="Bạn đã từng được cấp hộ chiếu?", type="radio", required=True, options=options) == [
        "Không",
        "Có",
    ]


def test_other_groups_get_their_first_enabled_option():
    options = (("09:00 – 10:00 (đã kín lịch)", "9", True), ("10:00 – 11:00", "10", False))
    assert answers(label="Khung giờ", type="radio", options=options)[0] == "10:00 – 11:00"


def test_a_list_skips_its_placeholder_and_answers_given_to_a_sibling():
    options = (("– Chọn –", "", False), ("Vật lí", "ly", False), ("Hóa học", "hoa", False))
    assert answers(label="Môn tự chọn thứ nhất", type="select", options=options)[0] == "Vật lí"
    second = plausible_answers(Question(label="Môn thứ hai", type="select", options=options), today=TODAY,
                               avoid=["Vật lí"])  # fmt: skip
    assert second[0] == "Hóa học"


def test_an_unfilled_list_has_no_answer_yet():
    assert answers(label="Quận/Huyện", type="select", options=(("– Chọn –", "", False),)) == []


def test_an_appointment_date_is_a_weekday_within_its_range():
    days = answers(label="Ngày hẹn", type="date", min="2026-12-04", max="2026-12-31")
    assert days[0] == "2026-12-04"  # a Friday
    assert days[1] == "2026-12-07"  # the Monday after, not the weekend
    assert all(dt.date.fromisoformat(d).weekday() < 5 for d in days)


def test_a_date_without_bounds_is_today_in_the_controls_format():
    assert answers(label="Ngày hết hạn thẻ BHYT hiện tại (dd/mm/yyyy)", type="text")[0] == "01/12/2026"


@pytest.mark.parametrize(
    ("facts", "check"),
    [
        ({"label": "Số điện thoại", "type": "tel"}, r"0\d{9}"),
        ({"label": "Thư điện tử", "type": "email"}, r"[^@\s]+@[^@\s]+\.\w+"),
        ({"label": "Số tài khoản ngân hàng", "type": "text", "maxlength": 14}, r"\d{10}"),
        ({"label": "Số hộ chiếu", "type": "text", "pattern": r"[A-Z]\d{7}"}, r"[A-Z]\d{7}"),
        ({"label": "Số người", "type": "number", "min": "2"}, r"2"),
        ({"label": "Họ và tên chủ hộ", "type": "text"}, r"\w+( \w+)+"),
    ],
)
def test_text_answers_fit_the_control(facts, check):
    assert re.fullmatch(check, answers(**facts)[0])


def test_patterns_portalqa_cannot_satisfy_give_no_example():
    assert example_for_pattern(r"(?=.*\d)[a-z]{3,}") is None
    assert example_for_pattern(r"[A-Z0-9]{6,15}") is not None
